package org.kafkatck.broker.group;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.kafkatck.broker.storage.ChecksummedFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * Committed offsets of every group, kept durable in an append-only file ({@link ChecksummedFile}), the
 * broker's {@code __consumer_offsets} in miniature: every commit and deletion is a checksummed record; on
 * start the file is replayed (a torn last record is dropped) and rewritten with only the live offsets.
 */
public class OffsetStore implements AutoCloseable {
    /** One partition's commit; written by earlier versions, still read. */
    private static final byte COMMIT = 1;
    private static final byte DELETE_PARTITION = 2;
    private static final byte DELETE_GROUP = 3;
    /** Every offset of one OffsetCommit request in one checksummed record: replayed whole or not at all. */
    private static final byte COMMIT_ALL = 4;
    /** A transaction's offsets (TxnOffsetCommit): pending until the transaction ends. */
    private static final byte TXN_PENDING = 5;
    /** The end of a transaction for a group: its pending offsets become committed, or are dropped. */
    private static final byte TXN_END = 6;

    /** Partitions per record when the file is compacted (bounds a record's size). */
    private static final int COMPACTED_PARTITIONS_PER_RECORD = 1000;

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new ConcurrentHashMap<>();
    /** Offsets committed inside transactions not yet ended: group, then producer id. */
    private final Map<String, Map<Long, Map<TopicPartition, CommittedOffset>>> pending = new ConcurrentHashMap<>();
    private final ChecksummedFile file;

    /** Package-private: tests subclass the store to stop a commit at a chosen point. */
    OffsetStore(Path file, boolean syncEachWrite) {
        this(file, syncEachWrite, file == null ? LogDirectory.memory() : LogDirectory.of(file.getParent()));
    }

    private OffsetStore(Path file, boolean syncEachWrite, LogDirectory directory) {
        this.file = ChecksummedFile.of(file, syncEachWrite, directory);
    }

    /** @return a store that forgets everything on restart */
    public static OffsetStore inMemory() {
        return new OffsetStore(null, false, LogDirectory.memory());
    }

    /**
     * Opens (and compacts) the store in {@code dir}.
     *
     * @param syncEachWrite fsync every commit before it is acknowledged
     */
    public static OffsetStore open(Path dir, boolean syncEachWrite) {
        return open(dir, syncEachWrite, LogDirectory.of(dir));
    }

