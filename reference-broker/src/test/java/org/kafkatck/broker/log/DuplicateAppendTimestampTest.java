package org.kafkatck.broker.log;

import java.nio.file.Path;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retried idempotent or transactional batch is acknowledged at its original offsets with, as Apache Kafka 4.4
 * answers it, the stored batch's max timestamp as log_append_time (UnifiedLog takes it from the producer state's
 * batch metadata), on CreateTime topics too; the timestamp survives a restart through the producer snapshot.
 */
class DuplicateAppendTimestampTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;

    @TempDir
    Path dir;

    private static MemoryRecords batch(long producerId, int sequence, long... timestamps) {
        SimpleRecord[] records = new SimpleRecord[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            records[i] = new SimpleRecord(timestamps[i], null, ("v" + i).getBytes());
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, sequence, records);
    }

    private PartitionLog open() {
        return PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null));
    }

    @Test
    void aRetryIsAnsweredWithTheStoredBatchsMaxTimestamp() {
        PartitionLog log = open();
        AppendResult first = log.append(batch(7, 0, 1_000, 3_000, 2_000), TimestampType.CREATE_TIME, MAX_MESSAGE,
                50_000, true);
        assertThat(first.logAppendTime()).as("a CreateTime append carries no log append time").isEqualTo(-1);
        AppendResult retry = log.append(batch(7, 0, 1_000, 3_000, 2_000), TimestampType.CREATE_TIME, MAX_MESSAGE,
                60_000, true);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isZero();
        assertThat(retry.logAppendTime()).isEqualTo(3_000);
        log.close();
    }

    @Test
    void onLogAppendTimeTopicsItIsTheFirstAppendsTime() {
        PartitionLog log = open();
        log.append(batch(7, 0, 1_000), TimestampType.LOG_APPEND_TIME, MAX_MESSAGE, 50_000, true);
        AppendResult retry = log.append(batch(7, 0, 1_000), TimestampType.LOG_APPEND_TIME, MAX_MESSAGE, 60_000, true);
        assertThat(retry.logAppendTime()).isEqualTo(50_000);
        log.close();
    }

    @Test
    void theTimestampSurvivesACleanRestart() {
        PartitionLog log = open();
        log.append(batch(7, 0, 4_000), TimestampType.CREATE_TIME, MAX_MESSAGE, 50_000, true);
        log.close();
        PartitionLog reopened = PartitionLog.open(TP, new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null),
                org.kafkatck.broker.storage.LogDirectory.of(dir), SegmentFiles.DISK, PartitionLog.CLEAN, 0);
        AppendResult retry = reopened.append(batch(7, 0, 4_000), TimestampType.CREATE_TIME, MAX_MESSAGE, 60_000, true);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.logAppendTime()).isEqualTo(4_000);
        reopened.close();
    }
}
