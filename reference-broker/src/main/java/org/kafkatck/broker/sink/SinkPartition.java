package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.kafkatck.broker.api.SinkFetchHandler.Read;

/**
 * One partition of the sink: its end offset and, per batch appended, its base offset and the template it is served
 * as (12 bytes a batch with compressed references). The log starts at 0 and nothing is ever removed; high watermark,
 * last stable offset and log end offset are all the end offset.
 */
final class SinkPartition {
    private static final int INITIAL_BATCHES = 16;

    private long end;
    private long[] bases = new long[INITIAL_BATCHES];
    private ByteBuffer[] batches = new ByteBuffer[INITIAL_BATCHES];
    private int size;

    /**
     * Appends batches, each served later as its template.
     *
     * @param templates the templates of the batches, in order
     * @param count     how many of {@code templates} to append
     * @return the base offset of the first
     */
    synchronized long append(ByteBuffer[] templates, int count) {
        long base = end;
        if (size + count > bases.length) {
            int capacity = Math.max(bases.length * 2, size + count);
            bases = Arrays.copyOf(bases, capacity);
            batches = Arrays.copyOf(batches, capacity);
        }
        for (int i = 0; i < count; i++) {
            bases[size] = end;
            batches[size] = templates[i];
            size++;
            end += TemplatePool.lastOffsetDelta(templates[i]) + 1L;
        }
        return base;
    }

    /** @return the offset the next record gets */
    synchronized long end() {
        return end;
    }

    /**
     * Whole batches from the one holding {@code offset} on, as Kafka reads them: the batches that fit in
     * {@code maxBytes}, and the first one whole even when it does not fit if {@code minOneBatch} (KIP-74).
     *
     * @param leaderEpoch stamped on every batch served
     * @return the batches, with base offset and partition leader epoch stamped, and the end offset read with them
     * @throws OffsetOutOfRangeException when {@code offset} is before 0 or after the end
     */
    Read read(long offset, int maxBytes, boolean minOneBatch, int leaderEpoch) {
        long[] servedBases;
        ByteBuffer[] served;
        int count = 0;
        int total = 0;
        long endRead;
        synchronized (this) {
            endRead = end;
            if (offset < 0 || offset > end) {
                throw new OffsetOutOfRangeException("Offset " + offset + " is outside [0, " + end + "]");
            }
            if (offset == end) {
                return new Read(MemoryRecords.EMPTY, endRead);
            }
            int first = Arrays.binarySearch(bases, 0, size, offset);
            if (first < 0) {
                first = -first - 2; // the batch before the insertion point holds the offset
            }
            int last = first;
            while (last < size && (total + batches[last].remaining() <= maxBytes || minOneBatch && last == first)) {
                total += batches[last].remaining();
                last++;
            }
            count = last - first;
            servedBases = Arrays.copyOfRange(bases, first, last);
            served = Arrays.copyOfRange(batches, first, last);
        }
        if (count == 0) {
            return new Read(MemoryRecords.EMPTY, endRead);
        }
        // the only copy of a served byte: template to response buffer, stamping the two fields outside the CRC
        ByteBuffer buffer = ByteBuffer.allocate(total);
        for (int i = 0; i < count; i++) {
            int start = buffer.position();
            buffer.put(served[i].duplicate());
            buffer.putLong(start + BatchHeader.BASE_OFFSET, servedBases[i]);
            buffer.putInt(start + BatchHeader.PARTITION_LEADER_EPOCH, leaderEpoch);
        }
        buffer.flip();
        return new Read(MemoryRecords.readableRecords(buffer), endRead);
    }
}
