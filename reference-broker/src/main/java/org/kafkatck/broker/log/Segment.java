package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

/**
 * A contiguous run of a partition's log starting at {@link #baseOffset()}: the batches' bytes plus
 * a sparse {@link OffsetIndex}. Only the last segment of a partition is appended to.
 *
 * <p>Batch bytes are written before the index learns of them, so the index never points past the data.
 */
final class Segment {
    private static final System.Logger LOG = System.getLogger(Segment.class.getName());
    /** Where a v2 batch header keeps its max timestamp. */
    private static final int MAX_TIMESTAMP_OFFSET = 35;

    private final long baseOffset;
    private final SegmentStore store;
    private final Path logFile;
    private final Path indexFile;
    private volatile OffsetIndex index = OffsetIndex.empty();
    private volatile long nextOffset;
    private int bytesSinceIndexEntry;
    /** Max timestamp of the first batch and of all batches, or {@link #UNKNOWN} until read or appended. */
    private long firstBatchTimestamp = UNKNOWN;
    private long largestTimestamp = UNKNOWN;
    private static final long UNKNOWN = Long.MIN_VALUE;

    private Segment(long baseOffset, SegmentStore store, Path logFile, Path indexFile) {
        this.baseOffset = baseOffset;
        this.store = store;
        this.logFile = logFile;
        this.indexFile = indexFile;
        this.nextOffset = baseOffset;
    }

    static Segment inMemory(long baseOffset) {
        return new Segment(baseOffset, new MemorySegmentStore(), null, null);
    }

    /** Creates a new, empty segment file in {@code dir}. */
    static Segment create(Path dir, long baseOffset, SegmentFiles files) throws IOException {
        Path log = dir.resolve(fileName(baseOffset, ".log"));
        Path idx = dir.resolve(fileName(baseOffset, ".index"));
        Files.deleteIfExists(idx);
        return new Segment(baseOffset, files.create(log.toFile()), log, idx);
    }

