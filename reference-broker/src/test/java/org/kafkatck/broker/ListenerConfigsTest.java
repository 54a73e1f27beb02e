package org.kafkatck.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.security.ClientAuth;
import org.kafkatck.broker.security.TlsSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code broker.listeners}: parsing, defaults and the exact message of each invalid setting. */
class ListenerConfigsTest {
    @TempDir
    Path dir;

    private static BrokerConfig yaml(String text) {
        return BrokerConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(text, MediaTypes.APPLICATION_X_YAML))
                .addSource(ConfigSources.classpath("application.yaml")).build());
    }

    private static BrokerConfig flat(Map<String, String> values) {
        return BrokerConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).addSource(ConfigSources.classpath("application.yaml")).build());
    }

    private static void rejected(String yaml, String message) {
        assertThatThrownBy(() -> yaml(yaml)).isInstanceOf(InvalidConfigException.class).hasMessage(message);
    }

    @Test
    void withoutListenersTheBrokerHasTheDefaultPlaintextListener() {
        BrokerConfig config = flat(Map.of("broker.port", "9094", "broker.advertised.host", "kafka.example"));
        assertThat(config.listeners()).isEmpty();
        assertThat(config.effectiveListeners()).containsExactly(new ListenerConfig("PLAINTEXT", "0.0.0.0", 9094,
                SecurityProtocol.PLAINTEXT, "kafka.example", 0, Optional.empty()));
        assertThat(config.effectiveListeners().getFirst().effectiveAdvertisedHost()).isEqualTo("kafka.example");
    }

    @Test
    void listenersAreReadWithKafkasNames() throws Exception {
        Path keystore = Files.writeString(dir.resolve("broker.p12"), "not parsed here");
        Path truststore = Files.writeString(dir.resolve("clients.pem"), "not parsed here");
        BrokerConfig config = yaml("""
                broker:
                  host: 127.0.0.1
                  listeners:
                    - name: local
                      port: 9092
                    - name: CLIENTS
                      host: 0.0.0.0
                      port: 9093
                      security.protocol: ssl
                      advertised: { host: kafka.example, port: 19093 }
                      ssl:
                        keystore: { location: "%s", password: secret }
                        key.password: key-secret
                        truststore: { location: "%s", type: pem }
                        client.auth: REQUIRED
                """.formatted(keystore, truststore));
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("LOCAL", "127.0.0.1", 9092, SecurityProtocol.PLAINTEXT, "", 0, Optional.empty()),
                new ListenerConfig("CLIENTS", "0.0.0.0", 9093, SecurityProtocol.SSL, "kafka.example", 19093,
                        Optional.of(new TlsSettings("broker.listeners.1.ssl", keystore.toAbsolutePath(), "PKCS12",
                                "secret", "key-secret", Optional.of(truststore.toAbsolutePath()), "PEM", "",
                                ClientAuth.REQUIRED))));
        assertThat(config.effectiveListeners()).isEqualTo(config.listeners());
        assertThat(config.listeners().get(0).effectiveAdvertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.listeners().get(1).effectiveAdvertisedHost()).isEqualTo("kafka.example");
    }

    @Test
    void saslListenersAreReadAndSaslSslNeedsAKeystore() throws Exception {
        Path keystore = Files.writeString(dir.resolve("sasl-broker.p12"), "not parsed here");
        BrokerConfig config = yaml("""
                broker:
                  host: 127.0.0.1
                  listeners:
                    - { name: sasl, port: 9094, security.protocol: sasl_plaintext }
                    - name: SECURE
                      port: 9095
                      security.protocol: SASL_SSL
                      ssl:
                        keystore: { location: "%s", password: secret }
                """.formatted(keystore));
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("SASL", "127.0.0.1", 9094, SecurityProtocol.SASL_PLAINTEXT, "", 0, Optional.empty()),
                new ListenerConfig("SECURE", "127.0.0.1", 9095, SecurityProtocol.SASL_SSL, "", 0,
                        Optional.of(new TlsSettings("broker.listeners.1.ssl", keystore.toAbsolutePath(), "PKCS12",
                                "secret", "", Optional.empty(), "PKCS12", "", ClientAuth.NONE))));
        assertThat(config.listeners()).extracting(ListenerConfig::authenticatesWithSasl).containsExactly(true, true);
        rejected("""
                broker.listeners:
                  - { name: SECURE, port: 9093, security.protocol: SASL_SSL }
                """, "Invalid configuration: broker.listeners.0.ssl.keystore.location = '', expected the broker's"
                + " keystore file (required on an SSL or SASL_SSL listener)");
    }

    @Test
    void aSaslListenerMayOfferItsOwnMechanisms() {
        BrokerConfig config = yaml("""
                broker:
                  host: 127.0.0.1
                  listeners:
                    - { name: SCRAM, port: 9094, security.protocol: SASL_PLAINTEXT,
                        sasl.enabled.mechanisms: "SCRAM-SHA-512,SCRAM-SHA-256" }
                    - { name: PLAIN, port: 9095, security.protocol: SASL_PLAINTEXT,
                        sasl.enabled.mechanisms: [PLAIN] }
                    - { name: ALL, port: 9096, security.protocol: SASL_PLAINTEXT }
                """);
        assertThat(config.listeners()).extracting(ListenerConfig::saslMechanisms).containsExactly(
                List.of("SCRAM-SHA-512", "SCRAM-SHA-256"), List.of("PLAIN"), List.of());
        assertThat(config.listeners().getFirst()).isEqualTo(new ListenerConfig("SCRAM", "127.0.0.1", 9094,
                SecurityProtocol.SASL_PLAINTEXT, "", 0, Optional.empty(), List.of("SCRAM-SHA-512", "SCRAM-SHA-256")));
        rejected("""
                broker.listeners:
                  - { name: A, port: 9094, security.protocol: SASL_PLAINTEXT, sasl.enabled.mechanisms: "PLAIN,GSSAPI" }
                """, "Invalid configuration: broker.listeners.0.sasl.enabled.mechanisms = 'PLAIN,GSSAPI', expected"
                + " mechanisms among [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512] (GSSAPI is not)");
        rejected("""
                broker.listeners:
                  - { name: A, port: 9094, security.protocol: SASL_PLAINTEXT, sasl.enabled.mechanisms: " " }
                """, "Invalid configuration: broker.listeners.0.sasl.enabled.mechanisms = '', expected at least one of"
                + " [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
        rejected("""
                broker.listeners:
                  - { name: A, port: 9092, sasl.enabled.mechanisms: PLAIN }
                """, "Invalid configuration: broker.listeners.0.sasl.enabled.mechanisms = 'PLAIN', expected no SASL"
                + " mechanisms on a PLAINTEXT listener (only SASL_PLAINTEXT and SASL_SSL listeners authenticate with"
                + " SASL)");
    }

    @Test
    void invalidListenersNameTheKey() {
        rejected("""
                broker.listeners:
                  - { name: A, port: 9092, security.protocol: TLS }
                """, "Invalid configuration: broker.listeners.0.security.protocol = 'TLS', expected one of PLAINTEXT, SSL,"
                + " SASL_PLAINTEXT, SASL_SSL");
        rejected("""
                broker.listeners:
                  - { port: 9092 }
                """, "Invalid configuration: broker.listeners.0.name = '', expected a listener name of letters, digits,"
                + " '_' and '-'");
        rejected("""
                broker.listeners:
                  - { name: "in ternal", port: 9092 }
                """, "Invalid configuration: broker.listeners.0.name = 'in ternal', expected a listener name of letters,"
                + " digits, '_' and '-'");
        rejected("""
                broker.listeners:
                  - { name: plain, port: 9092 }
                  - { name: PLAIN, port: 9093 }
                """, "Invalid configuration: broker.listeners.1.name = 'PLAIN', expected a name no other listener has");
        rejected("""
                broker.listeners:
                  - { name: A, port: 9094 }
                  - { name: B, port: 9094 }
                """, "Invalid configuration: broker.listeners.1.port = '9094', expected a port no other listener binds"
                + " on 0.0.0.0");
        rejected("""
                broker.listeners:
                  - { name: A }
                """, "Invalid configuration: broker.listeners.0.port = '', expected an integer from 0 to 65535");
        rejected("""
                broker.listeners:
                  - { name: A, port: 70000 }
                """, "Invalid configuration: broker.listeners.0.port = '70000', expected an integer from 0 to 65535");
        rejected("""
                broker.listeners:
                  - { name: A, port: 9092, advertised.port: -1 }
                """, "Invalid configuration: broker.listeners.0.advertised.port = '-1', expected an integer from 0 to"
                + " 65535");
    }

    @Test
    void sslListenersNeedReadableStores() throws Exception {
        Path keystore = Files.writeString(dir.resolve("broker.p12"), "x");
        rejected("""
                broker.listeners:
                  - { name: TLS, port: 9093, security.protocol: SSL }
                """, "Invalid configuration: broker.listeners.0.ssl.keystore.location = '', expected the broker's"
                + " keystore file (required on an SSL or SASL_SSL listener)");
        rejected("""
                broker.listeners:
                  - { name: TLS, port: 9093, security.protocol: SSL, ssl.keystore.location: /nowhere/broker.p12 }
                """, "Invalid configuration: broker.listeners.0.ssl.keystore.location = '/nowhere/broker.p12', expected"
                + " a readable file");
        rejected("""
                broker.listeners:
                  - name: TLS
                    port: 9093
                    security.protocol: SSL
                    ssl: { keystore.location: "%s", truststore.location: /nowhere/trust.p12 }
                """.formatted(keystore), "Invalid configuration: broker.listeners.0.ssl.truststore.location ="
                + " '/nowhere/trust.p12', expected a readable file");
        rejected("""
                broker.listeners:
                  - name: TLS
                    port: 9093
                    security.protocol: SSL
                    ssl: { keystore.location: "%s", keystore.type: BKS }
                """.formatted(keystore), "Invalid configuration: broker.listeners.0.ssl.keystore.type = 'BKS',"
                + " expected one of [PKCS12, JKS, PEM]");
        rejected("""
                broker.listeners:
                  - name: TLS
                    port: 9093
                    security.protocol: SSL
                    ssl: { keystore.location: "%s", client.auth: maybe }
                """.formatted(keystore), "Invalid configuration: broker.listeners.0.ssl.client.auth = 'maybe',"
                + " expected one of [none, requested, required]");
    }

    @Test
    void flatKeysConfigureAListenerAsEnvironmentVariablesWould() {
        BrokerConfig config = flat(Map.of("broker.listeners.0.name", "EXTERNAL", "broker.listeners.0.port", "0",
                "broker.listeners.0.advertised.port", "19092"));
        assertThat(config.listeners()).containsExactly(new ListenerConfig("EXTERNAL", "0.0.0.0", 0,
                SecurityProtocol.PLAINTEXT, "", 19092, Optional.empty()));
    }

    @Test
    void listenersReplaceTheDefaultOne() {
        BrokerConfig config = BrokerConfig.forTests().withListeners(List.of(ListenerConfig.plaintext("A", "127.0.0.1", 0)));
        assertThat(config.effectiveListeners()).extracting(ListenerConfig::name).containsExactly("A");
    }
}
