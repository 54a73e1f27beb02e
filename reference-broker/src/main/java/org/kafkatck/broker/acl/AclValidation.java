package org.kafkatck.broker.acl;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Kafka's rules for an ACL to create and a filter to delete with, checked in Kafka's order (the broker's
 * {@code AclApis}, then the controller's {@code AclControlManager}) with Kafka's messages, so each refused
 * creation or filter gets the error code and text Apache Kafka 4.4 answers.
 *
 * <p>A creation or filter naming ANY where a concrete value is needed cannot even be made into an
 * {@link AclBinding} (kafka-clients refuses it); that fails the whole request, as in Kafka.
 */
public final class AclValidation {
    private static final String WILDCARD_HOST = "*";

    private AclValidation() {
    }

    /**
     * @param binding an ACL of a CreateAcls request
     * @throws InvalidRequestException     when Kafka refuses it with INVALID_REQUEST
     * @throws UnsupportedVersionException for a CIDR host pattern, which this broker, like a Kafka cluster
     *                                     below metadata version 4.4-IV1, does not support
     */
    public static void checkCreation(AclBinding binding) {
        String name = binding.pattern().name();
        if (binding.pattern().resourceType() == ResourceType.CLUSTER && !Resource.CLUSTER_NAME.equals(name)) {
            // the authorizer only ever asks about kafka-cluster: another name would never match
            throw new InvalidRequestException("The only valid name for the CLUSTER resource is " + Resource.CLUSTER_NAME);
        }
        if (name.isEmpty()) {
            throw new InvalidRequestException("Invalid empty resource name");
        }
        switch (binding.pattern().resourceType()) {
            case UNKNOWN, ANY -> throw new InvalidRequestException("Invalid resourceType " + binding.pattern().resourceType());
            default -> { }
        }
        if (binding.pattern().patternType() != PatternType.LITERAL && binding.pattern().patternType() != PatternType.PREFIXED) {
            throw new InvalidRequestException("Invalid patternType " + binding.pattern().patternType());
        }
        switch (binding.entry().operation()) {
            case UNKNOWN, ANY -> throw new InvalidRequestException("Invalid operation " + binding.entry().operation());
            default -> { }
        }
        switch (binding.entry().permissionType()) {
            case ALLOW, DENY -> { }
            default -> throw new InvalidRequestException("Invalid permissionType " + binding.entry().permissionType());
        }
        String principal = binding.entry().principal();
        if (principal.indexOf(':') == -1) {
            throw new InvalidRequestException("Could not parse principal from `" + principal
                    + "` (no colon is present separating the principal type from the principal name)");
        }
        String host = binding.entry().host();
        if (host.isEmpty()) {
            throw new InvalidRequestException("Host pattern cannot be null or empty");
        }
        if (!WILDCARD_HOST.equals(host) && host.contains("/")) {
            throw new UnsupportedVersionException("CIDR-based ACL host patterns require metadata version 4.4-IV1 or higher.");
        }
    }

    /**
     * @param filter a filter of a DeleteAcls request
     * @throws InvalidRequestException when it names a type, pattern, operation or permission Kafka does not know
     */
    public static void checkDeletion(AclBindingFilter filter) {
        if (filter.patternFilter().isUnknown()) {
            throw new InvalidRequestException("Unknown patternFilter.");
        }
        if (filter.entryFilter().isUnknown()) {
            throw new InvalidRequestException("Unknown entryFilter.");
        }
    }
}
