package org.kafkatck.broker.network;

import java.io.IOException;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain TCP connection through its blocking {@link SocketChannel}: a response goes out in gathering writes
 * ({@code writev}), as few as the socket's buffer allows, instead of one write, and one small TCP segment, per
 * part. Heap parts (headers, in-memory records) are first copied into a pooled direct staging buffer, once:
 * handed to the channel as they are, the JDK would copy each into a temporary direct buffer, and copy all of
 * them again after every partial write. Direct parts go as they are. {@link FileRegion}s go straight from the
 * file with {@link FileChannel#transferTo} ({@code sendfile}), no copy in the broker at all, to a client on
 * another host; to a client on this host they are read into the staging buffer and written with the other parts
 * (see {@link #forPeer}).
 */
final class ChannelTransport implements Transport {
    /** The staging buffers of every plain connection: one is held per response being written. */
    static final DirectBufferPool STAGING = new DirectBufferPool(128 * 1024, 64);
    /**
     * Largest read into a heap buffer: the JDK reads into a temporary direct buffer of the requested size and
     * keeps it cached per carrier thread, so a 100 MB request must not be read in one call.
     */
    private static final int MAX_HEAP_READ = 256 * 1024;
    /** Bytes of a file region written the ordinary way when the socket is full, to wait until it takes more. */
    private static final int WAIT_PIECE = 16 * 1024;

    private final SocketChannel channel;
    /** Whether file regions are read into the staging buffer rather than sent with {@code sendfile}. */
    private final boolean copyFiles;

    /**
     * @param channel   an accepted, connected channel in blocking mode
     * @param copyFiles read file regions into the staging buffer instead of sending them with {@code sendfile}
     */
    ChannelTransport(SocketChannel channel, boolean copyFiles) {
        this.channel = channel;
        this.copyFiles = copyFiles;
    }

    /**
     * The transport for an accepted connection: file regions are copied when the client is on this host, and sent
     * with {@code sendfile} otherwise. Over the loopback interface {@code sendfile} saves no copy: the client's
     * read copies the bytes out of the page cache itself, on its own thread, from memory no core has touched since
     * the records were written. Copied by the broker (on a core the client is not using), they reach the client
     * from the cache both cores share; a consumer on this host, usually what limits a read, then reads 10-20 %
     * faster (docs/performance.md). To another host {@code sendfile} lets the network card read the page cache,
     * and a copy would only cost the broker's CPU.
     *
     * @param channel an accepted, connected channel in blocking mode
     */
    static ChannelTransport forPeer(SocketChannel channel) {
        return new ChannelTransport(channel, onThisHost(channel));
    }

    /** @return whether the peer is this host: a loopback address, or one of this host's own (routed over loopback) */
    static boolean onThisHost(SocketChannel channel) {
        try {
            if (channel.getRemoteAddress() instanceof InetSocketAddress remote
                    && channel.getLocalAddress() instanceof InetSocketAddress local) {
                InetAddress peer = remote.getAddress();
                return peer.isLoopbackAddress() || peer.equals(local.getAddress());
            }
        } catch (IOException e) {
            // a connection already gone: the choice does not matter
        }
        return false;
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
            for (Object part : frame.parts()) {
                switch (part) {
                    case ByteBuffer buffer -> gather.add(buffer);
                    case FileRegion region when copyFiles -> gather.add(region);
                    case FileRegion region -> {
                        gather.flush();
                        transfer(region, gather.staging);
                    }
                    default -> throw new IllegalStateException("not a frame part: " + part);
                }
            }
            gather.flush();
        } finally {
            STAGING.give(gather.staging);
        }
    }

    /**
     * Sends a file region with {@code sendfile}. A virtual thread's socket is non-blocking underneath, and
     * {@link FileChannel#transferTo} does not wait for it: it transfers nothing when the socket's buffer is
     * full. Then a small piece goes through the channel's ordinary write, which waits (parks) until the socket
     * takes it, and the transfer goes on.
     */
    private void transfer(FileRegion region, ByteBuffer staging) throws IOException {
        FileChannel file = region.channel();
        long position = region.position();
        long end = position + region.count();
        while (position < end) {
            long sent = file.transferTo(position, end - position, channel);
            if (sent > 0) {
                position += sent;
                continue;
            }
            ByteBuffer piece = staging.clear().limit((int) Math.min(WAIT_PIECE, end - position));
            if (file.read(piece, position) <= 0) {
                throw new EOFException("The file under a response ended " + (end - position) + " bytes early");
            }
            piece.flip();
            position += piece.remaining();
            while (piece.hasRemaining()) {
                channel.write(piece);
            }
        }
        staging.clear();
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

        /** Reads a file region into the staging buffer, written with the parts around it. */
        void add(FileRegion region) throws IOException {
            FileChannel file = region.channel();
            long position = region.position();
            long end = position + region.count();
            while (position < end) {
                if (!staging.hasRemaining()) {
                    flush();
                }
                ByteBuffer into = staging.slice(staging.position(), (int) Math.min(staging.remaining(), end - position));
                int read = file.read(into, position);
                if (read <= 0) {
                    throw new EOFException("The file under a response ended " + (end - position) + " bytes early");
                }
                staging.position(staging.position() + read);
                position += read;
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
