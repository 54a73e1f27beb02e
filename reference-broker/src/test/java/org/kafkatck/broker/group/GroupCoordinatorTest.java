package org.kafkatck.broker.group;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.LogDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The classic group state machine, without the wire. */
class GroupCoordinatorTest {
    private static final List<Protocol> RANGE = List.of(new Protocol("range", new byte[] {1}));

    private final GroupCoordinator coordinator = new GroupCoordinator(new GroupSettings(0, 10, 60_000, 4096),
            OffsetStore.inMemory(), tp -> tp.topic().equals("t"));

    @AfterEach
    void close() {
        coordinator.close();
    }

    private static JoinRequest join(String memberId, String instanceId, int sessionMs) {
        return new JoinRequest("g", memberId, instanceId, "client", "/127.0.0.1", sessionMs, 5_000, "consumer", RANGE,
                true);
    }

    /** Joins with the KIP-394 round trip. */
    private JoinResult joinNew(int sessionMs) {
        JoinResult first = coordinator.join(join("", null, sessionMs));
        assertThat(first.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).isNotBlank();
        return coordinator.join(join(first.memberId(), null, sessionMs));
    }

    private void syncAsLeader(JoinResult joined) {
        SyncResult sync = coordinator.sync("g", joined.memberId(), null, joined.generationId(), "consumer", "range",
                Map.of(joined.memberId(), new byte[] {7}), 5_000);
        assertThat(sync.error()).isEqualTo(Errors.NONE);
        assertThat(sync.assignment()).containsExactly(7);
    }

