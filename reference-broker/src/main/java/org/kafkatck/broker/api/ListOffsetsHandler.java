package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.TimestampOffset;
import org.kafkatck.broker.log.Topic;

/**
 * ListOffsets (key 2): an offset of a partition by position or by time.
 *
 * <ul>
 *   <li>v1: one offset per partition, with timestamp (v0 was removed in Kafka 4, KIP-896).</li>
 *   <li>v2: isolation level: under {@code read_committed} the latest offset is the last stable offset
 *       (KIP-98). v3: same format. v4: current leader epoch and leader epoch in the
 *       response (KIP-320). v5: same format. v6: flexible versions.</li>
 *   <li>v7: {@code -3}: the record with the largest timestamp (KIP-734).</li>
 *   <li>v8: {@code -4}: the earliest local offset (KIP-405); with no tiered storage, the earliest.</li>
 *   <li>v9: {@code -5}: the latest tiered offset (KIP-1005); with no tiered storage, none (-1).</li>
 *   <li>v10: request timeout (KIP-1075). v11: {@code -6}: earliest pending upload; none (-1).</li>
 * </ul>
 * {@code -1} is the latest offset (the high watermark), {@code -2} the earliest; any other timestamp
 * finds the first record whose timestamp is at least that, or offset -1 when there is none. A
 * {@code current_leader_epoch} older than the partition's gets FENCED_LEADER_EPOCH, a newer one
 * UNKNOWN_LEADER_EPOCH (KIP-320). A partition named twice is answered once, with INVALID_REQUEST, as
 * Kafka does. Without TOPIC DESCRIBE every partition of the topic is TOPIC_AUTHORIZATION_FAILED.
 */
public final class ListOffsetsHandler extends VersionedHandler<ListOffsetsRequestData, ListOffsetsResponseData> {
    private static final long LATEST_TIERED = -5L;
    private static final long EARLIEST_PENDING_UPLOAD = -6L;

    private final LogManager logs;

    /** @param logs the topics */
    public ListOffsetsHandler(LogManager logs) {
        super(ApiKeys.LIST_OFFSETS, 1, 11);
        this.logs = logs;
    }

    @Override
    public ListOffsetsResponseData handle(RequestContext context, ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (ListOffsetsRequestData.ListOffsetsTopic requestTopic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(requestTopic.name());
            // Kafka refuses every partition of a topic the principal may not describe, before anything else
            boolean authorized = context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, requestTopic.name());
            Topic topic = logs.topic(requestTopic.name()).orElse(null);
            Set<Integer> duplicates = namedTwice(requestTopic.partitions());
            Set<Integer> answered = new HashSet<>();
            for (ListOffsetsRequestData.ListOffsetsPartition partition : requestTopic.partitions()) {
                if (!answered.add(partition.partitionIndex())) {
                    continue;
                }
                PartitionLog log = topic == null ? null : topic.partition(partition.partitionIndex());
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(partition.partitionIndex());
                if (!authorized) {
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setOffset(-1).setTimestamp(-1)
                            .setLeaderEpoch(-1);
                } else if (duplicates.contains(partition.partitionIndex())) {
                    result.setErrorCode(Errors.INVALID_REQUEST.code()).setOffset(-1).setTimestamp(-1).setLeaderEpoch(-1);
                } else if (log == null) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setOffset(-1).setTimestamp(-1)
                            .setLeaderEpoch(-1);
                } else if (LeaderEpochCheck.check(partition.currentLeaderEpoch(), log) != Errors.NONE) {
                    result.setErrorCode(LeaderEpochCheck.check(partition.currentLeaderEpoch(), log).code())
                            .setOffset(-1).setTimestamp(-1).setLeaderEpoch(-1);
                } else {
                    try {
                        TimestampOffset found = lookup(log, partition.timestamp(),
                                request.isolationLevel() == org.apache.kafka.common.IsolationLevel.READ_COMMITTED.id());
                        result.setErrorCode(Errors.NONE.code())
                                .setTimestamp(found.timestamp())
                                .setOffset(found.offset())
                                .setLeaderEpoch(context.apiVersion() >= 4 ? epochOf(log, partition.timestamp(), found) : -1);
                    } catch (RuntimeException e) {
                        result.setErrorCode(Errors.forException(e).code()).setOffset(-1).setTimestamp(-1)
                                .setLeaderEpoch(-1);
                    }
                }
                topicResponse.partitions().add(result);
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    /** @return the partitions a topic of the request names more than once */
    private static Set<Integer> namedTwice(List<ListOffsetsRequestData.ListOffsetsPartition> partitions) {
        Set<Integer> named = new HashSet<>();
        Set<Integer> duplicates = new HashSet<>();
        for (ListOffsetsRequestData.ListOffsetsPartition partition : partitions) {
            if (!named.add(partition.partitionIndex())) {
                duplicates.add(partition.partitionIndex());
            }
        }
        return duplicates;
    }

    /**
     * The latest offset comes with the current leader epoch, as Kafka answers it; any other offset found
     * with the epoch of the leader that appended it.
     */
    private static int epochOf(PartitionLog log, long timestamp, TimestampOffset found) {
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return log.leaderEpoch();
        }
        return found.offset() >= 0 ? log.leaderEpochAt(found.offset()) : -1;
    }

    /**
     * Under {@code read_committed} the latest offset is the last stable offset, and a search by time finds only
     * records before it (KIP-98), as in Kafka.
     */
    private static TimestampOffset lookup(PartitionLog log, long timestamp, boolean readCommitted) {
        TimestampOffset found = lookup(log, timestamp);
        long fetchable = readCommitted ? log.lastStableOffset() : log.highWatermark();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return new TimestampOffset(-1, fetchable);
        }
        if (readCommitted && found.offset() >= fetchable && timestamp != ListOffsetsRequest.EARLIEST_TIMESTAMP
                && timestamp != ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return new TimestampOffset(-1, -1);
        }
        return found;
    }

    private static TimestampOffset lookup(PartitionLog log, long timestamp) {
        log.checkOnline();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return new TimestampOffset(-1, log.highWatermark());
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return new TimestampOffset(-1, log.logStartOffset());
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return log.maxTimestamp();
        }
        if (timestamp == LATEST_TIERED || timestamp == EARLIEST_PENDING_UPLOAD) {
            return TimestampOffset.NONE;
        }
        return log.offsetForTimestamp(timestamp);
    }
}
