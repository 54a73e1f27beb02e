package org.kafkatck.broker.group;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

import org.apache.kafka.common.TopicPartition;

/**
 * Committed offsets of every group, kept durable in an append-only file, the broker's
 * {@code __consumer_offsets} in miniature: every commit and deletion is a checksummed record; on
 * start the file is replayed (a torn last record is dropped) and rewritten with only the live offsets.
 */
public class OffsetStore implements AutoCloseable {
    private static final byte COMMIT = 1;
    private static final byte DELETE_PARTITION = 2;
    private static final byte DELETE_GROUP = 3;

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new ConcurrentHashMap<>();
    private final Path file;
    private final boolean syncEachWrite;
    private FileChannel channel;

    /** Package-private: tests subclass the store to stop a commit at a chosen point. */
    OffsetStore(Path file, boolean syncEachWrite) {
        this.file = file;
        this.syncEachWrite = syncEachWrite;
    }

    /** @return a store that forgets everything on restart */
    public static OffsetStore inMemory() {
        return new OffsetStore(null, false);
    }

    /**
     * Opens (and compacts) the store in {@code dir}.
     *
     * @param syncEachWrite fsync every commit before it is acknowledged
     */
    public static OffsetStore open(Path dir, boolean syncEachWrite) {
        OffsetStore store = new OffsetStore(dir.resolve("committed-offsets.log"), syncEachWrite);
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        commits.forEach((tp, offset) -> bytes.writeBytes(record(COMMIT, groupId, tp, offset)));
        append(bytes.toByteArray());
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

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.force(true);
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void append(byte[] records) {
        if (channel == null || records.length == 0) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(records);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (syncEachWrite) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist committed offsets: " + e.getMessage(), e);
        }
    }

    /** One record: length, CRC32C of the body, body (type, group, topic, partition, offset fields). */
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
                out.writeLong(offset.offset());
                out.writeInt(offset.leaderEpoch());
                out.writeBoolean(offset.metadata() != null);
                out.writeUTF(offset.metadata() == null ? "" : offset.metadata());
                out.writeLong(offset.commitTimestamp());
            }
            byte[] payload = body.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(payload);
            return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue())
                    .put(payload).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void replay() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    return;
                }
                int crc = in.readInt();
                if (length < 0 || length > 1 << 20) {
                    return;
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                CRC32C check = new CRC32C();
                check.update(payload);
                if ((int) check.getValue() != crc) {
                    return; // a torn or garbled tail: everything before it stands
                }
                apply(new DataInputStream(new java.io.ByteArrayInputStream(payload)));
            }
        } catch (EOFException e) {
            // a torn last record
        }
    }

    private void apply(DataInputStream in) throws IOException {
        byte type = in.readByte();
        String groupId = in.readUTF();
        switch (type) {
            case COMMIT -> {
                TopicPartition tp = new TopicPartition(in.readUTF(), in.readInt());
                long offset = in.readLong();
                int epoch = in.readInt();
                boolean hasMetadata = in.readBoolean();
                String metadata = in.readUTF();
                long timestamp = in.readLong();
                offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>())
                        .put(tp, new CommittedOffset(offset, epoch, hasMetadata ? metadata : null, timestamp));
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
        Path tmp = file.resolveSibling(file.getFileName() + ".compacting");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Map.Entry<String, Map<TopicPartition, CommittedOffset>> group : new TreeMap<>(offsets).entrySet()) {
            group.getValue().forEach((tp, offset) -> bytes.writeBytes(record(COMMIT, group.getKey(), tp, offset)));
        }
        Files.write(tmp, bytes.toByteArray());
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
