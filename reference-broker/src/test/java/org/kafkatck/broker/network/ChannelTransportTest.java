package org.kafkatck.broker.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A response of many parts of every kind goes out whole and in order, and the staging buffer goes back. */
class ChannelTransportTest {
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        // a small send buffer, so that the writer meets partial writes
        accepted.socket().setSendBufferSize(8 * 1024);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    @Test
    void aResponseOfManyPartsIsWrittenWholeAndInOrder() throws Exception {
        List<ByteBuffer> parts = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int i = 0; i < 2_000; i++) {
            // small heap slices at odd offsets (as SendBuilder's header pieces), direct parts, and heap parts
            // larger than the staging buffer
            int length = i % 100 == 0 ? 300_000 : 1 + i % 37;
            byte[] backing = new byte[length + 5];
            for (int b = 0; b < length; b++) {
                backing[b + 3] = (byte) next++;
            }
            expected.write(backing, 3, length);
            ByteBuffer part = ByteBuffer.wrap(backing, 3, length).slice();
            if (i % 3 == 1) {
                part = ByteBuffer.allocateDirect(length).put(part).flip();
            }
            parts.add(part);
        }
        ResponseFrame frame = new ResponseFrame(parts);
        int idleBefore = ChannelTransport.STAGING.idle();

        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readExactly(expected.size()));
        Thread.ofVirtual().start(() -> {
            try {
                new ChannelTransport(accepted, false).write(frame);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).join();

        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
        assertThat(parts).allSatisfy(part -> assertThat(part.position()).as("parts are not consumed").isZero());
        assertThat(ChannelTransport.STAGING.idle()).as("the staging buffer is given back")
                .isEqualTo(Math.max(idleBefore, 1));
    }

    @ParameterizedTest(name = "copied into the staging buffer: {0}")
    @ValueSource(booleans = {false, true})
    void fileRegionsAreSentFromTheFileAlsoWhenTheSocketIsFull(boolean copyFiles, @TempDir Path dir) throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(15).nextBytes(content);
        Path file = Files.write(dir.resolve("segment"), content);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {1, 2, 3});
        expected.write(content, 100, 2_000_000);
        expected.write(new byte[] {4});
        expected.write(content, 2_500_000, 70_000);
        try (FileChannel first = FileChannel.open(file); FileChannel second = FileChannel.open(file)) {
            ResponseFrame frame = new ResponseFrame(List.of(ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    new FileRegion(first, 100, 2_000_000), ByteBuffer.wrap(new byte[] {4}),
                    new FileRegion(second, 2_500_000, 70_000)));
            assertThat(frame.size()).isEqualTo(expected.size());

            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    new ChannelTransport(accepted, copyFiles).write(frame);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // nothing is read until the writer waits for the full socket (sendfile then transfers nothing)
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING);
            byte[] received = readExactly(expected.size());
            writer.join();

            assertThat(received).isEqualTo(expected.toByteArray());
            frame.release();
            assertThat(first.isOpen()).as("released").isFalse();
            assertThat(second.isOpen()).isFalse();
        }
    }

    @Test
    void aClientOnThisHostGetsFilesCopiedAndTheChoiceIsMadeFromTheAddresses() throws IOException {
        assertThat(ChannelTransport.onThisHost(accepted)).as("127.0.0.1").isTrue();
        try (ServerSocketChannel v6 = ServerSocketChannel.open().bind(new InetSocketAddress("::1", 0));
             SocketChannel from = SocketChannel.open(v6.getLocalAddress());
             SocketChannel to = v6.accept()) {
            assertThat(ChannelTransport.onThisHost(to)).as("::1").isTrue();
        } catch (java.net.SocketException e) {
            // no IPv6 loopback on this machine: the IPv4 case above stands
        }
        SocketChannel closed = SocketChannel.open();
        closed.close();
        assertThat(ChannelTransport.onThisHost(closed)).as("no peer").isFalse();
    }

    private byte[] readExactly(int size) {
        ByteBuffer into = ByteBuffer.allocate(size);
        try {
            while (into.hasRemaining()) {
                if (client.read(into) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return into.array();
    }
}
