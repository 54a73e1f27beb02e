package org.kafkatck.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.protocol.Errors;

/**
 * One consumer group of the classic protocol and its rebalance state machine, as Apache Kafka runs it:
 *
 * <pre>
 * Empty ──join──► PreparingRebalance ──all joined / rebalance timeout──► CompletingRebalance
 *   ▲                    ▲   (members rejoin)                                   │ leader's SyncGroup
 *   └── last member ─────┴──────── join, leave, expiry, leader rejoin ◄── Stable ◄┘
 * </pre>
 *
 * Every method is called with {@link #lock} held; JoinGroup and SyncGroup answers are futures that
 * the rebalance completes, awaited by the request's own thread.
 */
final class ClassicGroup {
    final String groupId;
    final ReentrantLock lock = new ReentrantLock();
    private final GroupSettings settings;
    private final ScheduledExecutorService timers;

    private GroupState state = GroupState.EMPTY;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Set<String> pendingMembers = new HashSet<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private ScheduledFuture<?> rebalanceTimer;
    private boolean initialDelayRunning;
    /** Whether a member joined during the current stretch of the initial delay, which then runs once more. */
    private boolean newMemberAdded;

    ClassicGroup(String groupId, GroupSettings settings, ScheduledExecutorService timers) {
        this.groupId = groupId;
        this.settings = settings;
        this.timers = timers;
    }

