package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
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
import static org.kafkatck.broker.it.ClientCompatibilityIT.CLIENTS;
import static org.kafkatck.broker.it.ClientCompatibilityIT.PYTHON;
import static org.kafkatck.broker.it.ClientCompatibilityIT.assertPassed;
import static org.kafkatck.broker.it.ClientCompatibilityIT.require;
import static org.kafkatck.broker.it.ClientCompatibilityIT.run;

/**
 * Clients of other ecosystems authenticating with SASL over TLS (a SASL_SSL listener with a self-signed
 * certificate, trusted by the clients as a PEM CA): KafkaJS and kafka-python with SCRAM-SHA-256 and -512, kcat and
 * confluent-kafka-python (librdkafka) with PLAIN, and with SCRAM where their librdkafka can. Each produces three
 * records and reads them back exactly, as {@code User:alice} on the broker's side; with a wrong password each
 * meets the broker's exact authentication error, as the client reports it.
 *
 * <p>SCRAM and librdkafka: librdkafka before 2.6.1 appends its own nonce a second time to the nonce of its
 * client-final message (confluentinc/librdkafka#4895). Apache Kafka 4 checks that nonce strictly, as RFC 5802
 * requires (kafka-clients 4.4.0's {@code ScramSaslServer}, the broker's SCRAM server too), so Kafka 4.4.0 refuses
 * librdkafka 2.0's SCRAM with the right password, and so does this broker: with such a librdkafka (Debian's 2.0.2)
 * the SCRAM tests assert that refusal, with a newer one the round trip.
 *
 * <p>kafka-python 2.0 authenticates with SaslHandshake v0, whose SASL tokens follow as raw frames: this covers the
 * broker's v0 flow with a real client. After v0 there is no frame to carry an error, so a wrong password closes the
 * connection, as in Kafka.
 *
 * <p>As in {@link ClientCompatibilityIT}, a missing client fails its test ({@code .ci/run} installs them all).
 */
