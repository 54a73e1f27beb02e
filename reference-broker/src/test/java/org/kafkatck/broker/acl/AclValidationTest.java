package org.kafkatck.broker.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka 4.4's refusals of an ACL to create (AclApis, then AclControlManager), with its messages. */
class AclValidationTest {

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, operation, permission));
    }

    private static AclBinding topic(String name, PatternType pattern) {
        return acl(ResourceType.TOPIC, name, pattern, "User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW);
    }

    @Test
    void ordinaryAclsAreAccepted() {
        assertThatCode(() -> AclValidation.checkCreation(topic("orders", PatternType.LITERAL))).doesNotThrowAnyException();
        assertThatCode(() -> AclValidation.checkCreation(topic("*", PatternType.LITERAL))).doesNotThrowAnyException();
        // Kafka accepts a PREFIXED "*": it matches names that start with a star
        assertThatCode(() -> AclValidation.checkCreation(topic("*", PatternType.PREFIXED))).doesNotThrowAnyException();
        assertThatCode(() -> AclValidation.checkCreation(acl(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                "User:*", "10.0.0.1", AclOperation.ALTER, AclPermissionType.DENY))).doesNotThrowAnyException();
    }

    @Test
    void theClusterHasOneName() {
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.CLUSTER, "my-cluster", PatternType.LITERAL,
                "User:alice", "*", AclOperation.ALTER, AclPermissionType.ALLOW)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("The only valid name for the CLUSTER resource is kafka-cluster");
    }

    @Test
    void theResourceNameMustNotBeEmpty() {
        assertThatThrownBy(() -> AclValidation.checkCreation(topic("", PatternType.LITERAL)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid empty resource name");
    }

    @Test
    void unknownValuesAreRefused() {
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.UNKNOWN, "x", PatternType.LITERAL,
                "User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid resourceType UNKNOWN");
        assertThatThrownBy(() -> AclValidation.checkCreation(topic("x", PatternType.UNKNOWN)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid patternType UNKNOWN");
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                "User:alice", "*", AclOperation.UNKNOWN, AclPermissionType.ALLOW)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid operation UNKNOWN");
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                "User:alice", "*", AclOperation.READ, AclPermissionType.UNKNOWN)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid permissionType UNKNOWN");
    }

    @Test
    void thePrincipalNeedsATypeAndTheHostAValue() {
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                "alice", "*", AclOperation.READ, AclPermissionType.ALLOW)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Could not parse principal from `alice` (no colon is present separating the principal type"
                        + " from the principal name)");
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                "User:alice", "", AclOperation.READ, AclPermissionType.ALLOW)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Host pattern cannot be null or empty");
        assertThatThrownBy(() -> AclValidation.checkCreation(acl(ResourceType.TOPIC, "x", PatternType.LITERAL,
                "User:alice", "10.0.0.0/8", AclOperation.READ, AclPermissionType.ALLOW)))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("CIDR-based ACL host patterns require metadata version 4.4-IV1 or higher.");
    }

    @Test
    void deletionFiltersMustBeKnown() {
        assertThatCode(() -> AclValidation.checkDeletion(AclBindingFilter.ANY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> AclValidation.checkDeletion(new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.UNKNOWN, null, PatternType.ANY), AccessControlEntryFilter.ANY)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Unknown patternFilter.");
        assertThatThrownBy(() -> AclValidation.checkDeletion(new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(null, null, AclOperation.UNKNOWN, AclPermissionType.ANY))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Unknown entryFilter.");
    }
}
