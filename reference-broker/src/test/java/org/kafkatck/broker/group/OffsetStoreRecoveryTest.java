package org.kafkatck.broker.group;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.Damage;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed-offsets file survives damage: a bad record costs that record, never the ones after it. */
class OffsetStoreRecoveryTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path dir;

    private static CommittedOffset at(long offset) {
        return new CommittedOffset(offset, -1, "", 1_000L);
    }

    private Path writeThreeGroups() {
        OffsetStore store = OffsetStore.open(dir, true);
        store.commit("first", Map.of(TP, at(10)));
        store.commit("second", Map.of(TP, at(20)));
        store.commit("third", Map.of(TP, at(30)));
        store.close();
        return dir.resolve("committed-offsets.log");
    }

    @Test
    void aDamagedRecordInTheMiddleIsSkippedAndTheRecordsAfterItAreKept() throws IOException {
        Path file = writeThreeGroups();
        long size = Files.size(file);
        Damage.flipByte(file, size / 2); // inside the second of three records of equal length

        OffsetStore reopened = OffsetStore.open(dir, true);
        assertThat(reopened.offsets("first")).containsEntry(TP, at(10));
        assertThat(reopened.offsets("second")).isEmpty();
        assertThat(reopened.offsets("third")).containsEntry(TP, at(30));
        reopened.commit("fourth", Map.of(TP, at(40)));
        reopened.close();

        OffsetStore again = OffsetStore.open(dir, true);
        assertThat(again.groups()).containsExactlyInAnyOrder("first", "third", "fourth");
        again.close();
    }

    @Test
    void aTornLastRecordIsDropped() throws IOException {
        Path file = writeThreeGroups();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 5);
        }
        OffsetStore reopened = OffsetStore.open(dir, true);
        assertThat(reopened.groups()).containsExactlyInAnyOrder("first", "second");
        reopened.close();
    }

    @Test
    void aMultiPartitionCommitTornByACrashComesBackWholeOrNotAtAll() throws IOException {
        OffsetStore store = OffsetStore.open(dir, true);
        store.commit("group", Map.of(new TopicPartition("orders", 0), at(1), new TopicPartition("orders", 1), at(1)));
        Map<TopicPartition, CommittedOffset> second = new java.util.HashMap<>();
        for (int p = 0; p < 10; p++) {
            second.put(new TopicPartition("orders", p), at(100 + p));
        }
        store.commit("group", second);
        store.close();
        Path file = dir.resolve("committed-offsets.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 40); // the crash hit the second commit half-way
        }
        OffsetStore reopened = OffsetStore.open(dir, true);
        assertThat(reopened.offsets("group")).containsOnly(
                Map.entry(new TopicPartition("orders", 0), at(1)), Map.entry(new TopicPartition("orders", 1), at(1)));
        reopened.close();
    }

}
