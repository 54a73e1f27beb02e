package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;

    @TempDir
    Path dir;

    private LogSettings disk(long segmentBytes) {
        return new LogSettings(dir, segmentBytes, MAX_MESSAGE, false, null);
    }

    private static MemoryRecords batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1000L + i, ("k" + values[i]).getBytes(), values[i].getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static AppendResult append(PartitionLog log, MemoryRecords records) {
        return log.append(records, TimestampType.CREATE_TIME, MAX_MESSAGE, System.currentTimeMillis(), true);
    }

    private static List<String> values(PartitionLog log, long from) {
        List<String> values = new ArrayList<>();
        long offset = from;
        while (offset < log.logEndOffset()) {
            MemoryRecords records = log.read(offset, 1 << 20, true).records();
            for (RecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        byte[] bytes = new byte[record.valueSize()];
                        record.value().get(bytes);
                        values.add(new String(bytes));
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return values;
    }

    @Test
    void appendsGetConsecutiveOffsetsInMemory() {
        PartitionLog log = PartitionLog.open(TP, new LogSettings(null, 1 << 20, MAX_MESSAGE, false, null));
        assertThat(append(log, batch("a", "b")).baseOffset()).isZero();
        assertThat(append(log, batch("c")).baseOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(values(log, 0)).containsExactly("a", "b", "c");
        assertThat(values(log, 1)).containsExactly("b", "c");
    }

    @Test
    void readsAcrossRolledSegments() {
        PartitionLog log = PartitionLog.open(TP, disk(2048));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            append(log, batch("value-" + i));
            expected.add("value-" + i);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        assertThat(values(log, 0)).containsExactlyElementsOf(expected);
        assertThat(values(log, 150)).containsExactlyElementsOf(expected.subList(150, 200));
        log.close();

        PartitionLog reopened = PartitionLog.open(TP, disk(2048));
        assertThat(reopened.logEndOffset()).isEqualTo(200);
        assertThat(values(reopened, 97)).containsExactlyElementsOf(expected.subList(97, 200));
        reopened.close();
    }

    @Test
    void readBeyondTheEndIsOutOfRangeAndAtTheEndIsEmpty() {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        append(log, batch("a"));
        assertThat(log.read(1, 1000, true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(2, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        log.close();
    }

    @Test
    void firstBatchIsReturnedWholeEvenAboveTheBudget() {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        append(log, batch("x".repeat(500)));
        append(log, batch("y"));
        assertThat(log.read(0, 10, true).records().sizeInBytes()).isGreaterThan(500);
        assertThat(log.read(0, 10, false).records().sizeInBytes()).isZero();
        log.close();
    }

    @Test
    void recoveryTruncatesATornWrite() throws IOException {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        append(log, batch("a"));
        append(log, batch("b"));
        log.close();
        Path segment = activeSegment();
        long goodSize = Files.size(segment);
        // half of a third batch: what a crash in the middle of a write leaves
        ByteBuffer third = batch("c").buffer();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(third.slice(0, third.remaining() / 2));
        }

        PartitionLog recovered = PartitionLog.open(TP, disk(1 << 20));
        assertThat(recovered.logEndOffset()).isEqualTo(2);
        assertThat(Files.size(segment)).isEqualTo(goodSize);
        assertThat(append(recovered, batch("c")).baseOffset()).isEqualTo(2);
        assertThat(values(recovered, 0)).containsExactly("a", "b", "c");
        recovered.close();
    }

    @Test
    void recoveryDropsABatchWhoseCrcDoesNotMatch() throws IOException {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        append(log, batch("a"));
        int firstSize = (int) log.sizeInBytes();
        append(log, batch("b"));
        log.close();
        Path segment = activeSegment();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xff}), Files.size(segment) - 1);
        }
        PartitionLog recovered = PartitionLog.open(TP, disk(1 << 20));
        assertThat(recovered.logEndOffset()).isEqualTo(1);
        assertThat(Files.size(segment)).isEqualTo(firstSize);
        recovered.close();
    }

    @Test
    void corruptBatchIsRejectedOnAppend() {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        MemoryRecords records = batch("a");
        ByteBuffer buffer = records.buffer();
        buffer.put(buffer.limit() - 1, (byte) 0x7f);
        assertThatThrownBy(() -> append(log, records)).isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
        log.close();
    }

    @Test
    void idempotentDuplicatesAreNotStoredTwiceAndGapsAreRejected() {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        MemoryRecords first = MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 0, 0,
                new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes()));
        assertThat(append(log, first).baseOffset()).isZero();
        AppendResult retry = append(log, MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 0, 0,
                new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes())));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThatThrownBy(() -> append(log, MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 0, 5,
                new SimpleRecord("c".getBytes())))).isInstanceOf(OutOfOrderSequenceException.class);
        log.close();
    }

    @Test
    void logAppendTimeReplacesTheProducerTimestamp() {
        PartitionLog log = PartitionLog.open(TP, disk(1 << 20));
        AppendResult result = log.append(batch("a"), TimestampType.LOG_APPEND_TIME, MAX_MESSAGE, 123_456L, true);
        assertThat(result.logAppendTime()).isEqualTo(123_456L);
        RecordBatch stored = log.read(0, 1000, true).records().batches().iterator().next();
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(123_456L);
        assertThat(stored.isValid()).isTrue();
        log.close();
    }

    private Path activeSegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("t").resolve("0"))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
