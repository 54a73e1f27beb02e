package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A sparse map from offsets to byte positions in one segment: one entry about every
 * {@link #INTERVAL_BYTES} bytes, each naming the base offset of a batch and where it starts. A lookup
 * gives the position from which a short forward scan of batch headers finds any offset.
 *
 * <p>On disk it is a file of fixed 12-byte entries (offset, position) next to the segment; it is
 * trusted for closed segments and rebuilt from the log for the active one after a restart.
 */
final class OffsetIndex {
    static final int INTERVAL_BYTES = 4096;
    private static final int ENTRY_BYTES = 12;

    private long[] offsets = new long[16];
    private int[] positions = new int[16];
    private int count;
    private final FileChannel file;

    private OffsetIndex(FileChannel file) {
        this.file = file;
    }

    static OffsetIndex inMemory() {
        return new OffsetIndex(null);
    }

    /** Opens (or creates) the index file, keeping only entries that point inside the segment. */
    static OffsetIndex open(Path path, int segmentSize) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        OffsetIndex index = new OffsetIndex(channel);
        long entries = channel.size() / ENTRY_BYTES;
        ByteBuffer buffer = ByteBuffer.allocate((int) (entries * ENTRY_BYTES));
        channel.read(buffer, 0);
        buffer.flip();
        long previous = -1;
        int previousPosition = -1;
        while (buffer.remaining() >= ENTRY_BYTES) {
            long offset = buffer.getLong();
            int position = buffer.getInt();
            if (offset <= previous || position <= previousPosition || position >= segmentSize) {
                break;
            }
            index.add(offset, position);
            previous = offset;
            previousPosition = position;
        }
        channel.truncate((long) index.count * ENTRY_BYTES);
        channel.position((long) index.count * ENTRY_BYTES);
        return index;
    }

    synchronized void append(long offset, int position) throws IOException {
        add(offset, position);
        if (file != null) {
            ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES).putLong(offset).putInt(position).flip();
            while (entry.hasRemaining()) {
                file.write(entry);
            }
        }
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

    /** Forgets every entry, for a rebuild. */
    synchronized void clear() throws IOException {
        count = 0;
        if (file != null) {
            file.truncate(0);
            file.position(0);
        }
    }

    synchronized int entries() {
        return count;
    }

    void flush() throws IOException {
        if (file != null) {
            file.force(true);
        }
    }

    void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    private void add(long offset, int position) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        offsets[count] = offset;
        positions[count] = position;
        count++;
    }
}
