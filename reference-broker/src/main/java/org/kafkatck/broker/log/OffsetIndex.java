package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.kafkatck.broker.storage.AtomicFile;

/**
 * A sparse map from offsets to byte positions in one segment: one entry about every
 * {@link #INTERVAL_BYTES} bytes, each naming the base offset of a batch and where it starts. A lookup
 * gives the position from which a short forward scan of batch headers finds any offset.
 *
 * <p>It lives in memory and holds no file open. It is written next to its segment (fixed 12-byte
 * entries, then a CRC32C of them) when the segment stops being the active one and at a clean shutdown,
 * always atomically; an index file whose checksum does not match is ignored and rebuilt from the log.
 * The active segment's index is rebuilt from the log after a crash, during recovery.
 */
final class OffsetIndex {
    static final int INTERVAL_BYTES = 4096;
    private static final int ENTRY_BYTES = 12;
    private static final int TRAILER_BYTES = 4;

    private long[] offsets = new long[16];
    private int[] positions = new int[16];
    private int count;

    /** @return an empty index */
    static OffsetIndex empty() {
        return new OffsetIndex();
    }

    /**
     * Loads an index written by {@link #writeTo}.
     *
     * @return the index, or {@code null} when the file is missing, torn, or points outside the segment
     */
    static OffsetIndex load(Path path, int segmentSize) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < TRAILER_BYTES || (bytes.length - TRAILER_BYTES) % ENTRY_BYTES != 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER_BYTES);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - TRAILER_BYTES)) {
            return null;
        }
        OffsetIndex index = new OffsetIndex();
        long previous = -1;
        int previousPosition = 0;
        for (int i = 0; i < (bytes.length - TRAILER_BYTES) / ENTRY_BYTES; i++) {
            long offset = buffer.getLong();
            int position = buffer.getInt();
            if (offset <= previous || position <= previousPosition || position >= segmentSize) {
                return null;
            }
            index.append(offset, position);
            previous = offset;
            previousPosition = position;
        }
        return index;
    }

    /** Writes the index to {@code path}, replacing what was there, atomically. */
    synchronized void writeTo(Path path) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count * ENTRY_BYTES + TRAILER_BYTES);
        for (int i = 0; i < count; i++) {
            buffer.putLong(offsets[i]).putInt(positions[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, count * ENTRY_BYTES);
        buffer.putInt((int) crc.getValue());
        AtomicFile.writeRebuildable(path, buffer.array());
    }

    synchronized void append(long offset, int position) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        offsets[count] = offset;
        positions[count] = position;
        count++;
    }

    /** @return position of the last indexed batch whose base offset is at most {@code offset}, else 0 */
    synchronized int floorPosition(long offset) {
        int i = Arrays.binarySearch(offsets, 0, count, offset);
        if (i >= 0) {
            return positions[i];
        }
        int insertion = -i - 1;
        return insertion == 0 ? 0 : positions[insertion - 1];
    }

    /**
     * @return the greatest indexed position at most {@code position} (a batch start: a read up to it takes whole
     *         batches), or 0 when there is none
     */
    synchronized int floorBatchStart(int position) {
        int i = Arrays.binarySearch(positions, 0, count, position);
        if (i >= 0) {
            return positions[i];
        }
        int insertion = -i - 1;
        return insertion == 0 ? 0 : positions[insertion - 1];
    }

    /** @return position of the last entry, or 0 when there is none */
    synchronized int lastPosition() {
        return count == 0 ? 0 : positions[count - 1];
    }

    /** Drops entries at or after {@code position}, after the log was truncated there. */
    synchronized void truncateTo(int position) {
        while (count > 0 && positions[count - 1] >= position) {
            count--;
        }
    }

    synchronized int entries() {
        return count;
    }
}
