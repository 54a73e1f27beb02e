package org.kafkatck.broker.group;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.group.PausingOffsetStore.Pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Offset commits racing rebalances, DeleteGroups, topic deletion and readers. Each race is made
 * deterministic by stopping the store at the critical point (a commit validated but not yet
 * written, a deletion under way) and starting the competing operation there: it must either wait
 * for the group's lock or find a state the commit cannot corrupt.
 */
class OffsetCommitRaceTest {
    private static final GroupSettings SETTINGS = new GroupSettings(0, 10, 60_000, 4096);
    private static final Predicate<TopicPartition> EXISTS = tp -> tp.topic().equals("t");
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final List<Protocol> RANGE = List.of(new Protocol("range", new byte[] {1}));

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private GroupCoordinator coordinator;

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void aCommitValidatedForAGenerationLandsBeforeTheRebalanceThatEndsIt() throws Exception {
        PausingOffsetStore store = new PausingOffsetStore(OffsetStore.inMemory());
        coordinator = new GroupCoordinator(SETTINGS, store, EXISTS);
        JoinResult member = joinAndSync();
        ReentrantLock lock = coordinator.group("g", false).lock;

        Pause validated = store.pauseNextCommit();
        Future<Map<TopicPartition, Errors>> commit = inBackground(() ->
                coordinator.commit("g", member.generationId(), member.memberId(), null, Map.of(T0, offset(42))));
        validated.awaitReached();
        Future<Errors> rebalance = inBackground(() -> coordinator.leave("g", member.memberId(), null));
        boolean rebalanceWaited = waitsForTheLock(rebalance, lock);
        validated.release();

        assertThat(commit.get()).containsExactly(entry(T0, Errors.NONE));
        assertThat(rebalance.get()).isEqualTo(Errors.NONE);
        assertThat(rebalanceWaited)
                .as("the group moved to generation 2 while a commit validated against generation 1 was unwritten")
                .isTrue();
        assertThat(coordinator.committed("g")).containsExactly(entry(T0, offset(42)));
        assertThat(coordinator.commit("g", member.generationId(), member.memberId(), null, Map.of(T0, offset(43))))
                .as("the same commit after the rebalance").containsExactly(entry(T0, Errors.UNKNOWN_MEMBER_ID));
        assertThat(coordinator.committed("g")).containsExactly(entry(T0, offset(42)));
    }

    @Test
    void aCommitRacingDeleteGroupsIsDeletedWithTheGroupAndStaysDeletedAfterARestart(@TempDir Path dir)
            throws Exception {
        PausingOffsetStore store = new PausingOffsetStore(OffsetStore.open(dir, true));
        coordinator = new GroupCoordinator(SETTINGS, store, EXISTS);
        assertThat(coordinator.commit("g", -1, "", null, Map.of(T0, offset(5)))).containsExactly(entry(T0, Errors.NONE));
        ReentrantLock lock = coordinator.group("g", false).lock;

        Pause validated = store.pauseNextCommit();
        Future<Map<TopicPartition, Errors>> commit = inBackground(() ->
                coordinator.commit("g", -1, "", null, Map.of(T0, offset(9), T1, offset(9))));
        validated.awaitReached();
        Future<Errors> deletion = inBackground(() -> coordinator.delete("g"));
        boolean deletionWaited = waitsForTheLock(deletion, lock);
        validated.release();

        assertThat(commit.get()).containsOnly(entry(T0, Errors.NONE), entry(T1, Errors.NONE));
        assertThat(deletion.get()).isEqualTo(Errors.NONE);
        assertThat(coordinator.committed("g")).as("offsets of the deleted group").isEmpty();
        assertThat(coordinator.describe("g")).isNull();
        coordinator.close();
        try (OffsetStore reopened = OffsetStore.open(dir, true)) {
            assertThat(reopened.groups()).as("groups with offsets after a restart").isEmpty();
        }
        coordinator = new GroupCoordinator(SETTINGS, OffsetStore.open(dir, true), EXISTS);
        assertThat(coordinator.describe("g")).as("the deleted group after a restart").isNull();
        assertThat(coordinator.list()).isEmpty();
        assertThat(deletionWaited).as("DeleteGroups waited for the commit it deletes").isTrue();
    }

    @Test
    void aCommitThatLosesTheRaceToDeleteGroupsComesAfterItAndKeepsOnlyItsOwnOffsets(@TempDir Path dir)
            throws Exception {
        PausingOffsetStore store = new PausingOffsetStore(OffsetStore.open(dir, true));
        coordinator = new GroupCoordinator(SETTINGS, store, EXISTS);
        coordinator.commit("g", -1, "", null, Map.of(T0, offset(5), T1, offset(5)));
        ReentrantLock lock = coordinator.group("g", false).lock;

        Pause deleting = store.pauseNextGroupDeletion();
        Future<Errors> deletion = inBackground(() -> coordinator.delete("g"));
        deleting.awaitReached();
        Future<Map<TopicPartition, Errors>> commit = inBackground(() ->
                coordinator.commit("g", -1, "", null, Map.of(T0, offset(9))));
        boolean commitWaited = waitsForTheLock(commit, lock);
        deleting.release();

        assertThat(deletion.get()).isEqualTo(Errors.NONE);
        // as on Kafka's coordinator: a commit without a generation after the deletion starts a new group
        assertThat(commit.get()).containsExactly(entry(T0, Errors.NONE));
        assertThat(coordinator.committed("g")).as("the acknowledged commit, and nothing of the deleted group")
                .containsExactly(entry(T0, offset(9)));
        assertThat(coordinator.describe("g").state()).isEqualTo(GroupState.EMPTY);
        coordinator.close();
        try (OffsetStore reopened = OffsetStore.open(dir, true)) {
            assertThat(reopened.offsets("g")).as("after a restart").containsExactly(entry(T0, offset(9)));
        }
        coordinator = null;
        assertThat(commitWaited).as("the commit waited for the deletion that held the group").isTrue();
    }

