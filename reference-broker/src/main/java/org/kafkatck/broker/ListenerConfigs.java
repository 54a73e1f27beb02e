package org.kafkatck.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.kafkatck.broker.security.ClientAuth;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.TlsSettings;

/**
 * Reads {@code broker.listeners}: a list of listeners, each with Kafka's names for its settings.
 *
 * <pre>
 * broker:
 *   listeners:
 *     - name: PLAINTEXT
 *       port: 9092
 *     - name: SSL
 *       port: 9093
 *       security.protocol: SSL
 *       advertised: { host: kafka.example, port: 9093 }
 *       ssl:
 *         keystore: { location: broker.p12, type: PKCS12, password: secret }
 *         truststore: { location: clients.p12, password: secret }
 *         client.auth: required
 *     - name: SASL
 *       port: 9094
 *       security.protocol: SASL_PLAINTEXT   # or SASL_SSL, with an ssl section as above
 *       sasl.enabled.mechanisms: SCRAM-SHA-512   # optional: this listener's own mechanisms
 * </pre>
 *
 * A SASL listener authenticates every connection with {@code broker.sasl.*} before serving it, offering its own
 * {@code sasl.enabled.mechanisms} when it names them.
 *
 * When the list is absent or empty, the broker has one PLAINTEXT listener named {@value ListenerConfig#DEFAULT_NAME}
 * made of {@code broker.host}, {@code broker.port} and {@code broker.advertised.*}, as before listeners existed.
 * When it is given, it is the whole set (so a broker can be SSL-only) and {@code broker.port} is not used.
 */
final class ListenerConfigs {
    /** Kafka's listener names: letters, digits, underscores and hyphens. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private ListenerConfigs() {
    }

    static List<ListenerConfig> from(Config broker, String defaultHost) {
        List<Config> nodes = broker.get("listeners").asNodeList().orElse(List.of());
        List<ListenerConfig> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> bound = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String prefix = "listeners." + i;
            ListenerConfig listener = listener(broker, prefix, defaultHost);
            if (!names.add(listener.name())) {
                throw new InvalidConfigException("broker." + prefix + ".name", listener.name(),
                        "a name no other listener has");
            }
            if (listener.port() != 0 && !bound.add(listener.host() + ":" + listener.port())) {
                throw new InvalidConfigException("broker." + prefix + ".port", Integer.toString(listener.port()),
                        "a port no other listener binds on " + listener.host());
            }
            listeners.add(listener);
        }
        return List.copyOf(listeners);
    }

    private static ListenerConfig listener(Config broker, String prefix, String defaultHost) {
        String name = BrokerConfig.string(broker, prefix + ".name", "");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConfigException("broker." + prefix + ".name", name,
                    "a listener name of letters, digits, '_' and '-'");
        }
        name = name.toUpperCase(Locale.ROOT);
        String host = BrokerConfig.string(broker, prefix + ".host", defaultHost);
        if (!broker.get(prefix + ".port").exists()) {
            throw new InvalidConfigException("broker." + prefix + ".port", "", "an integer from 0 to 65535");
        }
        int port = BrokerConfig.intIn(broker, prefix + ".port", 0, 0, 65535);
        SecurityProtocol protocol = protocol(broker, prefix + ".security.protocol");
        String advertisedHost = BrokerConfig.string(broker, prefix + ".advertised.host", "");
        int advertisedPort = BrokerConfig.intIn(broker, prefix + ".advertised.port", 0, 0, 65535);
        Optional<TlsSettings> tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL
                ? Optional.of(tls(broker, prefix + ".ssl")) : Optional.empty();
        List<String> mechanisms = saslMechanisms(broker, prefix + ".sasl.enabled.mechanisms", protocol);
        return new ListenerConfig(name, host, port, protocol, advertisedHost, advertisedPort, tls, mechanisms);
    }

    /**
     * A listener's own SASL mechanisms (Kafka's {@code listener.name.<l>.sasl.enabled.mechanisms}): any of the
     * mechanisms the broker serves, in the order SaslHandshake lists them; empty (the broker-wide list) when absent.
     */
    private static List<String> saslMechanisms(Config broker, String key, SecurityProtocol protocol) {
        Config node = broker.get(key);
        if (!node.exists()) {
            return List.of();
        }
        if (protocol != SecurityProtocol.SASL_PLAINTEXT && protocol != SecurityProtocol.SASL_SSL) {
            throw new InvalidConfigException("broker." + key, node.asString().orElse("?"),
                    "no SASL mechanisms on a " + protocol
                            + " listener (only SASL_PLAINTEXT and SASL_SSL listeners authenticate with SASL)");
        }
        List<String> mechanisms = SaslConfig.mechanisms(node, "broker." + key, SaslSettings.SUPPORTED_MECHANISMS);
        if (mechanisms.isEmpty()) {
            throw new InvalidConfigException("broker." + key, "", "at least one of " + SaslSettings.SUPPORTED_MECHANISMS);
        }
        return mechanisms;
    }

    private static SecurityProtocol protocol(Config broker, String key) {
        String raw = BrokerConfig.string(broker, key, "PLAINTEXT").toUpperCase(Locale.ROOT);
        return switch (raw) {
            case "PLAINTEXT" -> SecurityProtocol.PLAINTEXT;
            case "SSL" -> SecurityProtocol.SSL;
            case "SASL_PLAINTEXT" -> SecurityProtocol.SASL_PLAINTEXT;
            case "SASL_SSL" -> SecurityProtocol.SASL_SSL;
            default -> throw new InvalidConfigException("broker." + key, raw,
                    "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        };
    }

    private static TlsSettings tls(Config broker, String prefix) {
        String keystore = BrokerConfig.string(broker, prefix + ".keystore.location", "");
        if (keystore.isEmpty()) {
            throw new InvalidConfigException("broker." + prefix + ".keystore.location", "",
                    "the broker's keystore file (required on an SSL or SASL_SSL listener)");
        }
        Path keystorePath = readable(prefix + ".keystore.location", keystore);
        String truststore = BrokerConfig.string(broker, prefix + ".truststore.location", "");
        Optional<Path> truststorePath = truststore.isEmpty()
                ? Optional.empty() : Optional.of(readable(prefix + ".truststore.location", truststore));
        return new TlsSettings("broker." + prefix,
                keystorePath,
                storeType(broker, prefix + ".keystore.type"),
                BrokerConfig.string(broker, prefix + ".keystore.password", ""),
                BrokerConfig.string(broker, prefix + ".key.password", ""),
                truststorePath,
                storeType(broker, prefix + ".truststore.type"),
                BrokerConfig.string(broker, prefix + ".truststore.password", ""),
                BrokerConfig.choice(broker, prefix + ".client.auth", ClientAuth.NONE, ClientAuth.class));
    }

    private static String storeType(Config broker, String key) {
        String raw = BrokerConfig.string(broker, key, "PKCS12").toUpperCase(Locale.ROOT);
        if (!TlsSettings.STORE_TYPES.contains(raw)) {
            throw new InvalidConfigException("broker." + key, raw, "one of " + TlsSettings.STORE_TYPES);
        }
        return raw;
    }

    private static Path readable(String key, String file) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new InvalidConfigException("broker." + key, file, "a readable file");
        }
        return path.toAbsolutePath();
    }
}
