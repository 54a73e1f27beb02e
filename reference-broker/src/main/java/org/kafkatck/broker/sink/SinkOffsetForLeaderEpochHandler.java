package org.kafkatck.broker.sink;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.RequestContext;
import org.kafkatck.broker.api.VersionedHandler;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * OffsetForLeaderEpoch (key 23, versions 2-4, as the broker) for the sink. Every batch the sink serves carries the
 * current leader epoch, so the current epoch (and any older one asked for) ends at the sink's end offset, and an
 * epoch newer than the current is unknown (-1, -1). Without this a consumer validating its position would be told
 * the broker's empty memory log ends at 0 and "detect" a truncation. Authorization and leader epoch checks as the
 * broker.
 */
final class SinkOffsetForLeaderEpochHandler
        extends VersionedHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> {
    private final SinkLogs sink;

    SinkOffsetForLeaderEpochHandler(SinkLogs sink) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
        this.sink = sink;
    }

    @Override
    public OffsetForLeaderEpochResponseData handle(RequestContext context, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData().setThrottleTimeMs(0);
        boolean replica = context.authorizedCluster(AclOperation.CLUSTER_ACTION);
        for (OffsetForLeaderTopic requested : request.topics()) {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(requested.topic());
            boolean authorized = replica || context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, requested.topic());
            Topic topic = sink.logs().topic(requested.topic()).orElse(null);
            for (OffsetForLeaderPartition partition : requested.partitions()) {
                EpochEndOffset answer = new EpochEndOffset().setPartition(partition.partition()).setLeaderEpoch(-1)
                        .setEndOffset(-1);
                PartitionLog log = topic == null ? null : topic.partition(partition.partition());
                Errors error = !authorized ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : log == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                        : EpochCheck.check(partition.currentLeaderEpoch(), log);
                answer.setErrorCode(error.code());
                if (error == Errors.NONE && partition.leaderEpoch() <= log.leaderEpoch()) {
                    answer.setLeaderEpoch(log.leaderEpoch()).setEndOffset(sink.endOffset(topic, partition.partition()));
                }
                result.partitions().add(answer);
            }
            response.topics().add(result);
        }
        return response;
    }
}
