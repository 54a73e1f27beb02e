package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The bytes of one log segment: record batches exactly as they were appended, back to back.
 *
 * <p>Appends are made by one thread at a time (the partition's lock); reads may run concurrently
 * and only ever see whole, published appends ({@link #size()} moves after the bytes are in place).
 */
interface SegmentStore {

    /** Work done on a segment's batches while the store holds its file open. */
    @FunctionalInterface
    interface BatchScan<T> {
        T scan(Iterable<? extends RecordBatch> batches) throws IOException;
    }

    /** @return bytes published so far */
    int size();

    /**
     * Appends a whole record batch and publishes it. When the write fails part-way (a full disk), the
     * store cuts what it wrote, as far as the file system lets it, before it throws: a failed append
     * never leaves a torn batch for a later append to land behind.
     */
    void append(ByteBuffer batch) throws IOException;

    /** Runs {@code scan} over the batches from {@code position}, read lazily (headers only until asked). */
    <T> T scan(int position, BatchScan<T> scan) throws IOException;

    /** @return up to {@code length} bytes from {@code position}, as a buffer positioned at 0 */
    ByteBuffer read(int position, int length) throws IOException;

    /** Drops everything from {@code size} on; used by recovery to cut a torn write. */
    void truncateTo(int size) throws IOException;

    /** Forces appended bytes to stable storage. */
    void flush() throws IOException;

    /** Releases the file handle when nobody has used it for {@code idleNanos}; it is reopened on demand. */
    void closeIfIdle(long idleNanos) throws IOException;

    /** @return whether a file handle is held now */
    boolean isOpen();

    /** Releases file handles; the data stays. */
    void close() throws IOException;

    /** Removes the data. */
    void delete() throws IOException;
}
