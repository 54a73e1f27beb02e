package org.kafkatck.broker.producer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
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
 * <p>Not thread-safe: the owning partition calls it under its append lock.
 */
public final class ProducerStateManager {
    /** How many batches per producer are remembered; the Java producer keeps at most 5 in flight. */
    public static final int REMEMBERED_BATCHES = 5;
    /** Version 2 ends with a CRC32C of everything before it: the file is replaced without an fsync. */
    private static final int SNAPSHOT_VERSION = 2;

    private final Map<Long, Entry> producers = new HashMap<>();

    private static final class Entry {
        private short epoch;
        private final Deque<BatchMetadata> batches = new ArrayDeque<>(REMEMBERED_BATCHES);

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

    /** Records an appended idempotent batch. */
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
                out.writeInt(e.getValue().batches.size());
                for (BatchMetadata b : e.getValue().batches) {
                    out.writeInt(b.firstSequence());
                    out.writeInt(b.lastSequence());
                    out.writeLong(b.firstOffset());
                    out.writeLong(b.lastOffset());
                }
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
        producers.clear();
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
            producers.clear();
            return 0;
        }
    }

    private long readSnapshot(DataInputStream in) throws IOException {
        if (in.readInt() != SNAPSHOT_VERSION) {
            return 0;
        }
        long nextOffset = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            long producerId = in.readLong();
            Entry entry = new Entry(in.readShort());
            int batches = in.readInt();
            for (int j = 0; j < batches; j++) {
                entry.batches.addLast(new BatchMetadata(in.readInt(), in.readInt(), in.readLong(), in.readLong()));
            }
            producers.put(producerId, entry);
        }
        return nextOffset;
    }

    private static boolean follows(int last, int next) {
        return last == Integer.MAX_VALUE ? next == 0 : next == last + 1;
    }
}
