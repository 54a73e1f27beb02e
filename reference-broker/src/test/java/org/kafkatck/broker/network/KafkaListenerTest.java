package org.kafkatck.broker.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failed accepts, injected through a server socket that fails while told to, as running out of descriptors does. */
class KafkaListenerTest {
    private static final Logger JUL = Logger.getLogger(KafkaListener.class.getName());

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private FailingServerSocket serverSocket;
    private KafkaListener listener;

    @BeforeEach
    void start() throws IOException {
        JUL.addHandler(capture);
        serverSocket = new FailingServerSocket();
        serverSocket.bind(new InetSocketAddress("127.0.0.1", 0));
        listener = new KafkaListener(serverSocket,
                new KafkaListener.Settings("127.0.0.1", 0, 64 * 1024, 1024 * 1024, Duration.ofMinutes(10)), null)
                .start();
    }

    @AfterEach
    void stop() {
        listener.close();
        JUL.removeHandler(capture);
    }

    @Test
    void failedAcceptsAreLoggedOncePerBurstAndRetriedUntilTheListenerAcceptsAgain() throws Exception {
        assertThat(listener.accepting()).isTrue();
        failFromNow();

        await().atMost(Duration.ofSeconds(10)).until(() -> serverSocket.failedAccepts.get() >= 5);
        assertThat(listener.accepting()).as("accepting while accepts fail").isFalse();
        assertThat(messages(Level.SEVERE)).singleElement().asString()
                .isEqualTo("Kafka listener on port " + listener.port() + " cannot accept connections:"
                        + " java.io.IOException: Too many open files; retrying with back-off, readiness is DOWN until"
                        + " it accepts again");

        serverSocket.failing = false;
        await().atMost(Duration.ofSeconds(5)).until(listener::accepting);
        int failed = serverSocket.failedAccepts.get();
        assertThat(messages(Level.INFO)).singleElement().asString()
                .startsWith("Kafka listener on port " + listener.port() + " accepts connections again, after "
                        + failed + " failed accepts in ");
        try (Socket client = new Socket("127.0.0.1", listener.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 1);
        }

        failFromNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> !listener.accepting());
        assertThat(messages(Level.SEVERE)).as("a new burst is logged again").hasSize(2);
    }

    @Test
    void backOffSpacesTheRetries() throws Exception {
        failFromNow();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSocket.failedAccepts.get() >= 6);
        // 10 + 20 + 40 + 80 + 160 ms of back-off between the first six attempts
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(310));
    }

    @Test
    void closeEndsTheAcceptorWhileItBacksOff() throws Exception {
        failFromNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSocket.failedAccepts.get() >= 8);
        long start = System.nanoTime();
        listener.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(listener.accepting()).isFalse();
        assertThat(serverSocket.isClosed()).isTrue();
    }

    /** Makes accepts fail; a connection wakes the acceptor from the accept it is blocked in. */
    private void failFromNow() throws IOException {
        serverSocket.failing = true;
        new Socket("127.0.0.1", listener.port()).close();
    }

    private List<String> messages(Level level) {
        return logged.stream().filter(record -> record.getLevel() == level)
                .map(record -> java.text.MessageFormat.format(record.getMessage(), record.getParameters()))
                .toList();
    }

    /**
     * Fails every accept while {@link #failing} is set, with the error of a process out of descriptors; otherwise
     * the socket of a server socket channel, as the listener's own, so that accepted sockets have channels.
     */
    private static final class FailingServerSocket extends ServerSocket {
        private final ServerSocket channelSocket = ServerSocketChannel.open().socket();
        volatile boolean failing;
        final AtomicInteger failedAccepts = new AtomicInteger();

        FailingServerSocket() throws IOException {
        }

        @Override
        public void bind(SocketAddress endpoint) throws IOException {
            channelSocket.bind(endpoint);
        }

        @Override
        public Socket accept() throws IOException {
            if (failing) {
                failedAccepts.incrementAndGet();
                throw new IOException("Too many open files");
            }
            return channelSocket.accept();
        }

        @Override
        public int getLocalPort() {
            return channelSocket.getLocalPort();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            channelSocket.setSoTimeout(timeout);
        }

        @Override
        public void close() throws IOException {
            channelSocket.close();
        }

        @Override
        public boolean isClosed() {
            return channelSocket.isClosed();
        }
    }
}
