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

    /** @return bytes published so far */
    int size();

    /** Appends a whole record batch and publishes it. */
    void append(ByteBuffer batch) throws IOException;

    /** @return the batches starting at {@code position}, read lazily (headers only until asked) */
    Iterable<? extends RecordBatch> batchesFrom(int position);

    /** @return up to {@code length} bytes from {@code position}, as a buffer positioned at 0 */
    ByteBuffer read(int position, int length) throws IOException;

    /** Drops everything from {@code size} on; used by recovery to cut a torn write. */
    void truncateTo(int size) throws IOException;

    /** Forces appended bytes to stable storage. */
    void flush() throws IOException;

    /** Releases file handles; the data stays. */
    void close() throws IOException;

    /** Removes the data. */
    void delete() throws IOException;
}
