package org.kafkatck.broker.group;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

import org.apache.kafka.common.TopicPartition;
import org.kafkatck.broker.storage.AtomicFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * Committed offsets of every group, kept durable in an append-only file, the broker's
 * {@code __consumer_offsets} in miniature: every commit and deletion is a checksummed record; on
 * start the file is replayed (a torn last record is dropped) and rewritten with only the live offsets.
 */
public class OffsetStore implements AutoCloseable {
    /** One partition's commit; written by earlier versions, still read. */
    private static final byte COMMIT = 1;
    private static final byte DELETE_PARTITION = 2;
    private static final byte DELETE_GROUP = 3;
    /** Every offset of one OffsetCommit request in one checksummed record: replayed whole or not at all. */
    private static final byte COMMIT_ALL = 4;

    private static final System.Logger LOG = System.getLogger(OffsetStore.class.getName());
    private static final int MAX_RECORD_BYTES = 16 << 20;
    /** Partitions per record when the file is compacted (bounds a record's size). */
    private static final int COMPACTED_PARTITIONS_PER_RECORD = 1000;

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new ConcurrentHashMap<>();
    private final Path file;
    private final boolean syncEachWrite;
    private final LogDirectory directory;
    private FileChannel channel;
    private boolean dirty;

    /** Package-private: tests subclass the store to stop a commit at a chosen point. */
    OffsetStore(Path file, boolean syncEachWrite) {
        this(file, syncEachWrite, file == null ? LogDirectory.memory() : LogDirectory.of(file.getParent()));
    }

    private OffsetStore(Path file, boolean syncEachWrite, LogDirectory directory) {
        this.file = file;
        this.syncEachWrite = syncEachWrite;
        this.directory = directory;
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
            store.replay();
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

    /** Removes every committed offset of a group (DeleteGroups). */
    public synchronized void deleteGroup(String groupId) {
        if (offsets.remove(groupId) != null) {
            append(record(DELETE_GROUP, groupId, null, null));
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
        if (channel == null || !dirty || !directory.online()) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            throw directory.fail("Flush of committed offsets", e);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                if (directory.online()) {
                    channel.force(true);
                }
                channel.close();
            } catch (IOException e) {
                throw directory.fail("Closing committed offsets", e);
            }
        }
    }

    /**
     * Writes records before the caller changes its memory: a commit that is not on disk is never
     * acknowledged. A write that fails part-way is cut back, and takes the data directory offline.
     */
    private void append(byte[] records) {
        if (channel == null || records.length == 0) {
            return;
        }
        directory.checkOnline();
        long before = -1;
        try {
            before = channel.size();
            ByteBuffer buffer = ByteBuffer.wrap(records);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (syncEachWrite) {
                channel.force(false);
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            if (before >= 0) {
                try {
                    channel.truncate(before);
                } catch (IOException cut) {
                    e.addSuppressed(cut);
                }
            }
            throw directory.fail("Writing committed offsets", e);
        }
    }

    /** One record: length, CRC32C of the body, body (type, group, topic, partition, offset fields). */
    /** One COMMIT_ALL record: length, CRC32C of the body, body (type, group, count, then each partition). */
    private static byte[] commitRecord(String groupId, Map<TopicPartition, CommittedOffset> commits) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(COMMIT_ALL);
            out.writeUTF(groupId);
            out.writeInt(commits.size());
            for (Map.Entry<TopicPartition, CommittedOffset> commit : commits.entrySet()) {
                out.writeUTF(commit.getKey().topic());
                out.writeInt(commit.getKey().partition());
                writeOffset(out, commit.getValue());
            }
            return frame(body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue())
                .put(payload).array();
    }

    private static byte[] record(byte type, String groupId, TopicPartition tp, CommittedOffset offset) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(type);
            out.writeUTF(groupId);
            if (tp != null) {
                out.writeUTF(tp.topic());
                out.writeInt(tp.partition());
            }
            if (offset != null) {
                writeOffset(out, offset);
            }
            return frame(body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies every whole, checksummed record of the file. A damaged stretch in the middle is reported
     * and skipped: the next record whose length and checksum hold is found and replay goes on, so one bad
     * sector never discards the commits after it. A torn last record (a crash mid-write) is dropped.
     */
    private void replay() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int position = 0;
        while (position < bytes.length) {
            int end = recordEnd(bytes, position);
            if (end > 0 && applies(bytes, position, end)) {
                position = end;
                continue;
            }
            int next = position + 1;
            while (next < bytes.length && !(recordEnd(bytes, next) > 0 && applies(bytes, next, recordEnd(bytes, next)))) {
                next++;
            }
            if (next >= bytes.length) {
                LOG.log(System.Logger.Level.WARNING, "{0}: dropping {1} bytes of a torn last record at position {2}",
                        file, bytes.length - position, position);
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0}: skipping {1} damaged bytes at position {2}; the records"
                        + " after them are kept", file, next - position, position);
            }
            position = next;
        }
    }

    /** @return the end of the record starting at {@code position}, or -1 when none whole and intact starts there */
    private static int recordEnd(byte[] bytes, int position) {
        if (position + 8 > bytes.length) {
            return -1;
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, position, 8);
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 1 || length > MAX_RECORD_BYTES || length > bytes.length - position - 8) {
            return -1;
        }
        CRC32C check = new CRC32C();
        check.update(bytes, position + 8, length);
        return (int) check.getValue() == crc ? position + 8 + length : -1;
    }

    private boolean applies(byte[] bytes, int position, int end) {
        try {
            apply(new DataInputStream(new java.io.ByteArrayInputStream(bytes, position + 8, end - position - 8)));
            return true;
        } catch (IOException e) {
            return false;
        }
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
            case COMMIT_ALL -> {
                int count = in.readInt();
                Map<TopicPartition, CommittedOffset> commits = new java.util.HashMap<>();
                for (int i = 0; i < count; i++) {
                    commits.put(new TopicPartition(in.readUTF(), in.readInt()), readOffset(in));
                }
                offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(commits);
            }
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
            case DELETE_GROUP -> offsets.remove(groupId);
            default -> throw new IOException("Unknown record type " + type + " in " + file);
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
        AtomicFile.write(file, bytes.toByteArray());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
