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
import org.kafkatck.broker.storage.LogDirectory;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderEpochsTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;

    @TempDir
    Path dir;

    private PartitionLog open() {
        return PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null));
    }

    /** Opens the log as a broker's start number {@code term} does: after a clean shutdown, or after a crash. */
    private PartitionLog openInTerm(long term, long recoverFrom) {
        LogSettings settings = new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null);
        return PartitionLog.open(TP, settings, LogDirectory.of(dir), SegmentFiles.DISK, recoverFrom, term);
    }

    private Path checkpoint() {
        return dir.resolve("t").resolve("0").resolve(LeaderEpochs.FILE);
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

    @Test
    void aStartWritesNoEpochsUntilTheFirstAppendYetNumbersEachStartAsBefore() throws Exception {
        PartitionLog created = openInTerm(1, PartitionLog.CLEAN);
        assertThat(Files.readString(checkpoint())).as("written when the log is created").isEqualTo("1\n1 1\n1 0\n");
        append(created, 2);
        created.close();

        PartitionLog second = openInTerm(2, PartitionLog.CLEAN);
        assertThat(second.leaderEpoch()).isEqualTo(2);
        assertThat(Files.readString(checkpoint())).as("untouched by the start").isEqualTo("1\n1 1\n1 0\n");
        append(second, 1);
        assertThat(Files.readString(checkpoint())).as("written before the first append").isEqualTo("1\n2 2\n1 0\n2 2\n");
        second.close();

        openInTerm(3, PartitionLog.CLEAN).close(); // a leadership that appended nothing
        assertThat(Files.readString(checkpoint())).isEqualTo("1\n2 2\n1 0\n2 2\n");
        PartitionLog fourth = openInTerm(4, PartitionLog.CLEAN);
        assertThat(fourth.leaderEpoch()).as("one more per start, written or not").isEqualTo(4);
        assertThat(fourth.endOffsetForEpoch(1)).isEqualTo(new EpochEnd(1, 2));
        assertThat(fourth.endOffsetForEpoch(2)).isEqualTo(new EpochEnd(2, 3));
        // the empty epoch in between ends where the current one began, under the last epoch with data
        assertThat(fourth.endOffsetForEpoch(3)).isEqualTo(new EpochEnd(2, 3));
        assertThat(fourth.endOffsetForEpoch(4)).isEqualTo(new EpochEnd(4, 3));
        assertThat(fourth.leaderEpochAt(2)).isEqualTo(2);
        fourth.close();
    }

    @Test
    void anEpochTheFileMissedAfterACrashIsTakenFromTheBatchHeaders() throws Exception {
        PartitionLog created = openInTerm(1, PartitionLog.CLEAN);
        append(created, 2);
        created.close();
        byte[] beforeTerm2 = Files.readAllBytes(checkpoint());

        PartitionLog second = openInTerm(2, PartitionLog.CLEAN);
        append(second, 3);
        // a crash that kept the appended batch but not the epoch file's unforced rewrite
        Files.write(checkpoint(), beforeTerm2);

        PartitionLog third = openInTerm(3, 2);
        assertThat(third.leaderEpoch()).isEqualTo(3);
        assertThat(third.leaderEpochAt(1)).isEqualTo(1);
        assertThat(third.leaderEpochAt(2)).isEqualTo(2);
        assertThat(third.leaderEpochAt(4)).isEqualTo(2);
        assertThat(third.endOffsetForEpoch(1)).isEqualTo(new EpochEnd(1, 2));
        assertThat(third.endOffsetForEpoch(2)).isEqualTo(new EpochEnd(2, 5));
        third.close();
        second.close();
    }

    @Test
    void aFileWithoutATermIsRewrittenAtStartAndNumberedOnFromItsLastEpoch() throws Exception {
        PartitionLog created = open();
        append(created, 2);
        created.close();
        // the format before terms were kept: the epochs alone (epoch 3, begun at the log end, holds no data)
        Files.writeString(checkpoint(), "0\n1 0\n3 2\n");

        PartitionLog next = openInTerm(7, PartitionLog.CLEAN);
        assertThat(next.leaderEpoch()).isEqualTo(4);
        assertThat(Files.readString(checkpoint())).isEqualTo("1\n7 4\n1 0\n4 2\n");
        next.close();
        PartitionLog after = openInTerm(8, PartitionLog.CLEAN);
        assertThat(after.leaderEpoch()).isEqualTo(5);
        after.close();
    }

    @Test
    void aTermThatWentBackwardsStillNeverReusesAnEpoch() throws Exception {
        PartitionLog created = openInTerm(5, PartitionLog.CLEAN);
        append(created, 1);
        created.close();
        // the term file was lost: numbering restarts, so the start writes the epochs as it did before terms
        PartitionLog next = openInTerm(1, PartitionLog.CLEAN);
        assertThat(next.leaderEpoch()).isEqualTo(2);
        assertThat(Files.readString(checkpoint())).isEqualTo("1\n1 2\n1 0\n2 1\n");
        next.close();
        PartitionLog after = openInTerm(2, PartitionLog.CLEAN);
        assertThat(after.leaderEpoch()).isEqualTo(3);
        after.close();
    }

    @Test
    void eachStartOfADataDirectoryHasTheNextTerm() throws Exception {
        assertThat(BrokerTerm.begin(dir)).isEqualTo(1);
        assertThat(BrokerTerm.begin(dir)).isEqualTo(2);
        assertThat(Files.readString(dir.resolve(BrokerTerm.FILE))).isEqualTo("2\n");
    }
}
