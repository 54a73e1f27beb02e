package org.kafkatck.broker.network;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLSocket;

/**
 * A TLS connection through the JDK's {@link SSLSocket}. The socket encrypts and sends every write as TLS
 * records of up to 16 KiB, each with its own system call: handed the parts of a response one by one, each
 * small header would become a record and a TCP segment of its own. So a response is copied into a staging
 * array of up to {@value #STAGING_BYTES} bytes and written in writes that large; a {@link FileRegion} is read
 * from its file into that array. Request bytes are read from the socket's stream straight into the caller's
 * buffer.
 */
final class TlsTransport implements Transport {
    static final int STAGING_BYTES = 64 * 1024;

    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;

    /** @param socket a TLS socket over an accepted connection, handshaken or not */
    TlsTransport(SSLSocket socket) throws IOException {
        this(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    /** A transport over the streams of a socket ({@code SSLSocket}'s in the broker, plain ones in tests). */
    TlsTransport(InputStream in, OutputStream out, Closeable socket) {
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int read = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
        if (read > 0) {
            into.position(into.position() + read);
        }
        return read;
    }

    @Override
    public void write(ResponseFrame frame) throws IOException {
        byte[] staging = new byte[Math.min(STAGING_BYTES, frame.size())];
        int staged = 0;
        for (Object item : frame.parts()) {
            if (item instanceof FileRegion region) {
                staged = stage(region, staging, staged);
                continue;
            }
            ByteBuffer part = (ByteBuffer) item;
            int from = part.position();
            int to = part.limit();
            if (staged == 0 && part.hasArray() && to - from >= STAGING_BYTES) {
                out.write(part.array(), part.arrayOffset() + from, to - from); // large enough already: no copy
                continue;
            }
            while (from < to) {
                if (staged == staging.length) {
                    out.write(staging, 0, staged);
                    staged = 0;
                }
                int length = Math.min(to - from, staging.length - staged);
                part.get(from, staging, staged, length);
                staged += length;
                from += length;
            }
        }
        if (staged > 0) {
            out.write(staging, 0, staged);
        }
        out.flush();
    }

    /** Reads a file region through the staging array, writing it whenever full; @return bytes left staged */
    private int stage(FileRegion region, byte[] staging, int staged) throws IOException {
        long position = region.position();
        long end = position + region.count();
        while (position < end) {
            if (staged == staging.length) {
                out.write(staging, 0, staged);
                staged = 0;
            }
            ByteBuffer into = ByteBuffer.wrap(staging, staged, (int) Math.min(staging.length - staged, end - position));
            int read = region.channel().read(into, position);
            if (read <= 0) {
                throw new EOFException("The file under a response ended " + (end - position) + " bytes early");
            }
            staged += read;
            position += read;
        }
        return staged;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // the connection is over either way (the client may be gone before the close_notify)
        }
    }
}
