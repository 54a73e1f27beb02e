package org.kafkatck.broker.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * Metadata (key 3): the brokers of the cluster, its controller, and for each topic its partitions
 * and their leaders. This single node leads every partition, under the partition's current leader epoch.
 *
 * <ul>
 *   <li>v0: an empty topic list means all topics.</li>
 *   <li>v1: a null topic list means all topics, an empty list none; rack, controller id, internal flag.</li>
 *   <li>v2: cluster id. v3: throttle time.</li>
 *   <li>v4: {@code allowAutoTopicCreation}; before v4 the broker's setting alone decides.</li>
 *   <li>v5: offline replicas. v6: same as v5. v7: leader epoch.</li>
 *   <li>v8: authorized operations (reported as not computed). v9: flexible versions.</li>
 *   <li>v10: topic ids (KIP-516); v11: cluster authorized operations removed.</li>
 *   <li>v12: topics may be requested by id alone (KIP-516). v13: top-level error code.</li>
 * </ul>
 * Unknown topics are created when auto-creation is enabled and allowed by the request; otherwise
 * UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID for an id). An illegal name gets INVALID_TOPIC_EXCEPTION.
 *
 * <p>Authorization, as Kafka's: an all-topics request silently leaves out the topics the principal may not
 * DESCRIBE; a named one answers TOPIC_AUTHORIZATION_FAILED (by id: the id and no name); auto-creation needs CLUSTER
 * CREATE or TOPIC CREATE, else TOPIC_AUTHORIZATION_FAILED. With an authorizer, the authorized operations are computed
 * when asked for (the cluster's only for whom may DESCRIBE it, else 0); without one they are omitted, as before.
 */
public final class MetadataHandler extends VersionedHandler<MetadataRequestData, MetadataResponseData> {
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final BrokerIdentity identity;
    private final LogManager logs;
    private final boolean autoCreateTopics;
    private final int defaultPartitions;

    /**
     * @param identity          the node to report
     * @param logs              the topics
     * @param autoCreateTopics  the broker's auto-create setting
     * @param defaultPartitions partitions of auto-created topics
     */
    public MetadataHandler(BrokerIdentity identity, LogManager logs, boolean autoCreateTopics, int defaultPartitions) {
        super(ApiKeys.METADATA, 0, 13);
        this.identity = identity;
        this.logs = logs;
        this.autoCreateTopics = autoCreateTopics;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public MetadataResponseData handle(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId())
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        // the address of the listener the request arrived on, as Kafka answers
        BrokerIdentity.Endpoint endpoint = identity.endpoint(context.listener());
        response.brokers().add(new MetadataResponseBroker()
                .setNodeId(identity.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(null));

        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            for (Topic topic : logs.topics()) {
                // Kafka leaves out, without an error, the topics the principal may not describe
                if (context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name())) {
                    response.topics().add(describe(topic));
                }
            }
        } else {
            boolean mayCreate = autoCreateTopics && (version < 4 || request.allowAutoTopicCreation());
            for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
                response.topics().add(lookup(context, requested, mayCreate));
            }
        }
        addAuthorizedOperations(context, request, response);
        return response;
    }

    /** The {@code *_authorized_operations} a request asks for, computed from the ACLs as Kafka computes them. */
    private static void addAuthorizedOperations(RequestContext context, MetadataRequestData request,
                                                MetadataResponseData response) {
        short version = context.apiVersion();
        if (version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(context.authorizedCluster(AclOperation.DESCRIBE)
                    ? context.authorizedOperations(ResourceType.CLUSTER, Resource.CLUSTER_NAME) : 0);
        }
        if (version >= 8 && request.includeTopicAuthorizedOperations()) {
            for (MetadataResponseTopic topic : response.topics()) {
                if (topic.name() != null && topic.errorCode() != Errors.TOPIC_AUTHORIZATION_FAILED.code()) {
                    topic.setTopicAuthorizedOperations(context.authorizedOperations(ResourceType.TOPIC, topic.name()));
                }
            }
        }
    }

    private MetadataResponseTopic lookup(RequestContext context, MetadataRequestData.MetadataRequestTopic requested,
                                         boolean mayCreate) {
        String name = requested.name();
        Uuid id = requested.topicId();
        if (id != null && !Uuid.ZERO_UUID.equals(id)) {
            // v12+: a topic named by id (the name is then null or empty); not describable: the id, no name
            Optional<Topic> byId = logs.topic(id);
            if (byId.isPresent() && !context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, byId.get().name())) {
                return error(null, id, Errors.TOPIC_AUTHORIZATION_FAILED);
            }
            return byId.map(this::describe).orElseGet(() -> error(null, id, Errors.UNKNOWN_TOPIC_ID));
        }
        if (name == null) {
            return error(null, Uuid.ZERO_UUID, Errors.INVALID_REQUEST);
        }
        if (!context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
            return error(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED);
        }
        Optional<Topic> topic = logs.topic(name);
        if (topic.isPresent()) {
            return describe(topic.get());
        }
        // auto-creation needs CREATE on the cluster or on the topic, else the topic is refused
        if (mayCreate && !context.authorizedCluster(AclOperation.CREATE)
                && !context.authorized(AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return error(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED);
        }
        try {
            org.apache.kafka.common.internals.Topic.validate(name);
        } catch (InvalidTopicException e) {
            return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        }
        if (!mayCreate) {
            return error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return describe(logs.createTopic(name, defaultPartitions, Map.of()));
        } catch (TopicExistsException e) {
            return logs.topic(name).map(this::describe)
                    .orElseGet(() -> error(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE));
        } catch (RuntimeException e) {
            return error(name, Uuid.ZERO_UUID, Errors.forException(e));
        }
    }

    private MetadataResponseTopic describe(Topic topic) {
        MetadataResponseTopic result = new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(false)
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        List<Integer> self = List.of(identity.nodeId());
        List<org.kafkatck.broker.log.PartitionLog> partitions = topic.partitions();
        for (int p = 0; p < partitions.size(); p++) {
            result.partitions().add(new MetadataResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(p)
                    .setLeaderId(identity.nodeId())
                    .setLeaderEpoch(partitions.get(p).leaderEpoch())
                    .setReplicaNodes(self)
                    .setIsrNodes(self)
                    .setOfflineReplicas(List.of()));
        }
        return result;
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic()
                .setErrorCode(error.code())
                .setName(name)
                .setTopicId(id)
                .setIsInternal(false)
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
    }
}
