package org.kafkatck.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;

/**
 * A segment kept in a file, through kafka-clients' own {@link FileRecords}.
 *
 * <p>The file is opened on first use and, once the segment is no longer appended to, closed again
 * when it has been idle for a while: a broker with many partitions and long logs holds a file handle
 * for each active segment and for the closed segments being read, not for every segment it has. Each
 * use leases the handle, so an idle close never pulls a file from under a reader.
 */
class FileSegmentStore implements SegmentStore {
    /**
     * Smallest read served as a file region: below it, opening and closing a handle of its own costs more than
     * copying the bytes (a broker with many partitions reads many small pieces).
     */
    static final int MIN_REGION_BYTES = 64 * 1024;

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
            release(open);
            open = null;
            cutBackTo(before, e);
            throw e;
        } finally {
            if (open != null) {
                release(open);
            }
        }
    }

    /**
     * Cuts what a failed append wrote. An append interrupted mid-write has lost its channel (the JDK
     * closes a channel whose user is interrupted), so the cut goes through a fresh handle, with the
     * interrupt held back until it is done.
     */
    private void cutBackTo(int before, IOException failure) {
        boolean interrupted = Thread.interrupted();
        try {
            use(open -> open.truncateTo(before));
            size = before;
        } catch (IOException | RuntimeException cut) {
            failure.addSuppressed(cut);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public <T> T scan(int position, BatchScan<T> scan) throws IOException {
        return use(open -> scan.scan(open.batchesFrom(position)));
    }

    @Override
    public ByteBuffer read(int position, int length) throws IOException {
        int available = Math.max(0, Math.min(length, size - position));
        ByteBuffer buffer = ByteBuffer.allocate(available);
        if (available == 0) {
            return buffer;
        }
        use(open -> {
            buffer.clear().limit(available);
            open.readInto(buffer, position);
            return null;
        });
        return buffer;
    }

    @Override
    public Records region(int position, int wholeUntil, int maxBytes, boolean minOneBatch) throws IOException {
        int end = size; // published appends only: bytes past it may be a batch being written
        if (maxBytes < MIN_REGION_BYTES || end - position < MIN_REGION_BYTES) {
            return null;
        }
        FileRecords own;
        try {
            own = openOwn();
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            // out of file descriptors, or the file just deleted: the read goes through the store's own handle,
            // which fails as any read does when the segment is gone, and a full descriptor table must not pass
            // for a failing disk
            return null;
        }
        try {
            // header reads only for the batches after the last indexed one within the budget
            int length = wholeUntil - position;
            FileRecords unknown = own.slice(wholeUntil, end - wholeUntil);
            for (FileChannelRecordBatch batch : unknown.batches()) {
                int batchSize = batch.sizeInBytes();
                if (length + batchSize > maxBytes) {
                    if (length == 0 && minOneBatch) {
                        length = batchSize;
                    }
                    break;
                }
                length += batchSize;
            }
            if (length == 0) {
                ReadResult.release(own);
                return MemoryRecords.EMPTY;
            }
            return own.slice(position, length);
        } catch (RuntimeException e) {
            ReadResult.release(own);
            throw e;
        }
    }

    /** Opens a read-only handle of the caller's own, unless the store is closed (a test store fails it). */
    FileRecords openOwn() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
        }
        return FileRecords.open(file, false);
    }

    @Override
    public void truncateTo(int newSize) throws IOException {
        use(open -> {
            open.truncateTo(newSize);
            size = open.sizeInBytes();
            return null;
        });
    }

    /** Work on the open file. */
    @FunctionalInterface
    private interface FileWork<T> {
        T apply(FileRecords open) throws IOException;
    }

    /**
     * Runs {@code work} on a leased handle. When another thread's interrupt closed the shared channel
     * under this one (the JDK closes a channel for everybody when one of its users is interrupted), the
     * handle is replaced and the work done again: an interrupted request must not fail other readers,
     * nor pass for a failing disk.
     */
    private <T> T use(FileWork<T> work) throws IOException {
        for (int attempt = 0; ; attempt++) {
            FileRecords open = acquire();
            try {
                return work.apply(open);
            } catch (ClosedChannelException e) {
                discard(open);
                if (e instanceof java.nio.channels.ClosedByInterruptException || attempt > 0) {
                    throw e;
                }
            } finally {
                release(open);
            }
        }
    }

    /** Forgets a handle whose channel was closed under it; the next use opens the file again. */
    private synchronized void discard(FileRecords open) {
        if (records == open) {
            records = null;
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            if (records == null) {
                return; // nothing written since the file was last closed, which flushes it
            }
        }
        use(open -> {
            open.flush();
            return null;
        });
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
