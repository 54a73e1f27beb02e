package org.kafkatck.broker.producer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.kafkatck.broker.storage.AtomicFile;

/**
 * The idempotence rules of one partition: for each producer id, its current epoch and the last few
 * batches it wrote, as Apache Kafka keeps them.
 *
 * <ul>
 *   <li>A batch equal (same epoch, first and last sequence) to one of the last
 *       {@value #REMEMBERED_BATCHES} is a retry: it is acknowledged with its original offsets and not
 *       appended again.</li>
 *   <li>Within an epoch, a batch must start right after the previous one's last sequence (wrapping
 *       after {@link Integer#MAX_VALUE}); otherwise {@link OutOfOrderSequenceException}.</li>
 *   <li>An older epoch is fenced ({@link InvalidProducerEpochException}); a newer epoch must start at
 *       sequence 0.</li>
 *   <li>A producer the partition has never seen may start at any sequence (its earlier writes may
 *       have been removed).</li>
 * </ul>
 *
 * <p>It also follows transactions (KIP-98): a producer's first transactional batch opens its transaction in
 * this partition, a COMMIT or ABORT marker closes it. The first offset of the oldest open transaction bounds
 * what {@code read_committed} consumers may read (the last stable offset), and every aborted transaction is
 * remembered so that a fetch can tell consumers which records to drop.
 *
 * <p>Not thread-safe: the owning partition calls it under its append lock.
 */
public final class ProducerStateManager {
    /** How many batches per producer are remembered; the Java producer keeps at most 5 in flight. */
    public static final int REMEMBERED_BATCHES = 5;
    /**
     * Version 2 ends with a CRC32C of everything before it: the file is replaced without an fsync. Version 3
     * adds the open transactions and the aborted ones; version 4 each producer's last timestamp, the
     * coordinator epoch of its last marker, and each remembered batch's max timestamp.
     */
    private static final int SNAPSHOT_VERSION = 4;

    private final Map<Long, Entry> producers = new HashMap<>();
    /** First offset of each producer's open transaction in this partition. */
    private final Map<Long, Long> openTransactions = new HashMap<>();
    /** Aborted transactions in marker order; read by fetches while appends go on. */
    private final List<AbortedTransaction> aborted = new CopyOnWriteArrayList<>();
    /** The first offset of the oldest open transaction, or -1; read without the append lock. */
    private volatile long firstUnstableOffset = -1;

    private static final class Entry {
        private short epoch;
        private final Deque<BatchMetadata> batches = new ArrayDeque<>(REMEMBERED_BATCHES);
        /** Max timestamp of its last batch or marker here, or -1 (DescribeProducers' last_timestamp). */
        private long lastTimestamp = -1;
        /** Coordinator epoch of its last marker here, or -1 (DescribeProducers' coordinator_epoch). */
        private int coordinatorEpoch = -1;

        private Entry(short epoch) {
            this.epoch = epoch;
        }
    }

    /**
     * Checks an idempotent batch before it is appended.
     *
     * @return the earlier append when this batch is a duplicate of it; empty when it should be appended
     * @throws InvalidProducerEpochException when the epoch is older than the producer's current one
     * @throws OutOfOrderSequenceException   when the sequence does not follow the previous batch
     */
    public Optional<BatchMetadata> check(long producerId, short epoch, int firstSequence, int lastSequence) {
        Entry entry = producers.get(producerId);
        if (entry == null) {
            return Optional.empty();
        }
        if (epoch < entry.epoch) {
            throw new InvalidProducerEpochException("Producer " + producerId + " has epoch " + epoch
                    + ", older than the current epoch " + entry.epoch);
        }
        if (epoch > entry.epoch) {
            if (firstSequence != 0) {
                throw new OutOfOrderSequenceException("Producer " + producerId + " starts epoch " + epoch
                        + " at sequence " + firstSequence + ", expected 0");
            }
            return Optional.empty();
        }
        for (BatchMetadata batch : entry.batches) {
            if (batch.firstSequence() == firstSequence && batch.lastSequence() == lastSequence) {
                return Optional.of(batch);
            }
        }
        if (!entry.batches.isEmpty()) {
            int last = entry.batches.peekLast().lastSequence();
            if (!follows(last, firstSequence)) {
                throw new OutOfOrderSequenceException("Producer " + producerId + " sent sequence " + firstSequence
                        + " after " + last + " (epoch " + epoch + ")");
            }
        }
        return Optional.empty();
    }

