package org.kafkatck.tck.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetCommit and OffsetFetch sent raw, so a scenario sees every field the coordinator stored and
 * answered (offset, metadata, committed leader epoch, per-partition error) rather than what a client
 * makes of it. Both use the versions that still name topics (OffsetCommit v9, OffsetFetch v9; v10
 * switched to topic ids).
 */
public final class OffsetRequests {
    /** Newest OffsetCommit version that names topics. */
    public static final short LAST_COMMIT_VERSION_WITH_NAMES = 9;
    /** Newest OffsetFetch version that names topics. */
    public static final short LAST_FETCH_VERSION_WITH_NAMES = 9;

    private OffsetRequests() {
    }

    /**
     * One partition of an OffsetFetch answer.
     *
     * @param offset      committed_offset (-1 when nothing is committed)
     * @param leaderEpoch committed_leader_epoch (-1 when unknown)
     * @param metadata    the commit's metadata (may be null)
     * @param error       the partition's error code
     */
    public record Committed(long offset, int leaderEpoch, String metadata, Errors error) {
    }

    /**
     * The whole OffsetFetch answer for one group.
     *
     * @param error      the group-level error (NONE on versions without one)
     * @param partitions every partition of the answer, in answer order
     */
    public record Fetched(Errors error, Map<TopicPartition, Committed> partitions) {
    }

    /**
     * Commits one offset.
     *
     * @param generation generation of the committing member, or -1 outside group management
     * @param memberId   the member's id, or "" outside group management
     * @return the partition's error code
     */
    public static Errors commit(RawConnection coordinator, String group, int generation, String memberId,
                                String topic, int partition, long offset, int leaderEpoch, String metadata) {
        short version = coordinator.version(ApiKeys.OFFSET_COMMIT, LAST_COMMIT_VERSION_WITH_NAMES);
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId(group).setGenerationIdOrMemberEpoch(generation).setMemberId(memberId)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(partition).setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(leaderEpoch).setCommittedMetadata(metadata)))));
        OffsetCommitResponseData response = coordinator.send(ApiKeys.OFFSET_COMMIT, version, request);
        if (response.topics().size() != 1 || response.topics().get(0).partitions().size() != 1) {
            throw new AssertionError("OffsetCommit for one partition was answered with " + response);
        }
        OffsetCommitResponseData.OffsetCommitResponsePartition answer = response.topics().get(0).partitions().get(0);
        if (!topic.equals(response.topics().get(0).name()) || answer.partitionIndex() != partition) {
            throw new AssertionError("OffsetCommit for " + topic + "-" + partition + " was answered for "
                    + response.topics().get(0).name() + "-" + answer.partitionIndex());
        }
        return Errors.forCode(answer.errorCode());
    }

    /**
     * Fetches committed offsets of one group.
     *
     * @param topic      the topic asked for, or null for every partition the group committed
     * @param partitions the partitions of {@code topic} asked for
     */
    public static Fetched fetch(RawConnection coordinator, String group, String topic, List<Integer> partitions) {
        short version = coordinator.version(ApiKeys.OFFSET_FETCH, LAST_FETCH_VERSION_WITH_NAMES);
        OffsetFetchRequestData request = new OffsetFetchRequestData();
        Map<TopicPartition, Committed> answer = new LinkedHashMap<>();
        if (version >= 8) {
            request.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                    .setTopics(topic == null ? null : List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                            .setName(topic).setPartitionIndexes(partitions)))));
            OffsetFetchResponseData response = coordinator.send(ApiKeys.OFFSET_FETCH, version, request);
            if (response.groups().size() != 1 || !group.equals(response.groups().get(0).groupId())) {
                throw new AssertionError("OffsetFetch for group " + group + " was answered with " + response);
            }
            OffsetFetchResponseData.OffsetFetchResponseGroup g = response.groups().get(0);
            g.topics().forEach(t -> t.partitions().forEach(p -> answer.put(new TopicPartition(t.name(), p.partitionIndex()),
                    new Committed(p.committedOffset(), p.committedLeaderEpoch(), p.metadata(),
                            Errors.forCode(p.errorCode())))));
            return new Fetched(Errors.forCode(g.errorCode()), answer);
        }
        request.setGroupId(group).setTopics(topic == null ? null : List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                .setName(topic).setPartitionIndexes(partitions)));
        OffsetFetchResponseData response = coordinator.send(ApiKeys.OFFSET_FETCH, version, request);
        response.topics().forEach(t -> t.partitions().forEach(p -> answer.put(new TopicPartition(t.name(), p.partitionIndex()),
                new Committed(p.committedOffset(), p.committedLeaderEpoch(), p.metadata(), Errors.forCode(p.errorCode())))));
        return new Fetched(Errors.forCode(response.errorCode()), answer);
    }
}
