package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;

/**
 * CreatePartitions (key 37, KIP-195): grows a topic to a new total partition count.
 *
 * <ul>
 *   <li>v0: topics with a new count and optional replica assignments; validate-only.</li>
 *   <li>v1: same format. v2: flexible versions. v3: same format.</li>
 * </ul>
 * A count not above the current one gets INVALID_PARTITIONS, an unknown topic
 * UNKNOWN_TOPIC_OR_PARTITION, an assignment naming another broker INVALID_REPLICA_ASSIGNMENT, and a
 * topic named twice in one request INVALID_REQUEST.
 * A topic the principal may not ALTER is TOPIC_AUTHORIZATION_FAILED, without a message as Kafka's controller.
 */
public final class CreatePartitionsHandler extends VersionedHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {
    private final LogManager logs;
    private final BrokerIdentity identity;

    /**
     * @param logs     the topics
     * @param identity this node, the only valid replica
     */
    public CreatePartitionsHandler(LogManager logs, BrokerIdentity identity) {
        super(ApiKeys.CREATE_PARTITIONS, 0, 3);
        this.logs = logs;
        this.identity = identity;
    }

    @Override
    public CreatePartitionsResponseData handle(RequestContext context, CreatePartitionsRequestData request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData().setThrottleTimeMs(0);
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        });
        Set<String> answered = new HashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!answered.add(topic.name())) {
                continue;
            }
            ApiError error = duplicated.contains(topic.name())
                    ? new ApiError(Errors.INVALID_REQUEST, "Duplicate topic in request.")
                    : !context.authorized(AclOperation.ALTER, ResourceType.TOPIC, topic.name())
                    ? new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, null)
                    : grow(topic, request.validateOnly());
            response.results().add(new CreatePartitionsTopicResult()
                    .setName(topic.name())
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.isSuccess() ? null : error.message()));
        }
        return response;
    }

    private ApiError grow(CreatePartitionsTopic topic, boolean validateOnly) {
        try {
            if (topic.assignments() != null) {
                int current = logs.topic(topic.name()).map(t -> t.partitions().size()).orElse(0);
                if (topic.assignments().size() != topic.count() - current) {
                    return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by "
                            + (topic.count() - current) + " but " + topic.assignments().size() + " assignments provided.");
                }
                for (CreatePartitionsAssignment assignment : topic.assignments()) {
                    if (!assignment.brokerIds().equals(List.of(identity.nodeId()))) {
                        return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Assignment " + assignment.brokerIds()
                                + " names brokers other than the only broker, " + identity.nodeId() + ".");
                    }
                }
            }
            logs.createPartitions(topic.name(), topic.count(), validateOnly);
            return ApiError.NONE;
        } catch (RuntimeException e) {
            return ApiError.fromThrowable(e);
        }
    }
}