    /**
     * Refers to an existing segment file; {@link #trust} or {@link #recover} then establishes where it ends.
     */
    static Segment existing(Path log, SegmentFiles files) throws IOException {
        long base = baseOffsetOf(log);
        return new Segment(base, files.existing(log.toFile()), log, log.resolveSibling(fileName(base, ".index")));
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

    /** @return the segment file, or {@code null} in memory */
    Path logFile() {
        return logFile;
    }

    /** Deletes the index file, which no longer describes a segment about to be replaced. */
    void deleteIndexFile() throws IOException {
        if (indexFile != null) {
            Files.deleteIfExists(indexFile);
        }
    }

    /**
     * Ends a segment at {@code nextSegmentBase} although its last batch may end earlier: a cleaned segment
     * still covers the offsets up to the next segment.
     */
    void endAt(long nextSegmentBase) {
        nextOffset = nextSegmentBase;
    }

    /** @return the offset the next appended record would get if appended here */
    long nextOffset() {
        return nextOffset;
    }

    int size() {
        return store.size();
    }

    /**
     * Takes a segment that was written whole before a clean shutdown (or before the last flushed point)
     * as it is: its index comes from its file, or from a scan of batch headers when that file is missing
     * or torn. No checksum is verified, so a damaged batch stays in place for consumers to detect, as in
     * Apache Kafka.
     *
     * @param nextSegmentBase the next segment's base offset, or -1 when this is the last segment (its end
     *                        is then found from its last batch)
     */
    void trust(long nextSegmentBase) throws IOException {
        OffsetIndex loaded = OffsetIndex.load(indexFile, store.size());
        if (loaded == null) {
            scan(Long.MAX_VALUE);
            if (nextSegmentBase >= 0) {
                nextOffset = nextSegmentBase;
            }
            return;
        }
        index = loaded;
        if (nextSegmentBase >= 0) {
            nextOffset = nextSegmentBase;
            return;
        }
        int start = loaded.lastPosition();
        int[] end = {start};
        long[] next = {baseOffset};
        store.scan(start, batches -> {
            for (RecordBatch batch : batches) {
                end[0] += batch.sizeInBytes();
                next[0] = batch.lastOffset() + 1;
            }
            return null;
        });
        bytesSinceIndexEntry = end[0] - start;
        nextOffset = next[0];
        cutAfter(end[0]);
    }

    /**
     * Validates the segment after a crash: every batch whose last offset is at least {@code validateFrom}
     * must be a whole magic-v2 batch with a correct CRC and increasing offsets; the segment is cut after
     * the last batch that is, and its index rebuilt.
     *
     * @return whether anything was cut (the segments after this one are then no longer part of the log)
     */
    boolean recover(long validateFrom) throws IOException {
        if (indexFile != null) {
            Files.deleteIfExists(indexFile); // it may describe bytes recovery cuts; rewritten when needed
        }
        return scan(validateFrom);
    }

    /** Appends one batch whose offsets are already assigned. Called under the partition's lock. */
    void append(long firstOffset, long lastOffset, ByteBuffer batch) throws IOException {
        int position = store.size();
        store.append(batch);
        long batchTimestamp = batch.getLong(batch.position() + MAX_TIMESTAMP_OFFSET);
        if (position == 0) {
            firstBatchTimestamp = batchTimestamp;
            largestTimestamp = batchTimestamp;
        } else if (largestTimestamp != UNKNOWN) {
            largestTimestamp = Math.max(largestTimestamp, batchTimestamp);
        }
        if (position > 0 && bytesSinceIndexEntry >= OffsetIndex.INTERVAL_BYTES) {
            index.append(firstOffset, position);
            bytesSinceIndexEntry = 0;
        }
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
        return readAt(position, maxBytes, minOneBatch);
    }

    /**
     * Reads whole batches from the batch holding {@code offset}, as {@link #read} does, for a Fetch response: a
     * large read from a file is a region of the file to send from (released with {@link ReadResult#release}),
     * anything else is read into memory.
     *
     * @return the batches, or {@code null} when this segment holds nothing at or after {@code offset}
     */
    Records readForFetch(long offset, int maxBytes, boolean minOneBatch) throws IOException {
        int position = positionOf(offset);
        if (position < 0) {
            return null;
        }
        int budget = Math.max(maxBytes, 0);
        // index entries are batch starts: the batches up to the last one within the budget need no header reads
        int wholeUntil = Math.max(position, index.floorBatchStart((int) Math.min(Integer.MAX_VALUE, (long) position + budget)));
        Records region = store.region(position, wholeUntil, budget, minOneBatch);
        return region != null ? region : MemoryRecords.readableRecords(readAt(position, maxBytes, minOneBatch));
    }

    private ByteBuffer readAt(int position, int maxBytes, boolean minOneBatch) throws IOException {
        ByteBuffer bytes = store.read(position, Math.max(maxBytes, 0));
        int whole = wholeBatchesLength(bytes);
        if (whole == 0 && minOneBatch) {
            ByteBuffer header = store.read(position, Records.HEADER_SIZE_UP_TO_MAGIC);
            int batchSize = header.getInt(8) + 12;
            return store.read(position, batchSize);
        }
        return bytes.limit(whole);
    }

    /** Runs {@code scan} over this segment's batches from the one holding {@code offset}, or over none. */
    <T> T scanFrom(long offset, SegmentStore.BatchScan<T> scan) throws IOException {
        int position = positionOf(offset);
        return position < 0 ? scan.scan(java.util.List.of()) : store.scan(position, scan);
    }

    /**
     * @return the max timestamp of the first batch (what {@code segment.ms} counts from, as in Kafka), or
     *         -1 for an empty segment. Called under the partition's lock.
     */
    long firstBatchTimestamp() throws IOException {
        if (firstBatchTimestamp == UNKNOWN) {
            loadTimestamps();
        }
        return firstBatchTimestamp;
    }

    /**
     * @return the largest timestamp of its batches (what {@code retention.ms} counts from), or -1 for an
     *         empty segment. Called under the partition's lock.
     */
    long largestTimestamp() throws IOException {
        if (largestTimestamp == UNKNOWN) {
            loadTimestamps();
        }
        return largestTimestamp;
    }

    /** Reads the batch headers once, for a segment found on disk at start. */
    private void loadTimestamps() throws IOException {
        long[] found = {-1, -1};
        store.scan(0, batches -> {
            boolean first = true;
            for (RecordBatch batch : batches) {
                if (first) {
                    found[0] = batch.maxTimestamp();
                    first = false;
                }
                found[1] = Math.max(found[1], batch.maxTimestamp());
            }
            return null;
        });
        firstBatchTimestamp = found[0];
        largestTimestamp = found[1];
    }

    void flush() throws IOException {
        store.flush();
    }

    /**
     * Writes the index next to the segment, for a fast start; called when the segment stops being active
     * and at a clean shutdown. An index without entries is not written: a start finds its few batches by
     * a short scan.
     */
    void writeIndex() throws IOException {
        if (indexFile != null && index.entries() > 0) {
            index.writeTo(indexFile);
        }
    }

    /** Releases the file handle if unused for {@code idleNanos}. */
    void closeIfIdle(long idleNanos) throws IOException {
        store.closeIfIdle(idleNanos);
    }

    /** @return whether the segment holds a file handle now */
    boolean isOpen() {
        return store.isOpen();
    }

    void close() throws IOException {
        store.close();
    }

    void delete() throws IOException {
        store.delete();
        if (indexFile != null) {
            Files.deleteIfExists(indexFile);
        }
    }

    /** @return start of the first batch whose last offset is at least {@code offset}, or -1 */
    private int positionOf(long offset) throws IOException {
        int from = index.floorPosition(offset);
        return store.scan(from, batches -> {
            int position = from;
            for (RecordBatch batch : batches) {
                if (batch.lastOffset() >= offset) {
                    return position;
                }
                position += batch.sizeInBytes();
            }
            return -1;
        });
    }

    private static int wholeBatchesLength(ByteBuffer bytes) {
        int position = 0;
        int limit = bytes.limit();
        while (position + Records.HEADER_SIZE_UP_TO_MAGIC <= limit) {
            int batchSize = bytes.getInt(position + 8) + 12;
            if (position + batchSize > limit) {
                break;
            }
            position += batchSize;
        }
        return position;
    }

    /**
     * Walks every batch header, rebuilding the index; checks batches whose last offset is at least
     * {@code validateFrom} in full; cuts the segment after the last good batch.
     */
    private boolean scan(long validateFrom) throws IOException {
        OffsetIndex rebuilt = OffsetIndex.empty();
        int[] state = {0, 0}; // position, bytes since the last index entry
        long[] next = {baseOffset};
        store.scan(0, batches -> {
            try {
                for (RecordBatch batch : batches) {
                    if (batch.lastOffset() >= validateFrom && (batch.magic() != RecordBatch.MAGIC_VALUE_V2
                            || !batch.isValid() || batch.baseOffset() < next[0])) {
                        break;
                    }
                    if (state[0] > 0 && state[1] >= OffsetIndex.INTERVAL_BYTES) {
                        rebuilt.append(batch.baseOffset(), state[0]);
                        state[1] = 0;
                    }
                    state[0] += batch.sizeInBytes();
                    state[1] += batch.sizeInBytes();
                    next[0] = batch.lastOffset() + 1;
                }
            } catch (KafkaException e) {
                // a garbled header: everything from here on is cut below
            }
            return null;
        });
        index = rebuilt;
        bytesSinceIndexEntry = state[1];
        nextOffset = next[0];
        return cutAfter(state[0]);
    }

    private boolean cutAfter(int position) throws IOException {
        if (position >= store.size()) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, "Recovery of {0}: truncating {1} bytes after the last valid batch"
                + " at position {2}", logFile, store.size() - position, position);
        store.truncateTo(position);
        index.truncateTo(position);
        return true;
    }
}
