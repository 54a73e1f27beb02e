package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A segment kept on the heap. The backing array only grows: bytes below the published size never
 * change, so a reader holding an older array still reads correct data.
 */
final class MemorySegmentStore implements SegmentStore {
    private volatile byte[] bytes = new byte[4096];
    private volatile int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    public void append(ByteBuffer batch) {
        int length = batch.remaining();
        byte[] target = bytes;
        if (size + length > target.length) {
            target = Arrays.copyOf(target, Math.max(target.length * 2, size + length));
        }
        batch.duplicate().get(target, size, length);
        bytes = target;
        size = size + length;
    }

    @Override
    public <T> T scan(int position, BatchScan<T> scan) throws IOException {
        int end = size;
        return scan.scan(MemoryRecords.readableRecords(ByteBuffer.wrap(bytes, position, end - position).slice())
                .batches());
    }

    @Override
    public ByteBuffer read(int position, int length) {
        int end = size;
        int available = Math.max(0, Math.min(length, end - position));
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, position, position + available));
    }

    @Override
    public void truncateTo(int newSize) {
        size = Math.min(size, newSize);
    }

    @Override
    public void flush() {
        // nothing to force: memory storage makes no durability promise
    }

    @Override
    public void closeIfIdle(long idleNanos) {
        // no file handle to release
    }

    @Override
    public boolean isOpen() {
        return false;
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void delete() {
        // nothing to release: the bytes go with the last reader still holding this segment, which may be
        // in the middle of a read when retention or cleaning drops the segment
    }
}
