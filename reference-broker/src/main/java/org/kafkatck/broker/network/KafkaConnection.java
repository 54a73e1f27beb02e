package org.kafkatck.broker.network;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import io.helidon.common.concurrency.limits.Limit;
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

    /** Bytes read ahead of the request being parsed: the size prefix, and small requests whole, in one read. */
    private static final int READ_AHEAD = 16 * 1024;

    /** Where the connection's own thread is; a close moves it to {@link #CLOSED} from anywhere. */
    private enum State { READING, SERVING, CLOSED }

    private final Transport transport;
    /** Request bytes read but not yet taken, between position and limit. */
    private final ByteBuffer in = ByteBuffer.allocate(READ_AHEAD).flip();
    private final RequestDispatcher dispatcher;
    /** The SASL authentication every request passes on a SASL listener; {@code null} on others. */
    private final SaslExchange sasl;
    private final int maxRequestBytes;
    private final String peer;
    /** The TCP connection; under {@link #tls} on an SSL listener. */
    private final SocketChannel tcp;
    /** The TLS layer, {@code null} on a PLAINTEXT listener. */
    private final SSLSocket tls;
    private final String listenerName;
    private volatile KafkaPrincipal principal;
    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Thread thread;

    /**
     * @param accepted        an accepted connection in blocking mode, configured
     * @param dispatcher      answers each request frame
     * @param maxRequestBytes frames larger than this close the connection
     */
    KafkaConnection(SocketChannel accepted, RequestDispatcher dispatcher, int maxRequestBytes) {
        this(accepted, null, null, null, Duration.ZERO, dispatcher, maxRequestBytes);
    }

    /**
     * @param accepted        an accepted connection in blocking mode, configured
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
    KafkaConnection(SocketChannel accepted, String listenerName, ServerTls tls, SaslAuthenticator sasl,
                    Duration failedAuthenticationDelay, RequestDispatcher dispatcher, int maxRequestBytes) {
        Socket socket = accepted.socket();
        this.tcp = accepted;
        this.tls = tls == null ? null : wrap(tls, socket);
        try {
            this.transport = this.tls == null ? ChannelTransport.forPeer(accepted) : new TlsTransport(this.tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.listenerName = listenerName;
        this.principal = KafkaPrincipal.ANONYMOUS;
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
                ensureBuffered(4);
                int size = in.getInt();
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
                    try {
                        transport.write(response);
                    } finally {
                        response.release();
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
        } catch (EOFException e) {
            LOG.log(DEBUG, "Connection from {0} closed by the client", peer);
        } catch (InvalidFrameException e) {
            LOG.log(WARNING, "Closing connection from {0}: {1}", peer, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or the broker closed the socket (idle, stopping) while it was read or written
            LOG.log(DEBUG, "Connection from {0} ended: {1}", peer, e.getMessage());
        } finally {
            state.set(State.CLOSED);
            transport.close();
            closeTcp();
        }
    }

    /** Layers TLS over the accepted socket; no I/O happens here. */
    private static SSLSocket wrap(ServerTls tls, Socket accepted) {
        try {
            return tls.wrap(accepted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the TLS handshake and records the client's principal. A client that fails it (no certificate
     * where one is required, an untrusted one, plaintext bytes on the TLS port, a stall ended by the idle
     * reaper) is logged once and its connection closed; nothing else is affected.
     *
     * @return whether the handshake succeeded
     */
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

    /** Reads until {@code in} holds at least {@code count} bytes ({@code count} at most its capacity). */
    private void ensureBuffered(int count) throws IOException {
        if (in.remaining() >= count) {
            return;
        }
        in.compact();
        try {
            while (in.position() < count) {
                receive(in);
            }
        } finally {
            in.flip();
        }
    }

    /** One read; every byte received makes the connection not idle. */
    private void receive(ByteBuffer into) throws IOException {
        if (transport.read(into) < 0) {
            throw new EOFException();
        }
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Reads a request body of {@code size} bytes: first what was read ahead, then, for a small request,
     * through the read-ahead buffer (which then also takes the start of the next request), or else
     * straight into the frame in as few reads as the kernel allows.
     */
    private byte[] readFrame(int size) throws IOException {
        if (size <= in.capacity()) {
            ensureBuffered(size);
            byte[] frame = new byte[size];
            in.get(frame);
            return frame;
        }
        byte[] frame = new byte[size];
        int filled = in.remaining();
        in.get(frame, 0, filled);
        ByteBuffer rest = ByteBuffer.wrap(frame, filled, size - filled);
        while (rest.hasRemaining()) {
            receive(rest);
        }
        return frame;
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
            // close the TCP connection (under TLS too): that ends a blocked read or handshake at once, where closing
            // the SSLSocket from another thread could wait for the reading thread's locks; the connection's own
            // thread then closes the TLS layer
            closeTcp();
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
}
