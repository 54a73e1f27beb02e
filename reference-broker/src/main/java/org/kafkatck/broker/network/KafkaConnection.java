package org.kafkatck.broker.network;

import java.nio.ByteBuffer;
import java.time.Duration;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One client connection speaking the Kafka protocol: size-prefixed request frames in, size-prefixed
 * response frames out, answered strictly in request order (as Apache Kafka does by muting a channel
 * while its request is in flight).
 *
 * <p>A frame that is larger than the configured maximum, or that cannot be parsed, ends this
 * connection with a log line; the broker and its other connections are unaffected.
 */
final class KafkaConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(KafkaConnection.class.getName());

    /** Largest single socket read; the JDK serves reads up to this size from a reused direct buffer. */
    private static final int READ_CHUNK = 64 * 1024;

    private final ConnectionContext ctx;
    private final RequestDispatcher dispatcher;
    private final int maxRequestBytes;
    private final String peer;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean closing;

    KafkaConnection(ConnectionContext ctx, RequestDispatcher dispatcher, int maxRequestBytes) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.maxRequestBytes = maxRequestBytes;
        this.peer = ctx.remotePeer().host() + ":" + ctx.remotePeer().port();
    }

    @Override
    public void handle(Limit limit) {
        DataReader reader = ctx.dataReader();
        DataWriter writer = ctx.dataWriter();
        
        try {
            while (!closing) {
                reader.ensureAvailable();
                int size = reader.readBuffer(4).readInt32();
                if (size < 0 || size > maxRequestBytes) {
                    LOG.log(WARNING, "Closing connection from {0}: request frame of {1} bytes exceeds the limit of {2}"
                            + " (broker.request.max.bytes)", peer, Integer.toUnsignedString(size), Integer.toString(maxRequestBytes));
                    return;
                }
                byte[] frame = readFrame(reader, size);
                lastActivityNanos = System.nanoTime();
                ResponseFrame response = dispatcher.dispatch(peer, ByteBuffer.wrap(frame));
                if (response != null) {
                    for (ByteBuffer part : response.buffers()) {
                        writer.writeNow(bufferData(part));
                    }
                }
                lastActivityNanos = System.nanoTime();
            }
        } catch (DataReader.InsufficientDataAvailableException e) {
            LOG.log(DEBUG, "Connection from {0} closed by the client", peer);
        } catch (InvalidFrameException e) {
            LOG.log(WARNING, "Closing connection from {0}: {1}", peer, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            // the client went away while its response was being written (a closed consumer's long poll)
            LOG.log(DEBUG, "Connection from {0} lost: {1}", peer, e.getMessage());
        }
    }

    /**
     * Reads a request body of {@code size} bytes: first what the reader already buffered, then the rest
     * straight from the socket in as few reads as the kernel allows. (The reader pulls 8 KiB at a time,
     * which costs a system call and two copies per 8 KiB of a large Produce request.)
     */
    private byte[] readFrame(DataReader reader, int size) {
        byte[] frame = new byte[size];
        int filled = Math.min(reader.available(), size);
        if (filled > 0) {
            reader.readBuffer(filled).read(frame, 0, filled);
        }
        while (filled < size) {
            BufferData chunk = BufferData.create(Math.min(READ_CHUNK, size - filled));
            if (ctx.serverSocket().read(chunk) < 0) {
                throw new DataReader.InsufficientDataAvailableException();
            }
            filled += chunk.read(frame, filled, chunk.available());
        }
        return frame;
    }

    /**
     * Wraps a heap buffer for the writer without copying when it starts at the start of its array.
     * (Helidon 4.2's FixedBufferData writes {@code offset + length} bytes when given an offset, so a
     * buffer that starts further in is copied out.)
     */
    private static BufferData bufferData(ByteBuffer part) {
        int start = part.arrayOffset() + part.position();
        if (start == 0) {
            return BufferData.create(part.array(), 0, part.remaining());
        }
        byte[] copy = new byte[part.remaining()];
        part.duplicate().get(copy);
        return BufferData.create(copy);
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastActivityNanos);
    }

    @Override
    public void close(boolean interrupt) {
        closing = true;
    }
}
