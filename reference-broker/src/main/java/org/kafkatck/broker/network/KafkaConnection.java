package org.kafkatck.broker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;
import io.helidon.common.socket.SocketWriter;
import io.helidon.webserver.spi.ServerConnection;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.security.SaslAuthenticator;
import org.kafkatck.broker.security.ServerTls;
import org.kafkatck.broker.security.TlsPrincipals;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One client connection speaking the Kafka protocol: size-prefixed request frames in, size-prefixed
 * response frames out, answered strictly in request order (as Apache Kafka does by muting a channel
 * while its request is in flight).
 *
 * <p>A frame that is larger than the configured maximum, or that cannot be parsed, ends this
 * connection with a log line; the broker and its other connections are unaffected.
 *
 * <p>It follows the contract of Helidon's {@link ServerConnection}: {@link #idleTime()} is the time
 * since the last byte was received or the last response was sent, and is zero while a request is
 * being served (a long-poll Fetch waiting for records is not idle); {@link #close(boolean)} closes the
 * socket at once when the connection is waiting for request bytes, which ends the blocked read of its
 * own thread, whether it waits for a new request or in the middle of one. A request being served
 * is answered first, unless the close interrupts it.
 */
final class KafkaConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(KafkaConnection.class.getName());

    /** Largest single socket read; the JDK serves reads up to this size from a reused direct buffer. */
    private static final int READ_CHUNK = 64 * 1024;

    /** Where the connection's own thread is; a close moves it to {@link #CLOSED} from anywhere. */
    private enum State { READING, SERVING, CLOSED }

    private final HelidonSocket socket;
    private final DataReader reader;
    private final SocketWriter writer;
    private final RequestDispatcher dispatcher;
    /** The SASL authentication every request passes on a SASL listener; {@code null} on others. */
    private final SaslExchange sasl;
    private final int maxRequestBytes;
    private final String peer;
    /** The TCP connection; under {@link #tls} on an SSL listener. */
    private final Socket tcp;
    /** The TLS layer, {@code null} on a PLAINTEXT listener. */
    private final SSLSocket tls;
    private final String listenerName;
    private volatile KafkaPrincipal principal;
    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Thread thread;

    /**
     * @param socket          an accepted socket, configured
     * @param listenerId      the listener's id, for Helidon's socket logs
     * @param dispatcher      answers each request frame
     * @param maxRequestBytes frames larger than this close the connection
     */
    KafkaConnection(Socket socket, String listenerId, RequestDispatcher dispatcher, int maxRequestBytes) {
        this(socket, listenerId, null, null, null, Duration.ZERO, dispatcher, maxRequestBytes);
    }

    /**
     * @param accepted        an accepted socket, configured
     * @param listenerId      the listener's id, for Helidon's socket logs
     * @param listenerName    the listener's configured name, told to handlers ({@code null} for the default one)
     * @param tls             the listener's TLS, or {@code null} on a PLAINTEXT listener; the handshake is run by
     *                        {@link #handle} on the connection's own thread
     * @param sasl            this connection's authentication on a SASL listener, or {@code null}: then every
     *                        request is served as the TLS principal (or anonymous)
     * @param failedAuthenticationDelay how long the answer to a failed SASL authentication waits (KIP-306)
     * @param dispatcher      answers each request frame
     * @param maxRequestBytes frames larger than this close the connection
     * @throws UncheckedIOException when the client is already gone
     */
    KafkaConnection(Socket accepted, String listenerId, String listenerName, ServerTls tls, SaslAuthenticator sasl,
                    Duration failedAuthenticationDelay, RequestDispatcher dispatcher, int maxRequestBytes) {
        Socket socket = tls == null ? accepted : wrap(tls, accepted);
        // Helidon's PlainSocket over the SSLSocket too: its TlsSocket reads the session in its constructor,
        // which would run the handshake on the accept thread
        this.tcp = accepted;
        this.tls = socket instanceof SSLSocket ssl ? ssl : null;
        this.listenerName = listenerName;
        this.principal = KafkaPrincipal.ANONYMOUS;
        this.socket = PlainSocket.server(socket, "0x" + HexFormat.of().toHexDigits(System.identityHashCode(socket)),
                listenerId);
        this.reader = new DataReader(this::receive);
        this.writer = SocketWriter.create(this.socket);
        this.dispatcher = dispatcher;
        this.sasl = sasl == null ? null : new SaslExchange(sasl, dispatcher, failedAuthenticationDelay);
        this.maxRequestBytes = maxRequestBytes;
        this.peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    /** @return the client's address, for logs */
    String peer() {
        return peer;
    }

    /** @return who the client is: its certificate's subject on a mutual-TLS connection, else {@code User:ANONYMOUS} */
    KafkaPrincipal principal() {
        return principal;
    }

    @Override
    public void handle(Limit limit) {
        thread = Thread.currentThread();
        try {
            if (tls != null && !handshake(tls)) {
                return;
            }
            while (state.get() != State.CLOSED) {
                reader.ensureAvailable();
                int size = reader.readBuffer(4).readInt32();
                int maxFrame = sasl == null ? maxRequestBytes : sasl.maxFrameBytes(maxRequestBytes);
                if ((size < 0 || size > maxFrame) && maxFrame < maxRequestBytes) {
                    // before authentication a SASL listener takes small frames only (sasl.server.max.receive.size):
                    // an unauthenticated client cannot make the broker allocate request.max.bytes
                    sasl.frameTooLarge(peer, listenerName);
                    return;
                }
                if (size < 0 || size > maxRequestBytes) {
                    LOG.log(WARNING, "Closing connection from {0}: request frame of {1} bytes exceeds the limit of {2}"
                            + " (broker.request.max.bytes)", peer, Integer.toUnsignedString(size), Integer.toString(maxRequestBytes));
                    return;
                }
                byte[] frame = readFrame(size);
                if (!state.compareAndSet(State.READING, State.SERVING)) {
                    return; // closed while the frame arrived: it is not served
                }
                ResponseFrame response = sasl == null
                        ? dispatcher.dispatch(peer, listenerName, principal, ByteBuffer.wrap(frame))
                        : sasl.serve(peer, listenerName, principal, ByteBuffer.wrap(frame));
                if (response != null) {
                    for (ByteBuffer part : response.buffers()) {
                        writer.writeNow(bufferData(part));
                    }
                }
                if (sasl != null && sasl.closeAfterResponse()) {
                    LOG.log(DEBUG, "Closing connection from {0} after a failed SASL authentication", peer);
                    return;
                }
                lastActivityNanos = System.nanoTime();
                if (!state.compareAndSet(State.SERVING, State.READING)) {
                    return; // closed while serving: the request was answered, the connection ends here
                }
            }
        } catch (DataReader.InsufficientDataAvailableException e) {
            LOG.log(DEBUG, "Connection from {0} closed by the client", peer);
        } catch (InvalidFrameException e) {
            LOG.log(WARNING, "Closing connection from {0}: {1}", peer, e.getMessage());
        } catch (UncheckedIOException e) {
            // the client went away, or the broker closed the socket (idle, stopping) while it was read or written
            LOG.log(DEBUG, "Connection from {0} ended: {1}", peer, e.getMessage());
        } finally {
            state.set(State.CLOSED);
            writer.close();
            closeSocket();
        }
    }

    /**
     * Runs the TLS handshake and records the client's principal. A client that fails it (no certificate
     * where one is required, an untrusted one, plaintext bytes on the TLS port, a stall ended by the idle
     * reaper) is logged once and its connection closed; nothing else is affected.
     *
     * @return whether the handshake succeeded
     */
    private static SSLSocket wrap(ServerTls tls, Socket accepted) {
        try {
            return tls.wrap(accepted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean handshake(SSLSocket tls) {
        try {
            tls.startHandshake();
        } catch (IOException | RuntimeException e) {
            LOG.log(DEBUG, "TLS handshake with {0} on listener {1} failed: {2}", peer, listenerName, e.getMessage());
            return false;
        }
        principal = TlsPrincipals.of(tls.getSession(), tls.getInetAddress(), listenerName);
        lastActivityNanos = System.nanoTime();
        return true;
    }

    /** A read for the {@link DataReader}; every byte received makes the connection not idle. */
    private byte[] receive() {
        byte[] bytes = socket.get();
        if (bytes != null) {
            lastActivityNanos = System.nanoTime();
        }
        return bytes;
    }

    /**
     * Reads a request body of {@code size} bytes: first what the reader already buffered, then the rest
     * straight from the socket in as few reads as the kernel allows. (The reader pulls 8 KiB at a time,
     * which costs a system call and two copies per 8 KiB of a large Produce request.)
     */
    private byte[] readFrame(int size) {
        byte[] frame = new byte[size];
        int filled = Math.min(reader.available(), size);
        if (filled > 0) {
            reader.readBuffer(filled).read(frame, 0, filled);
        }
        while (filled < size) {
            BufferData chunk = BufferData.create(Math.min(READ_CHUNK, size - filled));
            if (socket.read(chunk) < 0) {
                throw new DataReader.InsufficientDataAvailableException();
            }
            lastActivityNanos = System.nanoTime();
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
        if (state.get() == State.SERVING) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(System.nanoTime() - lastActivityNanos);
    }

    /**
     * Closes the connection. One waiting for request bytes is closed at once: closing its socket ends
     * the read its thread is blocked in. A request being served is answered first and the connection
     * then ends, unless {@code interrupt} is set: then the socket is closed and the serving thread
     * interrupted (a long-poll Fetch returns at once).
     *
     * @param interrupt whether to abort a request being served
     */
    @Override
    public void close(boolean interrupt) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.READING || interrupt) {
            if (tls != null) {
                // close the TCP connection under TLS: that ends a blocked read or handshake at once, where closing
                // the SSLSocket from another thread could wait for the reading thread's locks; the connection's
                // own thread then closes the TLS layer
                closeTcp();
            } else {
                closeSocket();
            }
        }
        Thread serving = thread;
        if (interrupt && previous != State.READING && serving != null) {
            serving.interrupt();
        }
    }

    private void closeTcp() {
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.log(DEBUG, "Closing the connection of {0} failed: {1}", peer, e.getMessage());
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (UncheckedIOException e) {
            LOG.log(DEBUG, "Closing the socket of {0} failed: {1}", peer, e.getMessage());
        }
    }
}
