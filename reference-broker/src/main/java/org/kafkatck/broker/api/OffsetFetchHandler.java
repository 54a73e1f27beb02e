package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.CommittedOffset;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * OffsetFetch (key 9): the offsets a group committed, with their metadata and leader epochs.
 *
 * <ul>
 *   <li>v1: the oldest Kafka 4 keeps (KIP-896). v2: a top-level error; all topics when the list is null.</li>
 *   <li>v3: throttle time. v4: same format. v5: leader epoch (KIP-320). v6: flexible versions.</li>
 *   <li>v7: {@code requireStable} (KIP-447): a partition with offsets pending in an open transaction is
 *       UNSTABLE_OFFSET_COMMIT (offset -1) instead of its last committed offset, so a consumer that starts
 *       after a crash does not read from before what the transaction will commit.</li>
 *   <li>v8: several groups per request (KIP-709), answered per group.</li>
 *   <li>v9: member id and epoch of the new protocol (KIP-848). v10: topics by id.</li>
 * </ul>
 * A partition without a committed offset, or a group that does not exist, answers offset -1.
 * A group the principal may not DESCRIBE is GROUP_AUTHORIZATION_FAILED (per group from v8); a named topic it may
 * not DESCRIBE answers TOPIC_AUTHORIZATION_FAILED (offset -1) per partition, and is left out of an all-topics answer.
 */
public final class OffsetFetchHandler extends VersionedHandler<OffsetFetchRequestData, OffsetFetchResponseData> {
    private final GroupCoordinator coordinator;
    private final LogManager logs;

    /**
     * @param coordinator the group coordinator
     * @param logs        the topics, to resolve topic ids
     */
    public OffsetFetchHandler(GroupCoordinator coordinator, LogManager logs) {
        super(ApiKeys.OFFSET_FETCH, 1, 10);
        this.coordinator = coordinator;
        this.logs = logs;
    }

    /** A requested topic: its name, its id (v10) and the partitions asked for. */
    private record Wanted(String name, Uuid id, List<Integer> partitions) {
    }