    /** Records an appended idempotent batch; its max timestamp becomes the producer's last timestamp here. */
    public void update(long producerId, short epoch, BatchMetadata batch) {
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry(epoch));
        if (epoch != entry.epoch) {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        if (entry.batches.size() == REMEMBERED_BATCHES) {
            entry.batches.removeFirst();
        }
        entry.batches.addLast(batch);
        entry.lastTimestamp = batch.maxTimestamp();
    }

    /**
     * Notes a transactional batch: the producer's transaction in this partition is open from its first one.
     * Called after {@link #update} for the same batch.
     */
    public void transactionalBatch(long producerId, long baseOffset) {
        if (openTransactions.putIfAbsent(producerId, baseOffset) == null) {
            recomputeFirstUnstableOffset();
        }
    }

    /**
     * Notes a COMMIT or ABORT marker at {@code markerOffset}: it closes the producer's open transaction here.
     *
     * @param markerEpoch the epoch the coordinator wrote it with: a newer epoch (transactions v2 bump the epoch
     *                    at every end) starts the producer afresh at sequence 0
     * @return the aborted transaction, when the marker aborted one that had records here
     * @throws InvalidProducerEpochException when the marker's epoch is older than the producer's
     */
    public Optional<AbortedTransaction> endTransaction(long producerId, short markerEpoch, boolean commit,
                                                       long markerOffset) {
        return endTransaction(producerId, markerEpoch, commit, markerOffset, -1, -1);
    }

    /**
     * As {@link #endTransaction(long, short, boolean, long)}, remembering the marker's coordinator epoch and
     * timestamp as the producer's latest here, as DescribeProducers reports them.
     */
    public Optional<AbortedTransaction> endTransaction(long producerId, short markerEpoch, boolean commit,
                                                       long markerOffset, int coordinatorEpoch, long timestamp) {
        Entry entry = producers.get(producerId);
        if (entry != null && markerEpoch < entry.epoch) {
            throw new InvalidProducerEpochException("Marker for producer " + producerId + " has epoch " + markerEpoch
                    + ", older than the current epoch " + entry.epoch);
        }
        if (entry == null) {
            entry = new Entry(markerEpoch);
            producers.put(producerId, entry);
        } else if (markerEpoch > entry.epoch) {
            entry.epoch = markerEpoch;
            entry.batches.clear();
        }
        entry.coordinatorEpoch = coordinatorEpoch;
        entry.lastTimestamp = timestamp;
        Long first = openTransactions.remove(producerId);
        recomputeFirstUnstableOffset();
        if (commit || first == null) {
            return Optional.empty();
        }
        AbortedTransaction abort = new AbortedTransaction(producerId, first, markerOffset,
                firstUnstableOffset >= 0 ? firstUnstableOffset : markerOffset + 1);
        aborted.add(abort);
        return Optional.of(abort);
    }

