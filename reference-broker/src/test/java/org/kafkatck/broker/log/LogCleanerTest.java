package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The log cleaner: latest value per key, tombstones, the active segment, producer state, crashes. */
class LogCleanerTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final long NOW = 1_800_000_000_000L;
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact",
            "min.cleanable.dirty.ratio", "0.01", "segment.ms", "1000");

    @TempDir
    Path dir;
    /** Record timestamps, 2 s apart: each batch rolls a new segment (segment.ms=1000). */
    private long clock = NOW - 100_000;

    private long tick() {
        long t = clock;
        clock += 2000;
        return t;
    }

    private LogManager disk() {
        return LogManager.open(new LogSettings(dir, 1 << 30, MAX_MESSAGE, false, null));
    }

    private static LogManager memory() {
        return LogManager.open(new LogSettings(null, 1 << 30, MAX_MESSAGE, false, null));
    }

    /** Appends one batch per record, each a segment of its own (timestamps 2 s apart), the last one active. */
    private void appendEach(PartitionLog log, String... keyValues) {
        for (String keyValue : keyValues) {
            long timestamp = tick();
            String[] kv = keyValue.split("=", -1);
            byte[] value = kv[1].equals("null") ? null : kv[1].getBytes();
            log.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestamp, kv[0].getBytes(), value)),
                    TimestampType.CREATE_TIME, MAX_MESSAGE, NOW, true);
        }
    }

    /** @return "offset key=value" of every record, read across the gaps */
    private static List<String> contents(PartitionLog log) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            MemoryRecords records = log.read(offset, 1 << 20, true).records();
            long next = offset;
            for (RecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        out.add(record.offset() + " " + text(record.key()) + "=" + text(record.value()));
                    }
                }
                next = batch.nextOffset();
            }
            if (next == offset) {
                break;
            }
            offset = next;
        }
        return out;
    }

    private static String text(ByteBuffer buffer) {
        if (buffer == null) {
            return "null";
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes);
    }

    @Test
    void keepsTheLatestValueOfEachKeyAndNeverTheActiveSegment() {
        try (LogManager logs = memory()) {
            PartitionLog log = logs.createTopic("t", 1, COMPACT).partition(0);
            appendEach(log, "a=1", "b=1", "a=2", "b=2", "c=1");
            log.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(clock - 1000, "c".getBytes(),
                    "2".getBytes())), TimestampType.CREATE_TIME, MAX_MESSAGE, NOW, true);
            assertThat(logs.cleanLogs(NOW)).isEqualTo(2);
            assertThat(contents(log)).containsExactly("2 a=2", "3 b=2", "4 c=1", "5 c=2");
            assertThat(log.logStartOffset()).isZero();
            assertThat(logs.cleanLogs(NOW)).as("nothing dirty any more").isZero();
        }
    }

    @Test
    void tombstonesGoOnceCleanedAgainAfterTheDeleteRetention() {
        try (LogManager logs = memory()) {
            Map<String, String> configs = new java.util.HashMap<>(COMPACT);
            configs.put("delete.retention.ms", "1000");
            PartitionLog log = logs.createTopic("t", 1, configs).partition(0);
            appendEach(log, "a=1", "a=null", "b=1");
            logs.cleanLogs(NOW);
            assertThat(contents(log)).containsExactly("1 a=null", "2 b=1");
            appendEach(log, "c=1");
            logs.cleanLogs(NOW + 500);
            assertThat(contents(log)).as("before the horizon").containsExactly("1 a=null", "2 b=1", "3 c=1");
            appendEach(log, "d=1");
            logs.cleanLogs(NOW + 1500);
            assertThat(contents(log)).containsExactly("2 b=1", "3 c=1", "4 d=1");
        }
    }

    @Test
    void cleaningKeepsTheLastBatchOfAProducerSoItsSequenceContinues() {
        try (LogManager logs = memory()) {
            PartitionLog log = logs.createTopic("t", 1, COMPACT).partition(0);
            log.append(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, 0,
                    new SimpleRecord(tick(), "a".getBytes(), "1".getBytes())),
                    TimestampType.CREATE_TIME, MAX_MESSAGE, NOW, true);
            appendEach(log, "a=2", "b=1");
            logs.cleanLogs(NOW);
            assertThat(contents(log)).containsExactly("1 a=2", "2 b=1");
            MemoryRecords first = log.read(0, 1 << 20, true).records();
            RecordBatch kept = first.batches().iterator().next();
            assertThat(kept.producerId()).as("the producer's last batch, kept empty").isEqualTo(7L);
            assertThat(kept.baseOffset()).isZero();
            AppendResult next = log.append(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, 1,
                    new SimpleRecord(NOW, "a".getBytes(), "3".getBytes())), TimestampType.CREATE_TIME, MAX_MESSAGE, NOW,
                    true);
            assertThat(next.baseOffset()).isEqualTo(3);
        }
    }

    @Test
    void aReadThatFindsOnlyAnEmptiedBatchGoesOnToTheNextRecordsWithinTheBudget() {
        try (LogManager logs = memory()) {
            PartitionLog log = logs.createTopic("t", 1, COMPACT).partition(0);
            log.append(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, 0,
                    new SimpleRecord(tick(), "a".getBytes(), "1".getBytes())),
                    TimestampType.CREATE_TIME, MAX_MESSAGE, NOW, true);
            appendEach(log, "a=2", "b=1");
            logs.cleanLogs(NOW);

            List<String> batches = new ArrayList<>();
            log.read(0, 1 << 20, true).records().batches().forEach(batch -> batches.add(
                    batch.baseOffset() + ".." + batch.lastOffset() + ": " + batch.countOrNull() + " records"));
            assertThat(batches).as("the emptied batch, then the next segment's first batch holding records")
                    .containsExactly("0..0: 0 records", "1..1: 1 records");

            int emptiedBatchBytes = log.read(0, 1 << 20, true).records().firstBatchSize();
            List<Long> withinBudget = new ArrayList<>();
            log.read(0, emptiedBatchBytes, true).records().batches().forEach(b -> withinBudget.add(b.baseOffset()));
            assertThat(withinBudget).as("a budget that fits only the emptied batch").containsExactly(0L);
        }
    }

    @Test
    void cleanedSegmentsSurviveACrashAndARestart() {
        LogManager logs = disk();
        PartitionLog log = logs.createTopic("t", 1, COMPACT).partition(0);
        appendEach(log, "a=1", "b=1", "a=2", "c=1");
        log.flush();
        assertThat(logs.cleanLogs(NOW)).isEqualTo(1);
        assertThat(contents(log)).containsExactly("1 b=1", "2 a=2", "3 c=1");
        // a crash: no clean shutdown; the next start recovers from the files as they are
        try (LogManager restarted = disk()) {
            PartitionLog again = restarted.topic("t").orElseThrow().partition(0);
            assertThat(contents(again)).containsExactly("1 b=1", "2 a=2", "3 c=1");
            assertThat(again.logEndOffset()).isEqualTo(4);
        } finally {
            logs.close();
        }
    }

    @Test
    void aCrashBeforeTheSwapLosesNothing() throws IOException {
        try (LogManager logs = disk()) {
            PartitionLog log = logs.createTopic("t", 1, COMPACT).partition(0);
            appendEach(log, "a=1", "b=1", "a=2", "c=1");
        }
        // what a cleaner killed mid-write leaves: a partial segment written aside, the original in place
        Path partition = dir.resolve("t").resolve("0");
        Path aside = partition.resolve("00000000000000000000.log" + PartitionLog.CLEANED_SUFFIX);
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42}));
        }
        try (LogManager logs = disk()) {
            PartitionLog log = logs.topic("t").orElseThrow().partition(0);
            assertThat(contents(log)).containsExactly("0 a=1", "1 b=1", "2 a=2", "3 c=1");
            try (Stream<Path> files = Files.list(partition)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(PartitionLog.CLEANED_SUFFIX));
            }
            assertThat(logs.cleanLogs(NOW)).isEqualTo(1);
            assertThat(contents(log)).containsExactly("1 b=1", "2 a=2", "3 c=1");
        }
    }
}
