package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;

/**
 * The log cleaner's two steps for one partition, as Apache Kafka's: build a map from each key to its
 * latest offset over the dirty part of the closed segments, then filter each closed segment through it.
 * A record survives when no later record of its key was mapped; a tombstone (null value) survives until
 * the delete horizon that its first cleaning stamps in its batch ({@code delete.retention.ms} later,
 * KIP-534) has passed. A batch left empty is dropped, except the last batch of a producer, which stays
 * (empty) so that the producer's sequence numbers survive cleaning, as in Kafka.
 *
 * <p>Memory is bounded: the map holds keys up to {@link #MAP_BYTES}; a dirty part with more keys is cleaned
 * up to where the map ended and the rest in a later pass. I/O is bounded: segments are filtered a chunk
 * of {@link #CHUNK_BYTES} at a time.
 */
final class LogCleaner {
    /** Estimated bytes of keys and entries the offset map may hold. */
    static final long MAP_BYTES = 16L << 20;
    /** Per-entry overhead of the map, estimated. */
    private static final int ENTRY_OVERHEAD = 96;
    /** Bytes of a segment read and filtered at a time. */
    static final int CHUNK_BYTES = 1 << 20;

    private LogCleaner() {
    }

    /** The latest offset of each key over an offset range, bounded in memory. */
    static final class OffsetMap {
        private final Map<ByteBuffer, Long> latest = new HashMap<>();
        private final long capacityBytes;
        private long bytes;
        /** Every record up to and including this offset was mapped; later ones are not known. */
        private long mappedUpTo = -1;
        private boolean full;

        OffsetMap(long capacityBytes) {
            this.capacityBytes = capacityBytes;
        }

        /** @return whether the record was mapped; false once the map is full */
        boolean put(Record record) {
            if (full) {
                return false;
            }
            ByteBuffer key = copy(record.key());
            if (!latest.containsKey(key)) {
                if (bytes + key.remaining() + ENTRY_OVERHEAD > capacityBytes) {
                    full = true;
                    return false;
                }
                bytes += key.remaining() + ENTRY_OVERHEAD;
            }
            latest.put(key, record.offset());
            mappedUpTo = record.offset();
            return true;
        }

        /** Marks every offset before {@code offset} as mapped (a range without keyed records). */
        void mappedBefore(long offset) {
            if (!full) {
                mappedUpTo = Math.max(mappedUpTo, offset - 1);
            }
        }

        boolean full() {
            return full;
        }

        long mappedUpTo() {
            return mappedUpTo;
        }

        /** @return whether a later record of the same key was mapped */
        boolean superseded(Record record) {
            Long found = latest.get(record.key().duplicate());
            return found != null && found > record.offset();
        }

        private static ByteBuffer copy(ByteBuffer key) {
            ByteBuffer copy = ByteBuffer.allocate(key.remaining());
            copy.put(key.duplicate()).flip();
            return copy;
        }
    }

    /** Adds the keyed records of {@code segment} from {@code from} on to {@code map}; stops when it is full. */
    static void map(Segment segment, long from, OffsetMap map) throws IOException {
        segment.scanFrom(Math.max(from, segment.baseOffset()), batches -> {
            for (RecordBatch batch : batches) {
                if (batch.isControlBatch()) {
                    // a transaction marker's key is its type, not a record key
                    continue;
                }
                for (Record record : batch) {
                    if (record.offset() >= from && record.hasKey() && !map.put(record)) {
                        return null;
                    }
                }
            }
            return null;
        });
        map.mappedBefore(segment.nextOffset());
    }

    /** What filtering one segment produced. */
    record Filtered(boolean changed, long tombstoneHorizon) {
    }

    /** Where the cleaned batches of a segment go, a chunk of whole batches at a time. */
    @FunctionalInterface
    interface Sink {
        void write(ByteBuffer batches) throws IOException;
    }

    /**
     * Filters one closed segment through the map.
     *
     * @param isLastBatchOfProducer whether the batch ending at an offset is its producer's last (kept empty)
     * @param sink                  receives the cleaned batches
     * @return whether anything changed, and the earliest delete horizon of the tombstones kept (or
     *         {@link Long#MAX_VALUE})
     */
    static Filtered filter(Segment segment, OffsetMap map, long nowMs, long deleteRetentionMs, int maxBatchBytes,
                           LongPredicate isLastBatchOfProducer, Sink sink) throws IOException {
        long[] horizon = {Long.MAX_VALUE};
        boolean[] changed = {false};
        RecordFilter filter = new RecordFilter(nowMs, deleteRetentionMs) {
            @Override
            protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
                BatchRetention retention = batch.hasProducerId() && isLastBatchOfProducer.test(batch.lastOffset())
                        ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY;
                return new BatchRetentionResult(retention, false);
            }

            @Override
            protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
                boolean retained = retain(batch, record);
                changed[0] |= !retained;
                if (retained && !record.hasValue()) {
                    long stamped = batch.deleteHorizonMs().orElse(nowMs + deleteRetentionMs);
                    changed[0] |= batch.deleteHorizonMs().isEmpty();
                    horizon[0] = Math.min(horizon[0], stamped);
                }
                return retained;
            }

            private boolean retain(RecordBatch batch, Record record) {
                if (batch.isControlBatch() || record.offset() > map.mappedUpTo()) {
                    // markers stay: read_committed consumers need them to know where transactions ended
                    return true;
                }
                if (!record.hasKey() || map.superseded(record)) {
                    return false;
                }
                return record.hasValue() || batch.deleteHorizonMs().isEmpty()
                        || nowMs < batch.deleteHorizonMs().getAsLong();
            }
        };
        long offset = segment.baseOffset();
        while (offset < segment.nextOffset()) {
            ByteBuffer chunk = segment.read(offset, CHUNK_BYTES, true);
            if (chunk == null || !chunk.hasRemaining()) {
                break;
            }
            MemoryRecords records = MemoryRecords.readableRecords(chunk);
            long next = offset;
            for (RecordBatch batch : records.batches()) {
                next = batch.nextOffset();
            }
            ByteBuffer destination = ByteBuffer.allocate(chunk.remaining());
            MemoryRecords.FilterResult result = records.filterTo(filter, destination, BufferSupplier.NO_CACHING,
                    maxBatchBytes);
            ByteBuffer output = result.outputBuffer();
            output.flip();
            if (output.hasRemaining()) {
                sink.write(output);
            }
            offset = next;
        }
        return new Filtered(changed[0], horizon[0]);
    }
}