    /**
     * Checks a marker before it is written (Kafka's ProducerAppendInfo checks for markers from a coordinator).
     *
     * @param transactionV2 whether the marker ends a transaction-v2 transaction, whose end bumps the epoch: its
     *                      epoch must then be newer than the producer's, not just as new
     * @throws TransactionCoordinatorFencedException when an older coordinator than the last marker's writes it
     * @throws InvalidProducerEpochException        when its producer epoch is too old
     */
    public void checkMarker(long producerId, short markerEpoch, int coordinatorEpoch, boolean transactionV2) {
        Entry entry = producers.get(producerId);
        if (entry == null) {
            return;
        }
        if (coordinatorEpoch < entry.coordinatorEpoch) {
            throw new org.apache.kafka.common.errors.TransactionCoordinatorFencedException("Marker for producer "
                    + producerId + " from coordinator epoch " + coordinatorEpoch + ", older than "
                    + entry.coordinatorEpoch + " of its last marker");
        }
        if (transactionV2 ? markerEpoch <= entry.epoch : markerEpoch < entry.epoch) {
            throw new InvalidProducerEpochException("Marker for producer " + producerId + " has epoch " + markerEpoch
                    + (transactionV2 ? ", not newer than" : ", older than") + " the current epoch " + entry.epoch);
        }
    }

    /** @return the first offset of the oldest open transaction, or -1 when none is open */
    public long firstUnstableOffset() {
        return firstUnstableOffset;
    }

    /** @return whether {@code producerId} has an open transaction in this partition */
    public boolean inTransaction(long producerId) {
        return openTransactions.containsKey(producerId);
    }

    /**
     * @return the aborted transactions whose records lie in {@code [from, upTo)}: those that end at or after
     *         {@code from} and start before {@code upTo}, in marker order
     */
    public List<AbortedTransaction> abortedBetween(long from, long upTo) {
        List<AbortedTransaction> overlapping = new ArrayList<>();
        for (AbortedTransaction abort : aborted) {
            if (abort.lastOffset() >= from && abort.firstOffset() < upTo) {
                overlapping.add(abort);
            }
        }
        return overlapping;
    }

    /** Forgets aborted transactions that ended before {@code logStartOffset}: their records are gone. */
    public void startFrom(long logStartOffset) {
        aborted.removeIf(a -> a.lastOffset() < logStartOffset);
    }

    private void recomputeFirstUnstableOffset() {
        long first = -1;
        for (long offset : openTransactions.values()) {
            if (first < 0 || offset < first) {
                first = offset;
            }
        }
        firstUnstableOffset = first;
    }

    /** Forgets batches at or after {@code offset}, for a log truncated there. */
    public void truncateFrom(long offset) {
        for (Iterator<Entry> it = producers.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            entry.batches.removeIf(b -> b.lastOffset() >= offset);
            if (entry.batches.isEmpty()) {
                it.remove();
            }
        }
        openTransactions.values().removeIf(first -> first >= offset);
        aborted.removeIf(a -> a.lastOffset() >= offset);
        recomputeFirstUnstableOffset();
    }

    /**
     * @return the last offset of each producer's latest batch: the batches the log cleaner keeps (empty if
     *         need be) so that the producers' sequence numbers survive cleaning
     */
    public java.util.Set<Long> lastBatchOffsets() {
        java.util.Set<Long> offsets = new java.util.HashSet<>();
        for (Entry entry : producers.values()) {
            if (!entry.batches.isEmpty()) {
                offsets.add(entry.batches.peekLast().lastOffset());
            }
        }
        return offsets;
    }

    /**
     * A producer as DescribeProducers (KIP-664) shows it.
     *
     * @param producerId             the producer id
     * @param epoch                  its current epoch
     * @param lastSequence           the last sequence number it wrote here, or -1
     * @param currentTxnStartOffset  the first offset of its open transaction here, or -1
     * @param lastTimestamp          the max timestamp of its last batch or marker here, or -1
     * @param coordinatorEpoch       the coordinator epoch of its last marker here, or -1
     */
    public record ActiveProducer(long producerId, short epoch, int lastSequence, long currentTxnStartOffset,
                                 long lastTimestamp, int coordinatorEpoch) {
    }

    /** @return every producer this partition keeps state for, by producer id */
    public List<ActiveProducer> activeProducers() {
        List<ActiveProducer> active = new ArrayList<>();
        producers.forEach((id, entry) -> active.add(new ActiveProducer(id, entry.epoch,
                entry.batches.isEmpty() ? -1 : entry.batches.peekLast().lastSequence(),
                openTransactions.getOrDefault(id, -1L), entry.lastTimestamp, entry.coordinatorEpoch)));
        active.sort(java.util.Comparator.comparingLong(ActiveProducer::producerId));
        return active;
    }