    @Override
    public OffsetFetchResponseData handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData().setThrottleTimeMs(0);
        if (version < 8) {
            if (!context.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, request.groupId())) {
                return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
            }
            List<Wanted> wanted = request.topics() == null ? null : request.topics().stream()
                    .map(t -> new Wanted(t.name(), Uuid.ZERO_UUID, t.partitionIndexes())).toList();
            List<OffsetFetchResponseData.OffsetFetchResponseTopic> topics = new ArrayList<>();
            for (TopicResult result : fetch(context, request.groupId(), wanted, false,
                    version >= 7 && request.requireStable())) {
                OffsetFetchResponseData.OffsetFetchResponseTopic topic = new OffsetFetchResponseData
                        .OffsetFetchResponseTopic().setName(result.name);
                result.partitions.forEach((partition, offset) -> topic.partitions().add(
                        new OffsetFetchResponseData.OffsetFetchResponsePartition().setPartitionIndex(partition)
                                .setCommittedOffset(offset.offset()).setCommittedLeaderEpoch(offset.leaderEpoch())
                                .setMetadata(offset.metadata())
                                .setErrorCode(errorOf(result, offset).code())));
                topics.add(topic);
            }
            return response.setErrorCode(Errors.NONE.code()).setTopics(topics);
        }
        for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
            List<Wanted> wanted = group.topics() == null ? null : group.topics().stream()
                    .map(t -> new Wanted(version >= 10 ? nameOf(t.topicId()) : t.name(), t.topicId(),
                            t.partitionIndexes())).toList();
            OffsetFetchResponseData.OffsetFetchResponseGroup result = new OffsetFetchResponseData
                    .OffsetFetchResponseGroup().setGroupId(group.groupId()).setErrorCode(Errors.NONE.code());
            response.groups().add(result);
            if (!context.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, group.groupId())) {
                result.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
                continue;
            }
            for (TopicResult topicResult : fetch(context, group.groupId(), wanted, version >= 10,
                    request.requireStable())) {
                OffsetFetchResponseData.OffsetFetchResponseTopics topic = new OffsetFetchResponseData
                        .OffsetFetchResponseTopics().setName(version >= 10 ? "" : topicResult.name)
                        .setTopicId(version >= 10 ? topicResult.id : Uuid.ZERO_UUID);
                topicResult.partitions.forEach((partition, offset) -> topic.partitions().add(
                        new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(partition)
                                .setCommittedOffset(offset.offset()).setCommittedLeaderEpoch(offset.leaderEpoch())
                                .setMetadata(offset.metadata())
                                .setErrorCode(errorOf(topicResult, offset).code())));
                result.topics().add(topic);
            }
        }
        return response;
    }

    private static final class TopicResult {
        private final String name;
        private final Uuid id;
        private final Map<Integer, CommittedOffset> partitions = new TreeMap<>();

        private TopicResult(String name, Uuid id) {
            this.name = name;
            this.id = id;
        }
    }

    private static final CommittedOffset NONE = new CommittedOffset(-1, -1, "", -1);
    /** Stands for an offset a transaction has pending, under {@code requireStable}; compared by identity. */
    private static final CommittedOffset UNSTABLE = new CommittedOffset(-1, -1, "", -1);
    /** Stands for a partition of a topic the principal may not describe; compared by identity. */
    private static final CommittedOffset UNAUTHORIZED = new CommittedOffset(-1, -1, "", -1);

    private static Errors errorOf(TopicResult topic, CommittedOffset offset) {
        if (topic.name == null) {
            return Errors.UNKNOWN_TOPIC_ID;
        }
        return offset == UNAUTHORIZED ? Errors.TOPIC_AUTHORIZATION_FAILED
                : offset == UNSTABLE ? Errors.UNSTABLE_OFFSET_COMMIT : Errors.NONE;
    }

    private List<TopicResult> fetch(RequestContext context, String groupId, List<Wanted> wanted, boolean byId, boolean requireStable) {
        Map<TopicPartition, CommittedOffset> committed = new java.util.HashMap<>(coordinator.committed(groupId));
        if (requireStable) {
            committed.replaceAll((tp, offset) -> coordinator.hasPendingOffset(groupId, tp) ? UNSTABLE : offset);
        }
        Map<String, TopicResult> results = new LinkedHashMap<>();
        if (wanted == null) {
            // every committed offset, topic by topic (TopicResult keeps partitions sorted)
            Map<TopicPartition, CommittedOffset> sorted = new TreeMap<>(
                    java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            committed.keySet().removeIf(tp -> !context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, tp.topic()));
            sorted.putAll(committed);
            sorted.forEach((tp, offset) -> results
                    .computeIfAbsent(tp.topic(), t -> new TopicResult(t, idOf(t)))
                    .partitions.put(tp.partition(), offset == UNSTABLE ? UNSTABLE : withMetadata(offset)));
            return new ArrayList<>(results.values());
        }
        List<TopicResult> ordered = new ArrayList<>();
        for (Wanted topic : wanted) {
            TopicResult result = new TopicResult(topic.name(), byId ? topic.id() : idOf(topic.name()));
            if (topic.name() != null && !context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name())) {
                topic.partitions().forEach(partition -> result.partitions.put(partition, UNAUTHORIZED));
                ordered.add(result);
                continue;
            }
            for (int partition : topic.partitions()) {
                TopicPartition tp = topic.name() == null ? null : new TopicPartition(topic.name(), partition);
                CommittedOffset offset = tp == null ? null : committed.get(tp);
                if (requireStable && tp != null && coordinator.hasPendingOffset(groupId, tp)) {
                    offset = UNSTABLE;
                }
                result.partitions.put(partition, offset == null ? NONE : offset == UNSTABLE ? UNSTABLE : withMetadata(offset));
            }
            ordered.add(result);
        }
        return ordered;
    }

    private static CommittedOffset withMetadata(CommittedOffset offset) {
        return offset.metadata() == null
                ? new CommittedOffset(offset.offset(), offset.leaderEpoch(), "", offset.commitTimestamp()) : offset;
    }

    private String nameOf(Uuid id) {
        return logs.topic(id).map(Topic::name).orElse(null);
    }

    private Uuid idOf(String name) {
        return name == null ? Uuid.ZERO_UUID : logs.topic(name).map(Topic::id).orElse(Uuid.ZERO_UUID);
    }
}
