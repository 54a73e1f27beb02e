package org.kafkatck.broker.sink;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.RequestContext;
import org.kafkatck.broker.api.VersionedHandler;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * ListOffsets (key 2, versions 1-11, as the broker) for the sink: earliest (and earliest local) is 0, latest the
 * partition's end under either isolation level (the sink has no transactions), both with the current leader epoch.
 * The sink keeps no timestamps, so a search by time, the max-timestamp query and the tiered-storage queries find
 * nothing (offset -1). DESCRIBE authorization, leader epoch checks and a partition named twice (INVALID_REQUEST) as
 * the broker.
 */
final class SinkListOffsetsHandler extends VersionedHandler<ListOffsetsRequestData, ListOffsetsResponseData> {
    private final SinkLogs sink;

    SinkListOffsetsHandler(SinkLogs sink) {
        super(ApiKeys.LIST_OFFSETS, 1, 11);
        this.sink = sink;
    }

    @Override
    public ListOffsetsResponseData handle(RequestContext context, ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (ListOffsetsRequestData.ListOffsetsTopic requestTopic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(requestTopic.name());
            boolean authorized = context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, requestTopic.name());
            Topic topic = sink.logs().topic(requestTopic.name()).orElse(null);
            Set<Integer> named = new HashSet<>();
            Set<Integer> duplicates = new HashSet<>();
            requestTopic.partitions().forEach(p -> {
                if (!named.add(p.partitionIndex())) {
                    duplicates.add(p.partitionIndex());
                }
            });
            Set<Integer> answered = new HashSet<>();
            for (ListOffsetsRequestData.ListOffsetsPartition partition : requestTopic.partitions()) {
                if (!answered.add(partition.partitionIndex())) {
                    continue;
                }
                PartitionLog log = topic == null ? null : topic.partition(partition.partitionIndex());
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(partition.partitionIndex()).setOffset(-1).setTimestamp(-1).setLeaderEpoch(-1);
                Errors error = !authorized ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : duplicates.contains(partition.partitionIndex()) ? Errors.INVALID_REQUEST
                        : log == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                        : EpochCheck.check(partition.currentLeaderEpoch(), log);
                result.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    long offset = offset(topic, partition.partitionIndex(), partition.timestamp());
                    result.setOffset(offset)
                            .setLeaderEpoch(offset >= 0 && context.apiVersion() >= 4 ? log.leaderEpoch() : -1);
                }
                topicResponse.partitions().add(result);
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    private long offset(Topic topic, int partition, long timestamp) {
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return sink.endOffset(topic, partition);
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return 0;
        }
        return -1;
    }
}
