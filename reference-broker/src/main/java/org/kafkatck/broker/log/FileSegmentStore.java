package org.kafkatck.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A segment kept in a file, through kafka-clients' own {@link FileRecords}.
 *
 * <p>The file is opened on first use and, once the segment is no longer appended to, closed again
 * when it has been idle for a while: a broker with many partitions and long logs holds a file handle
 * for each active segment and for the closed segments being read, not for every segment it has. Each
 * use leases the handle, so an idle close never pulls a file from under a reader.
 */
class FileSegmentStore implements SegmentStore {
    private final File file;
    private FileRecords records;
    private int leases;
    private long lastUsedNanos = System.nanoTime();
    private boolean closed;
    private volatile int size;

    FileSegmentStore(File file, int size) {
        this.file = file;
        this.size = size;
    }

    /** Creates a new, empty segment file. */
    static FileSegmentStore create(File file) throws IOException {
        Files.deleteIfExists(file.toPath());
        FileSegmentStore store = new FileSegmentStore(file, 0);
        store.release(store.acquire());
        return store;
    }

    /** Refers to an existing segment file without opening it. */
    static FileSegmentStore existing(File file) throws IOException {
        return new FileSegmentStore(file, Math.toIntExact(Files.size(file.toPath())));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void append(ByteBuffer batch) throws IOException {
        FileRecords open = acquire();
        int before = open.sizeInBytes();
        try {
            write(open, batch);
            size = open.sizeInBytes();
        } catch (IOException e) {
            try {
                open.truncateTo(before);
            } catch (IOException | RuntimeException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        } finally {
            release(open);
        }
    }

    @Override
    public <T> T scan(int position, BatchScan<T> scan) throws IOException {
        FileRecords open = acquire();
        try {
            return scan.scan(open.batchesFrom(position));
        } finally {
            release(open);
        }
    }

    @Override
    public ByteBuffer read(int position, int length) throws IOException {
        int available = Math.max(0, Math.min(length, size - position));
        ByteBuffer buffer = ByteBuffer.allocate(available);
        if (available == 0) {
            return buffer;
        }
        FileRecords open = acquire();
        try {
            open.readInto(buffer, position);
        } finally {
            release(open);
        }
        return buffer;
    }

    @Override
    public void truncateTo(int newSize) throws IOException {
        FileRecords open = acquire();
        try {
            open.truncateTo(newSize);
            size = open.sizeInBytes();
        } finally {
            release(open);
        }
    }

    @Override
    public void flush() throws IOException {
        FileRecords open;
        synchronized (this) {
            if (records == null) {
                return; // nothing written since the file was last closed, which flushes it
            }
            open = acquire();
        }
        try {
            open.flush();
        } finally {
            release(open);
        }
    }

    @Override
    public synchronized void closeIfIdle(long idleNanos) throws IOException {
        if (records != null && leases == 0 && System.nanoTime() - lastUsedNanos >= idleNanos) {
            FileRecords open = records;
            records = null;
            open.close();
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return records != null;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (records != null) {
            FileRecords open = records;
            records = null;
            open.close();
        }
    }

    @Override
    public void delete() throws IOException {
        close();
        Files.deleteIfExists(file.toPath());
    }

    /** Writes one batch at the end of the file (a test store overrides it to fail the way a full disk does). */
    void write(FileRecords open, ByteBuffer batch) throws IOException {
        open.append(MemoryRecords.readableRecords(batch.duplicate()));
    }

    /** @return the segment's file */
    File file() {
        return file;
    }

    private synchronized FileRecords acquire() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (records == null) {
            records = FileRecords.open(file, true);
        }
        leases++;
        return records;
    }

    private synchronized void release(FileRecords open) {
        leases--;
        lastUsedNanos = System.nanoTime();
    }
}
