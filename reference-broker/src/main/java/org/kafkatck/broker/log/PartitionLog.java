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
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.kafkatck.broker.producer.BatchMetadata;
import org.kafkatck.broker.producer.AbortedTransaction;
import org.kafkatck.broker.producer.ProducerStateManager;
import org.kafkatck.broker.storage.AtomicFile;
import org.kafkatck.broker.storage.LogDirectory;

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
    /** The log start offset, when DeleteRecords moved it into the first segment (Kafka checkpoints it too). */
    private static final String LOG_START_FILE = "log-start-offset";
    /** Suffix of a segment the log cleaner is writing aside; a leftover one is removed at start. */
    static final String CLEANED_SUFFIX = ".cleaned";

    /** Recovery mode of a log written whole before a clean shutdown: nothing to validate. */
    static final long CLEAN = Long.MAX_VALUE;

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogSettings settings;
    private final LogDirectory logDir;
    private final SegmentFiles files;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ProducerStateManager producers = new ProducerStateManager();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private volatile Segment[] segments;
    private LeaderEpochs leaderEpochs = LeaderEpochs.inMemory();
    private volatile long logEndOffset;
    private volatile long recoveryPoint;
    private volatile long logStartOffset;
    /** The topic's configs as they are now (they can be altered); {@code null} until bound to its topic. */
    private volatile Supplier<TopicSettings> topicSettings;
    private volatile boolean dirty;
    /** Set when the topic is deleted: retention leaves the log alone from then on. */
    private boolean deleted;
    /** The log cleaner's position: offsets before it have been through a cleaning (Kafka's first dirty offset). */
    private long firstDirtyOffset;
    /** The log end offset the producer-state snapshot on disk is valid up to, or -1. */
    private long snapshotOffset = -1;

    private PartitionLog(TopicPartition topicPartition, Path dir, LogSettings settings, LogDirectory logDir,
                         SegmentFiles files, Segment[] segments) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.settings = settings;
        this.logDir = logDir;
        this.files = files;
        this.segments = segments;
        this.logEndOffset = segments[segments.length - 1].nextOffset();
        this.recoveryPoint = logEndOffset;
        this.logStartOffset = segments[0].baseOffset();
    }

    /** @return the configs of the topic as they are now; the broker's defaults for a log not bound to a topic */
    private TopicSettings topicSettings() {
        Supplier<TopicSettings> bound = topicSettings;
        return bound != null ? bound.get() : TopicSettings.of(java.util.Map.of(), settings);
    }

    /** Makes every later append and retention pass follow the configs of {@code topic} as they are then. */
    void bindTo(Topic topic) {
        topicSettings = topic::settings;
    }

    /** Opens a log as after a crash (every batch validated), creating it when new; for tests. */
    static PartitionLog open(TopicPartition tp, LogSettings settings) {
        return open(tp, settings, settings.durable() ? LogDirectory.of(settings.dataDir()) : LogDirectory.memory(),
                SegmentFiles.DISK, 0, 0);
    }

    /**
     * Opens a partition's log, creating it when new.
     *
     * <p>After a clean shutdown ({@code recoverFrom} is {@link #CLEAN}) the segments are taken as they
     * are. After a crash, every batch from {@code recoverFrom} (the partition's last flushed offset) on is
     * validated, CRC included, and the log is cut after the last valid one; producer state is restored
     * from its snapshot and the log after it.
     *
     * @param term the broker's start number ({@link BrokerTerm}), which numbers the new leader epoch; 0 to
     *             write the epochs at once instead (a log opened alone, in tests)
     * @throws KafkaStorageException when the log cannot be read or created
     */
    static PartitionLog open(TopicPartition tp, LogSettings settings, LogDirectory logDir, SegmentFiles files,
                             long recoverFrom, long term) {
        if (!settings.durable()) {
            return new PartitionLog(tp, null, settings, logDir, files, new Segment[] {Segment.inMemory(0)});
        }
        Path dir = settings.dataDir().resolve(tp.topic()).resolve(Integer.toString(tp.partition()));
        List<Segment> opened = new ArrayList<>();
        try {
            java.util.Set<String> names = listOrCreate(dir);
            List<Path> logs = names.stream().map(dir::resolve).filter(Segment::isLogFile).sorted().toList();
            for (String name : names) {
                if (name.endsWith(CLEANED_SUFFIX)) {
                    // a cleaning interrupted before its swap: the original segment is still in place
                    Files.delete(dir.resolve(name));
                }
            }
            if (logs.isEmpty()) {
                opened.add(Segment.create(dir, 0, files));
            } else {
                for (Path log : logs) {
                    opened.add(Segment.existing(log, files));
                }
                loadSegments(opened, recoverFrom);
            }
            PartitionLog log = new PartitionLog(tp, dir, settings, logDir, files, opened.toArray(Segment[]::new));
            log.restoreLogStartOffset(names);
            log.restoreProducerState();
            log.leaderEpochs = LeaderEpochs.beginTerm(dir, log.logStartOffset(), log.logEndOffset(), term,
                    recoverFrom == CLEAN ? known -> java.util.Map.of() : known -> log.epochsAbove(known, recoverFrom));
            return log;
        } catch (IOException | RuntimeException e) {
            for (Segment segment : opened) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new KafkaStorageException("Cannot open the log of " + tp + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lists a log's directory in one pass, creating it when missing (a new partition) rather than
     * checking first: at start, with thousands of partitions, every metadata call per partition counts.
     *
     * @return the names of the files in {@code dir}
     */
    private static java.util.Set<String> listOrCreate(Path dir) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(dir);
        }
        return names;
    }

    /**
     * Establishes where each segment ends: those wholly before {@code recoverFrom} are trusted, the rest
     * validated; a segment cut by validation ends the log, and the segments after it are deleted.
     */
    private static void loadSegments(List<Segment> segments, long recoverFrom) throws IOException {
        int firstToRecover = segments.size();
        if (recoverFrom != CLEAN) {
            firstToRecover = 0;
            while (firstToRecover + 1 < segments.size() && segments.get(firstToRecover + 1).baseOffset() <= recoverFrom) {
                firstToRecover++;
            }
        }
        for (int i = 0; i < firstToRecover; i++) {
            boolean last = i == segments.size() - 1;
            segments.get(i).trust(last ? -1 : segments.get(i + 1).baseOffset());
        }
        for (int i = firstToRecover; i < segments.size(); i++) {
            if (segments.get(i).recover(recoverFrom) && i + 1 < segments.size()) {
                List<Segment> dropped = segments.subList(i + 1, segments.size());
                for (Segment segment : dropped) {
                    System.getLogger(PartitionLog.class.getName()).log(System.Logger.Level.WARNING,
                            "Recovery: deleting segment at offset {0}, after a damaged batch in an earlier segment",
                            segment.baseOffset());
                    segment.delete();
                }
                dropped.clear();
                break;
            }
        }
    }

    /**
     * @return the first offset of each leader epoch above {@code known} stamped in the batches from
     *         {@code offset} on: what a crash may have kept of the log but not of its epoch file. Epochs only
     *         grow along the log, so the last batch tells whether there is any, and the scan is mostly skipped.
     */
    private java.util.Map<Integer, Long> epochsAbove(int known, long offset) throws IOException {
        if (logEndOffset <= offset || lastBatchEpoch() <= known) {
            return java.util.Map.of();
        }
        java.util.TreeMap<Integer, Long> found = new java.util.TreeMap<>();
        for (Segment segment : segments) {
            if (segment.nextOffset() > offset) {
                segment.scanFrom(Math.max(offset, segment.baseOffset()), batches -> {
                    for (RecordBatch batch : batches) {
                        int epoch = batch.partitionLeaderEpoch();
                        if (batch.lastOffset() >= offset && epoch > known
                                && (found.isEmpty() || epoch > found.lastKey())) {
                            found.put(epoch, Math.max(offset, batch.baseOffset()));
                        }
                    }
                    return null;
                });
            }
        }
        return found;
    }

    /** @return the leader epoch stamped in the log's last batch, or -1 for an empty log */
    private int lastBatchEpoch() throws IOException {
        int[] epoch = {-1};
        Segment last = segments[floorSegment(segments, logEndOffset - 1)];
        last.scanFrom(logEndOffset - 1, batches -> {
            for (RecordBatch batch : batches) {
                epoch[0] = batch.partitionLeaderEpoch();
            }
            return null;
        });
        return epoch[0];
    }

    /** @return topic and partition */
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /**
     * @throws KafkaStorageException when this log's directory is offline after a storage failure
     */
    public void checkOnline() {
        logDir.checkOnline();
    }

    /** @return the offset the next appended record gets */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** @return the first offset still in the log */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** @return the highest offset a consumer may read up to (exclusive); the log end on a single node */
    public long highWatermark() {
        return logEndOffset;
    }

    /** @return the epoch of this partition's current leadership, stamped in every batch appended (KIP-101) */
    public int leaderEpoch() {
        return leaderEpochs.current();
    }

    /** @return the epoch of the leader that appended {@code offset}, or -1 when it is unknown */
    public int leaderEpochAt(long offset) {
        return leaderEpochs.epochAt(offset);
    }

    /**
     * Where {@code epoch} ended, as OffsetForLeaderEpoch answers it (KIP-101): the log end for the current
     * epoch, otherwise the start offset of the next larger epoch.
     *
     * @return the epoch's end, or {@link EpochEnd#UNKNOWN}
     */
    public EpochEnd endOffsetForEpoch(int epoch) {
        return leaderEpochs.endOffsetFor(epoch, logStartOffset(), logEndOffset);
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
        TopicSettings topic = topicSettings();
        MutableRecordBatch batch = RecordBatchValidator.validate(records, maxMessageBytes, topic.segmentBytes(),
                timestampType, nowMs, allowZstd);
        if (topic.compacts()) {
            requireKeys(batch);
        }
        long appendTime = timestampType == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
        int count = batch.countOrNull();
        long baseOffset;
        long lastOffset;
        appendLock.lock();
        try {
            logDir.checkOnline();
            boolean idempotent = batch.hasProducerId();
            if (idempotent) {
                Optional<BatchMetadata> duplicate = producers.check(batch.producerId(), batch.producerEpoch(),
                        batch.baseSequence(), batch.lastSequence());
                if (duplicate.isPresent()) {
                    // Apache Kafka answers a retry with the stored batch's max timestamp as its log append time
                    return new AppendResult(duplicate.get().firstOffset(), duplicate.get().lastOffset(),
                            duplicate.get().maxTimestamp(), logStartOffset(), true);
                }
            }
            leaderEpochs.recordBeforeAppend(settings.flushEachAppend());
            baseOffset = logEndOffset;
            lastOffset = baseOffset + count - 1;
            batch.setLastOffset(lastOffset);
            batch.setPartitionLeaderEpoch(leaderEpochs.current());
            if (timestampType == TimestampType.LOG_APPEND_TIME) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            }
            Segment active = write(records.buffer().duplicate(), baseOffset, lastOffset, batch.maxTimestamp(), topic);
            if (idempotent) {
                producers.update(batch.producerId(), batch.producerEpoch(),
                        new BatchMetadata(batch.baseSequence(), batch.lastSequence(), baseOffset, lastOffset,
                                batch.maxTimestamp()));
                if (batch.isTransactional()) {
                    producers.transactionalBatch(batch.producerId(), baseOffset);
                }
            }
            commitWrite(active, lastOffset);
        } catch (IOException e) {
            throw storageFailure("Append to " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
        notifyAppended();
        return new AppendResult(baseOffset, lastOffset, appendTime, logStartOffset(), false);
    }

    /**
     * Writes a transaction marker (KIP-98): a control batch with one COMMIT or ABORT record that closes the
     * producer's open transaction in this partition. Only the transaction coordinator writes markers.
     *
     * @param epoch            the producer epoch the coordinator ends the transaction with
     * @param coordinatorEpoch the coordinator's epoch, stored in the marker's value
     * @return where the marker landed
     */
    public AppendResult appendMarker(long producerId, short epoch, boolean commit, int coordinatorEpoch, long nowMs) {
        return appendMarker(producerId, epoch, commit, coordinatorEpoch, nowMs, false);
    }

    /**
     * Writes a transaction marker that arrived in a WriteTxnMarkers request, checked as Kafka checks a marker
     * from a coordinator: its coordinator epoch must not be older than the one of the producer's last marker
     * here, and its producer epoch not older than the producer's (not even equal for transaction-v2 markers,
     * which carry the epoch the end of the transaction bumped to).
     *
     * @throws org.apache.kafka.common.errors.TransactionCoordinatorFencedException when the coordinator epoch is
     *         older
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException when the producer epoch is older (or
     *         not newer for v2)
     */
    public AppendResult appendMarker(long producerId, short epoch, boolean commit, int coordinatorEpoch, long nowMs,
                                     boolean transactionV2) {
        long offset;
        appendLock.lock();
        try {
            logDir.checkOnline();
            producers.checkMarker(producerId, epoch, coordinatorEpoch, transactionV2);
            leaderEpochs.recordBeforeAppend(settings.flushEachAppend());
            offset = logEndOffset;
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(offset, nowMs, leaderEpochs.current(),
                    producerId, epoch, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                            coordinatorEpoch));
            // checked before the write: a marker older than the producer's epoch changes nothing
            producers.endTransaction(producerId, epoch, commit, offset, coordinatorEpoch, nowMs);
            commitWrite(write(marker.buffer().duplicate(), offset, offset, nowMs, topicSettings()), offset);
        } catch (IOException e) {
            throw storageFailure("Writing a transaction marker to " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
        notifyAppended();
        return new AppendResult(offset, offset, RecordBatch.NO_TIMESTAMP, logStartOffset(), false);
    }

    /** Writes a batch at the log end into the segment it belongs to (rolling if needed); caller holds the lock. */
    private Segment write(ByteBuffer bytes, long baseOffset, long lastOffset, long maxTimestamp, TopicSettings topic)
            throws IOException {
        Segment active = activeSegmentFor(bytes.remaining(), maxTimestamp, baseOffset, topic);
        active.append(baseOffset, lastOffset, bytes);
        return active;
    }

    /**
     * Makes a written batch part of the log: flushed first under the flush-each-append policy, so the log end
     * never passes what a crash could lose; otherwise left for the periodic flush. Caller holds the lock.
     */
    private void commitWrite(Segment active, long lastOffset) throws IOException {
        if (settings.flushEachAppend()) {
            active.flush();
            recoveryPoint = lastOffset + 1;
        } else {
            dirty = true;
        }
        logEndOffset = lastOffset + 1;
    }

    /** Wakes waiting fetches; called after the lock is released so a listener never runs under it. */
    private void notifyAppended() {
        for (Runnable listener : appendListeners) {
            listener.run();
        }
    }

    /**
     * @return the offset below which every transaction has ended (KIP-98): the first offset of the oldest open
     *         transaction, or the high watermark when none is open. {@code read_committed} consumers read up
     *         to it.
     */
    public long lastStableOffset() {
        long hw = highWatermark();
        long firstUnstable = producers.firstUnstableOffset();
        return firstUnstable >= 0 ? Math.min(firstUnstable, hw) : hw;
    }

    /** @return whether {@code producerId} has a transaction open in this partition */
    public boolean inTransaction(long producerId) {
        appendLock.lock();
        try {
            return producers.inTransaction(producerId);
        } finally {
            appendLock.unlock();
        }
    }

    /** @return the producers this partition keeps state for (DescribeProducers, KIP-664) */
    public List<org.kafkatck.broker.producer.ProducerStateManager.ActiveProducer> activeProducers() {
        appendLock.lock();
        try {
            return producers.activeProducers();
        } finally {
            appendLock.unlock();
        }
    }

    /** @return the aborted transactions with records in {@code [from, upTo)}, in the order they ended */
    public List<AbortedTransaction> abortedTransactions(long from, long upTo) {
        return producers.abortedBetween(from, upTo);
    }

    /**
     * Reads whole batches starting with the one that holds {@code offset}, stopping before the first batch
     * at or after {@code upTo} (the last stable offset, for {@code read_committed} consumers).
     *
     * @throws OffsetOutOfRangeException when {@code offset} is before the log start or after its end
     */
    public ReadResult<MemoryRecords> read(long offset, int maxBytes, boolean minOneBatch, long upTo) {
        ReadResult<MemoryRecords> read = read(offset, maxBytes, minOneBatch);
        return new ReadResult<>((MemoryRecords) before(read.records(), offset, upTo), read.highWatermark(),
                read.logStartOffset());
    }

    /**
     * Reads whole batches starting with the one that holds {@code offset}.
     *
     * @param maxBytes    byte budget for this partition
     * @param minOneBatch return one batch even when it exceeds the budget
     * @throws OffsetOutOfRangeException when {@code offset} is before the log start or after its end
     */
    public ReadResult<MemoryRecords> read(long offset, int maxBytes, boolean minOneBatch) {
        logDir.checkOnline();
        long end = logEndOffset;
        Segment[] current = segments;
        long start = logStartOffset;
        checkRange(offset, start, end);
        if (offset == end) {
            return new ReadResult<>(MemoryRecords.EMPTY, end, start);
        }
        try {
            for (int i = floorSegment(current, offset); i < current.length; i++) {
                ByteBuffer bytes = current[i].read(offset, maxBytes, minOneBatch);
                if (bytes != null) {
                    return new ReadResult<>(MemoryRecords.readableRecords(pastEmptyBatches(current, i, bytes, maxBytes)),
                            end, start);
                }
            }
        } catch (IOException e) {
            if (segments != current) {
                // a retention pass removed a segment under this read: read again what is left
                return read(offset, maxBytes, minOneBatch);
            }
            throw storageFailure("Read from " + topicPartition, e);
        }
        return new ReadResult<>(MemoryRecords.EMPTY, end, start);
    }

    /**
     * Reads as {@link #read(long, int, boolean, long)} does, for a Fetch response: a large read from a file comes
     * as a region of the segment file, sent from the file itself ({@code sendfile}) and held open by its own
     * handle, so retention, compaction or a topic deletion may remove the segment meanwhile. The caller
     * {@linkplain ReadResult#release releases} the records once they are sent, or when it drops them.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is before the log start or after its end
     */
    public ReadResult<Records> readForFetch(long offset, int maxBytes, boolean minOneBatch, long upTo) {
        logDir.checkOnline();
        long end = logEndOffset;
        Segment[] current = segments;
        long start = logStartOffset;
        checkRange(offset, start, end);
        if (offset == end || offset >= upTo) {
            return new ReadResult<>(MemoryRecords.EMPTY, end, start);
        }
        Records found = null;
        try {
            for (int i = floorSegment(current, offset); i < current.length && found == null; i++) {
                found = current[i].readForFetch(offset, maxBytes, minOneBatch);
                if (found instanceof MemoryRecords memory) {
                    found = MemoryRecords.readableRecords(pastEmptyBatches(current, i, memory.buffer(), maxBytes));
                } else if (found != null && nextOffsetIfOnlyEmptyBatches(found) >= 0) {
                    // a cleaned segment of empty batches only: the rare case that joins segments, read into memory
                    ReadResult.release(found);
                    ReadResult<MemoryRecords> read = read(offset, maxBytes, minOneBatch);
                    return new ReadResult<>(before(read.records(), offset, upTo), end, start);
                }
            }
        } catch (IOException e) {
            if (segments != current) {
                // a retention pass removed a segment under this read: read again what is left
                return readForFetch(offset, maxBytes, minOneBatch, upTo);
            }
            throw storageFailure("Read from " + topicPartition, e);
        }
        if (found == null) {
            return new ReadResult<>(MemoryRecords.EMPTY, end, start);
        }
        // every batch read starts below the log end: only a bound below it (read_committed) may cut any
        return new ReadResult<>(upTo >= end ? found : before(found, offset, upTo), end, start);
    }

    private void checkRange(long offset, long start, long end) {
        if (offset < start || offset > end) {
            throw new OffsetOutOfRangeException("Offset " + offset + " is out of range for " + topicPartition
                    + ", which holds offsets " + start + " to " + end + " (exclusive)");
        }
    }

    /**
     * @return the batches of {@code records} before the first one at or after {@code upTo} (headers are read, not
     *         records); what is left out of a file region is still released with what is kept
     */
    private static Records before(Records records, long offset, long upTo) {
        if (offset >= upTo) {
            ReadResult.release(records);
            return MemoryRecords.EMPTY;
        }
        int keep = 0;
        for (RecordBatch batch : records.batches()) {
            if (batch.baseOffset() >= upTo) {
                break;
            }
            keep += batch.sizeInBytes();
        }
        if (keep == records.sizeInBytes()) {
            return records;
        }
        if (records instanceof MemoryRecords memory) {
            ByteBuffer kept = memory.buffer().duplicate();
            kept.limit(kept.position() + keep);
            return MemoryRecords.readableRecords(kept.slice());
        }
        if (keep == 0) {
            ReadResult.release(records);
            return MemoryRecords.EMPTY;
        }
        return ((FileRecords) records).slice(0, keep);
    }

    /**
     * A cleaned segment can hold nothing but empty batches: the cleaner keeps a producer's last batch, emptied,
     * for its sequence numbers. Apache Kafka's cleaner merges small neighbouring segments, so a fetch there
     * goes on to the next records in the same response; here each segment is cleaned alone, so a read that
     * found only empty batches goes on into the following segments, within the byte budget. Clients that
     * drop empty batches without advancing past their offsets (KafkaJS 2.2) would otherwise fetch the same
     * offset forever.
     *
     * @param first what segment {@code i} answered
     * @return {@code first}, followed by the next segments' batches up to the first one holding records
     */
    private static ByteBuffer pastEmptyBatches(Segment[] segments, int i, ByteBuffer first, int maxBytes)
            throws IOException {
        long next = nextOffsetIfOnlyEmptyBatches(first);
        if (next < 0) {
            return first;
        }
        List<ByteBuffer> parts = new ArrayList<>(List.of(first));
        int used = first.remaining();
        for (int j = i + 1; j < segments.length && next >= 0 && used < maxBytes; j++) {
            ByteBuffer more = segments[j].read(next, maxBytes - used, false);
            if (more == null) {
                continue;
            }
            if (!more.hasRemaining()) {
                break;
            }
            parts.add(more);
            used += more.remaining();
            next = nextOffsetIfOnlyEmptyBatches(more);
        }
        ByteBuffer joined = ByteBuffer.allocate(used);
        parts.forEach(part -> joined.put(part.duplicate()));
        return joined.flip();
    }

    /** @return the offset after the last batch when {@code bytes} holds batches, all empty; -1 otherwise */
    private static long nextOffsetIfOnlyEmptyBatches(ByteBuffer bytes) {
        return nextOffsetIfOnlyEmptyBatches(MemoryRecords.readableRecords(bytes.duplicate()));
    }

    /** @return the offset after the last batch when {@code records} holds batches, all empty; -1 otherwise */
    private static long nextOffsetIfOnlyEmptyBatches(Records records) {
        long next = -1;
        for (RecordBatch batch : records.batches()) {
            Integer count = batch.countOrNull();
            if (count == null || count != 0) {
                return -1;
            }
            next = batch.nextOffset();
        }
        return next;
    }

    /**
     * Finds the first record whose timestamp is at least {@code timestamp} (ListOffsets by time).
     */
    public TimestampOffset offsetForTimestamp(long timestamp) {
        logDir.checkOnline();
        Segment[] current = segments;
        try {
            for (Segment segment : current) {
                TimestampOffset found = segment.scanFrom(segment.baseOffset(), batches -> {
                    for (RecordBatch batch : batches) {
                        if (batch.maxTimestamp() >= timestamp) {
                            for (Record record : batch) {
                                long recordTime = recordTimestamp(batch, record);
                                if (recordTime >= timestamp && record.offset() >= logStartOffset) {
                                    return new TimestampOffset(recordTime, record.offset());
                                }
                            }
                        }
                    }
                    return null;
                });
                if (found != null) {
                    return found;
                }
            }
        } catch (IOException e) {
            if (segments != current) {
                return offsetForTimestamp(timestamp); // a segment was removed under the scan
            }
            throw storageFailure("Read from " + topicPartition, e);
        }
        return TimestampOffset.NONE;
    }

    /**
     * Finds the record with the largest timestamp, the first one on ties (ListOffsets MAX_TIMESTAMP, KIP-734).
     */
    public TimestampOffset maxTimestamp() {
        logDir.checkOnline();
        Segment[] current = segments;
        try {
            TimestampOffset best = TimestampOffset.NONE;
            for (Segment segment : current) {
                TimestampOffset candidate = segment.scanFrom(segment.baseOffset(), PartitionLog::maxTimestampOf);
                if (candidate != TimestampOffset.NONE && (best == TimestampOffset.NONE
                        || candidate.timestamp() > best.timestamp())) {
                    best = candidate;
                }
            }
            return best;
        } catch (IOException e) {
            if (segments != current) {
                return maxTimestamp(); // a segment was removed under the scan
            }
            throw storageFailure("Read from " + topicPartition, e);
        }
    }

    private static TimestampOffset maxTimestampOf(Iterable<? extends RecordBatch> batches) {
        RecordBatch best = null;
        for (RecordBatch batch : batches) {
            if (best == null || batch.maxTimestamp() > best.maxTimestamp()) {
                best = batch;
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

    /**
     * Moves the log start offset to {@code offset} (DeleteRecords): records before it are no longer served.
     * The new start is durable before this returns; whole segments below it are removed by the next
     * retention pass, as in Kafka. Producer state is kept: the producers' next sequences stay valid.
     *
     * @param offset the new log start offset; -1 for the high watermark
     * @return the log start offset now (the current one when it is already past {@code offset})
     * @throws OffsetOutOfRangeException when {@code offset} is beyond the high watermark
     * @throws PolicyViolationException  when the topic's cleanup policy does not include delete
     */
    public long deleteRecordsBefore(long offset) {
        appendLock.lock();
        try {
            logDir.checkOnline();
            if (!topicSettings().deletes()) {
                throw new PolicyViolationException("Records of partition " + topicPartition
                        + " can not be deleted due to the configured policy");
            }
            long target = offset == -1 ? highWatermark() : offset;
            if (target < 0 || target > highWatermark()) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + target + " of partition "
                        + topicPartition + " since it is larger than the high watermark " + highWatermark());
            }
            if (target > logStartOffset) {
                writeLogStartOffset(target);
                logStartOffset = target;
                producers.startFrom(target);
            }
            return logStartOffset;
        } catch (IOException e) {
            throw storageFailure("Moving the log start offset of " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * One retention pass, as Kafka's: removes the segments wholly below the log start offset and, when the
     * cleanup policy includes delete, the oldest segments whose newest record is older than
     * {@code retention.ms} and those that take the partition over {@code retention.bytes}. When every
     * segment goes, the active one is rolled first, so the log end stays where it was. The log start offset
     * moves to the first offset left.
     *
     * @param nowMs broker time
     * @return number of segments removed
     */
    public int enforceRetention(long nowMs) {
        TopicSettings topic = topicSettings();
        appendLock.lock();
        try {
            if (deleted || !logDir.online()) {
                return 0;
            }
            Segment[] current = segments;
            int deletable = 0;
            while (deletable + 1 < current.length && current[deletable + 1].baseOffset() <= logStartOffset) {
                deletable++;
            }
            if (topic.deletes()) {
                deletable = Math.max(deletable, expiredByTime(current, topic.retentionMs(), nowMs));
                deletable = Math.max(deletable, overSize(current, topic.retentionBytes()));
            }
            if (deletable == 0) {
                return 0;
            }
            if (deletable == current.length) {
                roll(logEndOffset);
                current = segments;
            }
            segments = Arrays.copyOfRange(current, deletable, current.length);
            long newStart = Math.max(logStartOffset, segments[0].baseOffset());
            logStartOffset = newStart;
            producers.startFrom(newStart);
            for (int i = 0; i < deletable; i++) {
                current[i].delete();
            }
            return deletable;
        } catch (IOException e) {
            throw storageFailure("Retention of " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * One pass of the log cleaner over this partition when its topic compacts and the dirty share of its
     * closed segments (those not yet cleaned) exceeds {@code min.cleanable.dirty.ratio}: see
     * {@link LogCleaner}. The active segment is never cleaned, nor segments holding records younger than
     * {@code min.compaction.lag.ms}.
     *
     * <p>Crash-safe: each cleaned segment is written aside and then renamed over the original in one atomic
     * step, oldest first, so a crash leaves each segment whole, cleaned or not; a cleaned segment only lacks
     * records that a later segment supersedes.
     *
     * @param nowMs broker time
     * @return number of segments rewritten
     */
    public int clean(long nowMs) {
        TopicSettings topic = topicSettings();
        if (!topic.compacts()) {
            return 0;
        }
        appendLock.lock();
        try {
            if (deleted || !logDir.online()) {
                return 0;
            }
            Segment[] current = segments;
            int cleanable = current.length - 1;
            long stable = lastStableOffset();
            for (int i = 0; i < cleanable; i++) {
                if (current[i].nextOffset() > stable) {
                    // an open transaction may still abort: what it wrote is not settled enough to compact
                    cleanable = i;
                    break;
                }
            }
            if (topic.minCompactionLagMs() > 0) {
                for (int i = 0; i < cleanable; i++) {
                    if (current[i].size() > 0 && nowMs - current[i].largestTimestamp() < topic.minCompactionLagMs()) {
                        cleanable = i;
                        break;
                    }
                }
            }
            long total = 0;
            long dirty = 0;
            for (int i = 0; i < cleanable; i++) {
                total += current[i].size();
                if (current[i].baseOffset() >= firstDirtyOffset) {
                    dirty += current[i].size();
                }
            }
            if (dirty == 0 || (double) dirty / total <= topic.minCleanableDirtyRatio()) {
                return 0;
            }
            LogCleaner.OffsetMap map = new LogCleaner.OffsetMap(LogCleaner.MAP_BYTES);
            for (int i = 0; i < cleanable && !map.full(); i++) {
                if (current[i].nextOffset() > firstDirtyOffset) {
                    LogCleaner.map(current[i], firstDirtyOffset, map);
                }
            }
            java.util.Set<Long> lastBatches = producers.lastBatchOffsets();
            int rewritten = 0;
            Segment[] replaced = current.clone();
            for (int i = 0; i < cleanable && current[i].baseOffset() <= map.mappedUpTo(); i++) {
                if (cleanSegment(replaced, i, map, topic, nowMs, lastBatches::contains)) {
                    rewritten++;
                }
            }
            firstDirtyOffset = Math.max(firstDirtyOffset, map.mappedUpTo() + 1);
            return rewritten;
        } catch (IOException e) {
            throw storageFailure("Cleaning of " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
    }

    /** Cleans segment {@code i} and swaps the result in, unless cleaning changes nothing. */
    private boolean cleanSegment(Segment[] current, int i, LogCleaner.OffsetMap map, TopicSettings topic, long nowMs,
                                 java.util.function.LongPredicate lastBatchOfProducer) throws IOException {
        Segment original = current[i];
        long end = original.nextOffset();
        Segment cleaned;
        LogCleaner.Filtered result;
        if (dir == null) {
            Segment fresh = Segment.inMemory(original.baseOffset());
            result = LogCleaner.filter(original, map, nowMs, topic.deleteRetentionMs(), topic.maxMessageBytes(),
                    lastBatchOfProducer, chunk -> {
                        for (RecordBatch batch : MemoryRecords.readableRecords(chunk).batches()) {
                            fresh.append(batch.baseOffset(), batch.lastOffset(), copyOf(batch));
                        }
                    });
            cleaned = fresh;
        } else {
            Path aside = original.logFile().resolveSibling(original.logFile().getFileName() + CLEANED_SUFFIX);
            try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(aside,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                result = LogCleaner.filter(original, map, nowMs, topic.deleteRetentionMs(), topic.maxMessageBytes(),
                        lastBatchOfProducer, chunk -> {
                            while (chunk.hasRemaining()) {
                                out.write(chunk);
                            }
                        });
                if (result.changed()) {
                    out.force(true);
                }
            }
            if (!result.changed()) {
                Files.delete(aside);
                return false;
            }
            cleanerSwap(original, aside);
            cleaned = Segment.existing(original.logFile(), files);
            cleaned.trust(end);
        }
        if (!result.changed()) {
            return false;
        }
        cleaned.endAt(end);
        Segment[] swapped = segments.clone();
        for (int j = 0; j < swapped.length; j++) {
            if (swapped[j] == original) {
                swapped[j] = cleaned;
            }
        }
        segments = swapped;
        current[i] = cleaned;
        original.close();
        return true;
    }

    /** Renames the cleaned file over the segment in one atomic step; the old index no longer describes it. */
    void cleanerSwap(Segment original, Path aside) throws IOException {
        original.deleteIndexFile();
        Files.move(aside, original.logFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AtomicFile.syncDirectory(dir);
    }

    private static ByteBuffer copyOf(RecordBatch batch) {
        ByteBuffer bytes = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(bytes);
        return bytes.flip();
    }

    /** @return how many of the oldest segments hold only records older than {@code retentionMs} */
    private static int expiredByTime(Segment[] current, long retentionMs, long nowMs) throws IOException {
        if (retentionMs < 0) {
            return 0;
        }
        int count = 0;
        while (count < current.length && current[count].size() > 0
                && nowMs - current[count].largestTimestamp() > retentionMs) {
            count++;
        }
        return count;
    }

    /** @return how many of the oldest segments can go while the partition keeps at least {@code retentionBytes} */
    private static int overSize(Segment[] current, long retentionBytes) {
        if (retentionBytes < 0) {
            return 0;
        }
        long excess = -retentionBytes;
        for (Segment segment : current) {
            excess += segment.size();
        }
        int count = 0;
        while (count < current.length && current[count].size() > 0 && excess - current[count].size() >= 0) {
            excess -= current[count].size();
            count++;
        }
        return count;
    }

    /**
     * Refuses a batch with a record without a key, as a compacted topic cannot tell which later record
     * replaces it. This is the only check that decodes records, and only for compacted topics. Like Kafka,
     * it names every key-less record in the batch (KIP-467 record_errors), by its index in the batch.
     */
    private void requireKeys(RecordBatch batch) {
        List<RecordValidationException.RecordError> keyless = new ArrayList<>();
        int index = 0;
        for (Record record : batch) {
            if (!record.hasKey()) {
                keyless.add(new RecordValidationException.RecordError(index,
                        "Compacted topic cannot accept message without key in topic partition " + topicPartition + "."));
            }
            index++;
        }
        if (!keyless.isEmpty()) {
            throw new RecordValidationException(new InvalidRecordException("One or more records have been rejected due to "
                    + keyless.size() + " record errors in total, and only showing the first three errors at most: "
                    + keyless.subList(0, Math.min(3, keyless.size()))), keyless);
        }
    }

    private void writeLogStartOffset(long offset) throws IOException {
        if (dir != null) {
            AtomicFile.write(dir.resolve(LOG_START_FILE),
                    Long.toString(offset).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** The log start survives a restart; segments wholly below it (a crash before retention ran) stay until then. */
    /** @param names the files in the log's directory when it was opened */
    private void restoreLogStartOffset(java.util.Set<String> names) throws IOException {
        Path file = dir.resolve(LOG_START_FILE);
        if (names.stream().anyMatch(name -> name.startsWith(LOG_START_FILE + "."))) {
            AtomicFile.deleteLeftover(file);
        }
        if (names.contains(LOG_START_FILE)) {
            try {
                long stored = Long.parseLong(Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).trim());
                logStartOffset = Math.max(segments[0].baseOffset(), Math.min(stored, logEndOffset));
            } catch (NumberFormatException e) {
                System.getLogger(PartitionLog.class.getName()).log(System.Logger.Level.WARNING,
                        "Ignoring an unreadable {0}: the log starts at its first segment", file);
            }
        }
    }

    /** Registers a callback run after every append; used to wake long-polling fetches. */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    /** Removes a callback added with {@link #addAppendListener}. */
    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /**
     * Forces appended data to disk if any was appended since the last flush, and moves the recovery
     * point: a restart after a crash validates the log only from there.
     *
     * @throws KafkaStorageException when the flush fails (the log directory is then offline)
     */
    public void flush() {
        if (!dirty) {
            return;
        }
        appendLock.lock();
        try {
            logDir.checkOnline();
            long flushedUpTo = logEndOffset;
            segments[segments.length - 1].flush();
            leaderEpochs.sync();
            dirty = false;
            recoveryPoint = flushedUpTo;
        } catch (IOException e) {
            throw storageFailure("Flush of " + topicPartition, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * A failed I/O takes the log directory offline, except when the failure is this thread's own
     * interrupt (a request abandoned at shutdown): the disk is fine and the store has already undone
     * any partial write.
     */
    private KafkaStorageException storageFailure(String action, IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException && e.getSuppressed().length == 0) {
            return new KafkaStorageException(action + " was interrupted", e);
        }
        return logDir.fail(action, e);
    }

    /** @return the offset up to which the log is known to be on stable storage */
    long recoveryPoint() {
        return recoveryPoint;
    }

    /** Releases the file handles of closed segments nobody has read for {@code idleNanos}. */
    void closeIdleFiles(long idleNanos) {
        Segment[] current = segments;
        try {
            for (int i = 0; i < current.length - 1; i++) {
                current[i].closeIfIdle(idleNanos);
            }
        } catch (IOException e) {
            throw logDir.fail("Closing a segment of " + topicPartition, e);
        }
    }

    /** @return segment files held open now */
    int openFiles() {
        int open = 0;
        for (Segment segment : segments) {
            open += segment.isOpen() ? 1 : 0;
        }
        return open;
    }

    /**
     * Flushes and releases files. While the log directory is online this also writes what a fast, clean
     * restart needs: the active segment's index and a producer-state snapshot. Offline, nothing more is
     * written; the next start recovers the log as after a crash.
     */
    public void close() {
        appendLock.lock();
        try {
            if (logDir.online()) {
                Segment active = segments[segments.length - 1];
                if (dirty) {
                    active.flush();
                    dirty = false;
                }
                leaderEpochs.sync();
                recoveryPoint = logEndOffset;
                if (dir != null) {
                    active.writeIndex();
                    writeProducerSnapshot(logEndOffset);
                }
            }
        } catch (IOException e) {
            throw logDir.fail("Closing the log of " + topicPartition, e);
        } finally {
            try {
                for (Segment segment : segments) {
                    segment.close();
                }
            } catch (IOException e) {
                logDir.fail("Closing the log of " + topicPartition, e);
            } finally {
                appendLock.unlock();
            }
        }
    }

    /** Removes every segment of this partition. */
    void delete() {
        appendLock.lock();
        try {
            deleted = true;
            for (Segment segment : segments) {
                segment.delete();
            }
            if (dir != null) {
                Files.deleteIfExists(dir.resolve(PRODUCER_SNAPSHOT));
                leaderEpochs.delete();
                Files.deleteIfExists(dir.resolve(LOG_START_FILE));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Deleting the log of " + topicPartition + " failed", e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * The segment a batch goes to: the active one, or a new one when the batch would make the active one
     * larger than {@code segment.bytes}, or when the batch's timestamp is more than {@code segment.ms} after
     * the active segment's first batch (Kafka measures the age by record timestamps, so a segment rolls on
     * the first append after that age, never by itself).
     */
    private Segment activeSegmentFor(int batchBytes, long batchTimestamp, long baseOffset, TopicSettings topic)
            throws IOException {
        Segment active = segments[segments.length - 1];
        if (active.size() == 0) {
            return active;
        }
        if ((long) active.size() + batchBytes > topic.segmentBytes()
                || batchTimestamp - active.firstBatchTimestamp() > topic.segmentMs()) {
            return roll(baseOffset);
        }
        return active;
    }

    /** Closes the active segment and starts a new one at {@code baseOffset}. Called under the append lock. */
    private Segment roll(long baseOffset) throws IOException {
        Segment active = segments[segments.length - 1];
        active.flush();
        leaderEpochs.sync();
        recoveryPoint = baseOffset;
        if (dir != null) {
            active.writeIndex();
        }
        Segment next = dir == null ? Segment.inMemory(baseOffset) : Segment.create(dir, baseOffset, files);
        Segment[] rolled = Arrays.copyOf(segments, segments.length + 1);
        rolled[rolled.length - 1] = next;
        segments = rolled;
        if (dir != null) {
            writeProducerSnapshot(baseOffset);
        }
        return next;
    }

    /** Snapshots producer state unless the snapshot on disk already covers the log up to {@code nextOffset}. */
    private void writeProducerSnapshot(long nextOffset) throws IOException {
        if (snapshotOffset != nextOffset) {
            producers.writeSnapshot(dir.resolve(PRODUCER_SNAPSHOT), nextOffset);
            snapshotOffset = nextOffset;
        }
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

    private void restoreProducerState() throws IOException {
        long validUpTo = producers.loadSnapshot(dir.resolve(PRODUCER_SNAPSHOT));
        if (validUpTo == logEndOffset) {
            snapshotOffset = validUpTo;
        }
        if (validUpTo > logEndOffset) {
            // the snapshot is ahead of a log whose tail was lost: rebuild from the log alone
            producers.truncateFrom(0);
            validUpTo = 0;
        }
        long from = validUpTo;
        for (Segment segment : segments) {
            if (segment.nextOffset() > from) {
                segment.scanFrom(Math.max(from, segment.baseOffset()), batches -> {
                    for (RecordBatch batch : batches) {
                        if (batch.baseOffset() >= from && batch.hasProducerId()) {
                            replay(batch);
                        }
                    }
                    return null;
                });
            }
        }
        producers.startFrom(logStartOffset);
        if (settings.forgetTransactionsOnOpen()) {
            // the self-test's recovery fault (RecoveryFault.FORGET_TRANSACTIONS), never set otherwise
            producers.forgetTransactions();
        }
    }

    /** Rebuilds producer and transaction state from one stored batch. */
    private void replay(RecordBatch batch) {
        if (batch.isControlBatch()) {
            java.util.Iterator<Record> records = batch.iterator();
            if (records.hasNext()) {
                Record control = records.next();
                ControlRecordType type = ControlRecordType.parse(control.key());
                if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                    producers.endTransaction(batch.producerId(), batch.producerEpoch(), type == ControlRecordType.COMMIT,
                            batch.baseOffset(), EndTransactionMarker.deserialize(control).coordinatorEpoch(),
                            batch.maxTimestamp());
                }
            }
            return;
        }
        producers.update(batch.producerId(), batch.producerEpoch(), new BatchMetadata(
                batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset(),
                batch.maxTimestamp()));
        if (batch.isTransactional()) {
            producers.transactionalBatch(batch.producerId(), batch.baseOffset());
        }
    }
}