    @Test
    void aLoneMemberLeadsGenerationOne() {
        JoinResult joined = joinNew(30_000);
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leaderId()).isEqualTo(joined.memberId());
        assertThat(joined.members()).extracting(JoinResult.MemberMetadata::memberId).containsExactly(joined.memberId());
        syncAsLeader(joined);
        assertThat(coordinator.describe("g").state()).isEqualTo(GroupState.STABLE);
        assertThat(coordinator.heartbeat("g", joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
        assertThat(coordinator.heartbeat("g", joined.memberId(), null, 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.heartbeat("g", "stranger", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void theInitialDelayRunsAgainAfterEachStretchInWhichAMemberJoined() throws Exception {
        // stretches of 600 ms: B joins in the first, C in the second, which the first join alone would have ended
        try (GroupCoordinator delayed = new GroupCoordinator(new GroupSettings(600, 10, 60_000, 4096),
                OffsetStore.inMemory(), tp -> true)) {
            long start = System.nanoTime();
            List<CompletableFuture<JoinResult>> joins = new java.util.ArrayList<>();
            for (long atMs : new long[] {0, 300, 900}) {
                // the members must join at given moments of the delay: wall time is what is under test
                Thread.sleep(Math.max(0, atMs - (System.nanoTime() - start) / 1_000_000));
                JoinResult id = delayed.join(join("", null, 30_000));
                assertThat(id.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
                joins.add(CompletableFuture.supplyAsync(() -> delayed.join(join(id.memberId(), null, 30_000))));
            }
            List<JoinResult> joined = joins.stream().map(CompletableFuture::join).toList();
            assertThat(joined).extracting(JoinResult::error).containsOnly(Errors.NONE);
            assertThat(joined).extracting(JoinResult::generationId).as("one generation for all three").containsOnly(1);
            assertThat(joined.getFirst().members()).hasSize(3);
            assertThat((System.nanoTime() - start) / 1_000_000).as("three stretches").isGreaterThanOrEqualTo(1_800);
        }
    }

    @Test
    void aSecondMemberTriggersARebalanceBothRejoin() throws Exception {
        JoinResult first = joinNew(30_000);
        syncAsLeader(first);
        JoinResult secondId = coordinator.join(join("", null, 30_000));
        CompletableFuture<JoinResult> second = CompletableFuture.supplyAsync(
                () -> coordinator.join(join(secondId.memberId(), null, 30_000)));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                coordinator.heartbeat("g", first.memberId(), null, 1) == Errors.REBALANCE_IN_PROGRESS);
        JoinResult firstAgain = coordinator.join(join(first.memberId(), null, 30_000));
        JoinResult secondJoined = second.get();
        assertThat(firstAgain.generationId()).isEqualTo(2);
        assertThat(secondJoined.generationId()).isEqualTo(2);
        assertThat(firstAgain.leaderId()).isEqualTo(first.memberId());
        assertThat(firstAgain.members()).hasSize(2);
        assertThat(secondJoined.members()).isEmpty();
    }

    @Test
    void aSilentMemberIsRemovedAfterItsSessionTimeout() {
        JoinResult joined = joinNew(200);
        syncAsLeader(joined);
        await().atMost(Duration.ofSeconds(5)).until(() -> coordinator.describe("g").state() == GroupState.EMPTY);
        assertThat(coordinator.heartbeat("g", joined.memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aStaticMemberRejoiningWithoutAnIdKeepsItsGenerationAndFencesTheOldId() {
        JoinResult joined = coordinator.join(join("", "host-1", 30_000));
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        syncAsLeader(joined);
        JoinResult again = coordinator.join(join("", "host-1", 30_000));
        assertThat(again.error()).isEqualTo(Errors.NONE);
        assertThat(again.generationId()).isEqualTo(joined.generationId());
        assertThat(again.memberId()).isNotEqualTo(joined.memberId());
        assertThat(again.skipAssignment()).isTrue();
        assertThat(coordinator.heartbeat("g", joined.memberId(), "host-1", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        SyncResult sync = coordinator.sync("g", again.memberId(), "host-1", 1, null, null, Map.of(), 1000);
        assertThat(sync.assignment()).containsExactly(7);
    }

    @Test
    void commitsFromOutsideAreRefusedWhileTheGroupHasMembers() {
        JoinResult joined = joinNew(30_000);
        syncAsLeader(joined);
        TopicPartition tp = new TopicPartition("t", 0);
        CommittedOffset offset = new CommittedOffset(5, -1, "m", 0);
        assertThat(coordinator.commit("g", -1, "", null, Map.of(tp, offset))).containsEntry(tp, Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.commit("g", 1, joined.memberId(), null, Map.of(tp, offset))).containsEntry(tp, Errors.NONE);
        assertThat(coordinator.commit("g", 1, joined.memberId(), null, Map.of(new TopicPartition("u", 0), offset)))
                .containsValue(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(coordinator.committed("g")).containsEntry(tp, offset);
        assertThat(coordinator.delete("g")).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(coordinator.leave("g", joined.memberId(), null)).isEqualTo(Errors.NONE);
        assertThat(coordinator.describe("g").state()).isEqualTo(GroupState.EMPTY);
        assertThat(coordinator.delete("g")).isEqualTo(Errors.NONE);
        assertThat(coordinator.committed("g")).isEmpty();
        assertThat(coordinator.delete("g")).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void aCommitWithoutAGenerationIsAcceptedWhateverItsMemberIdWhileTheGroupIsEmpty() {
        TopicPartition tp = new TopicPartition("t", 0);
        CommittedOffset offset = new CommittedOffset(3, -1, "", 0);
        // Kafka 4.4 (ClassicGroup.validateOffsetCommit): generation -1 on an empty group needs no member
        assertThat(coordinator.commit("g", -1, "left-long-ago", null, Map.of(tp, offset)))
                .containsEntry(tp, Errors.NONE);
        assertThat(coordinator.committed("g")).containsEntry(tp, offset);
        assertThat(coordinator.describe("g").state()).isEqualTo(GroupState.EMPTY);
    }

    @Test
    void offsetsSurviveAReopenAndATornTail(@TempDir Path dir) throws Exception {
        TopicPartition tp = new TopicPartition("t", 3);
        try (OffsetStore store = OffsetStore.open(dir, true)) {
            store.commit("g", Map.of(tp, new CommittedOffset(42, 7, "meta", 1000)));
            store.commit("h", Map.of(tp, new CommittedOffset(1, -1, null, 1000)));
            store.deleteGroup("h");
        }
        Files.write(dir.resolve("committed-offsets.log"), new byte[] {0, 0, 0, 50, 1, 2}, StandardOpenOption.APPEND);
        try (OffsetStore store = OffsetStore.open(dir, true)) {
            assertThat(store.offsets("g")).containsEntry(tp, new CommittedOffset(42, 7, "meta", 1000));
            assertThat(store.groups()).containsExactly("g");
            store.deleteTopic("t");
            assertThat(store.groups()).isEmpty();
        }
    }

    @Test
    void aCommitThatCannotBeWrittenAnswersNotCoordinatorAndIsNotAcknowledged(@TempDir Path dir) {
        LogDirectory directory = LogDirectory.of(dir);
        try (OffsetStore store = OffsetStore.open(dir, true, directory);
             GroupCoordinator failing = new GroupCoordinator(new GroupSettings(0, 10, 60_000, 4096), store,
                     tp -> tp.topic().equals("t"))) {
            TopicPartition tp = new TopicPartition("t", 0);
            directory.fail("Writing a segment", new java.io.IOException("No space left on device"));
            assertThat(failing.commit("g", -1, "", null, Map.of(tp, new CommittedOffset(5, -1, "", 0))))
                    .containsExactly(Map.entry(tp, Errors.NOT_COORDINATOR));
            assertThat(failing.committed("g")).isEmpty();
        }
    }
}
