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
 * offset delta (so the same offsets) and the same size if there is one, else a synthetic batch of that span and
 * size (padding in its first record); only a span and size no uncompressed batch can have (compressed batches)
 * gets a small synthetic template of that many null-key, null-value records. So the offsets a consumer sees
 * are always exact, and so is the content up to the pool's capacity; past it, keys and values repeat earlier ones.
 */
final class TemplatePool {
    /** A batch's identity as far as the pool cares: its offsets span, its size and its CRC (its content). */
    private record Exact(int lastOffsetDelta, int size, int crc) {
    }

    /** Same span and size. */
    private record Shape(int lastOffsetDelta, int size) {
    }

    /**
     * Templates are copied into direct chunks of this size, outside the heap: as heap arrays, 64 MiB of long-lived
     * templates were evacuated by young collections while produce filled the pool and kept the heap at 85-90 MB
     * after GC (the reference broker's: 8 MB), G1 work a ceiling must not do. Off the heap, 8 MB as the broker.
     */
    private static final int CHUNK_BYTES = 4 << 20;

    private final long capacityBytes;
    private final int maxTemplates;
    private final Map<Exact, ByteBuffer> exact = new ConcurrentHashMap<>();
    private final Map<Shape, ByteBuffer> bySize = new ConcurrentHashMap<>();
    private final Map<Integer, ByteBuffer> bySpan = new ConcurrentHashMap<>();
    private ByteBuffer chunk = ByteBuffer.allocateDirect(0);
    private long bytes;
    private int templates;
    private long substituted;
    /** Bytes of same-size stand-ins kept (as many as of copies at most). */
    private long syntheticBytes;

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
     * @return the template to serve in place of the batch: same last offset delta, whatever else; read-only, to be
     *         read with absolute gets or from a duplicate
     */
    ByteBuffer intern(ByteBuffer buffer, int position, int size) {
        int delta = BatchHeader.lastOffsetDelta(buffer, position);
        Exact key = new Exact(delta, size, BatchHeader.crc(buffer, position));
        ByteBuffer found = exact.get(key);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            found = exact.get(key);
            if (found != null) {
                return found;
            }
            if (bytes + size <= capacityBytes && templates < maxTemplates) {
                ByteBuffer copy = copy(buffer, position, size);
                exact.put(key, copy);
                bySize.putIfAbsent(new Shape(delta, size), copy);
                bySpan.putIfAbsent(delta, copy);
                bytes += size;
                templates++;
                return copy;
            }
            substituted++;
            Shape shape = new Shape(delta, size);
            found = bySize.get(shape);
            if (found == null) {
                // a stand-in of the same size keeps the bytes a consumer reads exact (1 MiB records must not be
                // served as the 100-byte batch that happened to fill the pool): the ceiling moves the same bytes
                found = sized(delta, size);
                if (found != null && syntheticBytes + size <= capacityBytes) {
                    bySize.put(shape, found);
                    syntheticBytes += size;
                }
            }
            if (found == null) {
                found = bySpan.computeIfAbsent(delta, TemplatePool::synthetic);
            }
            return found;
        }
    }

    /** Copies a batch into the current direct chunk, starting a new one when it does not fit. */
    private ByteBuffer copy(ByteBuffer buffer, int position, int size) {
        if (chunk.remaining() < size) {
            chunk = ByteBuffer.allocateDirect(Math.max(CHUNK_BYTES, size));
        }
        ByteBuffer copy = chunk.slice(chunk.position(), size);
        copy.put(0, buffer, position, size);
        chunk.position(chunk.position() + size);
        return copy.asReadOnlyBuffer();
    }

    /**
     * A batch of {@code lastOffsetDelta + 1} records of exactly {@code size} bytes, its padding in the first
     * record's key and value; {@code null} when no uncompressed batch of that span is that small (a compressed one).
     */
    private static ByteBuffer sized(int lastOffsetDelta, int size) {
        SimpleRecord[] records = new SimpleRecord[lastOffsetDelta + 1];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(0L, (byte[]) null, (byte[]) null);
        }
        int extra = size - MemoryRecords.withRecords(Compression.NONE, records).sizeInBytes();
        if (extra < 0) {
            return null;
        }
        // length prefixes are varints: a few more bytes of padding can cost one more byte of prefix, so try the
        // nearby splits between key and value until one lands on the size exactly
        for (int key = 0; key <= 2; key++) {
            for (int value = Math.max(0, extra - key); value >= Math.max(0, extra - key - 8); value--) {
                records[0] = new SimpleRecord(0L, key == 0 ? null : new byte[key], value == 0 ? null : new byte[value]);
                ByteBuffer built = MemoryRecords.withRecords(Compression.NONE, records).buffer();
                if (built.remaining() == size) {
                    return built.slice().asReadOnlyBuffer();
                }
            }
        }
        return null;
    }

    /** A batch of {@code lastOffsetDelta + 1} records without key or value: what a span never copied is served as. */
    private static ByteBuffer synthetic(int lastOffsetDelta) {
        SimpleRecord[] records = new SimpleRecord[lastOffsetDelta + 1];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(0L, (byte[]) null, (byte[]) null);
        }
        return MemoryRecords.withRecords(Compression.NONE, records).buffer().slice().asReadOnlyBuffer();
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
    static int lastOffsetDelta(ByteBuffer template) {
        return template.getInt(BatchHeader.LAST_OFFSET_DELTA);
    }
}
