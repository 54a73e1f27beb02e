package org.kafkatck.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.kafkatck.broker.producer.BatchMetadata;
import org.kafkatck.broker.producer.ProducerStateManager;

/**
 * One partition's log: an append-only sequence of record batches, each stored exactly as the
 * producer sent it except for the offsets (and, on LogAppendTime topics, the timestamp) the broker
 * assigns.
 *
 * <p>Appends are serialised by a lock; reads take no lock and see every append that has completed.
 * This is a single-node broker, so the high watermark is the log end offset.
 */
public final class PartitionLog {
    private static final String PRODUCER_SNAPSHOT = "producer-state.snapshot";

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogSettings settings;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ProducerStateManager producers = new ProducerStateManager();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private volatile Segment[] segments;
    private volatile long logEndOffset;
    private volatile boolean dirty;

    private PartitionLog(TopicPartition topicPartition, Path dir, LogSettings settings, Segment[] segments) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.settings = settings;
        this.segments = segments;
        this.logEndOffset = segments[segments.length - 1].nextOffset();
    }

    /**
     * Opens a partition's log, creating it when new. On disk, the last segment is validated batch by
     * batch and a torn tail is truncated; producer state is restored from its snapshot and the log
     * after it.
     */
    static PartitionLog open(TopicPartition tp, LogSettings settings) {
        if (!settings.durable()) {
            return new PartitionLog(tp, null, settings, new Segment[] {Segment.inMemory(0)});
        }
        Path dir = settings.dataDir().resolve(tp.topic()).resolve(Integer.toString(tp.partition()));
        try {
            Files.createDirectories(dir);
            List<Path> logs;
            try (Stream<Path> files = Files.list(dir)) {
                logs = files.filter(Segment::isLogFile).sorted().toList();
            }
            Segment[] segments;
            if (logs.isEmpty()) {
                segments = new Segment[] {Segment.create(dir, 0)};
            } else {
                segments = new Segment[logs.size()];
                for (int i = 0; i < logs.size(); i++) {
                    boolean last = i == logs.size() - 1;
                    long nextBase = last ? -1 : Segment.baseOffsetOf(logs.get(i + 1));
                    segments[i] = Segment.open(logs.get(i), last, nextBase);
                }
            }
            PartitionLog log = new PartitionLog(tp, dir, settings, segments);
            log.restoreProducerState();
            return log;
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot open the log of " + tp + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return topic and partition */
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** @return the offset the next appended record gets */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** @return the first offset still in the log */
    public long logStartOffset() {
        return segments[0].baseOffset();
    }

    /** @return the highest offset a consumer may read up to (exclusive); the log end on a single node */
    public long highWatermark() {
        return logEndOffset;
    }

    /** @return bytes stored in all segments */
    public long sizeInBytes() {
        long size = 0;
        for (Segment segment : segments) {
            size += segment.size();
        }
        return size;
    }

    /** @return number of segments, for tests and metrics */
    public int segmentCount() {
        return segments.length;
    }

    /**
     * Validates a produced record set and appends its batch.
     *
     * @param records         the record set; its buffer is updated in place with the assigned offsets
     * @param timestampType   the topic's timestamp type
     * @param maxMessageBytes the topic's largest batch
     * @param nowMs           broker time, used as log-append time
     * @param allowZstd       whether the request version may carry zstd
     * @return where the batch landed; a duplicate of a recent idempotent batch returns its original place
     */
    public AppendResult append(MemoryRecords records, TimestampType timestampType, int maxMessageBytes, long nowMs,
                               boolean allowZstd) {
        MutableRecordBatch batch = RecordBatchValidator.validate(records, maxMessageBytes, settings.segmentBytes(),
                timestampType, nowMs, allowZstd);
        long appendTime = timestampType == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
        int count = batch.countOrNull();
        long baseOffset;
        long lastOffset;
        appendLock.lock();
        try {
            boolean idempotent = batch.hasProducerId();
            if (idempotent) {
                Optional<BatchMetadata> duplicate = producers.check(batch.producerId(), batch.producerEpoch(),
                        batch.baseSequence(), batch.lastSequence());
                if (duplicate.isPresent()) {
                    return new AppendResult(duplicate.get().firstOffset(), duplicate.get().lastOffset(),
                            RecordBatch.NO_TIMESTAMP, logStartOffset(), true);
                }
            }
            baseOffset = logEndOffset;
            lastOffset = baseOffset + count - 1;
            batch.setLastOffset(lastOffset);
            batch.setPartitionLeaderEpoch(0);
            if (timestampType == TimestampType.LOG_APPEND_TIME) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            }
            ByteBuffer bytes = records.buffer().duplicate();
            Segment active = activeSegmentFor(bytes.remaining(), baseOffset);
            active.append(baseOffset, lastOffset, bytes);
            if (idempotent) {
                producers.update(batch.producerId(), batch.producerEpoch(),
                        new BatchMetadata(batch.baseSequence(), batch.lastSequence(), baseOffset, lastOffset));
            }
            if (settings.flushEachAppend()) {
                active.flush();
            } else {
                dirty = true;
            }
            logEndOffset = lastOffset + 1;
        } catch (IOException e) {
            throw new KafkaStorageException("Append to " + topicPartition + " failed: " + e.getMessage(), e);
        } finally {
            appendLock.unlock();
        }
        for (Runnable listener : appendListeners) {
            listener.run();
        }
        return new AppendResult(baseOffset, lastOffset, appendTime, logStartOffset(), false);
    }

    /**
     * Reads whole batches starting with the one that holds {@code offset}.
     *
     * @param maxBytes    byte budget for this partition
     * @param minOneBatch return one batch even when it exceeds the budget
     * @throws OffsetOutOfRangeException when {@code offset} is before the log start or after its end
     */
    public ReadResult read(long offset, int maxBytes, boolean minOneBatch) {
        long end = logEndOffset;
        Segment[] current = segments;
        long start = current[0].baseOffset();
        if (offset < start || offset > end) {
            throw new OffsetOutOfRangeException("Offset " + offset + " is out of range for " + topicPartition
                    + ", which holds offsets " + start + " to " + end + " (exclusive)");
        }
        if (offset == end) {
            return new ReadResult(MemoryRecords.EMPTY, end, start);
        }
        try {
            for (int i = floorSegment(current, offset); i < current.length; i++) {
                ByteBuffer bytes = current[i].read(offset, maxBytes, minOneBatch);
                if (bytes != null) {
                    return new ReadResult(MemoryRecords.readableRecords(bytes), end, start);
                }
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Read from " + topicPartition + " failed: " + e.getMessage(), e);
        }
        return new ReadResult(MemoryRecords.EMPTY, end, start);
    }

    /**
     * Finds the first record whose timestamp is at least {@code timestamp} (ListOffsets by time).
     */
    public TimestampOffset offsetForTimestamp(long timestamp) {
        for (Segment segment : segments) {
            for (RecordBatch batch : segment.batches()) {
                if (batch.maxTimestamp() >= timestamp) {
                    for (Record record : batch) {
                        long recordTime = recordTimestamp(batch, record);
                        if (recordTime >= timestamp) {
                            return new TimestampOffset(recordTime, record.offset());
                        }
                    }
                }
            }
        }
        return TimestampOffset.NONE;
    }

    /**
     * Finds the record with the largest timestamp, the first one on ties (ListOffsets MAX_TIMESTAMP, KIP-734).
     */
    public TimestampOffset maxTimestamp() {
        RecordBatch best = null;
        for (Segment segment : segments) {
            for (RecordBatch batch : segment.batches()) {
                if (best == null || batch.maxTimestamp() > best.maxTimestamp()) {
                    best = batch;
                }
            }
        }
        if (best == null) {
            return TimestampOffset.NONE;
        }
        for (Record record : best) {
            if (recordTimestamp(best, record) == best.maxTimestamp()) {
                return new TimestampOffset(best.maxTimestamp(), record.offset());
            }
        }
        return new TimestampOffset(best.maxTimestamp(), best.baseOffset());
    }

    /** Registers a callback run after every append; used to wake long-polling fetches. */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    /** Removes a callback added with {@link #addAppendListener}. */
    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /** Forces appended data to disk if any was appended since the last flush. */
    public void flush() {
        if (!dirty) {
            return;
        }
        appendLock.lock();
        try {
            dirty = false;
            segments[segments.length - 1].flush();
        } catch (IOException e) {
            throw new KafkaStorageException("Flush of " + topicPartition + " failed: " + e.getMessage(), e);
        } finally {
            appendLock.unlock();
        }
    }

    /** Flushes, snapshots producer state and releases files. */
    public void close() {
        appendLock.lock();
        try {
            for (Segment segment : segments) {
                segment.flush();
                segment.close();
            }
            if (dir != null) {
                producers.writeSnapshot(dir.resolve(PRODUCER_SNAPSHOT), logEndOffset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Closing the log of " + topicPartition + " failed", e);
        } finally {
            appendLock.unlock();
        }
    }

    /** Removes every segment of this partition. */
    void delete() {
        appendLock.lock();
        try {
            for (Segment segment : segments) {
                segment.delete();
            }
            if (dir != null) {
                Files.deleteIfExists(dir.resolve(PRODUCER_SNAPSHOT));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Deleting the log of " + topicPartition + " failed", e);
        } finally {
            appendLock.unlock();
        }
    }

    private Segment activeSegmentFor(int batchBytes, long baseOffset) throws IOException {
        Segment active = segments[segments.length - 1];
        if (active.size() > 0 && (long) active.size() + batchBytes > settings.segmentBytes()) {
            Segment next = dir == null ? Segment.inMemory(baseOffset) : Segment.create(dir, baseOffset);
            active.flush();
            Segment[] rolled = Arrays.copyOf(segments, segments.length + 1);
            rolled[rolled.length - 1] = next;
            segments = rolled;
            if (dir != null) {
                producers.writeSnapshot(dir.resolve(PRODUCER_SNAPSHOT), baseOffset);
            }
            return next;
        }
        return active;
    }

    private static int floorSegment(Segment[] segments, long offset) {
        int low = 0;
        int high = segments.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (segments[mid].baseOffset() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static long recordTimestamp(RecordBatch batch, Record record) {
        return batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : record.timestamp();
    }

    private void restoreProducerState() {
        long validUpTo = producers.loadSnapshot(dir.resolve(PRODUCER_SNAPSHOT));
        if (validUpTo > logEndOffset) {
            // the snapshot is ahead of a log whose tail was lost: rebuild from the log alone
            producers.truncateFrom(0);
            validUpTo = 0;
        }
        List<Segment> toReplay = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.nextOffset() > validUpTo) {
                toReplay.add(segment);
            }
        }
        for (Segment segment : toReplay) {
            for (RecordBatch batch : segment.batchesFrom(validUpTo)) {
                if (batch.baseOffset() >= validUpTo && batch.hasProducerId()) {
                    producers.update(batch.producerId(), batch.producerEpoch(), new BatchMetadata(
                            batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset()));
                }
            }
        }
    }
}
