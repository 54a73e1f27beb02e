package org.kafkatck.broker.api;

import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.EpochEnd;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * OffsetForLeaderEpoch (key 23, KIP-101, KIP-320): where a leader epoch ended. A consumer that resumes
 * from a position read under an older epoch asks this to detect a log truncated under it.
 *
 * <ul>
 *   <li>v2: current leader epoch (KIP-320), throttle time; v0-v1 were removed in Kafka 4 (KIP-896).</li>
 *   <li>v3: replica id (consumers send -1). v4: flexible versions.</li>
 * </ul>
 * For the current epoch the end is the log end offset; for an older epoch, the start offset of the next
 * larger epoch, with the largest epoch at or below the one asked for (the one asked for when it is older
 * than any stored); for an epoch above every epoch, -1 and -1. A {@code current_leader_epoch} older than
 * the partition's gets FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH; an unknown topic or
 * partition UNKNOWN_TOPIC_OR_PARTITION.
 * Without CLUSTER CLUSTER_ACTION, a topic the principal may not DESCRIBE is TOPIC_AUTHORIZATION_FAILED.
 */
public final class OffsetForLeaderEpochHandler
        extends VersionedHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> {
    private final LogManager logs;

    /** @param logs the topics */
    public OffsetForLeaderEpochHandler(LogManager logs) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
        this.logs = logs;
    }

    @Override
    public OffsetForLeaderEpochResponseData handle(RequestContext context, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData().setThrottleTimeMs(0);
        // Kafka: a replica (CLUSTER_ACTION) may ask about every topic, a client about those it may describe
        boolean replica = context.authorizedCluster(AclOperation.CLUSTER_ACTION);
        for (OffsetForLeaderTopic requested : request.topics()) {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(requested.topic());
            boolean authorized = replica || context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, requested.topic());
            Topic topic = logs.topic(requested.topic()).orElse(null);
            for (OffsetForLeaderPartition partition : requested.partitions()) {
                result.partitions().add(authorized ? endOffset(topic, partition) : new EpochEndOffset()
                        .setPartition(partition.partition()).setLeaderEpoch(-1).setEndOffset(-1)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            response.topics().add(result);
        }
        return response;
    }

    private static EpochEndOffset endOffset(Topic topic, OffsetForLeaderPartition partition) {
        EpochEndOffset answer = new EpochEndOffset().setPartition(partition.partition())
                .setLeaderEpoch(-1).setEndOffset(-1);
        PartitionLog log = topic == null ? null : topic.partition(partition.partition());
        if (log == null) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Errors fencing = LeaderEpochCheck.check(partition.currentLeaderEpoch(), log);
        if (fencing != Errors.NONE) {
            return answer.setErrorCode(fencing.code());
        }
        try {
            log.checkOnline();
            EpochEnd end = log.endOffsetForEpoch(partition.leaderEpoch());
            return answer.setErrorCode(Errors.NONE.code()).setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
        } catch (RuntimeException e) {
            return answer.setErrorCode(Errors.forException(e).code());
        }
    }
}
