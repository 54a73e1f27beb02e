package org.kafkatck.broker.api;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;

/**
 * IncrementalAlterConfigs (key 44, KIP-339): changes some configs of a topic, leaving the others as they are.
 *
 * <ul>
 *   <li>v0: per config an operation: SET, DELETE (back to the default), APPEND and SUBTRACT (list configs
 *       such as {@code cleanup.policy}); validate-only.</li>
 *   <li>v1: flexible versions.</li>
 * </ul>
 * Each resource succeeds or fails on its own: an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION, an unknown
 * config or an invalid value INVALID_CONFIG (and nothing of that resource changes), a config named twice or
 * a resource named twice INVALID_REQUEST. The change is durable before it is answered and applies to the
 * next request. This broker's own configs are all static: a change to them is refused as Kafka refuses a
 * config it cannot change at runtime.
 * A topic's configs need TOPIC ALTER_CONFIGS (else TOPIC_AUTHORIZATION_FAILED), a broker's CLUSTER ALTER_CONFIGS
 * (else CLUSTER_AUTHORIZATION_FAILED), as Kafka's controller.
 */
public final class IncrementalAlterConfigsHandler
        extends VersionedHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {
    private final LogManager logs;
    private final BrokerIdentity identity;

    /**
     * @param logs     the topics
     * @param identity this node, the only broker resource
     */
    public IncrementalAlterConfigsHandler(LogManager logs, BrokerIdentity identity) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        this.logs = logs;
        this.identity = identity;
    }

    @Override
    public IncrementalAlterConfigsResponseData handle(RequestContext context,
                                                      IncrementalAlterConfigsRequestData request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
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
        List<TopicConfigChanges.Change> changes = resource.configs().stream()
                .map(c -> new TopicConfigChanges.Change(c.name(), c.configOperation(), c.value())).toList();
        try {
            return switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> {
                    TopicConfigChanges.checkRequest(changes);
                    logs.alterTopicConfigs(resource.resourceName(),
                            configs -> TopicConfigChanges.apply(configs, changes), validateOnly);
                    yield ApiError.NONE;
                }
                case BROKER -> StaticBrokerConfigs.refuse(resource.resourceName(), identity,
                        changes.stream().map(TopicConfigChanges.Change::name).toList());
                default -> new ApiError(Errors.INVALID_REQUEST, "Altering configs of resource type "
                        + ConfigResource.Type.forId(resource.resourceType()) + " is not supported by this broker");
            };
        } catch (RuntimeException e) {
            return ApiError.fromThrowable(e);
        }
    }
}
