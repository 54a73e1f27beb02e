package org.kafkatck.tck.targets;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The preflight grades unusable targets at once, whatever way they are unusable. */
class PreflightTest {
    private static final short UNSUPPORTED_VERSION = org.apache.kafka.common.protocol.Errors.UNSUPPORTED_VERSION.code();

    /** A fake broker whose answer to the first frame of each connection is computed by {@code answer}. */
    private static final class FakeBroker implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);

        FakeBroker(Function<ByteBuffer, byte[]> answer) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket, answer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        /** Answers the first frame (or, for a silent broker, does not) and holds the connection until the client hangs up. */
        private static void serve(Socket connection, Function<ByteBuffer, byte[]> answer) {
            try (Socket socket = connection) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int size = in.readInt();
                byte[] request = new byte[size];
                in.readFully(request);
                byte[] response = answer.apply(ByteBuffer.wrap(request));
                if (response != null) {
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.write(response);
                    out.flush();
                }
                while (in.read() >= 0) {
                    // discard until the client closes its side
                }
            } catch (IOException e) {
                // the client went away: the test is over
            }
        }

        BrokerTarget target() {
            return new ExternalTarget("127.0.0.1:" + server.getLocalPort(), Map.of());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** An ApiVersions response (header v0) to {@code request}, its body encoded in {@code version}. */
    private static byte[] apiVersions(ByteBuffer request, ApiVersionsResponseData body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + size);
        buffer.putInt(4 + size).putInt(request.getInt(4));
        body.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.array();
    }

    @Test
    void aBrokerThatNeverAnswersIsGradedWithinTheTimeout() throws Exception {
        try (FakeBroker silent = new FakeBroker(request -> null)) {
            long start = System.nanoTime();
            Preflight preflight = Preflight.check(silent.target(), Duration.ofSeconds(2));
            assertThat(preflight.compatible()).isFalse();
            assertThat(preflight.reason()).contains("No response");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMalformedAnswerIsGradedNotCompatible() throws Exception {
        try (FakeBroker garbage = new FakeBroker(request -> new byte[] {0, 0, 0, 6, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff})) {
            Preflight preflight = Preflight.check(garbage.target(), Duration.ofSeconds(2));
            assertThat(preflight.compatible()).isFalse();
            assertThat(preflight.reason()).startsWith("ApiVersions to 127.0.0.1:");
        }
    }

    @Test
    void aBrokerWithOnlyRemovedVersionsIsGradedNotCompatible() throws Exception {
        ApiVersionsResponseData.ApiVersionCollection old = new ApiVersionsResponseData.ApiVersionCollection();
        old.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id).setMinVersion((short) 0)
                .setMaxVersion((short) 2));
        old.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.METADATA.id).setMinVersion((short) 0)
                .setMaxVersion((short) 5));
        old.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.PRODUCE.id).setMinVersion((short) 0)
                .setMaxVersion((short) 2));
        old.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.FETCH.id).setMinVersion((short) 0)
                .setMaxVersion((short) 3));
        old.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.LIST_OFFSETS.id).setMinVersion((short) 0)
                .setMaxVersion((short) 0));
        // a broker from before KIP-511 answers the v3 probe with UNSUPPORTED_VERSION, then serves v0-v2
        try (FakeBroker legacy = new FakeBroker(request -> {
            short version = request.getShort(2);
            return version > 2
                    ? apiVersions(request, new ApiVersionsResponseData().setErrorCode(UNSUPPORTED_VERSION)
                            .setApiKeys(old.duplicate()), (short) 0)
                    : apiVersions(request, new ApiVersionsResponseData().setApiKeys(old.duplicate()), version);
        })) {
            Preflight preflight = Preflight.check(legacy.target(), Duration.ofSeconds(2));
            assertThat(preflight.compatible()).as(preflight.reason()).isFalse();
            assertThat(preflight.reason()).contains("Produce", "Fetch", "ListOffsets").doesNotContain("Metadata");
            assertThat(preflight.render()).contains("no common version", "not advertised");
        }
    }
}