    @Test
    void aCommitFromAGenerationToADeletedGroupFindsNoGroup() {
        coordinator = new GroupCoordinator(SETTINGS, OffsetStore.inMemory(), EXISTS);
        coordinator.commit("g", -1, "", null, Map.of(T0, offset(5)));
        assertThat(coordinator.delete("g")).isEqualTo(Errors.NONE);
        assertThat(coordinator.commit("g", 1, "gone", null, Map.of(T0, offset(6))))
                .containsExactly(entry(T0, Errors.GROUP_ID_NOT_FOUND));
        assertThat(coordinator.describe("g")).isNull();
        assertThat(coordinator.committed("g")).isEmpty();
    }

    @Test
    void readersSeeAMultiPartitionCommitWholeOrNotAtAll() throws Exception {
        PausingOffsetStore store = new PausingOffsetStore(OffsetStore.inMemory());
        coordinator = new GroupCoordinator(SETTINGS, store, EXISTS);
        Map<TopicPartition, CommittedOffset> before = Map.of(T0, offset(5), T1, offset(5));
        Map<TopicPartition, CommittedOffset> after = Map.of(T0, offset(10), T1, offset(10));
        coordinator.commit("g", -1, "", null, before);
        ReentrantLock lock = coordinator.group("g", false).lock;

        Pause halfWritten = store.pauseNextCommitHalfway();
        Future<Map<TopicPartition, Errors>> commit = inBackground(() -> coordinator.commit("g", -1, "", null, after));
        halfWritten.awaitReached();
        Future<Map<TopicPartition, CommittedOffset>> reader = inBackground(() -> coordinator.committed("g"));
        waitsForTheLock(reader, lock);
        halfWritten.release();

        assertThat(commit.get()).containsOnly(entry(T0, Errors.NONE), entry(T1, Errors.NONE));
        assertThat(reader.get()).as("what OffsetFetch read during a two-partition commit").isIn(before, after);
        assertThat(coordinator.committed("g")).isEqualTo(after);
    }

    @Test
    void aCommitRacingTheDeletionOfItsTopicIsDeletedWithIt() throws Exception {
        PausingOffsetStore store = new PausingOffsetStore(OffsetStore.inMemory());
        coordinator = new GroupCoordinator(SETTINGS, store, EXISTS);
        coordinator.commit("g", -1, "", null, Map.of(T0, offset(5)));
        ReentrantLock lock = coordinator.group("g", false).lock;

        Pause validated = store.pauseNextCommit();
        Future<Map<TopicPartition, Errors>> commit = inBackground(() ->
                coordinator.commit("g", -1, "", null, Map.of(T0, offset(9), T1, offset(9))));
        validated.awaitReached();
        Future<Boolean> topicDeletion = inBackground(() -> {
            coordinator.topicDeleted("t");
            return true;
        });
        waitsForTheLock(topicDeletion, lock);
        validated.release();

        assertThat(commit.get()).containsOnly(entry(T0, Errors.NONE), entry(T1, Errors.NONE));
        assertThat(topicDeletion.get()).isTrue();
        assertThat(coordinator.committed("g")).as("offsets of the deleted topic").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static CommittedOffset offset(long offset) {
        return new CommittedOffset(offset, -1, "", 1000);
    }

    /** A member alone in group "g", generation 1, Stable. */
    private JoinResult joinAndSync() {
        JoinResult first = coordinator.join(new JoinRequest("g", "", null, "client", "/127.0.0.1", 30_000, 5_000,
                "consumer", RANGE, true));
        JoinResult joined = coordinator.join(new JoinRequest("g", first.memberId(), null, "client", "/127.0.0.1",
                30_000, 5_000, "consumer", RANGE, true));
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(coordinator.sync("g", joined.memberId(), null, 1, "consumer", "range",
                Map.of(joined.memberId(), new byte[0]), 5_000).error()).isEqualTo(Errors.NONE);
        return joined;
    }

    private <T> Future<T> inBackground(Callable<T> call) {
        return threads.submit(call);
    }

    /**
     * Waits until the call either finished or stands queued on the group's lock (nothing else takes
     * that lock in these tests).
     *
     * @return whether it waits for the lock
     */
    private static boolean waitsForTheLock(Future<?> call, ReentrantLock lock) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(1, TimeUnit.MILLISECONDS)
                .until(() -> call.isDone() || lock.hasQueuedThreads());
        return !call.isDone();
    }
}
