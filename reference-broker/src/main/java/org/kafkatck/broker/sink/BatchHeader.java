package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;

/**
 * The fields of a record batch header (magic v2) the sink reads and writes, by byte position. The batch CRC covers
 * the bytes from {@link #ATTRIBUTES} on, so the base offset and the partition leader epoch can be stamped on a copy
 * without touching the CRC.
 */
final class BatchHeader {
    static final int BASE_OFFSET = 0;
    static final int LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    /** Bytes before the first record: also the smallest valid batch. */
    static final int SIZE = 61;
    /** Batch size = the length field + the bytes before it (base offset and length). */
    static final int LOG_OVERHEAD = 12;
    static final byte MAGIC_V2 = 2;
    private static final int TRANSACTIONAL_FLAG = 0x10;
    private static final int CONTROL_FLAG = 0x20;

    private BatchHeader() {
    }

    /** @return the size of the batch at {@code position}, header included, or -1 when the bytes left do not hold one */
    static int sizeAt(ByteBuffer buffer, int position) {
        if (buffer.limit() - position < SIZE) {
            return -1;
        }
        int size = buffer.getInt(position + LENGTH) + LOG_OVERHEAD;
        return size < SIZE || size > buffer.limit() - position ? -1 : size;
    }

    static byte magic(ByteBuffer buffer, int position) {
        return buffer.get(position + MAGIC);
    }

    static int lastOffsetDelta(ByteBuffer buffer, int position) {
        return buffer.getInt(position + LAST_OFFSET_DELTA);
    }

    static int crc(ByteBuffer buffer, int position) {
        return buffer.getInt(position + CRC);
    }

    /** @return whether the batch is transactional or a control batch (neither is served by the sink) */
    static boolean transactionalOrControl(ByteBuffer buffer, int position) {
        return (buffer.getShort(position + ATTRIBUTES) & (TRANSACTIONAL_FLAG | CONTROL_FLAG)) != 0;
    }
}
