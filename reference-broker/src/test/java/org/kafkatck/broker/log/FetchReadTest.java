package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads for a Fetch response: large ones are file regions with their own handle, sent with sendfile. */
class FetchReadTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int MAX_MESSAGE = 1 << 20;
    /** Each batch holds one record of this value: 1,070 bytes a batch. */
    private static final String VALUE = "v".repeat(1000);

    @TempDir
    Path dir;

    private PartitionLog log(long segmentBytes, int batches) {
        PartitionLog log = PartitionLog.open(TP, new LogSettings(dir, segmentBytes, MAX_MESSAGE, false, null));
        for (int i = 0; i < batches; i++) {
            log.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1000L + i, VALUE.getBytes())),
                    TimestampType.CREATE_TIME, MAX_MESSAGE, System.currentTimeMillis(), true);
        }
        return log;
    }

    @Test
    void aLargeReadIsAFileRegionOfTheSameWholeBatchesAsAReadIntoMemory() throws IOException {
        PartitionLog log = log(1 << 20, 300);
        // budgets and offsets that fall between index entries (every 4 KiB) and between batches
        for (int offset : new int[] {0, 5, 37}) {
            for (int budget : new int[] {1 << 20, 100_000, 70_001, FileSegmentStore.MIN_REGION_BYTES}) {
                MemoryRecords memory = log.read(offset, budget, true).records();
                Records region = log.readForFetch(offset, budget, true, Long.MAX_VALUE).records();

                assertThat(region).isInstanceOf(FileRecords.class);
                assertThat(bytes(region)).isEqualTo(bytes(memory));
                assertThat(region.sizeInBytes()).isLessThanOrEqualTo(budget)
                        .isEqualTo(memory.sizeInBytes()).isEqualTo(memory.sizeInBytes() / batchSize(memory) * batchSize(memory));
                ReadResult.release(region);
                assertThat(((FileRecords) region).channel().isOpen()).as("released").isFalse();
            }
        }
        log.close();
    }

    @Test
    void smallReadsAndReadsOfAMemoryLogAreServedFromMemory() {
        PartitionLog disk = log(1 << 20, 300);
        assertThat(disk.readForFetch(0, FileSegmentStore.MIN_REGION_BYTES - 1, true, Long.MAX_VALUE).records())
                .isInstanceOf(MemoryRecords.class);
        assertThat(disk.readForFetch(290, 1 << 20, true, Long.MAX_VALUE).records().sizeInBytes())
                .as("ten batches left: less than a region is worth").isEqualTo(10 * 1070);
        assertThat(disk.readForFetch(290, 1 << 20, true, Long.MAX_VALUE).records()).isInstanceOf(MemoryRecords.class);
        disk.close();

        PartitionLog memory = PartitionLog.open(TP, new LogSettings(null, 1 << 20, MAX_MESSAGE, false, null));
        memory.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(VALUE.repeat(100).getBytes())),
                TimestampType.CREATE_TIME, MAX_MESSAGE, System.currentTimeMillis(), true);
        assertThat(memory.readForFetch(0, 1 << 20, true, Long.MAX_VALUE).records()).isInstanceOf(MemoryRecords.class);
    }

    @Test
    void aRegionKeepsItsBytesWhenItsSegmentIsDeletedBeforeItIsSent() throws IOException {
        PartitionLog log = log(1 << 20, 300);
        byte[] expected = bytes(log.read(0, 1 << 20, true).records());
        Records region = log.readForFetch(0, 1 << 20, true, Long.MAX_VALUE).records();

        log.delete(); // the topic is deleted: the segment files are closed and removed

        assertThat(bytes(region)).isEqualTo(expected);
        ReadResult.release(region);
    }

    @Test
    void readCommittedCutsARegionBeforeTheStableOffset() throws IOException {
        PartitionLog log = log(1 << 20, 300);
        Records region = log.readForFetch(0, 1 << 20, true, 100).records();

        assertThat(region).isInstanceOf(FileRecords.class);
        assertThat(bytes(region)).isEqualTo(bytes(log.read(0, 1 << 20, true, 100).records()));
        assertThat(region.sizeInBytes()).isEqualTo(100 * batchSize(log.read(0, 1 << 20, true).records()));
        assertThat(log.readForFetch(0, 1 << 20, true, 0).records().sizeInBytes()).isZero();
        ReadResult.release(region);
        log.close();
    }

    @Test
    void aStoreThatCannotOpenAHandleOfItsOwnServesTheReadFromMemory() throws IOException {
        PartitionLog log = log(1 << 20, 300);
        log.close();
        java.io.File file;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            file = files.filter(path -> path.toString().endsWith("00000000000000000000.log")).findFirst().orElseThrow()
                    .toFile();
        }
        FileSegmentStore outOfDescriptors = new FileSegmentStore(file, (int) file.length()) {
            @Override
            FileRecords openOwn() throws IOException {
                throw new IOException("Too many open files");
            }
        };

        assertThat(outOfDescriptors.region(0, 0, 1 << 20, true)).as("no region: the caller reads into memory").isNull();
        assertThat(outOfDescriptors.read(0, 100).remaining()).isEqualTo(100);
        outOfDescriptors.close();
    }

    private static int batchSize(MemoryRecords records) {
        return records.firstBatchSize();
    }

    private static byte[] bytes(Records records) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(records.sizeInBytes());
        if (records instanceof FileRecords file) {
            file.readInto(buffer, 0);
        } else {
            buffer.put(((MemoryRecords) records).buffer().duplicate()).flip();
        }
        return buffer.array();
    }
}