    /** @return number of producers with state in this partition */
    public int producerCount() {
        return producers.size();
    }

    /**
     * Writes the state, valid for the log up to (excluding) {@code nextOffset}, atomically. The snapshot
     * only saves a replay of the log, so it is not forced to disk; {@link #loadSnapshot} checks its CRC.
     */
    public void writeSnapshot(Path file, long nextOffset) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_VERSION);
            out.writeLong(nextOffset);
            out.writeInt(producers.size());
            for (Map.Entry<Long, Entry> e : producers.entrySet()) {
                out.writeLong(e.getKey());
                out.writeShort(e.getValue().epoch);
                out.writeLong(e.getValue().lastTimestamp);
                out.writeInt(e.getValue().coordinatorEpoch);
                out.writeInt(e.getValue().batches.size());
                for (BatchMetadata b : e.getValue().batches) {
                    out.writeInt(b.firstSequence());
                    out.writeInt(b.lastSequence());
                    out.writeLong(b.firstOffset());
                    out.writeLong(b.lastOffset());
                    out.writeLong(b.maxTimestamp());
                }
            }
            out.writeInt(openTransactions.size());
            for (Map.Entry<Long, Long> open : openTransactions.entrySet()) {
                out.writeLong(open.getKey());
                out.writeLong(open.getValue());
            }
            out.writeInt(aborted.size());
            for (AbortedTransaction a : aborted) {
                out.writeLong(a.producerId());
                out.writeLong(a.firstOffset());
                out.writeLong(a.lastOffset());
                out.writeLong(a.lastStableOffset());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        bytes.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        AtomicFile.writeRebuildable(file, bytes.toByteArray());
    }

    /**
     * Loads a snapshot written by {@link #writeSnapshot}.
     *
     * @return the offset up to which the snapshot is valid; the log after it must be replayed.
     *         0 when there is no usable snapshot (state is then empty).
     */
    public long loadSnapshot(Path file) {
        clear();
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 4) {
                return 0;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                return 0;
            }
            return readSnapshot(new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4)));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            clear();
            return 0;
        }
    }

    private long readSnapshot(DataInputStream in) throws IOException {
        if (in.readInt() != SNAPSHOT_VERSION) {
            // an older snapshot lacks what this version adds: replay the whole log instead
            return 0;
        }
        long nextOffset = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            long producerId = in.readLong();
            Entry entry = new Entry(in.readShort());
            entry.lastTimestamp = in.readLong();
            entry.coordinatorEpoch = in.readInt();
            int batches = in.readInt();
            for (int j = 0; j < batches; j++) {
                entry.batches.addLast(new BatchMetadata(in.readInt(), in.readInt(), in.readLong(), in.readLong(),
                        in.readLong()));
            }
            producers.put(producerId, entry);
        }
        int open = in.readInt();
        for (int i = 0; i < open; i++) {
            openTransactions.put(in.readLong(), in.readLong());
        }
        int abortedCount = in.readInt();
        for (int i = 0; i < abortedCount; i++) {
            aborted.add(new AbortedTransaction(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        recomputeFirstUnstableOffset();
        return nextOffset;
    }

    /**
     * Drops every open and aborted transaction, keeping producers and sequences: only the TCK self-test's
     * recovery fault calls this (see {@code RecoveryFault.FORGET_TRANSACTIONS}).
     */
    public void forgetTransactions() {
        openTransactions.clear();
        aborted.clear();
        firstUnstableOffset = -1;
    }

    private void clear() {
        producers.clear();
        openTransactions.clear();
        aborted.clear();
        firstUnstableOffset = -1;
    }

    private static boolean follows(int last, int next) {
        return last == Integer.MAX_VALUE ? next == 0 : next == last + 1;
    }
}
