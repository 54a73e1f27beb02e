package org.kafkatck.broker.api;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Utils;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * DescribeTopicPartitions (key 75, KIP-966): the partitions of the topics asked for (every topic
 * when the list is empty), in topic-name order, paged. At most {@code response_partition_limit}
 * partitions (capped by the broker's {@code max.request.partition.size.limit}, 2000) are answered;
 * when more remain, {@code next_cursor} names the first topic and partition not answered, and a
 * request carrying it as {@code cursor} goes on from there. The topic of a cursor must be among the
 * topics asked for (INVALID_REQUEST otherwise). A topic asked for by name that does not exist is
 * answered UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an illegal name) and takes no
 * room in the page. This single node leads every partition, under the partition's current leader epoch
 * (the one Metadata reports). A topic the principal may not DESCRIBE is left out of an all-topics answer and is
 * TOPIC_AUTHORIZATION_FAILED when named; with an authorizer, {@code topic_authorized_operations} is computed from
 * the ACLs (without one, every topic operation, as Kafka answers).
 *
 * <ul>
 *   <li>v0: the only version (flexible).</li>
 * </ul>
 */
public final class DescribeTopicPartitionsHandler
        extends VersionedHandler<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData> {
    /** Apache Kafka's {@code max.request.partition.size.limit} default. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;
    /** What an authorizer-less Apache Kafka reports: every operation a topic supports. */
    private static final int TOPIC_OPERATIONS = Utils.to32BitField(java.util.Set.of(AclOperation.READ.code(),
            AclOperation.WRITE.code(), AclOperation.CREATE.code(), AclOperation.DELETE.code(), AclOperation.ALTER.code(),
            AclOperation.DESCRIBE.code(), AclOperation.DESCRIBE_CONFIGS.code(), AclOperation.ALTER_CONFIGS.code()));

    private final BrokerIdentity identity;
    private final LogManager logs;

    /**
     * @param identity the node that leads every partition
     * @param logs     the topics
     */
    public DescribeTopicPartitionsHandler(BrokerIdentity identity, LogManager logs) {
        super(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, 0);
        this.identity = identity;
        this.logs = logs;
    }

    @Override
    public DescribeTopicPartitionsResponseData handle(RequestContext context, DescribeTopicPartitionsRequestData request) {
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData().setThrottleTimeMs(0);
        boolean allTopics = request.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        String from = cursor == null ? "" : cursor.topicName();
        TreeSet<String> names = new TreeSet<>();
        if (allTopics) {
            logs.topics().forEach(t -> names.add(t.name()));
        } else {
            request.topics().forEach(t -> names.add(t.name()));
            if (cursor != null && !names.contains(cursor.topicName())) {
                // the topic of a cursor must be among the topics asked for
                request.topics().forEach(t -> response.topics().add(failed(t.name(), Errors.INVALID_REQUEST)));
                return response;
            }
        }
        int remaining = Math.min(MAX_PARTITIONS_PER_RESPONSE, request.responsePartitionLimit());
        for (String name : names.tailSet(from, true)) {
            if (remaining <= 0) {
                // the previous topic ended the page exactly: the next page starts at this one
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name)
                        .setPartitionIndex(0));
                break;
            }
            if (!context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                // Kafka leaves it out of an all-topics answer, and refuses it when named
                if (!allTopics) {
                    response.topics().add(failed(name, Errors.TOPIC_AUTHORIZATION_FAILED));
                }
                continue;
            }
            Optional<Topic> topic = logs.topic(name);
            if (topic.isEmpty()) {
                if (!allTopics) {
                    response.topics().add(failed(name, unknownError(name)));
                }
                continue;
            }
            int count = topic.get().partitions().size();
            int first = cursor != null && name.equals(cursor.topicName()) ? Math.max(0, cursor.partitionIndex()) : 0;
            int end = Math.min(count, first + remaining);
            DescribeTopicPartitionsResponseTopic described = describe(topic.get(), first, end);
            described.setTopicAuthorizedOperations(context.authorizedOperations(ResourceType.TOPIC, name));
            response.topics().add(described);
            if (end < count) {
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name)
                        .setPartitionIndex(end));
                break;
            }
            remaining -= Math.max(0, end - first);
        }
        return response;
    }

    private DescribeTopicPartitionsResponseTopic describe(Topic topic, int first, int end) {
        DescribeTopicPartitionsResponseTopic result = new DescribeTopicPartitionsResponseTopic()
                .setErrorCode(Errors.NONE.code()).setName(topic.name()).setTopicId(topic.id()).setIsInternal(false)
                .setTopicAuthorizedOperations(TOPIC_OPERATIONS);
        List<Integer> self = List.of(identity.nodeId());
        for (int p = first; p < end; p++) {
            result.partitions().add(new DescribeTopicPartitionsResponsePartition()
                    .setErrorCode(Errors.NONE.code()).setPartitionIndex(p).setLeaderId(identity.nodeId())
                    .setLeaderEpoch(topic.partition(p).leaderEpoch()).setReplicaNodes(self).setIsrNodes(self)
                    .setEligibleLeaderReplicas(List.of()).setLastKnownElr(List.of()).setOfflineReplicas(List.of()));
        }
        return result;
    }

    private static Errors unknownError(String name) {
        try {
            org.apache.kafka.common.internals.Topic.validate(name);
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        } catch (InvalidTopicException e) {
            return Errors.INVALID_TOPIC_EXCEPTION;
        }
    }

    private static DescribeTopicPartitionsResponseTopic failed(String name, Errors error) {
        return new DescribeTopicPartitionsResponseTopic().setErrorCode(error.code()).setName(name)
                .setTopicId(Uuid.ZERO_UUID).setIsInternal(false);
    }
}
