package org.kafkatck.broker.log;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderEpochsTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;

    @TempDir
    Path dir;

    private PartitionLog open() {
        return PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null));
    }

    private static void append(PartitionLog log, int records) {
        SimpleRecord[] simple = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            simple[i] = new SimpleRecord(1000L + i, null, ("v" + i).getBytes());
        }
        log.append(MemoryRecords.withRecords(Compression.NONE, simple), TimestampType.CREATE_TIME, MAX_MESSAGE,
                System.currentTimeMillis(), true);
    }

    private static int epochOfBatchAt(PartitionLog log, long offset) {
        RecordBatch batch = log.read(offset, 1 << 20, true).records().batches().iterator().next();
        return batch.partitionLeaderEpoch();
    }

    @Test
    void everyBatchIsStampedWithTheCurrentEpoch() {
        PartitionLog log = open();
        append(log, 2);
        assertThat(log.leaderEpoch()).isEqualTo(LeaderEpochs.FIRST_EPOCH);
        assertThat(epochOfBatchAt(log, 0)).isEqualTo(log.leaderEpoch());
        assertThat(log.leaderEpochAt(1)).isEqualTo(log.leaderEpoch());
        log.close();
    }

    @Test
    void eachStartIsANewEpochAndStoredBatchesKeepTheirs() {
        PartitionLog first = open();
        append(first, 3);
        int firstEpoch = first.leaderEpoch();
        first.close();

        PartitionLog second = open();
        int secondEpoch = second.leaderEpoch();
        assertThat(secondEpoch).isGreaterThan(firstEpoch);
        append(second, 2);
        assertThat(epochOfBatchAt(second, 0)).isEqualTo(firstEpoch);
        assertThat(epochOfBatchAt(second, 3)).isEqualTo(secondEpoch);
        assertThat(second.leaderEpochAt(2)).isEqualTo(firstEpoch);
        assertThat(second.leaderEpochAt(4)).isEqualTo(secondEpoch);

        // the current epoch ends at the log end; an older one where the next began
        assertThat(second.endOffsetForEpoch(secondEpoch)).isEqualTo(new EpochEnd(secondEpoch, 5));
        assertThat(second.endOffsetForEpoch(firstEpoch)).isEqualTo(new EpochEnd(firstEpoch, 3));
        // older than any stored: the epoch asked for, ending where the first stored epoch began
        assertThat(second.endOffsetForEpoch(firstEpoch - 1)).isEqualTo(new EpochEnd(firstEpoch - 1, 0));
        assertThat(second.endOffsetForEpoch(secondEpoch + 1)).isEqualTo(EpochEnd.UNKNOWN);
        assertThat(second.endOffsetForEpoch(-1)).isEqualTo(EpochEnd.UNKNOWN);
        second.close();
    }

    @Test
    void anEpochWithoutDataIsReplacedButItsNumberNeverReused() {
        PartitionLog first = open();
        append(first, 2);
        int firstEpoch = first.leaderEpoch();
        first.close();
        open().close(); // a leadership that appended nothing
        PartitionLog third = open();
        assertThat(third.leaderEpoch()).isEqualTo(firstEpoch + 2);
        // the empty epoch in between ends where the current one began, under the last epoch with data
        assertThat(third.endOffsetForEpoch(firstEpoch + 1)).isEqualTo(new EpochEnd(firstEpoch, 2));
        third.close();
    }

    @Test
    void theEpochsAreDeletedWithTheLog() throws Exception {
        PartitionLog log = open();
        append(log, 1);
        Path checkpoint = dir.resolve("t").resolve("0").resolve(LeaderEpochs.FILE);
        assertThat(checkpoint).exists();
        log.delete();
        assertThat(Files.exists(checkpoint)).isFalse();
    }
}