class SecuredClientCompatibilityIT {
    private static final String LISTENER = "SASLSSL";
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";
    private static final List<String> ALL = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Pattern LIBRDKAFKA_VERSION = Pattern.compile("librdkafka (\\d+)\\.(\\d+)\\.(\\d+)");
    /** The principal of each client's Produce requests, by client id. */
    private static final Map<String, Set<KafkaPrincipal>> PRODUCERS = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static SelfSignedCertificates certs;
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() {
        certs = SelfSignedCertificates.generate(dir);
        broker = ReferenceBroker.start(BrokerConfig.forTests()
                .withSasl(new SaslSettings(ALL, List.of(new SaslUser(USER, PASSWORD, ALL)), 4096,
                        java.time.Duration.ZERO))
                .withListeners(List.of(ListenerConfig.sasl(LISTENER, "127.0.0.1", 0, TlsSettings.pkcs12(
                        certs.brokerKeystore(), SelfSignedCertificates.PASSWORD, null, ClientAuth.NONE)))),
                new ObservingDecorator((api, context) -> {
                    if (api == ApiKeys.PRODUCE && context.header().clientId() != null) {
                        PRODUCERS.computeIfAbsent(context.header().clientId(), id -> ConcurrentHashMap.newKeySet())
                                .add(context.principal());
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
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void kafkaJsWithScramOverTls(String mechanism) throws Exception {
        Path kafkaJs = ClientCompatibilityIT.requireKafkaJs();
        String topic = topic("kafkajs", mechanism);
        assertRoundTrip(run(kafkaJs, 180, script("node", "sasl_check.js", mechanism, PASSWORD, topic, "round-trip")),
                "kafka-tck-kafkajs");
        ClientCompatibilityIT.Run refused = run(kafkaJs, 120,
                script("node", "sasl_check.js", mechanism, "wrong", topic, "bad-password"));
        assertPassed(refused, 1);
        // KafkaJS names SCRAM-SHA-256 "SCRAM SHA256"
        assertThat(refused.output().lines()).contains("error: KafkaJSSASLAuthenticationError: SASL SCRAM SHA"
                + mechanism.substring("SCRAM-SHA-".length()) + " authentication failed: "
                + invalidScramCredentials(mechanism));
    }

    @Test
    void kcatWithPlainOverTls() throws Exception {
        requireKcat();
        String topic = topic("kcat", "PLAIN");
        assertRoundTrip(kcat("PLAIN", PASSWORD, topic, "round-trip"), "rdkafka");
        assertAuthenticationError(kcat("PLAIN", "wrong", topic, "auth-error"),
                "error: Authentication failed: Invalid username or password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void kcatWithScramOverTls(String mechanism) throws Exception {
        requireKcat();
        String topic = topic("kcat", mechanism);
        String librdkafka = run(Path.of("."), 30, "kcat", "-V").output();
        if (fixesScramNonce(librdkafka)) {
            assertRoundTrip(kcat(mechanism, PASSWORD, topic, "round-trip"), "rdkafka");
        } else {
            // refused as Kafka 4.4.0 refuses it (see the class comment)
            assertAuthenticationError(kcat(mechanism, PASSWORD, topic, "auth-error"),
                    "error: " + invalidScramCredentials(mechanism));
        }
        assertAuthenticationError(kcat(mechanism, "wrong", topic, "auth-error"),
                "error: " + invalidScramCredentials(mechanism));
    }

    @Test
    void confluentKafkaPythonWithPlainOverTls() throws Exception {
        ClientCompatibilityIT.requireConfluentKafkaPython();
        String topic = topic("confluent-kafka", "PLAIN");
        assertRoundTrip(confluentKafka("PLAIN", PASSWORD, topic, "round-trip"), "rdkafka");
        assertAuthenticationError(confluentKafka("PLAIN", "wrong", topic, "auth-error"),
                "error: _AUTHENTICATION: Authentication failed: Invalid username or password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void confluentKafkaPythonWithScramOverTls(String mechanism) throws Exception {
        ClientCompatibilityIT.requireConfluentKafkaPython();
        String topic = topic("confluent-kafka", mechanism);
        String librdkafka = run(Path.of("."), 30, PYTHON, "-c",
                "import confluent_kafka; print('librdkafka', confluent_kafka.libversion()[0])").output();
        if (fixesScramNonce(librdkafka)) {
            assertRoundTrip(confluentKafka(mechanism, PASSWORD, topic, "round-trip"), "rdkafka");
        } else {
            assertAuthenticationError(confluentKafka(mechanism, PASSWORD, topic, "auth-error"),
                    "error: _AUTHENTICATION: " + invalidScramCredentials(mechanism));
        }
        assertAuthenticationError(confluentKafka(mechanism, "wrong", topic, "auth-error"),
                "error: _AUTHENTICATION: " + invalidScramCredentials(mechanism));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void kafkaPythonWithScramOverTlsAfterSaslHandshakeV0(String mechanism) throws Exception {
        ClientCompatibilityIT.requireKafkaPython();
        String topic = topic("kafka-python", mechanism);
        assertRoundTrip(run(CLIENTS.resolve("python"), 180,
                script(PYTHON, "kafka_python_sasl_check.py", mechanism, PASSWORD, topic, "round-trip")),
                "kafka-python-producer-1");
        ClientCompatibilityIT.Run refused = run(CLIENTS.resolve("python"), 120,
                script(PYTHON, "kafka_python_sasl_check.py", mechanism, "wrong", topic, "auth-error"));
        assertPassed(refused, 1);
        // after SaslHandshake v0 Kafka closes the connection without a frame: the client's read fails
        assertThat(refused.output().lines()).contains("error: NoBrokersAvailable: NoBrokersAvailable",
                "logged: Error receiving reply from server");
    }

    private static void requireKcat() {
        require("kcat", "apt-get install kcat", "kcat", "-V");
    }

    private static ClientCompatibilityIT.Run kcat(String mechanism, String password, String topic, String mode)
            throws Exception {
        return run(CLIENTS.resolve("kcat"), 180, script("bash", "kcat_sasl_check.sh", mechanism, password, topic, mode));
    }

    private static ClientCompatibilityIT.Run confluentKafka(String mechanism, String password, String topic,
                                                           String mode) throws Exception {
        return run(CLIENTS.resolve("python"), 180,
                script(PYTHON, "confluent_kafka_sasl_check.py", mechanism, password, topic, mode));
    }

    /** The command line every check script takes: broker, mechanism, user, password, CA, topic, mode. */
    private static String[] script(String interpreter, String script, String mechanism, String password, String topic,
                                   String mode) {
        return new String[] {interpreter, script, broker.bootstrapServers(LISTENER), mechanism, USER, password,
                certs.brokerCertificatePem().toString(), topic, mode};
    }

    private static void assertRoundTrip(ClientCompatibilityIT.Run run, String clientId) {
        assertPassed(run, 2);
        assertThat(run.output().lines()).contains("read: k1=one@0,k2=two@1,k3=three@2");
        assertThat(PRODUCERS.get(clientId)).as("principals of %s's Produce requests", clientId)
                .containsExactly(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, USER));
    }

    private static void assertAuthenticationError(ClientCompatibilityIT.Run run, String expectedLine) {
        assertPassed(run, 1);
        assertThat(run.output().lines()).contains(expectedLine);
    }

    /** Kafka's answer to a SCRAM exchange that fails, which does not tell whether the user exists. */
    private static String invalidScramCredentials(String mechanism) {
        return "Authentication failed during authentication due to invalid credentials with SASL mechanism " + mechanism;
    }

    /** @return whether the librdkafka named in {@code versionOutput} sends the SCRAM nonce Kafka 4 checks (2.6.1+) */
    static boolean fixesScramNonce(String versionOutput) {
        Matcher version = LIBRDKAFKA_VERSION.matcher(versionOutput);
        assertThat(version.find()).as("a librdkafka version in: %s", versionOutput).isTrue();
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        int patch = Integer.parseInt(version.group(3));
        return major > 2 || major == 2 && (minor > 6 || minor == 6 && patch >= 1);
    }

    private static String topic(String client, String mechanism) {
        return "secured-" + client + "-" + mechanism.toLowerCase() + "-" + System.nanoTime();
    }
}
