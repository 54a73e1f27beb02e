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

    /** What every explanation ends with: what the broker should have answered. */
    private static final String KIP_511 = "KIP-511 expects a supported version to be answered in that version's"
            + " layout, and an unsupported one with error UNSUPPORTED_VERSION (35) in a v0 body (int16 error code,"
            + " int32 api count, then int16 api key, min and max version per api) that lists the supported"
            + " ApiVersions range, so the client can retry at a version the broker supports";

    /** A fake broker whose answer to the first frame of each connection is computed by {@code answer}. */
    private static final class FakeBroker implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);

        FakeBroker(Function<ByteBuffer, byte[]> answer) throws IOException {
            this(answer, false);
        }

        /** @param hangUp whether to close the connection right after answering */
        FakeBroker(Function<ByteBuffer, byte[]> answer, boolean hangUp) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket, answer, hangUp));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        /** Answers the first frame (or, for a silent broker, does not) and holds the connection until the client hangs up. */
        private static void serve(Socket connection, Function<ByteBuffer, byte[]> answer, boolean hangUp) {
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
                if (hangUp) {
                    return;
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

    /** A frame: the size prefix, then the request's correlation id (shifted by {@code idShift}), then {@code body}. */
    private static byte[] frame(ByteBuffer request, int idShift, int... body) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + body.length);
        buffer.putInt(4 + body.length).putInt(request.getInt(4) + idShift);
        for (int b : body) {
            buffer.put((byte) b);
        }
        return buffer.array();
    }

    private static String reason(Function<ByteBuffer, byte[]> answer) throws IOException {
        return reason(answer, false);
    }

    /** The preflight's reason against a fake broker, its address replaced by BROKER. */
    private static String reason(Function<ByteBuffer, byte[]> answer, boolean hangUp) throws IOException {
        try (FakeBroker broker = new FakeBroker(answer, hangUp)) {
            Preflight preflight = Preflight.check(broker.target(), Duration.ofSeconds(2));
            assertThat(preflight.compatible()).isFalse();
            return preflight.reason().replace(broker.target().bootstrapServers(), "BROKER");
        }
    }

    @Test
    void anUnsupportedVersionAnswerWithoutAV0BodyIsExplained() throws Exception {
        // like librdkafka's mock cluster: UNSUPPORTED_VERSION, then bytes that are neither a v3 nor a v0 body
        String reason = reason(request -> frame(request, 0, 0x00, 0x23, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x03,
                0x00, 0x00, 0x00, 0x00));
        assertThat(reason).isEqualTo("ApiVersions to BROKER failed: malformed answer to ApiVersions v3: the response says"
                + " UNSUPPORTED_VERSION but its body is not the v0 body KIP-511 requires. Response: 17 byte(s) after the"
                + " size prefix, 00 00 00 01 00 23 01 00 12 00 00 00 03 00 00 00 00; correlation id 1 (matches the"
                + " request), error code 35 (UNSUPPORTED_VERSION); as v3: api count 0, does not parse: 5 byte(s) left"
                + " over after parsing; as v0: api count 16781824, does not parse: Tried to allocate a collection of"
                + " size 16781824, but there are only 7 bytes remaining. " + KIP_511);
    }

    @Test
    void aWrongCorrelationIdIsExplained() throws Exception {
        String reason = reason(request -> frame(request, 7, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00));
        assertThat(reason).isEqualTo("ApiVersions to BROKER failed: malformed answer to ApiVersions v3: the response's correlation"
                + " id does not match the request's. Response: 11 byte(s) after the size prefix, 00 00 00 08 00 00 01 00"
                + " 00 00 00; correlation id 8 (the request's is 1), error code 0 (NONE); as v3: api count 0, does not"
                + " parse: BufferUnderflowException; as v0: api count 16777216, does not parse: Tried to allocate a"
                + " collection of size 16777216, but there are only 1 bytes remaining. " + KIP_511);
    }

    @Test
    void aTruncatedFrameIsExplained() throws Exception {
        String reason = reason(request -> {
            byte[] whole = frame(request, 0, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00);
            ByteBuffer.wrap(whole).putInt(0, 100);
            return whole;
        }, true);
        assertThat(reason).isEqualTo("ApiVersions to BROKER failed: no answer to ApiVersions v3: The broker at BROKER closed the"
                + " connection after 11 of the 100 response bytes its size prefix announced. " + KIP_511);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsExplained() throws Exception {
        String reason = reason(request -> new byte[0], true);
        assertThat(reason).isEqualTo("ApiVersions to BROKER failed: no answer to ApiVersions v3: The broker at BROKER closed the"
                + " connection without an answer. " + KIP_511);
    }

    @Test
    void anUnsupportedVersionAnswerWithAV0BodyIsRetriedAtTheHighestVersionItLists() throws Exception {
        ApiVersionsResponseData.ApiVersionCollection all = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiKeys api : Preflight.SPEC_APIS) {
            all.add(new ApiVersionsResponseData.ApiVersion().setApiKey(api.id).setMinVersion(api.oldestVersion())
                    .setMaxVersion(api == ApiKeys.API_VERSIONS ? 2 : api.latestVersion()));
        }
        java.util.List<Short> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeBroker kip511 = new FakeBroker(request -> {
            short version = request.getShort(2);
            asked.add(version);
            return version > 2
                    ? apiVersions(request, new ApiVersionsResponseData().setErrorCode(UNSUPPORTED_VERSION)
                            .setApiKeys(all.duplicate()), (short) 0)
                    : apiVersions(request, new ApiVersionsResponseData().setApiKeys(all.duplicate()), version);
        })) {
            Preflight preflight = Preflight.check(kip511.target(), Duration.ofSeconds(2));
            assertThat(preflight.compatible()).as(preflight.reason()).isTrue();
            assertThat(asked).containsExactly((short) 3, (short) 2);
            assertThat(preflight.rows().getFirst()).isEqualTo(new Preflight.Row(ApiKeys.API_VERSIONS, 0, 2,
                    ApiKeys.API_VERSIONS.oldestVersion(), ApiKeys.API_VERSIONS.latestVersion()));
        }
    }

    /** The version matrix of the report must show every API the spec exercises, or a gap there goes unexplained. */
    @Test
    void theMatrixListsEveryApiTheSpecIsTaggedWith() throws IOException {
        java.nio.file.Path features = java.nio.file.Path.of("..").toAbsolutePath().normalize().resolve("features");
        assertThat(Preflight.SPEC_APIS)
                .as("Preflight.SPEC_APIS lists every @api: tag of the spec")
                .containsAll(org.kafkatck.tck.report.SpecCoverage.measure(features).keySet())
                .doesNotHaveDuplicates();
    }
}
