package org.kafkatck.broker.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java producer, consumer and Admin authenticating with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) on a
 * SASL_PLAINTEXT and a SASL_SSL listener, next to a PLAINTEXT one; failed and out-of-order authentication;
 * and KIP-368 re-authentication.
 */
class SaslListenerIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";
    private static final List<String> ALL = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    @TempDir
    static Path dir;
    private static SelfSignedCertificates certs;
    private static ReferenceBroker broker;
    /** The principal of each client's last request, by client id. */
    private static final Map<String, KafkaPrincipal> PRINCIPALS = new ConcurrentHashMap<>();
    /** The APIs served to each client, by client id. */
    private static final Map<String, Set<ApiKeys>> SERVED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        certs = SelfSignedCertificates.generate(dir);
        broker = start(Duration.ZERO);
    }

    private static ReferenceBroker start(Duration maxReauth) {
        return ReferenceBroker.start(BrokerConfig.forTests()
                .withSasl(new SaslSettings(ALL, List.of(new SaslUser(USER, PASSWORD, ALL)), 4096, maxReauth))
                .withListeners(List.of(
                        ListenerConfig.plaintext("PLAINTEXT", "127.0.0.1", 0),
                        ListenerConfig.sasl("SASL", "127.0.0.1", 0, null),
                        ListenerConfig.sasl("SASLSSL", "127.0.0.1", 0, TlsSettings.pkcs12(certs.brokerKeystore(),
                                SelfSignedCertificates.PASSWORD, null, ClientAuth.NONE)))),
                new ObservingDecorator((api, context) -> {
                    if (context.header().clientId() != null) {
                        PRINCIPALS.put(context.header().clientId(), context.principal());
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

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void clientsRoundTripRecordsOnSaslPlaintext(String mechanism) throws Exception {
        roundTrip(broker, "SASL", mechanism, false);
    }

    @Test
    void clientsRoundTripRecordsOnSaslSslWithScram() throws Exception {
        roundTrip(broker, "SASLSSL", "SCRAM-SHA-512", true);
    }

    @Test
    void aBadPasswordFailsAuthenticationAndNothingIsServed() {
        Map<String, Object> props = sasl(broker, "SASL", "sasl-bad-password", "SCRAM-SHA-256", "wrong", false);
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed during authentication due to invalid credentials"
                            + " with SASL mechanism SCRAM-SHA-256");
        }
        // ApiVersions is served before authentication, as in Kafka; nothing else is
        assertThat(SERVED.get("sasl-bad-password")).containsExactly(ApiKeys.API_VERSIONS);
    }

    @Test
    void aRequestBeforeAuthenticatingClosesTheConnectionWithoutAnAnswer() throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort("SASL"))) {
            raw.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.METADATA, (short) 12, "sasl-raw", 1),
                    new MetadataRequestData().setTopics(null), (short) 12));
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertThat(SERVED).doesNotContainKey("sasl-raw");
    }

    @Test
    void garbageInSaslAuthenticateIsAnsweredSaslAuthenticationFailedThenClosed() throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort("SASL"))) {
            ApiVersionsResponseData versions = raw.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            assertThat(versions.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(versions.apiKeys().find(ApiKeys.SASL_HANDSHAKE.id).maxVersion()).isEqualTo((short) 1);
            assertThat(versions.apiKeys().find(ApiKeys.SASL_AUTHENTICATE.id).maxVersion()).isEqualTo((short) 2);
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            SaslAuthenticateResponseData answer = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes("garbage".getBytes(StandardCharsets.UTF_8)));
            assertThat(answer.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(raw.closedByBroker()).isTrue();
        }
    }

    @Test
    void anUnsupportedMechanismIsAnsweredWithTheEnabledOnesThenClosed() throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort("SASL"))) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("GSSAPI"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            assertThat(raw.closedByBroker()).isTrue();
        }
    }

    @Test
    void saslRequestsOnAPlaintextListenerAreAnsweredIllegalSaslState() throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort("PLAINTEXT"))) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
            assertThat(handshake.mechanisms()).isEmpty();
            SaslAuthenticateResponseData answer = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(new byte[0]));
            assertThat(answer.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
            assertThat(answer.errorMessage()).isEqualTo("SaslAuthenticate request received after successful authentication");
            assertThat(raw.closedByBroker()).isFalse();
        }
    }

    @Test
    void aStalledHandshakeHoldsUpNobody() throws Exception {
        try (RawClient stalled = new RawClient(broker.kafkaPort("SASL"))) {
            SaslHandshakeResponseData handshake = stalled.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-512"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            // the stalled client never sends its SCRAM client-first message
            try (Admin admin = Admin.create(sasl(broker, "SASL", "sasl-beside-stalled", "SCRAM-SHA-512", PASSWORD,
                    false))) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(broker.clusterId());
            }
        }
        assertThat(PRINCIPALS.get("sasl-beside-stalled")).isEqualTo(new KafkaPrincipal("User", USER));
    }

    @Test
    void aLongLivedProducerReauthenticatesWhenItsSessionExpires() throws Exception {
        try (ReferenceBroker reauth = start(Duration.ofMillis(1500))) {
            Map<String, Object> props = sasl(reauth, "SASL", "sasl-reauth", "SCRAM-SHA-256", PASSWORD, false);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                // 5 s of sends: the 1.5 s session expires three times; a client that did not re-authenticate
                // would see its connection closed
                for (int i = 0; i < 10; i++) {
                    assertThat(producer.send(new ProducerRecord<>("reauth", "v" + i)).get().offset()).isEqualTo(i);
                    Thread.sleep(500);
                }
            }
            assertThat(PRINCIPALS.get("sasl-reauth")).isEqualTo(new KafkaPrincipal("User", USER));
        }
    }

    @Test
    void anotherRequestDuringTheExchangeIsAnsweredIllegalSaslStateThenClosed() throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort("SASL"))) {
            assertThat(raw.<SaslHandshakeResponseData>send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN")).errorCode()).isEqualTo(Errors.NONE.code());
            MetadataResponseData metadata = raw.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic()
                            .setName("sasl-during-exchange"))));
            assertThat(metadata.topics()).extracting(MetadataResponseData.MetadataResponseTopic::errorCode)
                    .containsExactly(Errors.ILLEGAL_SASL_STATE.code());
            assertThat(raw.closedByBroker()).isTrue();
        }
    }

    @Test
    void aSessionThatExpiresWithoutReauthenticationIsClosedAtItsNextRequest() throws Exception {
        try (ReferenceBroker expiring = start(Duration.ofMillis(1000));
             RawClient raw = new RawClient(expiring.kafkaPort("SASL"))) {
            assertThat(raw.<SaslHandshakeResponseData>send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN")).errorCode()).isEqualTo(Errors.NONE.code());
            SaslAuthenticateResponseData authenticated = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(("\0" + USER + "\0" + PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(authenticated.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(authenticated.sessionLifetimeMs()).isEqualTo(1000L);
            MetadataResponseData served = raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(null));
            assertThat(served.brokers()).hasSize(1);
            Thread.sleep(1500);
            raw.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.METADATA, (short) 12, "sasl-expired", 9),
                    new MetadataRequestData().setTopics(null), (short) 12));
            assertThat(raw.closedByBroker()).isTrue();
            // the exchange counts in the request metrics like any other request
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + expiring.httpPort() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics.lines()).contains("kafka_requests_seconds_count{api=\"SaslHandshake\"} 1",
                    "kafka_requests_seconds_count{api=\"SaslAuthenticate\"} 1",
                    "kafka_requests_seconds_count{api=\"Metadata\"} 1");
        }
        assertThat(SERVED).doesNotContainKey("sasl-expired");
    }

    private static void roundTrip(ReferenceBroker target, String listener, String mechanism, boolean tls)
            throws Exception {
        String topic = "sasl-" + listener + "-" + mechanism;
        String id = listener + "-" + mechanism;
        try (Admin admin = Admin.create(sasl(target, listener, "admin-" + id, mechanism, PASSWORD, tls))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> producerProps = sasl(target, listener, "producer-" + id, mechanism, PASSWORD, tls);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                assertThat(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get().offset())
                        .isEqualTo(i);
            }
        }
        Map<String, Object> consumerProps = sasl(target, listener, "consumer-" + id, mechanism, PASSWORD, tls);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "group-" + id);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.key() + "=" + record.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).containsExactly("key-0=value-0", "key-1=value-1", "key-2=value-2");
        KafkaPrincipal alice = new KafkaPrincipal("User", USER);
        assertThat(PRINCIPALS.get("producer-" + id)).isEqualTo(alice);
        assertThat(PRINCIPALS.get("consumer-" + id)).isEqualTo(alice);
    }

    private static Map<String, Object> sasl(ReferenceBroker target, String listener, String clientId, String mechanism,
                                            String password, boolean tls) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(listener));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? "SASL_SSL" : "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + USER + "\" password=\""
                + password + "\";");
        if (tls) {
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.clientTruststore().toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SelfSignedCertificates.PASSWORD);
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        }
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }
}
