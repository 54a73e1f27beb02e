package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

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

    /**
     * Whole batches from {@code position} as a region of the file, for a Fetch response to send from the file
     * itself ({@code sendfile}) rather than from a copy on the heap. The region has its own handle on the file,
     * so the segment may be closed, deleted or compacted away while it is being sent; the caller releases it
     * with {@link ReadResult#release}.
     *
     * @param wholeUntil  a batch start at or after {@code position}, within the budget and the published bytes:
     *                    the bytes up to it are known to be whole batches (from the segment's index)
     * @param maxBytes    byte budget; batches beyond it are left out
     * @param minOneBatch the first batch whole even when it alone exceeds the budget (KIP-74)
     * @return the region, empty when the budget does not fit the first batch, or {@code null} when this store
     *         serves the read from memory instead (a store kept in memory, or a read too small to be worth a
     *         file handle of its own)
     */
    default Records region(int position, int wholeUntil, int maxBytes, boolean minOneBatch) throws IOException {
        return null;
    }

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
