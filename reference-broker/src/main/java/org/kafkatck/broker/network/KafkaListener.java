package org.kafkatck.broker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.SocketOptions;
import org.kafkatck.broker.security.SaslAuthenticator;
import org.kafkatck.broker.security.SaslMechanisms;
import org.kafkatck.broker.security.ServerTls;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The Kafka protocol listener: accepts TCP connections on the Kafka port and serves each one as a
 * {@link KafkaConnection} on its own virtual thread. It survives failed accepts, reclaims idle
 * connections and stops promptly.
 *
 * <h2>Why the accept loop is the broker's own</h2>
 * Helidon 4.2's listener ({@code io.helidon.webserver.ServerListener#listen}) ends for good on any
 * exception from {@code ServerSocket.accept()}: "if accept fails itself, we consider it end of story".
 * It logs "Got a throwable while listening, this server socket is terminating now", stops the listener
 * (closing its server socket and all its connections, terminating its executors) and then, as it calls
 * {@code stop()} from its own accept thread, waits forever for that thread to finish; the WebServer
 * still reports {@code isRunning()}. An accept fails whenever the process is out of file descriptors
 * ({@code EMFILE}), which a broker with many partitions and connections reaches. Nothing configurable
 * reaches that loop: the listener creates its server socket itself ({@code new ServerSocket()}, or an
 * {@code SSLServerSocket} from the TLS context), socket options cannot change what {@code accept()}
 * throws, and connection selectors only see sockets already accepted.
 *
 * <p>The alternative, a supervisor that notices the dead listener and starts a new WebServer on the
 * same port, loses on every count: each failure drops every client connection and leaks the stuck
 * thread, the port is closed until the new server binds (clients are refused instead of waiting in
 * the backlog), and binding needs a free descriptor itself, so it fails for as long as the accepts do.
 *
 * <p>So this listener owns the accept loop, as Apache Kafka's acceptor does, and keeps to Helidon's
 * connection SPI for everything after it: each accepted connection is served by a Helidon
 * {@code ServerConnection} whose {@code handle}/{@code idleTime}/{@code close(boolean)} contract this
 * listener drives as Helidon's listener and idle-connection reaper would. It accepts on a blocking
 * {@link ServerSocketChannel} (through its socket, for the accept timeout) so that each connection has its
 * {@link SocketChannel}: a response goes out in gathering writes, where Helidon's socket writer makes one
 * write per buffer. The trade-off: the Kafka port is no longer one
 * of the WebServer's listeners, so its socket options, idle timeout and shutdown are configured here
 * rather than in the WebServer's listener config; the WebServer keeps HTTP (health and metrics).
 *
 * <h2>Failed accepts</h2>
 * A failed accept is logged once per burst, then retried with an exponential back-off (10 ms to 1 s);
 * meanwhile {@link #accepting()} is false (readiness DOWN). While failing, each accept waits with a
 * short timeout: Linux reserves the new connection's descriptor before it waits for one, so an accept
 * that waits out its timeout proves that descriptors are free again. The first accept that returns a
 * connection or times out ends the burst, with a log line saying how long it lasted. Connections that
 * arrived meanwhile wait in the backlog and are served then.
 *
 * <h2>Idle connections and stop</h2>
 * A connection that has received nothing for {@code connections.max.idle.ms} is closed (checked every
 * tenth of it, at most every second), whether the client is idle, stalled in the middle of a request
 * or gone without a word. {@link #close()} closes the server socket and every connection: those waiting
 * for request bytes end at once; requests being served get a grace period of 500 ms (Helidon's default;
 * a Java consumer's long poll is 500 ms by default) to be answered, then their connections are closed and
 * their threads interrupted. (Interrupting at once would end a long poll sooner, but a thread interrupted
 * in a file read or write closes that file's channel for the whole broker.)
 */
public final class KafkaListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KafkaListener.class.getName());
    private static final int BACKLOG = 1024;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** How long an accept waits, while accepts fail, before its wait counts as proof of a free descriptor. */
    private static final int PROBE_TIMEOUT_MS = 100;
    private static final Duration GRACE_PERIOD = Duration.ofMillis(500);
    private static final Duration MAX_REAPER_PERIOD = Duration.ofSeconds(1);
    /** Kafka connections are not limited per listener: each serves one request at a time. */
    private static final Limit NO_LIMIT = FixedLimit.create();

    private final ServerSocket serverSocket;
    private final Settings settings;
    private final RequestDispatcher dispatcher;
    private final SocketOptions connectionOptions;
    private final Map<KafkaConnection, Thread> connections = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private final ScheduledExecutorService reaper;

    private volatile boolean open = true;
    private volatile boolean accepting;
    // touched by the acceptor thread only
    private int failedAccepts;
    private long failingSinceNanos;
    private Duration backoff = FIRST_BACKOFF;

    /**
     * What the listener is told.
     *
     * @param host             interface to bind
     * @param port             port to bind, 0 for an ephemeral one
     * @param socketBufferBytes send and receive buffer of each connection
     * @param maxRequestBytes  a larger request frame closes its connection
     * @param maxIdle          a connection that received nothing for this long is closed
     * @param listenerName     the listener's configured name, told to handlers ({@code null} for the default one)
     * @param tls              TLS over every connection (an SSL or SASL_SSL listener), or {@code null}
     * @param sasl             the mechanisms every connection authenticates with (a SASL_PLAINTEXT or SASL_SSL
     *                         listener), or {@code null}
     */
    public record Settings(String host, int port, int socketBufferBytes, int maxRequestBytes, Duration maxIdle,
                           String listenerName, ServerTls tls, SaslMechanisms sasl) {

        /** A PLAINTEXT listener with no name, the broker's default one. */
        public Settings(String host, int port, int socketBufferBytes, int maxRequestBytes, Duration maxIdle) {
            this(host, port, socketBufferBytes, maxRequestBytes, maxIdle, null, null, null);
        }
    }

    /**
     * @param serverSocket a bound server socket whose accepted sockets have channels (the socket of a blocking
     *                     {@link ServerSocketChannel}): {@link #bind} opens the real one, tests one that fails on demand
     */
    KafkaListener(ServerSocket serverSocket, Settings settings, RequestDispatcher dispatcher) {
        this.serverSocket = serverSocket;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.connectionOptions = SocketOptions.builder()
                .tcpNoDelay(true)
                .socketReceiveBufferSize(settings.socketBufferBytes())
                .socketSendBufferSize(settings.socketBufferBytes())
                .build();
        this.acceptor = Thread.ofPlatform().name("kafka-acceptor-" + serverSocket.getLocalPort())
                .unstarted(this::acceptLoop);
        this.reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kafka-idle-reaper-" + serverSocket.getLocalPort()).factory());
    }

    /**
     * Binds the Kafka port. The listener accepts no connection before {@link #start()}, so the port can
     * be advertised first.
     *
     * @param settings   where to listen and how to treat connections
     * @param dispatcher answers the requests of every connection
     * @return a bound listener
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static KafkaListener bind(Settings settings, RequestDispatcher dispatcher) {
        ServerSocket serverSocket = null;
        try {
            serverSocket = ServerSocketChannel.open().socket();
            serverSocket.setReuseAddress(true);
            // set before bind, so accepted connections negotiate a TCP window that large
            serverSocket.setReceiveBufferSize(settings.socketBufferBytes());
            serverSocket.bind(new InetSocketAddress(settings.host(), settings.port()), BACKLOG);
            return new KafkaListener(serverSocket, settings, dispatcher);
        } catch (IOException e) {
            closeQuietly(serverSocket);
            throw new UncheckedIOException("Cannot listen for Kafka clients on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts accepting connections and reclaiming idle ones.
     *
     * @return this listener
     */
    public KafkaListener start() {
        accepting = true;
        acceptor.start();
        long period = Math.clamp(settings.maxIdle().toMillis() / 10, 1, MAX_REAPER_PERIOD.toMillis());
        reaper.scheduleAtFixedRate(this::closeIdleConnections, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return the bound port */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** @return whether new clients are being accepted: started, not closed, and the last accept did not fail */
    public boolean accepting() {
        return accepting && open;
    }

    /** @return how many client connections are open */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (open) {
            Socket socket = null;
            try {
                socket = serverSocket.accept();
                acceptsAgain();
                serve(socket);
            } catch (SocketTimeoutException e) {
                acceptsAgain(); // the accept waited with a descriptor reserved: descriptors are free again
            } catch (Throwable e) {
                // Apache Kafka's acceptor carries on after any failure too: a listener that stops accepting
                // is a broker that is up but unusable
                closeQuietly(socket);
                if (open) {
                    acceptFailed(e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        KafkaConnection connection;
        try {
            connectionOptions.configureSocket(socket);
            // on an SSL listener this only layers TLS over the socket; the handshake runs on the connection's thread
            SocketChannel channel = socket.getChannel();
            connection = new KafkaConnection(channel, settings.listenerName(), settings.tls(),
                    settings.sasl() == null ? null : new SaslAuthenticator(settings.sasl()),
                    settings.sasl() == null ? Duration.ZERO : settings.sasl().failedAuthenticationDelay(), dispatcher,
                    settings.maxRequestBytes());
        } catch (RuntimeException e) {
            // this client is gone already (reset before it was served); the listener is fine
            LOG.log(DEBUG, "Dropping a connection that failed before it was served: {0}", String.valueOf(e));
            closeQuietly(socket);
            return;
        }
        Thread thread = Thread.ofVirtual().name("kafka-connection " + connection.peer()).unstarted(() -> run(connection));
        connections.put(connection, thread);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            connections.remove(connection);
            throw e;
        }
    }

    private void run(KafkaConnection connection) {
        try {
            connection.handle(NO_LIMIT);
        } catch (RuntimeException e) {
            LOG.log(WARNING, "Connection from " + connection.peer() + " failed", e);
        } finally {
            connections.remove(connection);
        }
    }

    private void acceptFailed(Throwable failure) {
        accepting = false;
        if (failedAccepts++ == 0) {
            failingSinceNanos = System.nanoTime();
            LOG.log(ERROR, "Kafka listener on port {0} cannot accept connections: {1}; retrying with back-off,"
                    + " readiness is DOWN until it accepts again", Integer.toString(port()), String.valueOf(failure));
            acceptTimeout(PROBE_TIMEOUT_MS);
        } else {
            LOG.log(DEBUG, "Accept failed again: {0}", String.valueOf(failure));
        }
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            // close() wakes the acceptor; the loop checks whether the listener is still open
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private void acceptsAgain() {
        if (failedAccepts == 0) {
            return;
        }
        acceptTimeout(0);
        LOG.log(INFO, "Kafka listener on port {0} accepts connections again, after {1} failed accepts in {2} ms",
                Integer.toString(port()), Integer.toString(failedAccepts),
                Long.toString((System.nanoTime() - failingSinceNanos) / 1_000_000));
        failedAccepts = 0;
        backoff = FIRST_BACKOFF;
        accepting = true;
    }

    private void acceptTimeout(int millis) {
        try {
            serverSocket.setSoTimeout(millis);
        } catch (IOException e) {
            LOG.log(DEBUG, "Cannot set the accept timeout: {0}", e.getMessage());
        }
    }

    /** What Helidon's idle-connection reaper does for its listeners, on Kafka's {@code connections.max.idle.ms}. */
    private void closeIdleConnections() {
        try {
            for (KafkaConnection connection : connections.keySet()) {
                Duration idle = connection.idleTime();
                if (idle.compareTo(settings.maxIdle()) > 0) {
                    LOG.log(DEBUG, "Closing connection from {0}: nothing received for {1} ms (connections.max.idle.ms {2})",
                            connection.peer(), Long.toString(idle.toMillis()), Long.toString(settings.maxIdle().toMillis()));
                    connection.close(false);
                }
            }
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task, and idle connections would never be reclaimed again
            LOG.log(WARNING, "Closing idle Kafka connections failed", e);
        }
    }

    /**
     * Stops accepting and closes every connection: those waiting for request bytes at once, those
     * serving a request once it is answered or the grace period is over.
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        closeQuietly(serverSocket);
        acceptor.interrupt();
        reaper.shutdownNow();
        if (acceptor.getState() != Thread.State.NEW) {
            // a listener bound but never started (another failed the broker's start) has no acceptor to wait for:
            // Thread.join(Duration) throws on a thread not started
            join(acceptor, GRACE_PERIOD);
        }
        connections.keySet().forEach(connection -> connection.close(false));
        long deadline = System.nanoTime() + GRACE_PERIOD.toNanos();
        List<Thread> serving = List.copyOf(connections.values());
        for (Thread thread : serving) {
            join(thread, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (!connections.isEmpty()) {
            LOG.log(DEBUG, "{0} requests still in progress after the grace period; interrupting them",
                    Integer.toString(connections.size()));
            connections.keySet().forEach(connection -> connection.close(true));
            for (Thread thread : List.copyOf(connections.values())) {
                join(thread, GRACE_PERIOD);
            }
        }
        if (!connections.isEmpty()) {
            LOG.log(WARNING, "{0} Kafka connections did not end within {1} ms of the stop",
                    Integer.toString(connections.size()), Long.toString(GRACE_PERIOD.multipliedBy(2).toMillis()));
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(DEBUG, "Close failed: {0}", e.getMessage());
        }
    }
}
