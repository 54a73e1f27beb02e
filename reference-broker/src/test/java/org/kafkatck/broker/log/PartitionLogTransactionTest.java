package org.kafkatck.broker.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.producer.AbortedTransaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transactional data path of one partition (KIP-98): open transactions, markers, the last stable offset. */
class PartitionLogTransactionTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;
    private static final long P1 = 1000;
    private static final long P2 = 2000;

    @TempDir
    Path dir;

    private static MemoryRecords transactional(long producerId, short epoch, int sequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes());
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence, records);
    }

    private static MemoryRecords plain(String value) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(), null, value.getBytes()));
    }

    private static AppendResult append(PartitionLog log, MemoryRecords records) {
        return log.append(records, TimestampType.CREATE_TIME, MAX_MESSAGE, System.currentTimeMillis(), true);
    }

    private PartitionLog open() {
        return PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null));
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetAtItsFirstRecord() {
        PartitionLog log = open();
        append(log, plain("before"));
        append(log, transactional(P1, (short) 0, 0, "t1", "t2"));
        append(log, plain("after"));
        assertThat(log.highWatermark()).isEqualTo(4);
        assertThat(log.lastStableOffset()).isEqualTo(1);
        assertThat(log.inTransaction(P1)).isTrue();

        AppendResult marker = log.appendMarker(P1, (short) 0, true, 0, System.currentTimeMillis());
        assertThat(marker.baseOffset()).isEqualTo(4);
        assertThat(log.highWatermark()).isEqualTo(5);
        assertThat(log.lastStableOffset()).isEqualTo(5);
        assertThat(log.inTransaction(P1)).isFalse();
        assertThat(log.abortedTransactions(0, 5)).isEmpty();
    }

    @Test
    void theOldestOpenTransactionBoundsTheStableOffsetAndReadsStopThere() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a"));
        append(log, transactional(P2, (short) 3, 0, "b"));
        append(log, transactional(P1, (short) 0, 1, "c"));
        assertThat(log.lastStableOffset()).isZero();
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        assertThat(log.lastStableOffset()).as("P2's transaction is still open at 1").isEqualTo(1);
        assertThat(log.abortedTransactions(0, 4)).containsExactly(new AbortedTransaction(P1, 0, 3, 1));

        assertThat(offsets(log.read(0, 1 << 20, true, log.lastStableOffset()).records())).containsExactly(0L);
        assertThat(log.read(1, 1 << 20, true, log.lastStableOffset()).records().sizeInBytes()).isZero();
        assertThat(offsets(log.read(0, 1 << 20, true).records())).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void abortedTransactionsAreListedOnlyWhereTheyOverlapTheRange() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a", "b"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        append(log, plain("c"));
        append(log, transactional(P1, (short) 0, 2, "d"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        assertThat(log.abortedTransactions(0, 3)).containsExactly(new AbortedTransaction(P1, 0, 2, 3));
        assertThat(log.abortedTransactions(3, 6)).containsExactly(new AbortedTransaction(P1, 4, 5, 6));
        assertThat(log.abortedTransactions(3, 4)).isEmpty();
        assertThat(log.abortedTransactions(0, 6)).hasSize(2);
    }

    @Test
    void aMarkerIsAControlBatchWithTheProducersIdAndEpoch() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 5, 0, "a"));
        log.appendMarker(P1, (short) 6, true, 7, System.currentTimeMillis());
        RecordBatch marker = log.read(1, 1 << 20, true).records().batches().iterator().next();
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(marker.isTransactional()).isTrue();
        assertThat(marker.producerId()).isEqualTo(P1);
        assertThat(marker.producerEpoch()).isEqualTo((short) 6);
        assertThat(marker.partitionLeaderEpoch()).isEqualTo(log.leaderEpoch());
        Record record = marker.iterator().next();
        assertThat(ControlRecordType.parse(record.key())).isEqualTo(ControlRecordType.COMMIT);
        assertThat(EndTransactionMarker.deserialize(record).coordinatorEpoch()).isEqualTo(7);
    }

    @Test
    void openAndAbortedTransactionsSurviveACleanRestart() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        append(log, transactional(P2, (short) 0, 0, "b"));
        log.close();
        PartitionLog reopened = PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null),
                org.kafkatck.broker.storage.LogDirectory.of(dir), SegmentFiles.DISK, PartitionLog.CLEAN, 0);
        assertThat(reopened.lastStableOffset()).isEqualTo(2);
        assertThat(reopened.inTransaction(P2)).isTrue();
        assertThat(reopened.abortedTransactions(0, 3)).containsExactly(new AbortedTransaction(P1, 0, 1, 2));
        reopened.appendMarker(P2, (short) 0, true, 0, System.currentTimeMillis());
        assertThat(reopened.lastStableOffset()).isEqualTo(4);
        reopened.close();
    }

    @Test
    void openAndAbortedTransactionsAreRebuiltFromTheLogAfterACrash() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        append(log, transactional(P2, (short) 0, 0, "b"));
        log.flush();
        // no close: no snapshot, the next open replays the whole log
        PartitionLog recovered = open();
        assertThat(recovered.lastStableOffset()).isEqualTo(2);
        assertThat(recovered.inTransaction(P2)).isTrue();
        assertThat(recovered.abortedTransactions(0, 3)).containsExactly(new AbortedTransaction(P1, 0, 1, 2));
    }

    @Test
    void deletingRecordsForgetsAbortedTransactionsBeforeTheNewStart() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        append(log, plain("c"));
        log.deleteRecordsBefore(2);
        assertThat(log.abortedTransactions(0, 3)).isEmpty();
    }

    private static List<Long> offsets(MemoryRecords records) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                offsets.add(record.offset());
            }
        }
        return offsets;
    }

    /** DescribeProducers reports each producer's last timestamp and marker epoch; a restart must not lose them. */
    @Test
    void aProducersLastTimestampAndCoordinatorEpochSurviveACleanRestartAndACrash() {
        PartitionLog log = open();
        log.append(MemoryRecords.withTransactionalRecords(Compression.NONE, P1, (short) 0, 0,
                new SimpleRecord(1_700_000_000_000L, null, "a".getBytes())), TimestampType.CREATE_TIME, MAX_MESSAGE,
                System.currentTimeMillis(), true);
        log.append(MemoryRecords.withTransactionalRecords(Compression.NONE, P2, (short) 0, 0,
                new SimpleRecord(1_700_000_000_500L, null, "b".getBytes())), TimestampType.CREATE_TIME, MAX_MESSAGE,
                System.currentTimeMillis(), true);
        log.appendMarker(P2, (short) 0, true, 7, 1_700_000_001_000L);
        List<String> expected = List.of(P1 + " ts=1700000000000 coordinatorEpoch=-1 txnStart=0",
                P2 + " ts=1700000001000 coordinatorEpoch=7 txnStart=-1");
        assertThat(describe(log)).containsExactlyElementsOf(expected);
        log.flush();
        assertThat(describe(open())).as("rebuilt from the log after a crash").containsExactlyElementsOf(expected);
        log.close();
        PartitionLog reopened = PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null),
                org.kafkatck.broker.storage.LogDirectory.of(dir), SegmentFiles.DISK, PartitionLog.CLEAN, 0);
        assertThat(describe(reopened)).as("from the snapshot after a clean stop").containsExactlyElementsOf(expected);
        reopened.close();
    }

    /** Markers from WriteTxnMarkers are checked as Kafka checks a coordinator's: epochs never go back. */
    @Test
    void aMarkerFromAnOlderCoordinatorOrAnOlderProducerEpochIsRefusedAndNotWritten() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 2, 0, "a"));
        log.appendMarker(P1, (short) 2, true, 5, System.currentTimeMillis(), false);
        append(log, transactional(P1, (short) 2, 1, "b"));
        assertThatThrownBy(() -> log.appendMarker(P1, (short) 2, false, 4, System.currentTimeMillis(), false))
                .isInstanceOf(org.apache.kafka.common.errors.TransactionCoordinatorFencedException.class);
        assertThatThrownBy(() -> log.appendMarker(P1, (short) 1, false, 5, System.currentTimeMillis(), false))
                .isInstanceOf(org.apache.kafka.common.errors.InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.appendMarker(P1, (short) 2, false, 5, System.currentTimeMillis(), true))
                .as("a transaction-v2 marker carries the bumped epoch").
                isInstanceOf(org.apache.kafka.common.errors.InvalidProducerEpochException.class);
        assertThat(log.logEndOffset()).as("nothing written by the refused markers").isEqualTo(3);
        assertThat(log.lastStableOffset()).isEqualTo(2);
        log.appendMarker(P1, (short) 3, false, 5, System.currentTimeMillis(), true);
        assertThat(log.lastStableOffset()).isEqualTo(4);
        assertThat(log.abortedTransactions(0, 4)).containsExactly(new AbortedTransaction(P1, 2, 3, 4));
    }

    private static List<String> describe(PartitionLog log) {
        return log.activeProducers().stream().map(p -> p.producerId() + " ts=" + p.lastTimestamp()
                + " coordinatorEpoch=" + p.coordinatorEpoch() + " txnStart=" + p.currentTxnStartOffset()).toList();
    }

    /** The self-test's recovery fault (RecoveryFault.FORGET_TRANSACTIONS) and only it makes a reopened log forget. */
    @Test
    void theRecoveryFaultSeamForgetsOpenAndAbortedTransactionsOnOpen() {
        PartitionLog log = open();
        append(log, transactional(P1, (short) 0, 0, "a"));
        log.appendMarker(P1, (short) 0, false, 0, System.currentTimeMillis());
        append(log, transactional(P2, (short) 0, 0, "b"));
        log.close();
        PartitionLog faulty = PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null, true),
                org.kafkatck.broker.storage.LogDirectory.of(dir), SegmentFiles.DISK, PartitionLog.CLEAN, 0);
        assertThat(faulty.lastStableOffset()).as("the open transaction is forgotten").isEqualTo(faulty.highWatermark());
        assertThat(faulty.inTransaction(P2)).isFalse();
        assertThat(faulty.abortedTransactions(0, 3)).isEmpty();
        faulty.close();
        assertThat(new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null).forgetTransactionsOnOpen())
                .as("off unless the self-test sets it").isFalse();
    }
}
