package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * DeleteTopics (key 20): deletes topics and all their data.
 *
 * <ul>
 *   <li>v1: throttle time (v0 was removed in Kafka 4, KIP-896). v2-v3: same format.</li>
 *   <li>v4: flexible versions. v5: error messages.</li>
 *   <li>v6: topics by name or id (KIP-516); giving both is INVALID_REQUEST.</li>
 * </ul>
 * An unknown name gets UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID. As Kafka's controller: a name the
 * principal may not DESCRIBE is TOPIC_AUTHORIZATION_FAILED (before its existence is told), and so is a topic it may
 * not DELETE (named by id, its name is answered only if it may DESCRIBE it); CLUSTER DELETE allows every topic.
 */
public final class DeleteTopicsHandler extends VersionedHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {
    private final LogManager logs;

    /** @param logs the topics */
    public DeleteTopicsHandler(LogManager logs) {
        super(ApiKeys.DELETE_TOPICS, 1, 6);
        this.logs = logs;
    }

    @Override
    public DeleteTopicsResponseData handle(RequestContext context, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        List<DeleteTopicsRequestData.DeleteTopicState> requested = new ArrayList<>();
        if (context.apiVersion() >= 6) {
            requested.addAll(request.topics());
        } else {
            request.topicNames().forEach(n -> requested.add(new DeleteTopicsRequestData.DeleteTopicState().setName(n)));
        }
        // Kafka's controller: CLUSTER DELETE may describe and delete every topic
        boolean clusterDelete = context.authorizedCluster(AclOperation.DELETE);
        for (DeleteTopicsRequestData.DeleteTopicState state : requested) {
            DeletableTopicResult result = delete(context, clusterDelete, state);
            response.responses().add(result);
        }
        return response;
    }

    private DeletableTopicResult delete(RequestContext context, boolean clusterDelete,
                                        DeleteTopicsRequestData.DeleteTopicState state) {
        boolean hasId = state.topicId() != null && !Uuid.ZERO_UUID.equals(state.topicId());
        DeletableTopicResult result = new DeletableTopicResult().setName(state.name())
                .setTopicId(hasId ? state.topicId() : Uuid.ZERO_UUID);
        if (state.name() != null && hasId) {
            return error(result, new ApiError(Errors.INVALID_REQUEST, "A topic must be named by name or by id, not both."));
        }
        Topic topic;
        if (hasId) {
            topic = logs.topic(state.topicId()).orElse(null);
            if (topic == null) {
                return error(result, new ApiError(Errors.UNKNOWN_TOPIC_ID, null));
            }
            if (!clusterDelete && !context.authorized(AclOperation.DELETE, ResourceType.TOPIC, topic.name())) {
                // the name is told only to whom may describe the topic
                boolean describable = context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name());
                return error(result.setName(describable ? topic.name() : null),
                        new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED));
            }
        } else {
            String name = state.name() == null ? "" : state.name();
            if (!clusterDelete && !context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                return error(result, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED));
            }
            topic = logs.topic(name).orElse(null);
            if (topic == null) {
                return error(result, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
            }
            if (!clusterDelete && !context.authorized(AclOperation.DELETE, ResourceType.TOPIC, name)) {
                return error(result, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED));
            }
        }
        try {
            logs.deleteTopic(topic.name());
            return result.setName(topic.name()).setTopicId(topic.id()).setErrorCode(Errors.NONE.code());
        } catch (RuntimeException e) {
            return error(result, ApiError.fromThrowable(e));
        }
    }

    private static DeletableTopicResult error(DeletableTopicResult result, ApiError error) {
        return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
    }
}
