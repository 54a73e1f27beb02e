package org.kafkatck.broker.group;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets committed inside a transaction stay pending until it ends, across restarts too. */
class OffsetStoreTransactionTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);

    @TempDir
    Path dir;

    private static CommittedOffset at(long offset) {
        return new CommittedOffset(offset, -1, "", 1000L);
    }

    @Test
    void pendingOffsetsAreInvisibleUntilCommittedAndGoneWhenAborted() {
        OffsetStore store = OffsetStore.inMemory();
        store.commit("g", Map.of(TP, at(1)));
        store.commitPending("g", 7, Map.of(TP, at(5)));
        store.commitPending("g", 8, Map.of(OTHER, at(9)));
        assertThat(store.offsets("g")).containsExactly(Map.entry(TP, at(1)));
        assertThat(store.hasPending("g", TP)).isTrue();
        assertThat(store.hasPending("g", OTHER)).isTrue();

        store.endPending("g", 7, true);
        assertThat(store.offsets("g")).containsEntry(TP, at(5)).doesNotContainKey(OTHER);
        assertThat(store.hasPending("g", TP)).isFalse();

        store.endPending("g", 8, false);
        assertThat(store.offsets("g")).doesNotContainKey(OTHER);
        assertThat(store.hasPending("g")).isFalse();
    }

    @Test
    void pendingOffsetsSurviveARestartAndAreSettledAfterIt() {
        OffsetStore store = OffsetStore.open(dir, true);
        store.commitPending("g", 7, Map.of(TP, at(5)));
        store.commitPending("g", 8, Map.of(OTHER, at(9)));
        store.endPending("g", 8, true);
        store.close();

        OffsetStore reopened = OffsetStore.open(dir, true);
        assertThat(reopened.offsets("g")).containsExactly(Map.entry(OTHER, at(9)));
        assertThat(reopened.hasPending("g", TP)).isTrue();
        reopened.endPending("g", 7, true);
        reopened.close();

        OffsetStore again = OffsetStore.open(dir, true);
        assertThat(again.offsets("g")).containsEntry(TP, at(5)).containsEntry(OTHER, at(9));
        assertThat(again.hasPending("g")).isFalse();
        again.close();
    }
}
