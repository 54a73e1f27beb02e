package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may describe or alter the configs of a resource, as Kafka's {@code ConfigHelper} (DescribeConfigs) and the
 * controller's AlterConfigs and IncrementalAlterConfigs decide: a topic's need the operation on the topic, a group's
 * on the group, a broker's, a broker logger's and client metrics' on the cluster.
 */
final class ConfigAccess {
    private ConfigAccess() {
    }

    /**
     * @param context      the request's context
     * @param operation    DESCRIBE_CONFIGS or ALTER_CONFIGS
     * @param resourceType the config resource type's id, as on the wire
     * @param resourceName the config resource's name
     * @return {@code null} when allowed (or for a type Kafka does not authorize, left to the handler to refuse),
     *         otherwise the error to answer for the resource
     */
    static Errors refusal(RequestContext context, AclOperation operation, byte resourceType, String resourceName) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        return switch (type) {
            case TOPIC -> context.authorized(operation, ResourceType.TOPIC, resourceName)
                    ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> context.authorized(operation, ResourceType.GROUP, resourceName)
                    ? null : Errors.GROUP_AUTHORIZATION_FAILED;
            case BROKER, BROKER_LOGGER, CLIENT_METRICS -> context.authorizedCluster(operation)
                    ? null : Errors.CLUSTER_AUTHORIZATION_FAILED;
            default -> null;
        };
    }
}
