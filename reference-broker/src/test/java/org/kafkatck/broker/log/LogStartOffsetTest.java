package org.kafkatck.broker.log;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log start offset: DeleteRecords, retention by time and size, segment rolls by age, and restarts. */
class LogStartOffsetTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private LogManager open() {
        return LogManager.open(new LogSettings(dir, 1 << 30, MAX_MESSAGE, false, null));
    }

    private static MemoryRecords at(long timestamp, String key, String value) {
        return MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(timestamp, key == null ? null : key.getBytes(), value.getBytes()));
    }

    private static long append(PartitionLog log, MemoryRecords records) {
        return log.append(records, TimestampType.CREATE_TIME, MAX_MESSAGE, NOW, true).baseOffset();
    }

    @Test
    void deleteRecordsMovesTheLogStartDurably() {
        try (LogManager logs = open()) {
            PartitionLog log = logs.createTopic("t", 1, Map.of()).partition(0);
            for (int i = 0; i < 5; i++) {
                append(log, at(NOW, "k" + i, "v" + i));
            }
            assertThat(log.deleteRecordsBefore(3)).isEqualTo(3);
            assertThat(log.deleteRecordsBefore(1)).as("an older offset changes nothing").isEqualTo(3);
            assertThatThrownBy(() -> log.read(2, 1 << 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThatThrownBy(() -> log.deleteRecordsBefore(6)).isInstanceOf(OffsetOutOfRangeException.class);
        }
        try (LogManager logs = open()) {
            PartitionLog log = logs.topic("t").orElseThrow().partition(0);
            assertThat(log.logStartOffset()).as("log start after a restart").isEqualTo(3);
            assertThat(log.deleteRecordsBefore(-1)).as("-1 is the high watermark").isEqualTo(5);
        }
    }

    @Test
    void deleteRecordsNeedsTheDeletePolicy() {
        try (LogManager logs = open()) {
            PartitionLog log = logs.createTopic("t", 1, Map.of("cleanup.policy", "compact")).partition(0);
            append(log, at(NOW, "k", "v"));
            assertThatThrownBy(() -> log.deleteRecordsBefore(1)).isInstanceOf(PolicyViolationException.class);
            assertThatThrownBy(() -> append(log, at(NOW, null, "no key")))
                    .isInstanceOfSatisfying(RecordValidationException.class, e -> {
                        assertThat(e.error()).isEqualTo(Errors.INVALID_RECORD);
                        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex)
                                .containsExactly(0);
                    });
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void segmentsRollByRecordAgeAndExpireByRetentionMs() {
        try (LogManager logs = open()) {
            PartitionLog log = logs.createTopic("t", 1, Map.of("segment.ms", "1000", "retention.ms", "60000"))
                    .partition(0);
            append(log, at(NOW - 300_000, "a", "old"));
            append(log, at(NOW - 299_500, "b", "same segment"));
            append(log, at(NOW - 200_000, "c", "rolled"));
            append(log, at(NOW, "d", "fresh"));
            assertThat(log.segmentCount()).isEqualTo(3);
            assertThat(logs.enforceRetention(NOW)).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(3);
            assertThat(logs.enforceRetention(NOW)).as("nothing left to delete").isZero();
            assertThat(logs.enforceRetention(NOW + 61_000)).as("the active segment goes too, after a roll").isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(4);
            assertThat(log.logEndOffset()).isEqualTo(4);
            assertThat(append(log, at(NOW + 61_000, "e", "next"))).isEqualTo(4);
        }
        try (LogManager logs = open()) {
            assertThat(logs.topic("t").orElseThrow().partition(0).logStartOffset()).isEqualTo(4);
        }
    }

    @Test
    void retentionBytesKeepsAtLeastThatMuch() {
        try (LogManager logs = open()) {
            PartitionLog log = logs.createTopic("t", 1,
                    Map.of("segment.ms", "1000", "retention.ms", "-1", "retention.bytes", "100")).partition(0);
            for (int i = 0; i < 3; i++) {
                append(log, at(NOW + i * 10_000L, "k" + i, "v" + i));
            }
            long batch = log.sizeInBytes() / 3;
            assertThat(batch).isBetween(51L, 99L);
            assertThat(logs.enforceRetention(NOW)).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(1);
            assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void retentionIgnoresCompactOnlyTopicsAndDeletedLogStartSegments() {
        try (LogManager logs = open()) {
            PartitionLog log = logs.createTopic("t", 1, Map.of("segment.ms", "1000", "retention.ms", "1"))
                    .partition(0);
            append(log, at(NOW, "a", "1"));
            append(log, at(NOW + 5000, "b", "2"));
            append(log, at(NOW + 10_000, "c", "3"));
            log.deleteRecordsBefore(2);
            logs.alterTopicConfigs("t", Map.of("segment.ms", "1000", "cleanup.policy", "compact"), false);
            assertThat(logs.enforceRetention(NOW + 100_000)).as("only the segments below the log start").isEqualTo(2);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(2);
        }
    }
}
