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
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.server.authorizer.AuthorizationResult.ALLOWED;
import static org.apache.kafka.server.authorizer.AuthorizationResult.DENIED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AclAuthorizer#authorizeAny} (Kafka's {@code Authorizer.authorizeByResourceType}) and
 * {@link AclAuthorizer#authorizedOperations} (Kafka's {@code AuthHelper.authorizedOperations}).
 */
class AclAuthorizerResourceTypeTest {
    private static final KafkaPrincipal ALICE = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");
    private static final KafkaPrincipal ADMIN = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "admin");

    private final AclStore store = AclStore.inMemory();
    private final AclAuthorizer authorizer = new AclAuthorizer(new AclSettings(true, Set.of(ADMIN), false), store);

    private void acl(String name, PatternType pattern, AclOperation operation, AclPermissionType permission) {
        store.add(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, name, pattern),
                new AccessControlEntry(ALICE.toString(), "*", operation, permission))));
    }

    private AuthorizationResult writeAnyTopic(KafkaPrincipal principal) {
        return authorizer.authorizeAny(principal, "10.0.0.1", AclOperation.WRITE, ResourceType.TOPIC);
    }

    @Test
    void noAclIsDeniedButASuperUserIsAllowed() {
        assertThat(writeAnyTopic(ALICE)).isEqualTo(DENIED);
        assertThat(writeAnyTopic(ADMIN)).isEqualTo(ALLOWED);
    }

    @Test
    void anAllowOnOneTopicIsEnough() {
        acl("orders", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.ALLOW);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(ALLOWED);
    }

    @Test
    void anAllowOfAnotherOperationIsNotEnoughNotEvenOneThatImpliesDescribe() {
        acl("orders", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(DENIED);
        assertThat(authorizer.authorizeAny(ALICE, "10.0.0.1", AclOperation.DESCRIBE, ResourceType.TOPIC)).isEqualTo(DENIED);
    }

    @Test
    void anAllowCoveredByADenyOfTheSameNameOrAPrefixOfItIsNotEnough() {
        acl("orders", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.ALLOW);
        acl("orders", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.DENY);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(DENIED);
        acl("app-logs", PatternType.PREFIXED, AclOperation.WRITE, AclPermissionType.ALLOW);
        acl("app-", PatternType.PREFIXED, AclOperation.ALL, AclPermissionType.DENY);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(DENIED);
        acl("billing", PatternType.LITERAL, AclOperation.ALL, AclPermissionType.ALLOW);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(ALLOWED);
    }

    @Test
    void aWildcardDenyRefusesEvenWithAnAllow() {
        acl("orders", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.ALLOW);
        acl("*", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.DENY);
        assertThat(writeAnyTopic(ALICE)).isEqualTo(DENIED);
    }

    @Test
    void authorizedOperationsAreTheSupportedOperationsAllowedAsABitField() {
        acl("orders", PatternType.LITERAL, AclOperation.ALTER_CONFIGS, AclPermissionType.ALLOW);
        acl("orders", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.ALLOW);
        assertThat(authorizer.authorizedOperations(ALICE, "10.0.0.1", ResourceType.TOPIC, "orders")).isEqualTo(
                Utils.to32BitField(Set.of(AclOperation.WRITE.code(), AclOperation.DESCRIBE.code(),
                        AclOperation.ALTER_CONFIGS.code(), AclOperation.DESCRIBE_CONFIGS.code())));
        assertThat(authorizer.authorizedOperations(ALICE, "10.0.0.1", ResourceType.TOPIC, "other")).isEqualTo(0);
        // a group has no WRITE, CREATE or ALTER to report
        assertThat(authorizer.authorizedOperations(ADMIN, "10.0.0.1", ResourceType.GROUP, "g")).isEqualTo(
                Utils.to32BitField(Set.of(AclOperation.READ.code(), AclOperation.DESCRIBE.code(),
                        AclOperation.DELETE.code(), AclOperation.DESCRIBE_CONFIGS.code(), AclOperation.ALTER_CONFIGS.code())));
    }
}