    GroupState state() {
        return state;
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    List<GroupMember> members() {
        return List.copyOf(members.values());
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    /** Marks the group deleted; requests racing the deletion see COORDINATOR_NOT_AVAILABLE. */
    void markDead() {
        state = GroupState.DEAD;
        cancel(rebalanceTimer);
    }

    // ---------------------------------------------------------------- JoinGroup

    /** @return the join's answer, possibly not yet complete (the rebalance completes it) */
    CompletableFuture<JoinResult> join(JoinRequest request) {
        if (state == GroupState.DEAD) {
            return done(JoinResult.failed(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId()));
        }
        if (!acceptsProtocols(request)) {
            return done(JoinResult.failed(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        String memberId = request.memberId();
        if (memberId.isEmpty()) {
            if (request.groupInstanceId() != null) {
                return joinStaticWithoutId(request);
            }
            String newId = newMemberId(request.clientId());
            if (request.requireKnownMemberId()) {
                // KIP-394: hand out the id first, so a member that never comes back leaves no trace
                pendingMembers.add(newId);
                timers.schedule(() -> expirePending(newId), request.sessionTimeoutMs(), TimeUnit.MILLISECONDS);
                return done(JoinResult.failed(Errors.MEMBER_ID_REQUIRED, newId));
            }
            return addMemberAndRebalance(newId, request);
        }
        if (pendingMembers.remove(memberId)) {
            return addMemberAndRebalance(memberId, request);
        }
        GroupMember member = members.get(memberId);
        if (member == null) {
            boolean fenced = request.groupInstanceId() != null && staticMembers.containsKey(request.groupInstanceId());
            return done(JoinResult.failed(fenced ? Errors.FENCED_INSTANCE_ID : Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        if (!java.util.Objects.equals(member.groupInstanceId, request.groupInstanceId())) {
            return done(JoinResult.failed(Errors.FENCED_INSTANCE_ID, memberId));
        }
        return rejoin(member, request);
    }

    private CompletableFuture<JoinResult> rejoin(GroupMember member, JoinRequest request) {
        boolean unchanged = member.sameProtocols(request.protocols());
        scheduleSessionExpiry(member);
        switch (state) {
            case PREPARING_REBALANCE -> {
                member.update(request);
                return awaitJoin(member);
            }
            case COMPLETING_REBALANCE -> {
                if (unchanged) {
                    // the member missed the join response: give it again
                    return done(joinResult(member, false));
                }
                member.update(request);
                CompletableFuture<JoinResult> future = awaitJoin(member);
                prepareRebalance();
                return future;
            }
            case STABLE -> {
                if (unchanged && !member.memberId.equals(leaderId)) {
                    return done(joinResult(member, false));
                }
                member.update(request);
                CompletableFuture<JoinResult> future = awaitJoin(member);
                prepareRebalance();
                return future;
            }
            default -> {
                return done(JoinResult.failed(Errors.UNKNOWN_MEMBER_ID, member.memberId));
            }
        }
    }

    /** A static member (KIP-345) joining without a member id: new or restarted. */
    private CompletableFuture<JoinResult> joinStaticWithoutId(JoinRequest request) {
        String instanceId = request.groupInstanceId();
        String oldId = staticMembers.get(instanceId);
        String newId = newMemberId(instanceId);
        if (oldId == null) {
            return addMemberAndRebalance(newId, request);
        }
        GroupMember old = members.remove(oldId);
        GroupMember replacement = new GroupMember(newId, request);
        boolean unchanged = old.sameProtocols(request.protocols());
        replacement.assignment = old.assignment;
        members.put(newId, replacement);
        staticMembers.put(instanceId, newId);
        if (leaderId != null && leaderId.equals(oldId)) {
            leaderId = newId;
        }
        cancel(old.sessionTimer);
        completeFenced(old);
        scheduleSessionExpiry(replacement);
        if (state == GroupState.STABLE && unchanged) {
            // a restarted static member takes its place back without a rebalance
            return done(joinResult(replacement, replacement.memberId.equals(leaderId)));
        }
        CompletableFuture<JoinResult> future = awaitJoin(replacement);
        if (state == GroupState.PREPARING_REBALANCE) {
            tryCompleteJoin();
        } else {
            prepareRebalance();
        }
        return future;
    }

    private CompletableFuture<JoinResult> addMemberAndRebalance(String memberId, JoinRequest request) {
        GroupMember member = new GroupMember(memberId, request);
        members.put(memberId, member);
        if (member.groupInstanceId != null) {
            staticMembers.put(member.groupInstanceId, memberId);
        }
        if (protocolType == null) {
            protocolType = request.protocolType();
        }
        CompletableFuture<JoinResult> future = awaitJoin(member);
        if (state == GroupState.PREPARING_REBALANCE) {
            newMemberAdded |= initialDelayRunning;
            tryCompleteJoin();
        } else {
            prepareRebalance();
        }
        return future;
    }

    private CompletableFuture<JoinResult> awaitJoin(GroupMember member) {
        if (member.joinFuture != null) {
            // a second join while the first still waits: the first gets the same answer
            return member.joinFuture;
        }
        member.joinFuture = new CompletableFuture<>();
        CompletableFuture<JoinResult> future = member.joinFuture;
        if (state == GroupState.PREPARING_REBALANCE) {
            tryCompleteJoin();
        }
        return future;
    }

    private boolean acceptsProtocols(JoinRequest request) {
        if (request.protocolType() == null || request.protocolType().isEmpty() || request.protocols().isEmpty()) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        if (!request.protocolType().equals(protocolType)) {
            return false;
        }
        Set<String> offered = new HashSet<>();
        request.protocols().forEach(p -> offered.add(p.name()));
        return members.values().stream().filter(m -> !m.memberId.equals(request.memberId()))
                .allMatch(m -> m.protocols.stream().anyMatch(p -> offered.contains(p.name())));
    }

    // ---------------------------------------------------------------- rebalance

    private void prepareRebalance() {
        if (state == GroupState.COMPLETING_REBALANCE) {
            for (GroupMember member : members.values()) {
                member.assignment = new byte[0];
                completeSync(member, SyncResult.failed(Errors.REBALANCE_IN_PROGRESS));
            }
        }
        boolean initial = state == GroupState.EMPTY;
        state = GroupState.PREPARING_REBALANCE;
        cancel(rebalanceTimer);
        if (initial) {
            // As Kafka: the first rebalance of a new group waits group.initial.rebalance.delay.ms, and as long again
            // whenever a member joined meanwhile, up to the rebalance timeout. It ends on the timer thread even with
            // a delay of 0, after the joins already queued: members starting together then join one generation
            // rather than one settling alone and the others waiting for its next heartbeat
            initialDelayRunning = true;
            newMemberAdded = false;
            int delay = settings.initialRebalanceDelayMs();
            scheduleInitialDelay(delay, Math.max(rebalanceTimeoutMs() - delay, 0));
            return;
        }
        rebalanceTimer = timers.schedule(() -> locked(this::completeJoin), rebalanceTimeoutMs(), TimeUnit.MILLISECONDS);
        tryCompleteJoin();
    }

    private void scheduleInitialDelay(int delayMs, int remainingMs) {
        rebalanceTimer = timers.schedule(() -> locked(() -> initialDelayOver(delayMs, remainingMs)), delayMs,
                TimeUnit.MILLISECONDS);
    }

    private void initialDelayOver(int delayMs, int remainingMs) {
        if (state != GroupState.PREPARING_REBALANCE || !initialDelayRunning) {
            return;
        }
        if (newMemberAdded && remainingMs > 0) {
            newMemberAdded = false;
            scheduleInitialDelay(Math.min(settings.initialRebalanceDelayMs(), remainingMs),
                    Math.max(remainingMs - delayMs, 0));
            return;
        }
        initialDelayRunning = false;
        rebalanceTimer = timers.schedule(() -> locked(this::completeJoin), rebalanceTimeoutMs(), TimeUnit.MILLISECONDS);
        tryCompleteJoin();
    }

    /** @return the longest rebalance timeout of the members: how long a join phase waits for them */
    private int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    private void tryCompleteJoin() {
        if (state != GroupState.PREPARING_REBALANCE || initialDelayRunning) {
            return;
        }
        boolean allJoined = pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::awaitingJoin);
        if (allJoined) {
            completeJoin();
        }
    }

    /** Ends the join phase: members that did not rejoin are removed, a new generation starts. */
    private void completeJoin() {
        if (state != GroupState.PREPARING_REBALANCE) {
            return;
        }
        cancel(rebalanceTimer);
        initialDelayRunning = false;
        for (GroupMember member : List.copyOf(members.values())) {
            if (!member.awaitingJoin()) {
                remove(member);
            }
        }
        pendingMembers.clear();
        generationId++;
        if (members.isEmpty()) {
            state = GroupState.EMPTY;
            protocolName = null;
            leaderId = null;
            return;
        }
        protocolName = selectProtocol();
        state = GroupState.COMPLETING_REBALANCE;
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
        for (GroupMember member : members.values()) {
            CompletableFuture<JoinResult> future = member.joinFuture;
            member.joinFuture = null;
            future.complete(joinResult(member, false));
            scheduleSessionExpiry(member);
        }
        int generation = generationId;
        rebalanceTimer = timers.schedule(() -> locked(() -> syncTimedOut(generation)), rebalanceTimeoutMs(),
                TimeUnit.MILLISECONDS);
    }

    /** The leader never sent its assignment: drop members that did not sync and rebalance again. */
    private void syncTimedOut(int generation) {
        if (state != GroupState.COMPLETING_REBALANCE || generationId != generation) {
            return;
        }
        for (GroupMember member : List.copyOf(members.values())) {
            if (member.syncFuture == null) {
                remove(member);
            }
        }
        if (members.isEmpty()) {
            state = GroupState.PREPARING_REBALANCE;
            completeJoin();
        } else {
            prepareRebalance();
        }
    }

    private String selectProtocol() {
        Set<String> candidates = null;
        for (GroupMember member : members.values()) {
            Set<String> names = new HashSet<>();
            member.protocols.forEach(p -> names.add(p.name()));
            if (candidates == null) {
                candidates = names;
            } else {
                candidates.retainAll(names);
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember member : members.values()) {
            for (Protocol protocol : member.protocols) {
                if (candidates.contains(protocol.name())) {
                    votes.merge(protocol.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(members.values().iterator().next().protocols.get(0).name());
    }

    private JoinResult joinResult(GroupMember member, boolean skipAssignment) {
        boolean leader = member.memberId.equals(leaderId);
        List<JoinResult.MemberMetadata> all = new ArrayList<>();
        if (leader) {
            for (GroupMember m : members.values()) {
                all.add(new JoinResult.MemberMetadata(m.memberId, m.groupInstanceId, m.metadata(protocolName)));
            }
        }
        return new JoinResult(Errors.NONE, generationId, protocolType, protocolName, leaderId, member.memberId, all,
                skipAssignment);
    }

    // ---------------------------------------------------------------- SyncGroup, Heartbeat, LeaveGroup

    CompletableFuture<SyncResult> sync(String memberId, String instanceId, int generation, String type, String name,
                                       Map<String, byte[]> assignments) {
        Errors error = validateMember(memberId, instanceId, generation);
        if (error != Errors.NONE) {
            return done(SyncResult.failed(error));
        }
        if ((type != null && !type.equals(protocolType)) || (name != null && !name.equals(protocolName))) {
            return done(SyncResult.failed(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        GroupMember member = members.get(memberId);
        scheduleSessionExpiry(member);
        switch (state) {
            case PREPARING_REBALANCE -> {
                return done(SyncResult.failed(Errors.REBALANCE_IN_PROGRESS));
            }
            case COMPLETING_REBALANCE -> {
                member.syncFuture = new CompletableFuture<>();
                CompletableFuture<SyncResult> future = member.syncFuture;
                if (memberId.equals(leaderId)) {
                    for (GroupMember m : members.values()) {
                        m.assignment = assignments.getOrDefault(m.memberId, new byte[0]);
                    }
                    state = GroupState.STABLE;
                    cancel(rebalanceTimer);
                    for (GroupMember m : members.values()) {
                        completeSync(m, new SyncResult(Errors.NONE, protocolType, protocolName, m.assignment));
                    }
                }
                return future;
            }
            case STABLE -> {
                return done(new SyncResult(Errors.NONE, protocolType, protocolName, member.assignment));
            }
            default -> {
                return done(SyncResult.failed(Errors.UNKNOWN_MEMBER_ID));
            }
        }
    }

    Errors heartbeat(String memberId, String instanceId, int generation) {
        Errors error = validateMember(memberId, instanceId, generation);
        if (error != Errors.NONE) {
            return error;
        }
        scheduleSessionExpiry(members.get(memberId));
        return state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** Removes one member named by id or, for static members, by instance id. */
    Errors leave(String memberId, String instanceId) {
        if (state == GroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        GroupMember member;
        if (instanceId != null) {
            String known = staticMembers.get(instanceId);
            if (known == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(known)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            member = members.get(known);
        } else {
            if (pendingMembers.remove(memberId)) {
                tryCompleteJoin();
                return Errors.NONE;
            }
            member = members.get(memberId);
        }
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeAndRebalance(member);
        return Errors.NONE;
    }

    /** Checks a request's member id, instance id and generation against the group. */
    Errors validateMember(String memberId, String instanceId, int generation) {
        if (state == GroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        GroupMember member = members.get(memberId);
        if (member == null) {
            boolean fenced = instanceId != null && staticMembers.containsKey(instanceId);
            return fenced ? Errors.FENCED_INSTANCE_ID : Errors.UNKNOWN_MEMBER_ID;
        }
        if (instanceId != null && !instanceId.equals(member.groupInstanceId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        if (generation != generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    private void removeAndRebalance(GroupMember member) {
        remove(member);
        if (state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE) {
            prepareRebalance();
        } else if (state == GroupState.PREPARING_REBALANCE) {
            tryCompleteJoin();
        }
    }

    private void remove(GroupMember member) {
        members.remove(member.memberId);
        if (member.groupInstanceId != null && member.memberId.equals(staticMembers.get(member.groupInstanceId))) {
            staticMembers.remove(member.groupInstanceId);
        }
        cancel(member.sessionTimer);
        if (member.joinFuture != null) {
            member.joinFuture.complete(JoinResult.failed(Errors.UNKNOWN_MEMBER_ID, member.memberId));
            member.joinFuture = null;
        }
        completeSync(member, SyncResult.failed(Errors.UNKNOWN_MEMBER_ID));
        if (member.memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    private void completeFenced(GroupMember old) {
        if (old.joinFuture != null) {
            old.joinFuture.complete(JoinResult.failed(Errors.FENCED_INSTANCE_ID, old.memberId));
        }
        completeSync(old, SyncResult.failed(Errors.FENCED_INSTANCE_ID));
    }

    private static void completeSync(GroupMember member, SyncResult result) {
        if (member.syncFuture != null) {
            member.syncFuture.complete(result);
            member.syncFuture = null;
        }
    }

    // ---------------------------------------------------------------- timers

    private void scheduleSessionExpiry(GroupMember member) {
        cancel(member.sessionTimer);
        member.sessionTimer = timers.schedule(() -> locked(() -> expire(member)), member.sessionTimeoutMs,
                TimeUnit.MILLISECONDS);
    }

    private void expire(GroupMember member) {
        if (members.get(member.memberId) != member || member.awaitingJoin()) {
            return; // gone already, or waiting in a join (the rebalance timeout governs it then)
        }
        removeAndRebalance(member);
    }

    private void expirePending(String memberId) {
        locked(() -> {
            if (pendingMembers.remove(memberId)) {
                tryCompleteJoin();
            }
        });
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static String newMemberId(String prefix) {
        return (prefix == null || prefix.isEmpty() ? "member" : prefix) + "-" + UUID.randomUUID();
    }
}
