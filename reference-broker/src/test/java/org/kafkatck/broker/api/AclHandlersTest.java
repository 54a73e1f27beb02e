package org.kafkatck.broker.api;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.acl.AclSettings;
import org.kafkatck.broker.acl.AclStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ACL APIs' answers, with and without an authorizer, as Apache Kafka 4.4 gives them. */
class AclHandlersTest {
    private static final AclBinding READ_ORDERS = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
    private static final AclBinding WRITE_ORDERS = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
            new AccessControlEntry("User:bob", "*", AclOperation.WRITE, AclPermissionType.DENY));
    private static final AclBinding GROUPS = new AclBinding(
            new ResourcePattern(ResourceType.GROUP, "app-", PatternType.PREFIXED),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));

    // the handlers' caller is User:ANONYMOUS (no authentication yet): a super user here
    private final AclAuthorizer enabled = new AclAuthorizer(
            new AclSettings(true, Set.of(KafkaPrincipal.ANONYMOUS), false), AclStore.inMemory());
    private final AclAuthorizer disabled = new AclAuthorizer(AclSettings.DISABLED, AclStore.inMemory());

    private static RequestContext context(ApiKeys api) {
        return new RequestContext(new RequestHeader(api, (short) 3, "test", 1), "127.0.0.1:5000");
    }

    private static CreateAclsRequestData creations(AclCreation... creations) {
        return new CreateAclsRequestData().setCreations(List.of(creations));
    }

    private static AclCreation creation(AclBinding binding) {
        return CreateAclsRequest.aclCreation(binding);
    }

    private CreateAclsResponseData create(AclAuthorizer authorizer, AclCreation... creations) {
        return new CreateAclsHandler(authorizer).handle(context(ApiKeys.CREATE_ACLS), creations(creations));
    }

    private static DescribeAclsRequestData describeAll() {
        return new DescribeAclsRequestData().setResourceTypeFilter(ResourceType.ANY.code()).setResourceNameFilter(null)
                .setPrincipalFilter(null).setHostFilter(null)
                .setPatternTypeFilter(PatternType.ANY.code()).setOperation(AclOperation.ANY.code())
                .setPermissionType(AclPermissionType.ANY.code());
    }

    @Test
    void withoutAnAuthorizerEachCreationAnswersSecurityDisabled() {
        CreateAclsResponseData response = create(disabled, creation(READ_ORDERS), creation(GROUPS));
        AclCreationResult expected = new AclCreationResult().setErrorCode(Errors.SECURITY_DISABLED.code())
                .setErrorMessage("No Authorizer is configured.");
        assertThat(response.results()).containsExactly(expected, expected);
        assertThat(disabled.store().all()).isEmpty();
    }

    @Test
    void withoutAnAuthorizerDescribeAnswersSecurityDisabled() {
        DescribeAclsResponseData response = new DescribeAclsHandler(disabled).handle(context(ApiKeys.DESCRIBE_ACLS),
                describeAll());
        assertThat(response.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
        assertThat(response.errorMessage()).isEqualTo("No Authorizer is configured on the broker");
        assertThat(response.resources()).isEmpty();
    }

    @Test
    void withoutAnAuthorizerEachDeletionFilterAnswersSecurityDisabled() {
        DeleteAclsResponseData response = new DeleteAclsHandler(disabled).handle(context(ApiKeys.DELETE_ACLS),
                new DeleteAclsRequestData().setFilters(List.of(DeleteAclsRequest.deleteAclsFilter(READ_ORDERS.toFilter()),
                        DeleteAclsRequest.deleteAclsFilter(GROUPS.toFilter()))));
        assertThat(response.filterResults()).hasSize(2).allSatisfy(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
            assertThat(result.errorMessage()).isEqualTo("No Authorizer is configured.");
            assertThat(result.matchingAcls()).isEmpty();
        });
    }

    @Test
    void invalidCreationsAreRefusedOneByOneAndTheOthersStored() {
        AclCreation wrongCluster = creation(READ_ORDERS).setResourceType(ResourceType.CLUSTER.code())
                .setResourceName("my-cluster");
        AclCreation unknownType = creation(READ_ORDERS).setResourceType((byte) 99);
        AclCreation noColon = creation(READ_ORDERS).setPrincipal("alice");
        CreateAclsResponseData response = create(enabled, wrongCluster, creation(READ_ORDERS), unknownType,
                creation(GROUPS), noColon, creation(READ_ORDERS));
        // a success carries the message's default, as Kafka's AclApis leaves it
        assertThat(response.results()).extracting(AclCreationResult::errorCode, AclCreationResult::errorMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Errors.INVALID_REQUEST.code(),
                                "The only valid name for the CLUSTER resource is kafka-cluster"),
                        org.assertj.core.groups.Tuple.tuple(Errors.NONE.code(), ""),
                        org.assertj.core.groups.Tuple.tuple(Errors.INVALID_REQUEST.code(), "Invalid resourceType UNKNOWN"),
                        org.assertj.core.groups.Tuple.tuple(Errors.NONE.code(), ""),
                        org.assertj.core.groups.Tuple.tuple(Errors.INVALID_REQUEST.code(),
                                "Could not parse principal from `alice` (no colon is present separating the principal"
                                        + " type from the principal name)"),
                        org.assertj.core.groups.Tuple.tuple(Errors.NONE.code(), ""));
        assertThat(enabled.store().all()).containsExactly(READ_ORDERS, GROUPS);
    }

    @Test
    void aCreationNamingAnyFailsTheWholeRequestAsInKafka() {
        AclCreation anyOperation = creation(READ_ORDERS).setOperation(AclOperation.ANY.code());
        CreateAclsRequestData request = creations(creation(GROUPS), anyOperation);
        assertThatThrownBy(() -> new CreateAclsHandler(enabled).handle(context(ApiKeys.CREATE_ACLS), request))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("operation must not be ANY");
        assertThat(enabled.store().all()).isEmpty();
        // the dispatcher answers the request's own error response: UNKNOWN_SERVER_ERROR for every creation
        CreateAclsResponseData error = (CreateAclsResponseData) new CreateAclsRequest.Builder(request).build((short) 3)
                .getErrorResponse(new IllegalArgumentException("operation must not be ANY")).data();
        assertThat(error.results()).extracting(AclCreationResult::errorCode)
                .containsExactly(Errors.UNKNOWN_SERVER_ERROR.code(), Errors.UNKNOWN_SERVER_ERROR.code());
    }

    @Test
    void describeReturnsWhatTheFilterMatchesGroupedByResource() {
        create(enabled, creation(READ_ORDERS), creation(WRITE_ORDERS), creation(GROUPS));
        DescribeAclsHandler handler = new DescribeAclsHandler(enabled);
        DescribeAclsResponseData all = handler.handle(context(ApiKeys.DESCRIBE_ACLS), describeAll());
        assertThat(all.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(all.resources()).hasSize(2);
        assertThat(DescribeAclsResponse.aclBindings(all.resources()))
                .containsExactlyInAnyOrder(READ_ORDERS, WRITE_ORDERS, GROUPS);
        DescribeAclsResponseData bob = handler.handle(context(ApiKeys.DESCRIBE_ACLS),
                describeAll().setPrincipalFilter("User:bob"));
        assertThat(DescribeAclsResponse.aclBindings(bob.resources())).containsExactly(WRITE_ORDERS);
        DescribeAclsResponseData matchApp = handler.handle(context(ApiKeys.DESCRIBE_ACLS), describeAll()
                .setResourceTypeFilter(ResourceType.GROUP.code()).setResourceNameFilter("app-one")
                .setPatternTypeFilter(PatternType.MATCH.code()));
        assertThat(DescribeAclsResponse.aclBindings(matchApp.resources())).containsExactly(GROUPS);
    }

    @Test
    void deleteRemovesWhatEachFilterMatchesAndRefusesUnknownFilters() {
        create(enabled, creation(READ_ORDERS), creation(WRITE_ORDERS), creation(GROUPS));
        DeleteAclsFilter orders = DeleteAclsRequest.deleteAclsFilter(READ_ORDERS.toFilter()).setPrincipalFilter(null)
                .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code());
        DeleteAclsFilter unknown = DeleteAclsRequest.deleteAclsFilter(GROUPS.toFilter()).setResourceTypeFilter((byte) 99);
        DeleteAclsFilter none = DeleteAclsRequest.deleteAclsFilter(GROUPS.toFilter()).setPrincipalFilter("User:carol");
        DeleteAclsResponseData response = new DeleteAclsHandler(enabled).handle(context(ApiKeys.DELETE_ACLS),
                new DeleteAclsRequestData().setFilters(List.of(orders, unknown, none)));
        assertThat(response.filterResults()).hasSize(3);
        assertThat(response.filterResults().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.filterResults().get(0).matchingAcls()).extracting(DeleteAclsResponse::aclBinding)
                .containsExactly(READ_ORDERS, WRITE_ORDERS);
        assertThat(response.filterResults().get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.filterResults().get(1).errorMessage()).isEqualTo("Unknown patternFilter.");
        assertThat(response.filterResults().get(2).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.filterResults().get(2).matchingAcls()).isEmpty();
        assertThat(enabled.store().all()).containsExactly(GROUPS);
    }

    @Test
    void theVersionsAreThoseKafka44Advertises() {
        for (ApiHandler<?, ?> handler : List.of(new CreateAclsHandler(enabled), new DescribeAclsHandler(enabled),
                new DeleteAclsHandler(enabled))) {
            assertThat(handler.minVersion()).as(handler.apiKey().name).isEqualTo(handler.apiKey().oldestVersion());
            assertThat(handler.maxVersion()).as(handler.apiKey().name).isEqualTo(handler.apiKey().latestVersion());
        }
    }

    @Test
    void theCallerNeedsAlterOnTheClusterToChangeAclsAndDescribeToReadThem() {
        AclStore store = AclStore.inMemory();
        AclAuthorizer authorizer = new AclAuthorizer(new AclSettings(true, Set.of(), false), store);
        String message = "Principal User:ANONYMOUS is not authorized to ALTER the cluster.";
        assertThat(create(authorizer, creation(READ_ORDERS)).results()).containsExactly(new AclCreationResult()
                .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()).setErrorMessage(message));
        DescribeAclsResponseData described = new DescribeAclsHandler(authorizer).handle(context(ApiKeys.DESCRIBE_ACLS),
                describeAll());
        assertThat(described.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(described.errorMessage()).isEqualTo("Principal User:ANONYMOUS is not authorized to DESCRIBE the cluster.");
        DeleteAclsResponseData deleted = new DeleteAclsHandler(authorizer).handle(context(ApiKeys.DELETE_ACLS),
                new DeleteAclsRequestData().setFilters(List.of(DeleteAclsRequest.deleteAclsFilter(READ_ORDERS.toFilter()))));
        assertThat(deleted.filterResults().get(0).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(deleted.filterResults().get(0).errorMessage()).isEqualTo(message);
        assertThat(store.all()).isEmpty();

        // an ACL granting ALTER on the cluster from the client's host lets it change ACLs, and (implied) read them
        store.add(List.of(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "127.0.0.1", AclOperation.ALTER, AclPermissionType.ALLOW))));
        assertThat(create(authorizer, creation(READ_ORDERS)).results().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(new DescribeAclsHandler(authorizer).handle(context(ApiKeys.DESCRIBE_ACLS), describeAll()).errorCode())
                .isEqualTo(Errors.NONE.code());
    }

    @Test
    void theClientHostIsThePeerAddressWithoutItsPort() {
        assertThat(new RequestContext(new RequestHeader(ApiKeys.DESCRIBE_ACLS, (short) 3, "t", 1), "10.1.2.3:5000")
                .clientHost()).isEqualTo("10.1.2.3");
        assertThat(new RequestContext(new RequestHeader(ApiKeys.DESCRIBE_ACLS, (short) 3, "t", 1), "0:0:0:0:0:0:0:1:5000")
                .clientHost()).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