    /**
     * Opens (and compacts) the store in {@code dir}.
     *
     * @param syncEachWrite fsync every commit before it is acknowledged
     * @param directory     the data directory's state: a failed write takes it offline
     */
    public static OffsetStore open(Path dir, boolean syncEachWrite, LogDirectory directory) {
        OffsetStore store = new OffsetStore(dir.resolve("committed-offsets.log"), syncEachWrite, directory);
        try {
            Files.createDirectories(dir);
            store.file.replay(store::apply);
            store.compact();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open committed offsets in " + dir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** @return the groups that have committed offsets */
    public Set<String> groups() {
        return Set.copyOf(offsets.keySet());
    }

    /** @return the group's committed offsets, by partition (empty when none) */
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
        return group == null ? Map.of() : Map.copyOf(group);
    }

    /** Stores commits of one group. */
    public synchronized void commit(String groupId, Map<TopicPartition, CommittedOffset> commits) {
        if (commits.isEmpty()) {
            return;
        }
        append(commitRecord(groupId, commits));
        offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(commits);
    }

    /**
     * Stores offsets a transaction commits (TxnOffsetCommit, KIP-98): they stay pending, invisible to
     * OffsetFetch, until the transaction ends.
     */
    public synchronized void commitPending(String groupId, long producerId, Map<TopicPartition, CommittedOffset> commits) {
        if (commits.isEmpty()) {
            return;
        }
        append(pendingRecord(groupId, producerId, commits));
        pending.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(producerId, p -> new ConcurrentHashMap<>()).putAll(commits);
    }

    /** Ends the producer's transaction for a group: its pending offsets become committed, or are dropped. */
    public synchronized void endPending(String groupId, long producerId, boolean commit) {
        Map<Long, Map<TopicPartition, CommittedOffset>> group = pending.get(groupId);
        if (group == null || !group.containsKey(producerId)) {
            return;
        }
        append(endRecord(groupId, producerId, commit));
        settle(groupId, producerId, commit);
    }

    private void settle(String groupId, long producerId, boolean commit) {
        Map<Long, Map<TopicPartition, CommittedOffset>> group = pending.get(groupId);
        Map<TopicPartition, CommittedOffset> settled = group == null ? null : group.remove(producerId);
        if (group != null && group.isEmpty()) {
            pending.remove(groupId);
        }
        if (commit && settled != null) {
            offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(settled);
        }
    }

    /** @return whether some transaction has offsets pending for {@code partition} in {@code groupId} (KIP-447) */
    public boolean hasPending(String groupId, TopicPartition partition) {
        Map<Long, Map<TopicPartition, CommittedOffset>> group = pending.get(groupId);
        return group != null && group.values().stream().anyMatch(offsets -> offsets.containsKey(partition));
    }

    /** @return whether some transaction has offsets pending in {@code groupId} */
    public boolean hasPending(String groupId) {
        return pending.containsKey(groupId);
    }

    /** Removes committed offsets of some partitions of a group (OffsetDelete). */
    public synchronized void delete(String groupId, Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
        if (group == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (TopicPartition tp : partitions) {
            if (group.remove(tp) != null) {
                bytes.writeBytes(record(DELETE_PARTITION, groupId, tp, null));
            }
        }
        append(bytes.toByteArray());
        if (group.isEmpty()) {
            offsets.remove(groupId);
        }
    }

    /** Removes every committed and pending offset of a group (DeleteGroups). */
    public synchronized void deleteGroup(String groupId) {
        if (offsets.containsKey(groupId) || pending.containsKey(groupId)) {
            append(record(DELETE_GROUP, groupId, null, null));
            offsets.remove(groupId);
            pending.remove(groupId);
        }
    }

    /** Removes every committed offset for a deleted topic, in every group. */
    public synchronized void deleteTopic(String topic) {
        for (String groupId : Set.copyOf(offsets.keySet())) {
            Set<TopicPartition> partitions = offsets(groupId).keySet().stream()
                    .filter(tp -> tp.topic().equals(topic)).collect(java.util.stream.Collectors.toSet());
            delete(groupId, partitions);
        }
    }

    /** Forces commits written since the last flush to disk (the broker's interval flush policy). */
    public synchronized void flush() {
        file.flush("Flush of committed offsets");
    }

    @Override
    public synchronized void close() {
        file.close();
    }

    /** Writes records before the caller changes its memory: a commit that is not on disk is never acknowledged. */
    private void append(byte[] records) {
        file.append(records, "Writing committed offsets");
    }

    /** One COMMIT_ALL record: length, CRC32C of the body, body (type, group, count, then each partition). */
    private static byte[] commitRecord(String groupId, Map<TopicPartition, CommittedOffset> commits) {
        return framed(out -> {
            out.writeByte(COMMIT_ALL);
            out.writeUTF(groupId);
            writeOffsets(out, commits);
        });
    }

    /** One TXN_PENDING record: the body of a COMMIT_ALL record with the producer id after the group. */
    private static byte[] pendingRecord(String groupId, long producerId, Map<TopicPartition, CommittedOffset> commits) {
        return framed(out -> {
            out.writeByte(TXN_PENDING);
            out.writeUTF(groupId);
            out.writeLong(producerId);
            writeOffsets(out, commits);
        });
    }

    private static byte[] endRecord(String groupId, long producerId, boolean commit) {
        return framed(out -> {
            out.writeByte(TXN_END);
            out.writeUTF(groupId);
            out.writeLong(producerId);
            out.writeBoolean(commit);
        });
    }

    /** The body of a record, written to a stream that only fails on a programming error. */
    @FunctionalInterface
    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static byte[] framed(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            body.writeTo(new DataOutputStream(bytes));
            return frame(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOffsets(DataOutputStream out, Map<TopicPartition, CommittedOffset> commits)
            throws IOException {
        out.writeInt(commits.size());
        for (Map.Entry<TopicPartition, CommittedOffset> commit : commits.entrySet()) {
            out.writeUTF(commit.getKey().topic());
            out.writeInt(commit.getKey().partition());
            writeOffset(out, commit.getValue());
        }
    }

    private static Map<TopicPartition, CommittedOffset> readOffsets(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<TopicPartition, CommittedOffset> commits = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            commits.put(new TopicPartition(in.readUTF(), in.readInt()), readOffset(in));
        }
        return commits;
    }

    private static void writeOffset(DataOutputStream out, CommittedOffset offset) throws IOException {
        out.writeLong(offset.offset());
        out.writeInt(offset.leaderEpoch());
        out.writeBoolean(offset.metadata() != null);
        out.writeUTF(offset.metadata() == null ? "" : offset.metadata());
        out.writeLong(offset.commitTimestamp());
    }

    private static CommittedOffset readOffset(DataInputStream in) throws IOException {
        long offset = in.readLong();
        int epoch = in.readInt();
        boolean hasMetadata = in.readBoolean();
        String metadata = in.readUTF();
        long timestamp = in.readLong();
        return new CommittedOffset(offset, epoch, hasMetadata ? metadata : null, timestamp);
    }

    private static byte[] frame(byte[] payload) {
        return ChecksummedFile.frame(payload);
    }

    private static byte[] record(byte type, String groupId, TopicPartition tp, CommittedOffset offset) {
        return framed(out -> {
            out.writeByte(type);
            out.writeUTF(groupId);
            if (tp != null) {
                out.writeUTF(tp.topic());
                out.writeInt(tp.partition());
            }
            if (offset != null) {
                writeOffset(out, offset);
            }
        });
    }

    private void apply(DataInputStream in) throws IOException {
        byte type = in.readByte();
        String groupId = in.readUTF();
        switch (type) {
            case COMMIT -> {
                TopicPartition tp = new TopicPartition(in.readUTF(), in.readInt());
                CommittedOffset offset = readOffset(in);
                offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).put(tp, offset);
            }
            case COMMIT_ALL -> offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(readOffsets(in));
            case DELETE_PARTITION -> {
                TopicPartition tp = new TopicPartition(in.readUTF(), in.readInt());
                Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
                if (group != null) {
                    group.remove(tp);
                    if (group.isEmpty()) {
                        offsets.remove(groupId);
                    }
                }
            }
            case DELETE_GROUP -> {
                offsets.remove(groupId);
                pending.remove(groupId);
            }
            case TXN_PENDING -> {
                long producerId = in.readLong();
                Map<TopicPartition, CommittedOffset> commits = readOffsets(in);
                pending.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>())
                        .computeIfAbsent(producerId, p -> new ConcurrentHashMap<>()).putAll(commits);
            }
            case TXN_END -> {
                long producerId = in.readLong();
                settle(groupId, producerId, in.readBoolean());
            }
            default -> throw new IOException("Unknown record type " + type + " in " + file.path());
        }
    }

    /** Rewrites the file with only the live offsets, then appends to it. */
    private void compact() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Map.Entry<String, Map<TopicPartition, CommittedOffset>> group : new TreeMap<>(offsets).entrySet()) {
            Map<TopicPartition, CommittedOffset> chunk = new java.util.HashMap<>();
            for (Map.Entry<TopicPartition, CommittedOffset> offset : group.getValue().entrySet()) {
                chunk.put(offset.getKey(), offset.getValue());
                if (chunk.size() == COMPACTED_PARTITIONS_PER_RECORD) {
                    bytes.writeBytes(commitRecord(group.getKey(), chunk));
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                bytes.writeBytes(commitRecord(group.getKey(), chunk));
            }
        }
        for (Map.Entry<String, Map<Long, Map<TopicPartition, CommittedOffset>>> group : new TreeMap<>(pending).entrySet()) {
            for (Map.Entry<Long, Map<TopicPartition, CommittedOffset>> producer : group.getValue().entrySet()) {
                bytes.writeBytes(pendingRecord(group.getKey(), producer.getKey(), producer.getValue()));
            }
        }
        file.rewrite(bytes.toByteArray());
    }
}
