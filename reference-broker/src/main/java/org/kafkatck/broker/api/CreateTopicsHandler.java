package org.kafkatck.broker.api;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * CreateTopics (key 19): creates topics with a partition count and configs.
 *
 * <ul>
 *   <li>v2: the oldest Kafka 4 keeps (KIP-896); {@code validateOnly}, error messages, throttle time.</li>
 *   <li>v3-v4: same format. v5: flexible versions; the result carries partitions, replication factor
 *       and configs (KIP-525). v6: same format. v7: topic id in the result (KIP-516).</li>
 * </ul>
 * Errors per topic: TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION (illegal or colliding name),
 * INVALID_PARTITIONS (a count below 1), INVALID_REPLICATION_FACTOR (more replicas than the one
 * broker), INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG, and INVALID_REQUEST for a name repeated in
 * one request. A count or factor of -1 takes the broker's default. Without CLUSTER CREATE, a topic the principal
 * may not CREATE is TOPIC_AUTHORIZATION_FAILED ("Authorization failed."); a created topic whose configs it may not
 * DESCRIBE_CONFIGS answers {@code topic_config_error_code} TOPIC_AUTHORIZATION_FAILED and no partition count,
 * replication factor or configs (v5+), as Kafka's controller.
 */
public final class CreateTopicsHandler extends VersionedHandler<CreateTopicsRequestData, CreateTopicsResponseData> {
    private final LogManager logs;
    private final BrokerIdentity identity;
    private final int defaultPartitions;

    /**
     * @param logs              the topics
     * @param identity          this node, the only valid replica
     * @param defaultPartitions partitions when the request says -1
     */
    public CreateTopicsHandler(LogManager logs, BrokerIdentity identity, int defaultPartitions) {
        super(ApiKeys.CREATE_TOPICS, 2, 7);
        this.logs = logs;
        this.identity = identity;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public CreateTopicsResponseData handle(RequestContext context, CreateTopicsRequestData request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        }
        // Kafka's controller: CLUSTER CREATE allows every topic, otherwise TOPIC CREATE each
        boolean clusterCreate = context.authorizedCluster(AclOperation.CREATE);
        for (CreatableTopic topic : request.topics()) {
            CreatableTopicResult result;
            if (duplicated.contains(topic.name())) {
                result = failed(topic.name(), new ApiError(Errors.INVALID_REQUEST,
                        "Create topics request from client contains multiple topics with the same name."));
            } else if (!clusterCreate && !context.authorized(AclOperation.CREATE, ResourceType.TOPIC, topic.name())) {
                // Kafka's controller answers only the name and the error
                result = new CreatableTopicResult().setName(topic.name())
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setErrorMessage("Authorization failed.");
            } else {
                result = create(topic, request.validateOnly());
                if (result.errorCode() == Errors.NONE.code() && context.apiVersion() >= 5
                        && !context.authorized(AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, topic.name())) {
                    // created, but its partitions, replication factor and configs are not the principal's to see
                    result = new CreatableTopicResult().setName(result.name()).setErrorCode(Errors.NONE.code())
                            .setTopicId(result.topicId())
                            .setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                }
            }
            if (response.topics().find(result.name()) == null) {
                response.topics().add(result);
            }
        }
        return response;
    }

    private CreatableTopicResult create(CreatableTopic request, boolean validateOnly) {
        try {
            int partitions = partitionCount(request);
            Map<String, String> configs = new HashMap<>();
            request.configs().forEach(c -> configs.put(c.name(), c.value()));
            if (validateOnly) {
                logs.validateNewTopic(request.name(), partitions, configs);
                return succeeded(request.name(), null, partitions, configs);
            }
            Topic topic = logs.createTopic(request.name(), partitions, configs);
            return succeeded(topic.name(), topic, partitions, configs);
        } catch (InvalidRequestParameters e) {
            return failed(request.name(), e.error);
        } catch (RuntimeException e) {
            return failed(request.name(), ApiError.fromThrowable(e));
        }
    }

    private int partitionCount(CreatableTopic request) {
        if (!request.assignments().isEmpty()) {
            if (request.numPartitions() != -1 || request.replicationFactor() != -1) {
                throw new InvalidRequestParameters(new ApiError(Errors.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."));
            }
            int index = 0;
            for (CreatableReplicaAssignment assignment : request.assignments()) {
                if (assignment.partitionIndex() != index++) {
                    throw new InvalidRequestParameters(new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "Partitions should be numbered 0 to " + (request.assignments().size() - 1) + "."));
                }
                if (!assignment.brokerIds().equals(List.of(identity.nodeId()))) {
                    throw new InvalidRequestParameters(new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "Replica assignment " + assignment.brokerIds() + " of partition " + assignment.partitionIndex()
                                    + " names brokers other than the only broker, " + identity.nodeId() + "."));
                }
            }
            return request.assignments().size();
        }
        short factor = request.replicationFactor();
        if (factor == 0 || factor < -1) {
            throw new InvalidRequestParameters(new ApiError(Errors.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value."));
        }
        if (factor > 1) {
            throw new InvalidRequestParameters(new ApiError(Errors.INVALID_REPLICATION_FACTOR,
                    "Unable to replicate the partition " + factor + " time(s): The target replication factor of "
                            + factor + " cannot be reached because only 1 broker(s) are registered."));
        }
        int count = request.numPartitions();
        if (count == 0 || count < -1) {
            throw new InvalidRequestParameters(new ApiError(Errors.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value."));
        }
        return count == -1 ? defaultPartitions : count;
    }

    private static CreatableTopicResult succeeded(String name, Topic topic, int partitions, Map<String, String> configs) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(name)
                .setErrorCode(Errors.NONE.code())
                .setNumPartitions(partitions)
                .setReplicationFactor((short) 1);
        if (topic != null) {
            result.setTopicId(topic.id());
        }
        List<CreatableTopicConfigs> described = configs.entrySet().stream()
                .map(e -> new CreatableTopicConfigs()
                        .setName(e.getKey())
                        .setValue(e.getValue())
                        .setReadOnly(false)
                        .setIsSensitive(false)
                        .setConfigSource(DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id()))
                .toList();
        result.setConfigs(described);
        return result;
    }

    private static CreatableTopicResult failed(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1)
                .setConfigs(null);
    }

    /** A request parameter rejected before the logs are asked. */
    private static final class InvalidRequestParameters extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiError error;

        private InvalidRequestParameters(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

}
