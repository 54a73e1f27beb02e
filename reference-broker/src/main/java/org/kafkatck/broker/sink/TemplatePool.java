package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The batches the sink serves instead of storing what it was sent: a bounded set of copies of produced batches
 * ("templates"). A produced batch is copied once, the first time its exact bytes are seen (same last offset delta,
 * size and CRC, so in effect the same content), as long as the pool has room; from then on that batch and every
 * identical one are served from the copy. Once the pool is full a batch is served as a template with the same last
 * offset delta (so the same offsets) and the same size if there is one, else any size; a record count never seen
 * before gets a small synthetic template of that many null-key, null-value records. So the offsets a consumer sees
 * are always exact, and so is the content up to the pool's capacity; past it, keys and values repeat earlier ones.
 */
final class TemplatePool {
    /** A batch's identity as far as the pool cares: its offsets span, its size and its CRC (its content). */
    private record Exact(int lastOffsetDelta, int size, int crc) {
    }

    /** Same span and size. */
    private record Shape(int lastOffsetDelta, int size) {
    }

    private final long capacityBytes;
    private final int maxTemplates;
    private final Map<Exact, byte[]> exact = new ConcurrentHashMap<>();
    private final Map<Shape, byte[]> bySize = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> bySpan = new ConcurrentHashMap<>();
    private long bytes;
    private int templates;
    private long substituted;

    /**
     * @param capacityBytes bytes of copied batches kept at most
     * @param maxTemplates  copies kept at most (bounds the lookup maps for tiny batches)
     */
    TemplatePool(long capacityBytes, int maxTemplates) {
        this.capacityBytes = capacityBytes;
        this.maxTemplates = maxTemplates;
    }

    /**
     * @param buffer   holds a valid v2 batch header at {@code position}
     * @param position where the batch starts
     * @param size     the batch's size in bytes
     * @return the template to serve in place of the batch: same last offset delta, whatever else
     */
    byte[] intern(ByteBuffer buffer, int position, int size) {
        int delta = BatchHeader.lastOffsetDelta(buffer, position);
        Exact key = new Exact(delta, size, BatchHeader.crc(buffer, position));
        byte[] found = exact.get(key);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            found = exact.get(key);
            if (found != null) {
                return found;
            }
            if (bytes + size <= capacityBytes && templates < maxTemplates) {
                byte[] copy = new byte[size];
                buffer.get(position, copy);
                exact.put(key, copy);
                bySize.putIfAbsent(new Shape(delta, size), copy);
                bySpan.putIfAbsent(delta, copy);
                bytes += size;
                templates++;
                return copy;
            }
            substituted++;
            found = bySize.get(new Shape(delta, size));
            if (found == null) {
                found = bySpan.computeIfAbsent(delta, TemplatePool::synthetic);
            }
            return found;
        }
    }

    /** A batch of {@code lastOffsetDelta + 1} records without key or value: what a span never copied is served as. */
    private static byte[] synthetic(int lastOffsetDelta) {
        SimpleRecord[] records = new SimpleRecord[lastOffsetDelta + 1];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(0L, (byte[]) null, (byte[]) null);
        }
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, records).buffer();
        byte[] copy = new byte[batch.remaining()];
        batch.get(copy);
        return copy;
    }

    /** @return bytes of copied batches held */
    synchronized long bytes() {
        return bytes;
    }

    /** @return copies of produced batches held */
    synchronized int templates() {
        return templates;
    }

    /** @return batches served as another batch's template because the pool was full */
    synchronized long substituted() {
        return substituted;
    }

    /** @return the last offset delta of a template */
    static int lastOffsetDelta(byte[] template) {
        return ByteBuffer.wrap(template).getInt(BatchHeader.LAST_OFFSET_DELTA);
    }
}
