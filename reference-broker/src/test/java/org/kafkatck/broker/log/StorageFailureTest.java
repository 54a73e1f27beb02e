package org.kafkatck.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.Damage;
import org.kafkatck.broker.storage.LogDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a failing disk may and may not do to the log: no acknowledged record is ever lost, a torn write
 * never stays in front of later data, and the failure is visible (directory offline) until a restart.
 */
class StorageFailureTest {
    private static final int MAX_MESSAGE = 1 << 20;

    @TempDir
    Path dir;

    private LogSettings settings() {
        return new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null);
    }

    private static MemoryRecords batch(int n) {
        SimpleRecord[] records = new SimpleRecord[10];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(1000L + i, ("k" + n).getBytes(), ("value-" + n + "-" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static long append(Topic topic, int n) {
        return topic.partition(0).append(batch(n), TimestampType.CREATE_TIME, MAX_MESSAGE, 0, true).baseOffset();
    }

    private static List<String> values(PartitionLog log) {
        List<String> values = new ArrayList<>();
        long offset = 0;
        while (offset < log.logEndOffset()) {
            for (RecordBatch batch : log.read(offset, 1 << 20, true).records().batches()) {
                assertThat(batch.isValid()).as("batch at %d is intact", batch.baseOffset()).isTrue();
                for (Record record : batch) {
                    values.add(new String(org.apache.kafka.common.utils.Utils.toArray(record.value())));
                }
                offset = batch.nextOffset();
            }
        }
        return values;
    }

    /** Writes half of each batch and then fails, as a write(2) does when the disk fills up. */
    private static final class FullDisk implements SegmentFiles {
        final AtomicBoolean full = new AtomicBoolean();

        @Override
        public SegmentStore create(File file) throws IOException {
            Files.deleteIfExists(file.toPath());
            Files.createFile(file.toPath());
            return existing(file);
        }

        @Override
        public SegmentStore existing(File file) throws IOException {
            return new FileSegmentStore(file, Math.toIntExact(Files.size(file.toPath()))) {
                @Override
                void write(FileRecords open, ByteBuffer batch) throws IOException {
                    if (!full.get()) {
                        super.write(open, batch);
                        return;
                    }
                    try (FileChannel raw = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
                        ByteBuffer half = batch.duplicate();
                        half.limit(half.position() + half.remaining() / 2);
                        raw.write(half, open.sizeInBytes());
                    }
                    throw new IOException("No space left on device");
                }
            };
        }
    }

    @Test
    void aFullDiskTakesTheDirectoryOfflineAndLosesNoAcknowledgedRecord() throws IOException {
        FullDisk disk = new FullDisk();
        LogDirectory directory = LogDirectory.of(dir);
        LogManager logs = LogManager.open(settings(), directory, disk);
        Topic topic = logs.createTopic("orders", 1, Map.of());
        for (int n = 0; n < 100; n++) {
            assertThat(append(topic, n)).isEqualTo(n * 10L);
        }
        Path segment = dir.resolve("orders/0/00000000000000000000.log");
        long acknowledgedBytes = Files.size(segment);

        disk.full.set(true);
        assertThatThrownBy(() -> append(topic, 100)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("No space left on device");
        assertThat(directory.online()).isFalse();
        assertThat(Files.size(segment)).as("the torn half batch is cut at once").isEqualTo(acknowledgedBytes);

        disk.full.set(false); // space freed: the directory stays offline until a restart
        assertThatThrownBy(() -> append(topic, 101)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("offline");
        assertThatThrownBy(() -> topic.partition(0).read(0, 1024, true)).isInstanceOf(KafkaStorageException.class);
        assertThat(Files.size(segment)).isEqualTo(acknowledgedBytes);
        logs.close();
        assertThat(dir.resolve(".clean-shutdown")).as("an offline directory is never marked clean").doesNotExist();

        LogManager restarted = LogManager.open(settings());
        PartitionLog log = restarted.topic("orders").orElseThrow().partition(0);
        assertThat(log.logEndOffset()).isEqualTo(1000);
        assertThat(values(log)).hasSize(1000).startsWith("value-0-0").endsWith("value-99-9");
        assertThat(append(restarted.topic("orders").orElseThrow(), 102)).isEqualTo(1000);
        restarted.close();
    }

    @Test
    void aTornWriteThatCouldNotBeCutIsTruncatedByRecoveryBeforeAnythingElseIsAppended() throws IOException {
        LogManager logs = LogManager.open(settings());
        Topic topic = logs.createTopic("orders", 1, Map.of());
        for (int n = 0; n < 10; n++) {
            append(topic, n);
        }
        logs.flushAll();
        Path segment = dir.resolve("orders/0/00000000000000000000.log");
        // a crash: half a batch at the end, no clean-shutdown marker
        ByteBuffer half = batch(10).buffer();
        half.limit(half.limit() / 2);
        try (FileChannel raw = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            raw.write(half);
        }
        LogManager restarted = LogManager.open(settings());
        Topic reopened = restarted.topic("orders").orElseThrow();
        assertThat(reopened.partition(0).logEndOffset()).isEqualTo(100);
        assertThat(append(reopened, 11)).isEqualTo(100);
        assertThat(values(reopened.partition(0))).hasSize(110).endsWith("value-11-9");
        restarted.close();
        logs.close();
    }

    @Test
    void aByteFlippedAfterACleanStopAffectsOnlyTheDamagedBatch() throws IOException {
        LogManager logs = LogManager.open(settings());
        Topic topic = logs.createTopic("orders", 1, Map.of());
        for (int n = 0; n < 1000; n++) {
            append(topic, n);
        }
        logs.close();
        Path segment = dir.resolve("orders/0/00000000000000000000.log");
        long size = Files.size(segment);
        flipByteInBatch(segment, 500);

        LogManager restarted = LogManager.open(settings());
        PartitionLog log = restarted.topic("orders").orElseThrow().partition(0);
        assertThat(Files.size(segment)).as("nothing truncated after a clean stop").isEqualTo(size);
        assertThat(log.logEndOffset()).isEqualTo(10_000);
        int damaged = 0;
        int intact = 0;
        long offset = 0;
        while (offset < log.logEndOffset()) {
            for (RecordBatch batch : log.read(offset, 1 << 20, true).records().batches()) {
                if (batch.isValid()) {
                    intact++;
                } else {
                    damaged++;
                }
                offset = batch.nextOffset();
            }
        }
        assertThat(damaged).isEqualTo(1);
        assertThat(intact).isEqualTo(999);
        restarted.close();
    }

    @Test
    void afterACrashOnlyTheLogAfterTheLastFlushedPointIsValidated() throws IOException {
        LogManager logs = LogManager.open(settings());
        Topic topic = logs.createTopic("orders", 1, Map.of());
        for (int n = 0; n < 100; n++) {
            append(topic, n);
        }
        logs.flushAll(); // recovery point 1000, checkpointed
        Path segment = dir.resolve("orders/0/00000000000000000000.log");
        long flushedSize = Files.size(segment);
        for (int n = 100; n < 200; n++) {
            append(topic, n);
        }
        long size = Files.size(segment);
        flipByteInBatch(segment, 50);  // before the recovery point: not validated
        flipByteInBatch(segment, 150); // after it: cut there

        LogManager restarted = LogManager.open(settings()); // no clean-shutdown marker: a crash
        PartitionLog log = restarted.topic("orders").orElseThrow().partition(0);
        assertThat(log.logEndOffset()).isEqualTo(1500);
        assertThat(Files.size(segment)).isLessThan(size).isGreaterThan(flushedSize);
        assertThat(log.read(500, 1 << 20, false).records().batches().iterator().next().isValid())
                .as("the damaged batch before the recovery point is left for consumers to detect").isFalse();
        restarted.close();
        logs.close();
    }

    @Test
    void aFailedTopicCreationReleasesEverythingItOpened() throws IOException {
        AtomicInteger created = new AtomicInteger();
        SegmentFiles failsOnTheFifth = new SegmentFiles() {
            @Override
            public SegmentStore create(File file) throws IOException {
                if (created.incrementAndGet() == 5) {
                    throw new IOException("Too many open files");
                }
                return SegmentFiles.DISK.create(file);
            }

            @Override
            public SegmentStore existing(File file) throws IOException {
                return SegmentFiles.DISK.existing(file);
            }
        };
        LogManager logs = LogManager.open(settings(), LogDirectory.of(dir), failsOnTheFifth);
        long before = openFileDescriptors();
        assertThatThrownBy(() -> logs.createTopic("orders", 8, Map.of())).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("Too many open files");
        assertThat(openFileDescriptors()).isEqualTo(before);
        assertThat(dir.resolve("orders")).doesNotExist();
        assertThat(logs.topic("orders")).isEmpty();
        assertThat(logs.createTopic("orders", 2, Map.of()).partitions()).hasSize(2);
        logs.close();
    }

    @Test
    void aPartitionHoldsOneFileHandleAndClosedSegmentsGiveTheirsBack() throws IOException {
        LogManager logs = LogManager.open(new LogSettings(dir, 4096, MAX_MESSAGE, false, null));
        long before = openFileDescriptors();
        Topic topic = logs.createTopic("wide", 500, Map.of());
        assertThat(openFileDescriptors() - before).isEqualTo(500);
        assertThat(logs.openFiles()).isEqualTo(500);

        Topic narrow = logs.createTopic("long", 1, Map.of());
        for (int n = 0; n < 100; n++) {
            append(narrow, n); // about 350 bytes a batch: a new segment every 11 batches
        }
        assertThat(narrow.partition(0).segmentCount()).isGreaterThan(5);
        values(narrow.partition(0)); // reads every closed segment
        assertThat(logs.openFiles()).isEqualTo(500 + narrow.partition(0).segmentCount());
        logs.closeIdleFiles(java.time.Duration.ZERO);
        assertThat(logs.openFiles()).isEqualTo(501);
        assertThat(values(narrow.partition(0))).hasSize(1000); // reopened on demand
        logs.close();
        assertThat(openFileDescriptors()).isLessThanOrEqualTo(before);
        assertThat(topic.partitions()).hasSize(500);
    }

    /** Damages a byte that the batch's CRC covers (its last record), in the batch of that index. */
    private static void flipByteInBatch(Path segment, int batchIndex) throws IOException {
        long position;
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            int i = 0;
            position = -1;
            for (var batch : records.batches()) {
                if (i++ == batchIndex) {
                    position = batch.position() + batch.sizeInBytes() - 3;
                    break;
                }
            }
        }
        assertThat(position).isPositive();
        Damage.flipByte(segment, position);
    }

    @Test
    void anInterruptedRequestNeitherFailsTheDirectoryNorTearsTheLog() throws IOException {
        LogDirectory directory = LogDirectory.of(dir);
        LogManager logs = LogManager.open(settings(), directory);
        Topic topic = logs.createTopic("orders", 1, Map.of());
        for (int n = 0; n < 10; n++) {
            append(topic, n);
        }
        Thread.currentThread().interrupt(); // as a stopping broker interrupts a request in progress
        try {
            assertThatThrownBy(() -> append(topic, 10)).isInstanceOf(KafkaStorageException.class)
                    .hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }
        assertThat(directory.online()).isTrue();
        assertThat(append(topic, 11)).isEqualTo(100);
        assertThat(values(topic.partition(0))).hasSize(110).endsWith("value-11-9");
        logs.close();
        assertThat(dir.resolve(".clean-shutdown")).exists();
    }


    /**
     * Descriptors this JVM holds open on files under the test's directory: only this test's logs, not what other
     * work in the JVM opens or what the garbage collector's cleaners close meanwhile (a fetch region read by a
     * handler test and never written out is closed that way).
     */
    private long openFileDescriptors() throws IOException {
        Path root = dir.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(root);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed since it was listed
                }
            }).count();
        }
    }
}
