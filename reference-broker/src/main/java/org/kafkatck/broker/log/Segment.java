package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A contiguous run of a partition's log starting at {@link #baseOffset()}: the batches' bytes plus
 * a sparse {@link OffsetIndex}. Only the last segment of a partition is appended to.
 */
final class Segment {
    private final long baseOffset;
    private final SegmentStore store;
    private final OffsetIndex index;
    private final Path logFile;
    private final Path indexFile;
    private volatile long nextOffset;
    private int bytesSinceIndexEntry;

    private Segment(long baseOffset, SegmentStore store, OffsetIndex index, Path logFile, Path indexFile) {
        this.baseOffset = baseOffset;
        this.store = store;
        this.index = index;
        this.logFile = logFile;
        this.indexFile = indexFile;
        this.nextOffset = baseOffset;
    }

    static Segment inMemory(long baseOffset) {
        return new Segment(baseOffset, new MemorySegmentStore(), OffsetIndex.inMemory(), null, null);
    }

    /** Creates a new, empty segment file in {@code dir}. */
    static Segment create(Path dir, long baseOffset) throws IOException {
        Path log = dir.resolve(fileName(baseOffset, ".log"));
        Path idx = dir.resolve(fileName(baseOffset, ".index"));
        Files.deleteIfExists(idx);
        SegmentStore store = FileSegmentStore.open(log.toFile());
        return new Segment(baseOffset, store, OffsetIndex.open(idx, store.size()), log, idx);
    }

    /**
     * Opens an existing segment file.
     *
     * @param active whether this is the last segment: its tail is then validated batch by batch (CRC
     *               included) and anything after the last whole, valid batch is truncated
     * @param nextSegmentBase the next segment's base offset, which ends a closed segment
     */
    static Segment open(Path log, boolean active, long nextSegmentBase) throws IOException {
        long base = baseOffsetOf(log);
        Path idx = log.resolveSibling(fileName(base, ".index"));
        SegmentStore store = FileSegmentStore.open(log.toFile());
        OffsetIndex index = OffsetIndex.open(idx, store.size());
        Segment segment = new Segment(base, store, index, log, idx);
        if (active) {
            segment.recover();
        } else {
            segment.nextOffset = nextSegmentBase;
            if (index.entries() == 0 && store.size() > OffsetIndex.INTERVAL_BYTES) {
                segment.rebuildIndex();
            }
        }
        return segment;
    }

    static boolean isLogFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".log") && name.length() == 24 && name.substring(0, 20).chars().allMatch(Character::isDigit);
    }

    static long baseOffsetOf(Path log) {
        return Long.parseLong(log.getFileName().toString().substring(0, 20));
    }

    private static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    long baseOffset() {
        return baseOffset;
    }

    /** @return the offset the next appended record would get if appended here */
    long nextOffset() {
        return nextOffset;
    }

    int size() {
        return store.size();
    }

    /** Appends one batch whose offsets are already assigned. Called under the partition's lock. */
    void append(long firstOffset, long lastOffset, ByteBuffer batch) throws IOException {
        int position = store.size();
        if (position > 0 && bytesSinceIndexEntry >= OffsetIndex.INTERVAL_BYTES) {
            index.append(firstOffset, position);
            bytesSinceIndexEntry = 0;
        }
        store.append(batch);
        bytesSinceIndexEntry += batch.remaining();
        nextOffset = lastOffset + 1;
    }

    /**
     * Reads whole batches from the batch holding {@code offset}.
     *
     * @param maxBytes     byte budget; batches beyond it are left out
     * @param minOneBatch  return the first batch whole even when it alone exceeds the budget, so a
     *                     consumer can always make progress (KIP-74)
     * @return the bytes read, empty when the budget does not fit the first batch and
     *         {@code minOneBatch} is false, or {@code null} when this segment holds nothing at or after
     *         {@code offset}
     */
    ByteBuffer read(long offset, int maxBytes, boolean minOneBatch) throws IOException {
        int position = positionOf(offset);
        if (position < 0) {
            return null;
        }
        ByteBuffer bytes = store.read(position, Math.max(maxBytes, 0));
        int whole = wholeBatchesLength(bytes);
        if (whole == 0 && minOneBatch) {
            ByteBuffer header = store.read(position, org.apache.kafka.common.record.internal.Records.HEADER_SIZE_UP_TO_MAGIC);
            int batchSize = header.getInt(8) + 12;
            return store.read(position, batchSize);
        }
        return bytes.limit(whole);
    }

    /** @return the batches of this segment from the one holding {@code offset}, or none */
    Iterable<? extends RecordBatch> batchesFrom(long offset) {
        int position = positionOf(offset);
        return position < 0 ? java.util.List.of() : store.batchesFrom(position);
    }

    /** @return all batches of this segment */
    Iterable<? extends RecordBatch> batches() {
        return store.batchesFrom(0);
    }

    void flush() throws IOException {
        store.flush();
        index.flush();
    }

    void close() throws IOException {
        store.close();
        index.close();
    }

    void delete() throws IOException {
        close();
        store.delete();
        if (indexFile != null) {
            Files.deleteIfExists(indexFile);
        }
    }

    /** @return start of the first batch whose last offset is at least {@code offset}, or -1 */
    private int positionOf(long offset) {
        int position = index.floorPosition(offset);
        for (RecordBatch batch : store.batchesFrom(position)) {
            if (batch.lastOffset() >= offset) {
                return position;
            }
            position += batch.sizeInBytes();
        }
        return -1;
    }

    private static int wholeBatchesLength(ByteBuffer bytes) {
        int position = 0;
        int limit = bytes.limit();
        while (position + org.apache.kafka.common.record.internal.Records.HEADER_SIZE_UP_TO_MAGIC <= limit) {
            int batchSize = bytes.getInt(position + 8) + 12;
            if (position + batchSize > limit) {
                break;
            }
            position += batchSize;
        }
        return position;
    }

    /** Validates every batch and cuts the log after the last valid one; rebuilds the index. */
    private void recover() throws IOException {
        index.clear();
        int position = 0;
        long next = baseOffset;
        try {
            for (RecordBatch batch : store.batchesFrom(0)) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !batch.isValid() || batch.baseOffset() < next) {
                    break;
                }
                if (position > 0 && bytesSinceIndexEntry >= OffsetIndex.INTERVAL_BYTES) {
                    index.append(batch.baseOffset(), position);
                    bytesSinceIndexEntry = 0;
                }
                position += batch.sizeInBytes();
                bytesSinceIndexEntry += batch.sizeInBytes();
                next = batch.lastOffset() + 1;
            }
        } catch (CorruptRecordException e) {
            // a torn or garbled header: everything from here on is discarded below
        }
        if (position < store.size()) {
            System.getLogger(Segment.class.getName()).log(System.Logger.Level.WARNING,
                    "Recovery of {0}: truncating {1} bytes after the last valid batch at position {2}",
                    logFile, store.size() - position, position);
            store.truncateTo(position);
        }
        nextOffset = next;
    }

    private void rebuildIndex() throws IOException {
        index.clear();
        int position = 0;
        int sinceEntry = 0;
        for (RecordBatch batch : store.batchesFrom(0)) {
            if (position > 0 && sinceEntry >= OffsetIndex.INTERVAL_BYTES) {
                index.append(batch.baseOffset(), position);
                sinceEntry = 0;
            }
            position += batch.sizeInBytes();
            sinceEntry += batch.sizeInBytes();
        }
    }
}
