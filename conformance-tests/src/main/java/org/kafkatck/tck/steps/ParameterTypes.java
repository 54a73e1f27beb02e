package org.kafkatck.tck.steps;

import io.cucumber.java.ParameterType;
import org.apache.kafka.common.protocol.Errors;

/** Parameter types of the spec's steps. */
public class ParameterTypes {

    /**
     * A Kafka error code by its protocol name, e.g. {@code TOPIC_ALREADY_EXISTS}.
     *
     * @param name the name as written in the spec
     * @return the error
     */
    @ParameterType("[A-Z][A-Z_]+")
    public Errors error(String name) {
        return Errors.valueOf(name);
    }

    /**
     * A comma-separated list of numbers, e.g. {@code 1000, 5000, 3000}.
     *
     * @param list the list as written in the spec
     * @return the numbers
     */
    @ParameterType("-?\\d+(?:, *-?\\d+)+")
    public java.util.List<Long> longs(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    /**
     * A comma-separated list of ACL operations by name, e.g. {@code READ, WRITE, DESCRIBE}.
     *
     * @param list the list as written in the spec
     * @return the operations
     */
    @ParameterType("[A-Z][A-Z_]+(?:, *[A-Z][A-Z_]+)+")
    public java.util.Set<org.apache.kafka.common.acl.AclOperation> operations(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim)
                .map(org.apache.kafka.common.acl.AclOperation::valueOf)
                .collect(java.util.stream.Collectors.toCollection(
                        () -> java.util.EnumSet.noneOf(org.apache.kafka.common.acl.AclOperation.class)));
    }

    /**
     * Whether an ACL allows or denies, as the spec says it: {@code allowed} or {@code denied}.
     *
     * @param word the word as written in the spec
     * @return the ACL's permission type
     */
    @ParameterType("allowed|denied")
    public org.apache.kafka.common.acl.AclPermissionType permission(String word) {
        return word.equals("allowed") ? org.apache.kafka.common.acl.AclPermissionType.ALLOW
                : org.apache.kafka.common.acl.AclPermissionType.DENY;
    }
}
