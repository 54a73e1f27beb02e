package org.kafkatck.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The group coordinator of this single-node cluster, for the classic consumer protocol: it owns every
 * group ({@link ClassicGroup}) and the committed offsets ({@link OffsetStore}).
 *
 * <p>JoinGroup and SyncGroup block their request's thread (a virtual thread per connection) until the
 * rebalance answers them, bounded by the rebalance timeout; timers (rebalance, session expiry) run on
 * one scheduler thread.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final String CONSUMER_PROTOCOL = "consumer";

    private final GroupSettings settings;
    private final OffsetStore offsets;
    private final Predicate<TopicPartition> partitionExists;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("group-coordinator-timers").factory());

    /**
     * @param settings        timeouts and limits
     * @param offsets         where committed offsets live
     * @param partitionExists whether a partition exists, to refuse commits for unknown ones
     */
    public GroupCoordinator(GroupSettings settings, OffsetStore offsets, Predicate<TopicPartition> partitionExists) {
        this.settings = settings;
        this.offsets = offsets;
        this.partitionExists = partitionExists;
        for (String groupId : offsets.groups()) {
            group(groupId, true);
        }
    }

    // ---------------------------------------------------------------- membership

    /** JoinGroup: waits until the rebalance answers. */
    public JoinResult join(JoinRequest request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return JoinResult.failed(Errors.INVALID_GROUP_ID, request.memberId());
        }
        if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
            return JoinResult.failed(Errors.INVALID_SESSION_TIMEOUT, request.memberId());
        }
        ClassicGroup group = group(request.groupId(), request.memberId().isEmpty());
        if (group == null) {
            return JoinResult.failed(Errors.UNKNOWN_MEMBER_ID, request.memberId());
        }
        CompletableFuture<JoinResult> answer = locked(group, () -> group.join(request));
        // an initial delay stretched up to the rebalance timeout, then a join phase of up to as long
        long bound = 2L * Math.max(request.rebalanceTimeoutMs(), settings.initialRebalanceDelayMs()) + 5_000L;
        return await(answer, bound, JoinResult.failed(Errors.REBALANCE_IN_PROGRESS, request.memberId()));
    }

    /** SyncGroup: the leader's call completes every member's; others wait for it. */
    public SyncResult sync(String groupId, String memberId, String instanceId, int generation, String protocolType,
                           String protocolName, Map<String, byte[]> assignments, int waitMs) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return SyncResult.failed(Errors.UNKNOWN_MEMBER_ID);
        }
        CompletableFuture<SyncResult> answer = locked(group, () -> group.sync(memberId, instanceId, generation,
                protocolType, protocolName, assignments));
        return await(answer, waitMs, SyncResult.failed(Errors.REBALANCE_IN_PROGRESS));
    }

    /** Heartbeat: keeps the member's session alive and tells it about rebalances. */
    public Errors heartbeat(String groupId, String memberId, String instanceId, int generation) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return locked(group, () -> group.heartbeat(memberId, instanceId, generation));
    }

    /** LeaveGroup for one member; {@code null} when the group does not exist. */
    public Errors leave(String groupId, String memberId, String instanceId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return null;
        }
        return locked(group, () -> group.leave(memberId, instanceId));
    }

    // ---------------------------------------------------------------- offsets
    //
    // Every operation on a group's offsets runs under the group's lock, the one rebalances and
    // DeleteGroups take: a commit is validated and written in one step, so it lands before a
    // rebalance or deletion that follows its validation, never after; and a reader sees a commit
    // whole or not at all. This is the serialisation Apache Kafka gets from running every operation
    // of a group on its coordinator shard's single thread.

    /**
     * OffsetCommit, as Apache Kafka 4.4 validates it: a commit with a negative generation comes from
     * a client outside group management (or the Admin client) and is accepted while the group has no
     * members, creating the group if needed; any other commit must come from a current member of the
     * current generation, and gets GROUP_ID_NOT_FOUND when the group does not exist.
     *
     * @return the error of each partition
     */
    public Map<TopicPartition, Errors> commit(String groupId, int generation, String memberId, String instanceId,
                                              Map<TopicPartition, CommittedOffset> commits) {
        if (groupId == null || groupId.isEmpty()) {
            return sameError(commits, Errors.INVALID_GROUP_ID);
        }
        while (true) {
            ClassicGroup group = group(groupId, generation < 0);
            if (group == null) {
                return sameError(commits, Errors.GROUP_ID_NOT_FOUND);
            }
            Map<TopicPartition, Errors> result = locked(group, () -> group.state() == GroupState.DEAD
                    ? null : commitLocked(group, generation, memberId, instanceId, commits));
            if (result != null) {
                return result;
            }
            // DeleteGroups took the group between our lookup and our lock: the commit comes after the
            // deletion, as it would on Kafka's coordinator, and finds a new group or none
        }
    }

    private Map<TopicPartition, Errors> commitLocked(ClassicGroup group, int generation, String memberId,
                                                     String instanceId, Map<TopicPartition, CommittedOffset> commits) {
        Errors groupError = validateCommit(group, generation, memberId, instanceId);
        if (groupError != Errors.NONE) {
            return sameError(commits, groupError);
        }
        Map<TopicPartition, Errors> result = new HashMap<>();
        Map<TopicPartition, CommittedOffset> accepted = new HashMap<>();
        for (Map.Entry<TopicPartition, CommittedOffset> commit : commits.entrySet()) {
            TopicPartition tp = commit.getKey();
            String metadata = commit.getValue().metadata();
            Errors error = Errors.NONE;
            if (!partitionExists.test(tp)) {
                error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            } else if (metadata != null && metadata.length() > settings.maxMetadataBytes()) {
                error = Errors.OFFSET_METADATA_TOO_LARGE;
            } else {
                accepted.put(tp, commit.getValue());
            }
            result.put(tp, error);
        }
        try {
            offsets.commit(group.groupId, accepted);
        } catch (KafkaStorageException e) {
            // Kafka's coordinator answers a commit it cannot write with NOT_COORDINATOR: the client looks
            // for the coordinator again and retries
            for (TopicPartition tp : accepted.keySet()) {
                result.put(tp, Errors.NOT_COORDINATOR);
            }
        }
        return result;
    }

    /**
     * TxnOffsetCommit (KIP-98, KIP-447), as Apache Kafka validates it: offsets of a transaction stay pending until
     * it ends ({@link #endTransaction}). A commit without group metadata (generation -1, no member, no instance)
     * is accepted even while the group has members, as pre-KIP-447 clients need; one with metadata must come from
     * a current member of the current generation. A commit that names a generation finds no group:
     * GROUP_ID_NOT_FOUND (which the handler answers as ILLEGAL_GENERATION below v6).
     *
     * @return the error of each partition
     */
    public Map<TopicPartition, Errors> commitTransactional(String groupId, long producerId, int generation,
                                                           String memberId, String instanceId,
                                                           Map<TopicPartition, CommittedOffset> commits) {
        if (groupId == null || groupId.isEmpty()) {
            return sameError(commits, Errors.INVALID_GROUP_ID);
        }
        while (true) {
            ClassicGroup group = group(groupId, generation < 0);
            if (group == null) {
                return sameError(commits, Errors.GROUP_ID_NOT_FOUND);
            }
            Map<TopicPartition, Errors> result = locked(group, () -> {
                if (group.state() == GroupState.DEAD) {
                    return null;
                }
                boolean withMetadata = generation >= 0 || (memberId != null && !memberId.isEmpty()) || instanceId != null;
                Errors groupError = withMetadata ? group.validateMember(memberId, instanceId, generation) : Errors.NONE;
                if (groupError != Errors.NONE) {
                    return sameError(commits, groupError);
                }
                Map<TopicPartition, Errors> errors = new HashMap<>();
                Map<TopicPartition, CommittedOffset> accepted = new HashMap<>();
                for (Map.Entry<TopicPartition, CommittedOffset> commit : commits.entrySet()) {
                    String metadata = commit.getValue().metadata();
                    Errors error = Errors.NONE;
                    if (!partitionExists.test(commit.getKey())) {
                        error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    } else if (metadata != null && metadata.length() > settings.maxMetadataBytes()) {
                        error = Errors.OFFSET_METADATA_TOO_LARGE;
                    } else {
                        accepted.put(commit.getKey(), commit.getValue());
                    }
                    errors.put(commit.getKey(), error);
                }
                offsets.commitPending(groupId, producerId, accepted);
                return errors;
            });
            if (result != null) {
                return result;
            }
        }
    }

    /** Ends a transaction for a group: the producer's pending offsets become committed, or are dropped. */
    public void endTransaction(String groupId, long producerId, boolean commit) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            offsets.endPending(groupId, producerId, commit);
            return;
        }
        locked(group, () -> {
            offsets.endPending(groupId, producerId, commit);
            return null;
        });
    }

    /** @return whether a transaction has offsets pending for {@code partition} in the group (KIP-447) */
    public boolean hasPendingOffset(String groupId, TopicPartition partition) {
        return offsets.hasPending(groupId, partition);
    }

    /** Kafka's ClassicGroup.validateOffsetCommit, for a live group; called with the group's lock held. */
    private static Errors validateCommit(ClassicGroup group, int generation, String memberId, String instanceId) {
        if (generation < 0 && group.state() == GroupState.EMPTY) {
            return Errors.NONE;
        }
        boolean fromMember = generation >= 0 || (memberId != null && !memberId.isEmpty()) || instanceId != null;
        if (fromMember) {
            Errors error = group.validateMember(memberId, instanceId, generation);
            if (error != Errors.NONE) {
                return error;
            }
        } else if (group.state() != GroupState.EMPTY) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return group.state() == GroupState.COMPLETING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    private static Map<TopicPartition, Errors> sameError(Map<TopicPartition, CommittedOffset> commits, Errors error) {
        Map<TopicPartition, Errors> result = new HashMap<>();
        commits.keySet().forEach(tp -> result.put(tp, error));
        return result;
    }

    /** @return the group's committed offsets (empty for an unknown group) */
    public Map<TopicPartition, CommittedOffset> committed(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Map.of();
        }
        return locked(group, () -> group.state() == GroupState.DEAD ? Map.of() : offsets.offsets(groupId));
    }

    /**
     * OffsetDelete: forgets committed offsets of partitions the group is not subscribed to.
     *
     * @return the error of each partition, or {@code null} when the group does not exist
     */
    public Map<TopicPartition, Errors> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return null;
        }
        return locked(group, () -> {
            if (group.state() == GroupState.DEAD) {
                return null;
            }
            Set<String> subscribed = subscribedTopics(group);
            Map<TopicPartition, Errors> result = new HashMap<>();
            Set<TopicPartition> deletable = new HashSet<>();
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    result.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    result.put(tp, Errors.NONE);
                    deletable.add(tp);
                }
            }
            offsets.delete(groupId, deletable);
            return result;
        });
    }

    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        if (!CONSUMER_PROTOCOL.equals(group.protocolType()) || group.protocolName() == null) {
            return topics;
        }
        for (GroupMember member : group.members()) {
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(
                        ByteBuffer.wrap(member.metadata(group.protocolName()))).topics());
            } catch (RuntimeException e) {
                // metadata that is not a consumer subscription subscribes to nothing we can name
            }
        }
        return topics;
    }

    /**
     * Forgets committed offsets of a deleted topic in every group, each under its group's lock so that
     * a commit to the topic validated just before the deletion is deleted too, not left behind.
     */
    public void topicDeleted(String topic) {
        for (ClassicGroup group : groups.values()) {
            locked(group, () -> {
                if (group.state() != GroupState.DEAD) {
                    Set<TopicPartition> partitions = new HashSet<>();
                    offsets.offsets(group.groupId).keySet().stream().filter(tp -> tp.topic().equals(topic))
                            .forEach(partitions::add);
                    offsets.delete(group.groupId, partitions);
                }
                return null;
            });
        }
    }

    // ---------------------------------------------------------------- groups

    /** @return the description of a group, or {@code null} when it does not exist */
    public GroupDescription describe(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return null;
        }
        return locked(group, () -> {
            List<GroupDescription.Member> members = new ArrayList<>();
            for (GroupMember m : group.members()) {
                members.add(new GroupDescription.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                        group.protocolName() == null ? new byte[0] : m.metadata(group.protocolName()), m.assignment));
            }
            String protocolName = group.state() == GroupState.STABLE || group.state() == GroupState.COMPLETING_REBALANCE
                    ? group.protocolName() : "";
            return new GroupDescription(group.groupId, group.state(),
                    group.protocolType() == null ? "" : group.protocolType(),
                    protocolName == null ? "" : protocolName, members);
        });
    }

    /** @return every group that exists, described */
    public List<GroupDescription> list() {
        List<GroupDescription> all = new ArrayList<>();
        for (String groupId : groups.keySet()) {
            GroupDescription description = describe(groupId);
            if (description != null && description.state() != GroupState.DEAD) {
                all.add(description);
            }
        }
        return all;
    }

    /** DeleteGroups for one group: only a group without members can be deleted. */
    public Errors delete(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        return locked(group, () -> {
            if (group.state() == GroupState.DEAD) {
                return Errors.GROUP_ID_NOT_FOUND;
            }
            if (group.state() != GroupState.EMPTY) {
                return Errors.NON_EMPTY_GROUP;
            }
            // persisted first: if the store fails, the group and its offsets stay as they were
            offsets.deleteGroup(groupId);
            group.markDead();
            groups.remove(groupId, group);
            return Errors.NONE;
        });
    }

    @Override
    public void close() {
        timers.shutdownNow();
        offsets.close();
    }

    /** @return the group, created if absent and asked to, or {@code null} (package-private: tests watch its lock) */
    ClassicGroup group(String groupId, boolean createIfAbsent) {
        if (createIfAbsent) {
            return groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, settings, timers));
        }
        return groups.get(groupId);
    }

    private static <T> T locked(ClassicGroup group, Supplier<T> action) {
        group.lock.lock();
        try {
            return action.get();
        } finally {
            group.lock.unlock();
        }
    }

    private static <T> T await(CompletableFuture<T> future, long timeoutMs, T onTimeout) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return onTimeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return onTimeout;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
