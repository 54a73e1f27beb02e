package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.CommittedOffset;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * OffsetCommit (key 8): a group records how far it consumed each partition.
 *
 * <ul>
 *   <li>v2: the oldest Kafka 4 keeps (KIP-896): generation, member id, retention time.</li>
 *   <li>v3: throttle time. v4: same format. v5: retention time removed (KIP-211).</li>
 *   <li>v6: leader epoch per partition (KIP-320). v7: group instance id (KIP-345).</li>
 *   <li>v8: flexible versions. v9: member epochs of the new protocol (KIP-848).</li>
 *   <li>v10: topics by id (KIP-848); an unknown id gets UNKNOWN_TOPIC_ID.</li>
 * </ul>
 * A commit with generation -1 (the Admin client, or a consumer that assigns itself partitions) is
 * accepted only while the group has no members; otherwise the member must be current
 * (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS). A commit with a generation to a
 * group that does not exist gets GROUP_ID_NOT_FOUND from v9, ILLEGAL_GENERATION before. Unknown
 * partitions get UNKNOWN_TOPIC_OR_PARTITION and metadata above 4096 characters OFFSET_METADATA_TOO_LARGE.
 * Without GROUP READ every partition is GROUP_AUTHORIZATION_FAILED; a topic without TOPIC READ is
 * TOPIC_AUTHORIZATION_FAILED and its offsets are not committed.
 */
public final class OffsetCommitHandler extends VersionedHandler<OffsetCommitRequestData, OffsetCommitResponseData> {
    private final GroupCoordinator coordinator;
    private final LogManager logs;

    /**
     * @param coordinator the group coordinator
     * @param logs        the topics, to resolve topic ids
     */
    public OffsetCommitHandler(GroupCoordinator coordinator, LogManager logs) {
        super(ApiKeys.OFFSET_COMMIT, 2, 10);
        this.coordinator = coordinator;
        this.logs = logs;
    }

    @Override
    public OffsetCommitResponseData handle(RequestContext context, OffsetCommitRequestData request) {
        short version = context.apiVersion();
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        long now = System.currentTimeMillis();
        Map<TopicPartition, CommittedOffset> commits = new LinkedHashMap<>();
        OffsetCommitResponseData response = new OffsetCommitResponseData().setThrottleTimeMs(0);
        Map<OffsetCommitRequestData.OffsetCommitRequestTopic, String> names = new LinkedHashMap<>();
        Set<OffsetCommitRequestData.OffsetCommitRequestTopic> unauthorized = new HashSet<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            String name = version >= 10 ? logs.topic(topic.topicId()).map(Topic::name).orElse(null) : topic.name();
            names.put(topic, name);
            if (name == null) {
                continue;
            }
            if (!context.authorized(AclOperation.READ, ResourceType.TOPIC, name)) {
                unauthorized.add(topic);
                continue;
            }
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                commits.put(new TopicPartition(name, p.partitionIndex()), new CommittedOffset(p.committedOffset(),
                        version >= 6 ? p.committedLeaderEpoch() : -1, p.committedMetadata(), now));
            }
        }
        Map<TopicPartition, Errors> errors = coordinator.commit(request.groupId(), request.generationIdOrMemberEpoch(),
                request.memberId(), version >= 7 ? request.groupInstanceId() : null, commits);
        for (Map.Entry<OffsetCommitRequestData.OffsetCommitRequestTopic, String> entry : names.entrySet()) {
            OffsetCommitRequestData.OffsetCommitRequestTopic topic = entry.getKey();
            OffsetCommitResponseData.OffsetCommitResponseTopic result = new OffsetCommitResponseData
                    .OffsetCommitResponseTopic().setName(version >= 10 ? "" : topic.name())
                    .setTopicId(version >= 10 ? topic.topicId() : Uuid.ZERO_UUID);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = entry.getValue() == null ? Errors.UNKNOWN_TOPIC_ID
                        : unauthorized.contains(topic) ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : errors.get(new TopicPartition(entry.getValue(), p.partitionIndex()));
                if (error == Errors.GROUP_ID_NOT_FOUND && version < 9) {
                    // before v9 Kafka answers a commit to a group that does not exist as a stale generation
                    error = Errors.ILLEGAL_GENERATION;
                }
                result.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(result);
        }
        return response;
    }
}
