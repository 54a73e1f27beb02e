package org.kafkatck.broker.storage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * An append-only file of checksummed records, the broker's small durable stores (committed offsets,
 * transactions) in the shape of Kafka's internal topics: every change is one record (length, CRC32C, body);
 * on start the file is replayed and then rewritten with only what is live.
 *
 * <p>Replay keeps everything it can: a damaged stretch in the middle is reported and skipped up to the
 * next record whose length and checksum hold, so one bad sector never discards the records after it; a torn
 * last record (a crash mid-write) is dropped. A write that fails part-way is cut back, and takes the data
 * directory offline: a change that is not on disk is never acknowledged.
 *
 * <p>Not thread-safe: the owning store serialises its calls.
 */
public final class ChecksummedFile implements AutoCloseable {
    /** Reads one record's body; an {@link IOException} marks the record as not whole. */
    @FunctionalInterface
    public interface RecordReader {
        /** Applies the record read from {@code body}. */
        void apply(DataInputStream body) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(ChecksummedFile.class.getName());
    private static final int MAX_RECORD_BYTES = 16 << 20;

    private final Path file;
    private final boolean syncEachWrite;
    private final LogDirectory directory;
    private FileChannel channel;
    private boolean dirty;

    private ChecksummedFile(Path file, boolean syncEachWrite, LogDirectory directory) {
        this.file = file;
        this.syncEachWrite = syncEachWrite;
        this.directory = directory;
    }

    /**
     * @param file          the file, or {@code null} for a store that forgets everything on restart
     * @param syncEachWrite fsync every append before it returns
     * @param directory     the data directory's state: a failed write takes it offline
     * @return a file not yet replayed: call {@link #replay} then {@link #rewrite}
     */
    public static ChecksummedFile of(Path file, boolean syncEachWrite, LogDirectory directory) {
        return new ChecksummedFile(file, syncEachWrite, directory);
    }

    /** @return the file, or {@code null} in memory */
    public Path path() {
        return file;
    }

    /** @return one record: length, CRC32C of the body, body */
    public static byte[] frame(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(8 + body.length).putInt(body.length).putInt((int) crc.getValue()).put(body).array();
    }

    /** Hands every whole, checksummed record of the file to {@code reader}, in order. */
    public void replay(RecordReader reader) throws IOException {
        if (file == null || !Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int position = 0;
        while (position < bytes.length) {
            int end = recordEnd(bytes, position);
            if (end > 0 && applies(reader, bytes, position, end)) {
                position = end;
                continue;
            }
            int next = position + 1;
            while (next < bytes.length
                    && !(recordEnd(bytes, next) > 0 && applies(reader, bytes, next, recordEnd(bytes, next)))) {
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

    /** Replaces the file, atomically, with {@code records} (framed), and appends after them from then on. */
    public void rewrite(byte[] records) throws IOException {
        if (file == null) {
            return;
        }
        if (channel != null) {
            channel.close();
        }
        AtomicFile.write(file, records);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Writes framed records before the caller changes its memory.
     *
     * @param action names the write in the failure, e.g. "Writing committed offsets"
     * @throws org.apache.kafka.common.errors.KafkaStorageException when the write fails
     */
    public void append(byte[] records, String action) {
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
            throw directory.fail(action, e);
        }
    }

    /** Forces appends since the last flush to disk (the broker's interval flush policy). */
    public void flush(String action) {
        if (channel == null || !dirty || !directory.online()) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            throw directory.fail(action, e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                if (directory.online()) {
                    channel.force(true);
                }
                channel.close();
            } catch (IOException e) {
                throw directory.fail("Closing " + file, e);
            }
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

    private static boolean applies(RecordReader reader, byte[] bytes, int position, int end) {
        try {
            reader.apply(new DataInputStream(new ByteArrayInputStream(bytes, position + 8, end - position - 8)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
