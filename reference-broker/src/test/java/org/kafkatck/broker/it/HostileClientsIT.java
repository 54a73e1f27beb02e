package org.kafkatck.broker.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ListenerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.security.ClientAuth;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;
import org.kafkatck.broker.security.SelfSignedCertificates;
import org.kafkatck.broker.security.TlsSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken clients over real sockets on a SASL_PLAINTEXT and a SASL_SSL listener: a client that skips
 * authentication, garbage in the SASL exchange (framed and after SaslHandshake v0), clients that stall the TLS
 * handshake, the SASL exchange or a frame while a well-behaved client produces and consumes beside them, the
 * logging and the delay of a failed authentication, and a listener offering its own mechanisms.
 * ({@link SaslListenerIT} covers the Java clients' exchanges, a Metadata request before authentication and garbage
 * on SASL_PLAINTEXT, and a stalled exchange beside an Admin call; {@link TlsListenerIT} a stalled handshake on an
 * SSL listener.)
 */
class HostileClientsIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";
    private static final List<String> ALL = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    /** connections.max.idle.ms: what bounds a stalled client's life. */
    private static final Duration MAX_IDLE = Duration.ofMillis(2000);
    private static final Duration DELAY = SaslSettings.DEFAULT_FAILED_AUTHENTICATION_DELAY;
    private static final String SCRAM_FAILED =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";

    @TempDir
    static Path dir;
    private static SelfSignedCertificates certs;
    private static ReferenceBroker broker;
    /** The APIs served to each client, by client id. */
    private static final Map<String, Set<ApiKeys>> SERVED = new ConcurrentHashMap<>();

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

    @BeforeAll
    static void start() {
        certs = SelfSignedCertificates.generate(dir);
        broker = ReferenceBroker.start(BrokerConfig.forTests()
                .withConnectionsMaxIdle(MAX_IDLE)
                .withSasl(new SaslSettings(ALL, List.of(new SaslUser(USER, PASSWORD, ALL)), 4096, Duration.ZERO))
                .withListeners(List.of(
                        ListenerConfig.sasl("SASL", "127.0.0.1", 0, null),
                        ListenerConfig.sasl("SASLSSL", "127.0.0.1", 0, TlsSettings.pkcs12(certs.brokerKeystore(),
                                SelfSignedCertificates.PASSWORD, null, ClientAuth.NONE)),
                        ListenerConfig.sasl("SCRAM512", "127.0.0.1", 0, null)
                                .withSaslMechanisms(List.of("SCRAM-SHA-512")))),
                new ObservingDecorator((api, context) -> {
                    if (context.header().clientId() != null) {
                        SERVED.computeIfAbsent(context.header().clientId(), id -> ConcurrentHashMap.newKeySet()).add(api);
                    }
                }));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("org.kafkatck.broker.network.SaslExchange").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("org.kafkatck.broker.network.SaslExchange").removeHandler(capture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SASL", "SASLSSL"})
    void aProduceBeforeAuthenticatingIsNotServedAndClosesTheConnectionAfterTheDelay(String listener) throws Exception {
        String clientId = "skips-auth-" + listener;
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000);
        produce.topicData().add(new ProduceRequestData.TopicProduceData().setName("hostile"));
        try (RawClient raw = connect(listener)) {
            long sent = System.nanoTime();
            raw.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.PRODUCE, (short) 9, clientId, 1), produce,
                    (short) 9));
            assertThat(raw.closedByBroker()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("closed after the failed-authentication delay")
                    .isGreaterThanOrEqualTo(DELAY);
        }
        assertThat(SERVED).doesNotContainKey(clientId);
        assertThat(failedAuthentications()).singleElement().asString()
                .matches("Failed authentication with 127\\.0\\.0\\.1:\\d+ on listener " + listener
                        + " \\(no SASL mechanism chosen\\): Unexpected Kafka request of type PRODUCE during SASL"
                        + " handshake\\.");
    }

    @Test
    void aMetadataBeforeAuthenticatingOverTlsIsNotServed() throws Exception {
        try (RawClient raw = connect("SASLSSL")) {
            raw.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.METADATA, (short) 12, "skips-auth-tls", 1),
                    new MetadataRequestData().setTopics(null), (short) 12));
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertThat(SERVED).doesNotContainKey("skips-auth-tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SASL", "SASLSSL"})
    void garbageInSaslAuthenticateIsAnsweredAfterTheDelayThenClosed(String listener) throws Exception {
        try (RawClient raw = connect(listener)) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            long sent = System.nanoTime();
            SaslAuthenticateResponseData answer = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(new byte[] {0, (byte) 0xff, 'x', 0, 0x7f}));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered after the failed-authentication delay")
                    .isGreaterThanOrEqualTo(DELAY);
            assertThat(answer.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(answer.errorMessage()).isEqualTo(SCRAM_FAILED);
            assertThat(answer.authBytes()).isEmpty();
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertThat(failedAuthentications()).singleElement().asString().matches("Failed authentication with"
                + " 127\\.0\\.0\\.1:\\d+ on listener " + listener + " \\(SASL mechanism SCRAM-SHA-256\\): "
                + SCRAM_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SASL", "SASLSSL"})
    void garbageAfterSaslHandshakeV0ClosesTheConnectionWithoutAnAnswer(String listener) throws Exception {
        try (RawClient raw = connect(listener)) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 0,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            raw.writeFrame(ByteBuffer.wrap("garbage, not a client-first message".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertThat(failedAuthentications()).singleElement().asString().endsWith(SCRAM_FAILED);
    }

    @Test
    void plainAfterSaslHandshakeV0AuthenticatesWithRawTokensAndIsServed() throws Exception {
        try (RawClient raw = connect("SASLSSL")) {
            assertThat(raw.<SaslHandshakeResponseData>send(ApiKeys.SASL_HANDSHAKE, (short) 0,
                    new SaslHandshakeRequestData().setMechanism("PLAIN")).errorCode()).isEqualTo(Errors.NONE.code());
            raw.writeFrame(ByteBuffer.wrap(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.readRawFrame()).as("PLAIN's empty challenge, as a raw frame").isEmpty();
            raw.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.METADATA, (short) 12, "v0-plain", 1),
                    new MetadataRequestData().setTopics(null), (short) 12));
            assertThat(raw.<org.apache.kafka.common.message.MetadataResponseData>readResponse(ApiKeys.METADATA,
                    (short) 12).clusterId()).isEqualTo(broker.clusterId());
        }
        assertThat(SERVED.get("v0-plain")).containsExactly(ApiKeys.METADATA);
    }

    @Test
    void aWrongPasswordIsLoggedAtInfoWithTheAddressAndMechanismButNeverThePassword() throws Exception {
        String guess = "hunter2-guess";
        try (RawClient raw = connect("SASL")) {
            raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1, new SaslHandshakeRequestData().setMechanism("PLAIN"));
            SaslAuthenticateResponseData answer = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(("\0" + USER + "\0" + guess)
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(answer.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(answer.errorMessage()).isEqualTo("Authentication failed: Invalid username or password");
            int localPort = raw.localPort();
            assertThat(logged).extracting(LogRecord::getLevel).containsOnly(Level.INFO);
            assertThat(failedAuthentications()).containsExactly("Failed authentication with 127.0.0.1:" + localPort
                    + " on listener SASL (SASL mechanism PLAIN): Authentication failed: Invalid username or password");
        }
        assertThat(logged).extracting(HostileClientsIT::text).noneMatch(line -> line.contains(guess));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SASL", "SASLSSL"})
    void aLargeFrameBeforeAuthenticatingIsNotReadAndFailsTheAuthentication(String listener) throws Exception {
        try (RawClient raw = connect(listener)) {
            // announces one byte more than sasl.server.max.receive.size, far below request.max.bytes
            raw.writeRaw(ByteBuffer.allocate(4).putInt(SaslSettings.DEFAULT_MAX_RECEIVE_BYTES + 1).array());
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertThat(failedAuthentications()).singleElement().asString().matches("Failed authentication with"
                + " 127\\.0\\.0\\.1:\\d+ on listener " + listener + " \\(no SASL mechanism chosen\\): Failing SASL"
                + " authentication due to invalid receive size");
    }

    @Test
    void onceAuthenticatedAClientMaySendFramesLargerThanTheAuthenticationLimit() throws Exception {
        Map<String, Object> props = sasl("SASL", "large-after-auth", "SCRAM-SHA-256");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
        String value = "x".repeat(SaslSettings.DEFAULT_MAX_RECEIVE_BYTES + 100_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>("hostile-large", 0, "k", value)).get().offset()).isZero();
        }
        assertThat(SERVED.get("large-after-auth")).contains(ApiKeys.PRODUCE);
    }

    @Test
    void aListenerOffersItsOwnMechanisms() throws Exception {
        try (RawClient raw = connect("SCRAM512")) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
            assertThat(handshake.mechanisms()).containsExactly("SCRAM-SHA-512");
            assertThat(raw.closedByBroker()).isTrue();
        }
        roundTrip("SCRAM512", "SCRAM-SHA-512", "own-mechanisms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SASL", "SASLSSL"})
    void stalledClientsAreClosedWhenIdleWhileAWellBehavedOneProducesAndConsumes(String listener) throws Exception {
        long start = System.nanoTime();
        // silent from the start: on SASL_SSL this stalls the TLS handshake
        Socket silent = new Socket("127.0.0.1", broker.kafkaPort(listener));
        // stalls the SASL exchange: a SaslHandshake, then nothing
        RawClient midExchange = connect(listener);
        assertThat(midExchange.<SaslHandshakeResponseData>send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-512")).errorCode()).isEqualTo(Errors.NONE.code());
        // stalls in the middle of a frame: announces 100 bytes, sends 3
        RawClient midFrame = connect(listener);
        midFrame.writeRaw(new byte[] {0, 0, 0, 100, 0, 17, 0});
        try (silent; midExchange; midFrame) {
            roundTrip(listener, "SCRAM-SHA-512", "beside-stalls-" + listener);
            silent.setSoTimeout(15_000);
            assertThat(readOrReset(silent.getInputStream())).as("the silent client is closed").isEqualTo(-1);
            assertThat(midExchange.closedByBroker()).as("the client stalled in the exchange is closed").isTrue();
            assertThat(midFrame.closedByBroker()).as("the client stalled in a frame is closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by connections.max.idle.ms")
                    .isBetween(MAX_IDLE, Duration.ofSeconds(15));
        }
    }

    /** A producer and a consumer group authenticating with {@code mechanism}: 3 records, read back exactly. */
    private static void roundTrip(String listener, String mechanism, String id) throws Exception {
        String topic = "hostile-" + id;
        Map<String, Object> producerProps = sasl(listener, "producer-" + id, mechanism);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                assertThat(producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get().offset()).isEqualTo(i);
            }
        }
        Map<String, Object> consumerProps = sasl(listener, "consumer-" + id, mechanism);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "group-" + id);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.key() + "=" + record.value() + "@" + record.offset());
                }
            }
        }
        assertThat(values).containsExactly("k0=v0@0", "k1=v1@1", "k2=v2@2");
    }

    private static Map<String, Object> sasl(String listener, String clientId, String mechanism) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(listener));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        boolean tls = listener.equals("SASLSSL");
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? "SASL_SSL" : "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + USER + "\" password=\"" + PASSWORD + "\";");
        if (tls) {
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.clientTruststore().toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SelfSignedCertificates.PASSWORD);
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        }
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    /** A raw connection to {@code listener}, over TLS (trusting the broker's certificate) on SASLSSL. */
    private static RawClient connect(String listener) throws Exception {
        int port = broker.kafkaPort(listener);
        if (!listener.equals("SASLSSL")) {
            return new RawClient(port);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.clientTruststore())) {
            trust.load(in, SelfSignedCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return new RawClient(socket);
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** @return the failed authentications logged so far, as text */
    private List<String> failedAuthentications() {
        return logged.stream().map(HostileClientsIT::text).filter(line -> line.startsWith("Failed authentication"))
                .toList();
    }

    private static String text(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }
}
