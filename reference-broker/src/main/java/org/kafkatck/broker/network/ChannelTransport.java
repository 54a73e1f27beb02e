package org.kafkatck.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain TCP connection through its blocking {@link SocketChannel}: a response goes out in gathering writes
 * ({@code writev}), as few as the socket's buffer allows, instead of one write, and one small TCP segment, per
 * part. Heap parts (headers, in-memory records) are first copied into a pooled direct staging buffer, once:
 * handed to the channel as they are, the JDK would copy each into a temporary direct buffer, and copy all of
 * them again after every partial write. Direct parts go as they are.
 */
final class ChannelTransport implements Transport {
    /** The staging buffers of every plain connection: one is held per response being written. */
    static final DirectBufferPool STAGING = new DirectBufferPool(128 * 1024, 64);
    /**
     * Largest read into a heap buffer: the JDK reads into a temporary direct buffer of the requested size and
     * keeps it cached per carrier thread, so a 100 MB request must not be read in one call.
     */
    private static final int MAX_HEAP_READ = 256 * 1024;

    private final SocketChannel channel;

    /** @param channel an accepted, connected channel in blocking mode */
    ChannelTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (into.remaining() <= MAX_HEAP_READ) {
            return channel.read(into);
        }
        ByteBuffer part = into.slice(into.position(), MAX_HEAP_READ);
        int read = channel.read(part);
        if (read > 0) {
            into.position(into.position() + read);
        }
        return read;
    }

    @Override
    public void write(ResponseFrame frame) throws IOException {
        Gather gather = new Gather(STAGING.take());
        try {
            for (ByteBuffer part : frame.buffers()) {
                gather.add(part);
            }
            gather.flush();
        } finally {
            STAGING.give(gather.staging);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the connection is over either way
        }
    }

    /** The buffers of one gathering write being put together. */
    private final class Gather {
        private final ByteBuffer staging;
        private final List<ByteBuffer> buffers = new ArrayList<>();
        /** Start of the staged bytes not yet in {@link #buffers}. */
        private int stagedFrom;

        Gather(ByteBuffer staging) {
            this.staging = staging;
        }

        void add(ByteBuffer part) throws IOException {
            if (part.isDirect()) {
                closeStaged();
                buffers.add(part.duplicate());
                return;
            }
            int from = part.position();
            int to = part.limit();
            while (from < to) {
                if (!staging.hasRemaining()) {
                    flush();
                }
                int length = Math.min(to - from, staging.remaining());
                staging.put(staging.position(), part, from, length);
                staging.position(staging.position() + length);
                from += length;
            }
        }

        /** Writes everything gathered so far, whole. */
        void flush() throws IOException {
            closeStaged();
            ByteBuffer[] pending = buffers.toArray(ByteBuffer[]::new);
            int first = 0;
            while (first < pending.length) {
                // a blocking channel may still write part of it (a virtual thread's socket is non-blocking underneath)
                channel.write(pending, first, pending.length - first);
                while (first < pending.length && !pending[first].hasRemaining()) {
                    first++;
                }
            }
            buffers.clear();
            staging.clear();
            stagedFrom = 0;
        }

        private void closeStaged() {
            if (staging.position() > stagedFrom) {
                buffers.add(staging.slice(stagedFrom, staging.position() - stagedFrom));
                stagedFrom = staging.position();
            }
        }
    }
}
