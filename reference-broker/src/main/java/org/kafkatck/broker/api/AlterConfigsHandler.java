package org.kafkatck.broker.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;

/**
 * AlterConfigs (key 33): replaces the whole set of a topic's own configs; every config the request does not
 * name returns to its default.
 *
 * <ul>
 *   <li>v0: resources with their complete configs; validate-only.</li>
 *   <li>v1: same format. v2: flexible versions.</li>
 * </ul>
 * Errors per resource as in IncrementalAlterConfigs: UNKNOWN_TOPIC_OR_PARTITION, INVALID_CONFIG (nothing of
 * that resource changes), INVALID_REQUEST for a resource named twice; this broker's own configs are static.
 * A topic's configs need TOPIC ALTER_CONFIGS (else TOPIC_AUTHORIZATION_FAILED), a broker's CLUSTER ALTER_CONFIGS
 * (else CLUSTER_AUTHORIZATION_FAILED), as Kafka's controller.
 */
public final class AlterConfigsHandler extends VersionedHandler<AlterConfigsRequestData, AlterConfigsResponseData> {
    private final LogManager logs;
    private final BrokerIdentity identity;

    /**
     * @param logs     the topics
     * @param identity this node, the only broker resource
     */
    public AlterConfigsHandler(LogManager logs, BrokerIdentity identity) {
        super(ApiKeys.ALTER_CONFIGS, 0, 2);
        this.logs = logs;
        this.identity = identity;
    }

    @Override
    public AlterConfigsResponseData handle(RequestContext context, AlterConfigsRequestData request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
        Set<String> duplicated = DuplicateResources.of(request.resources().stream()
                .map(r -> DuplicateResources.key(r.resourceType(), r.resourceName())));
        for (AlterConfigsResource resource : request.resources()) {
            ApiError error = duplicated.contains(DuplicateResources.key(resource.resourceType(), resource.resourceName()))
                    ? new ApiError(Errors.INVALID_REQUEST, "Duplicate resource " + resource.resourceName())
                    : refusedOrAltered(context, resource, request.validateOnly());
            response.responses().add(new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.isSuccess() ? null : error.message()));
        }
        return response;
    }

    private ApiError refusedOrAltered(RequestContext context, AlterConfigsResource resource, boolean validateOnly) {
        Errors refused = ConfigAccess.refusal(context, AclOperation.ALTER_CONFIGS, resource.resourceType(),
                resource.resourceName());
        return refused != null ? new ApiError(refused) : alter(resource, validateOnly);
    }

    private ApiError alter(AlterConfigsResource resource, boolean validateOnly) {
        Map<String, String> configs = new LinkedHashMap<>();
        resource.configs().forEach(c -> configs.put(c.name(), c.value()));
        if (configs.size() != resource.configs().size()) {
            return new ApiError(Errors.INVALID_REQUEST, "Error due to duplicate config keys");
        }
        try {
            return switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> {
                    logs.alterTopicConfigs(resource.resourceName(), configs, validateOnly);
                    yield ApiError.NONE;
                }
                case BROKER -> StaticBrokerConfigs.refuse(resource.resourceName(), identity, configs.keySet());
                default -> new ApiError(Errors.INVALID_REQUEST, "Altering configs of resource type "
                        + ConfigResource.Type.forId(resource.resourceType()) + " is not supported by this broker");
            };
        } catch (RuntimeException e) {
            return ApiError.fromThrowable(e);
        }
    }
}
