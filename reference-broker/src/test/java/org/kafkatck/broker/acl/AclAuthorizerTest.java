package org.kafkatck.broker.acl;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.server.authorizer.AuthorizationResult.ALLOWED;
import static org.apache.kafka.server.authorizer.AuthorizationResult.DENIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of Kafka's StandardAuthorizer, one at a time, with exact expectations. */
class AclAuthorizerTest {
    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal("User", "bob");
    private static final String HOST = "192.168.0.1";

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, operation, permission));
    }

    private static AclBinding allow(String topic, PatternType pattern, String principal, AclOperation operation) {
        return acl(TOPIC, topic, pattern, principal, "*", operation, ALLOW);
    }

    private static AclBinding deny(String topic, PatternType pattern, String principal, AclOperation operation) {
        return acl(TOPIC, topic, pattern, principal, "*", operation, DENY);
    }

    private static AclAuthorizer authorizer(AclSettings settings, AclBinding... acls) {
        AclStore store = AclStore.inMemory();
        store.add(List.of(acls));
        return new AclAuthorizer(settings, store);
    }

    private static AclAuthorizer authorizer(AclBinding... acls) {
        return authorizer(new AclSettings(true, Set.of(), false), acls);
    }

    private static AuthorizationResult topic(AclAuthorizer authorizer, KafkaPrincipal who, AclOperation op, String name) {
        return authorizer.authorize(who, HOST, op, TOPIC, name);
    }

    @Test
    void noAclDeniesByDefault() {
        assertThat(topic(authorizer(), ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void allowEveryoneIfNoAclFoundAllowsOnlyResourcesWithoutAnyAcl() {
        AclAuthorizer authorizer = authorizer(new AclSettings(true, Set.of(), true),
                allow("orders", LITERAL, "User:bob", READ));
        assertThat(topic(authorizer, ALICE, READ, "payments")).isEqualTo(ALLOWED);
        // orders has an ACL (for bob): alice finds none that applies to her, and is denied
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, BOB, READ, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void aWildcardAclCountsAsAnAclOnEveryResource() {
        AclAuthorizer authorizer = authorizer(new AclSettings(true, Set.of(), true),
                allow("*", LITERAL, "User:bob", READ));
        assertThat(topic(authorizer, ALICE, READ, "payments")).isEqualTo(DENIED);
    }

    @Test
    void aPrefixedAclCountsAsAnAclOnTheResourcesItCovers() {
        AclAuthorizer authorizer = authorizer(new AclSettings(true, Set.of(), true),
                allow("pay", PREFIXED, "User:bob", READ));
        assertThat(topic(authorizer, ALICE, READ, "payments")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void aLiteralAclMatchesItsNameExactly() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "orders2")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, READ, "order")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, READ, "ORDERS")).isEqualTo(DENIED);
    }

    @Test
    void theWildcardResourceNameMatchesEveryResourceOfItsType() {
        AclAuthorizer authorizer = authorizer(allow("*", LITERAL, "User:alice", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "*")).isEqualTo(ALLOWED);
        assertThat(authorizer.authorize(ALICE, HOST, READ, GROUP, "orders")).isEqualTo(DENIED);
    }

    @Test
    void aPrefixedAclMatchesNamesThatStartWithIt() {
        AclAuthorizer authorizer = authorizer(allow("pay", PREFIXED, "User:alice", WRITE));
        assertThat(topic(authorizer, ALICE, WRITE, "pay")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, WRITE, "payments")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, WRITE, "pa")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, WRITE, "repay")).isEqualTo(DENIED);
    }

    @Test
    void aPrefixedStarIsALiteralPrefixNotAWildcard() {
        AclAuthorizer authorizer = authorizer(allow("*", PREFIXED, "User:alice", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, READ, "*orders")).isEqualTo(ALLOWED);
    }

    @Test
    void aclsApplyToTheirResourceTypeOnly() {
        AclAuthorizer authorizer = authorizer(acl(GROUP, "orders", LITERAL, "User:alice", "*", READ, ALLOW));
        assertThat(authorizer.authorize(ALICE, HOST, READ, GROUP, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void denyWinsOverAllow() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", READ),
                deny("orders", LITERAL, "User:alice", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void denyWinsWhicheverPatternCarriesIt() {
        AclAuthorizer prefixedDeny = authorizer(allow("orders", LITERAL, "User:alice", READ),
                deny("ord", PREFIXED, "User:alice", READ));
        assertThat(topic(prefixedDeny, ALICE, READ, "orders")).isEqualTo(DENIED);
        AclAuthorizer wildcardDeny = authorizer(allow("ord", PREFIXED, "User:alice", READ),
                deny("*", LITERAL, "User:*", READ));
        assertThat(topic(wildcardDeny, ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void theWildcardPrincipalMatchesEveryUser() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:*", READ),
                deny("orders", LITERAL, "User:bob", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, BOB, READ, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, KafkaPrincipal.ANONYMOUS, READ, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void principalsAreComparedByTypeAndName() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "Group:alice", READ));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, new KafkaPrincipal("Group", "alice"), READ, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void aclsApplyFromTheirHostOrFromAnyHost() {
        AclAuthorizer authorizer = authorizer(acl(TOPIC, "orders", LITERAL, "User:alice", HOST, READ, ALLOW),
                acl(TOPIC, "orders", LITERAL, "User:alice", "*", WRITE, ALLOW));
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "orders")).isEqualTo(ALLOWED);
        assertThat(authorizer.authorize(ALICE, "10.0.0.9", READ, TOPIC, "orders")).isEqualTo(DENIED);
        assertThat(authorizer.authorize(ALICE, "10.0.0.9", WRITE, TOPIC, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void aDenyFromAnotherHostDoesNotApply() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", READ),
                acl(TOPIC, "orders", LITERAL, "User:alice", "10.0.0.9", READ, DENY));
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "orders")).isEqualTo(ALLOWED);
        assertThat(authorizer.authorize(ALICE, "10.0.0.9", READ, TOPIC, "orders")).isEqualTo(DENIED);
    }

    @ParameterizedTest
    @EnumSource(value = AclOperation.class, names = {"READ", "WRITE", "DELETE", "ALTER"})
    void allowingReadWriteDeleteOrAlterAllowsDescribe(AclOperation granted) {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", granted));
        assertThat(topic(authorizer, ALICE, DESCRIBE, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, granted, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, DESCRIBE_CONFIGS, "orders")).isEqualTo(DENIED);
    }

    @ParameterizedTest
    @EnumSource(value = AclOperation.class, names = {"CREATE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE",
            "CLUSTER_ACTION", "CREATE_TOKENS", "DESCRIBE_TOKENS", "TWO_PHASE_COMMIT"})
    void otherOperationsDoNotImplyDescribe(AclOperation granted) {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", granted));
        assertThat(topic(authorizer, ALICE, DESCRIBE, "orders")).isEqualTo(DENIED);
    }

    @Test
    void allowingAlterConfigsAllowsDescribeConfigs() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", ALTER_CONFIGS));
        assertThat(topic(authorizer, ALICE, DESCRIBE_CONFIGS, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, ALTER_CONFIGS, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, DESCRIBE, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, ALTER, "orders")).isEqualTo(DENIED);
    }

    @Test
    void describeImpliesNothing() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", DESCRIBE));
        assertThat(topic(authorizer, ALICE, DESCRIBE, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, DESCRIBE_CONFIGS, "orders")).isEqualTo(DENIED);
    }

    @Test
    void impliedOperationsNeverComeFromADeny() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", DESCRIBE),
                deny("orders", LITERAL, "User:alice", READ), deny("orders", LITERAL, "User:alice", ALTER_CONFIGS),
                allow("orders", LITERAL, "User:alice", DESCRIBE_CONFIGS));
        assertThat(topic(authorizer, ALICE, DESCRIBE, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, DESCRIBE_CONFIGS, "orders")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @ParameterizedTest
    @EnumSource(value = AclOperation.class, mode = EnumSource.Mode.EXCLUDE, names = {"ANY", "UNKNOWN"})
    void allAllowsAndDeniesEveryOperation(AclOperation asked) {
        assertThat(topic(authorizer(allow("orders", LITERAL, "User:alice", ALL)), ALICE, asked, "orders"))
                .isEqualTo(ALLOWED);
        assertThat(topic(authorizer(allow("orders", LITERAL, "User:alice", ALL), deny("orders", LITERAL, "User:alice", ALL)),
                ALICE, asked, "orders")).isEqualTo(DENIED);
    }

    @Test
    void anAllowForAnotherOperationIsNotEnough() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", READ));
        assertThat(topic(authorizer, ALICE, WRITE, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, CREATE, "orders")).isEqualTo(DENIED);
        assertThat(topic(authorizer, ALICE, DELETE, "orders")).isEqualTo(DENIED);
    }

    @Test
    void superUsersMayDoAnythingEvenWhenDenied() {
        AclAuthorizer authorizer = authorizer(new AclSettings(true, Set.of(new KafkaPrincipal("User", "admin")), false),
                deny("orders", LITERAL, "User:*", ALL));
        KafkaPrincipal admin = new KafkaPrincipal("User", "admin");
        assertThat(topic(authorizer, admin, READ, "orders")).isEqualTo(ALLOWED);
        assertThat(authorizer.authorize(admin, HOST, ALTER, CLUSTER, "kafka-cluster")).isEqualTo(ALLOWED);
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
        // a super user is a principal (type and name), not a name
        assertThat(topic(authorizer, new KafkaPrincipal("Group", "admin"), READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void withoutAnAuthorizerEverythingIsAllowed() {
        AclAuthorizer authorizer = authorizer(AclSettings.DISABLED, deny("orders", LITERAL, "User:*", ALL));
        assertThat(authorizer.enabled()).isFalse();
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(ALLOWED);
    }

    @Test
    void deletedAclsNoLongerApply() {
        AclAuthorizer authorizer = authorizer(allow("orders", LITERAL, "User:alice", READ));
        authorizer.store().delete(List.of(allow("orders", LITERAL, "User:alice", READ).toFilter()));
        assertThat(topic(authorizer, ALICE, READ, "orders")).isEqualTo(DENIED);
    }

    @Test
    void onlyConcreteActionsCanBeAuthorized() {
        AclAuthorizer authorizer = authorizer();
        assertThatThrownBy(() -> topic(authorizer, ALICE, AclOperation.ANY, "orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot authorize operation ANY");
        assertThatThrownBy(() -> authorizer.authorize(ALICE, HOST, READ, ResourceType.ANY, "orders"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot authorize resource type ANY");
    }
}
