package org.kafkatck.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;

/**
 * Reads and validates {@code broker.sasl.*}, {@code broker.connections.max.reauth.ms} and
 * {@code broker.connection.failed.authentication.delay.ms} for {@link BrokerConfig}.
 */
final class SaslConfig {
    private SaslConfig() {
    }

    /**
     * @param broker    the {@code broker} node
     * @param listeners the validated listeners: a user may hold a credential for any mechanism one of them offers
     * @return the validated settings
     * @throws InvalidConfigException naming the first invalid key
     */
    static SaslSettings from(Config broker, List<ListenerConfig> listeners) {
        List<String> enabled = mechanisms(broker.get("sasl.enabled.mechanisms"), "broker.sasl.enabled.mechanisms",
                SaslSettings.SUPPORTED_MECHANISMS);
        if (enabled.isEmpty()) {
            throw new InvalidConfigException("broker.sasl.enabled.mechanisms", "",
                    "at least one of " + SaslSettings.SUPPORTED_MECHANISMS);
        }
        // A listener may offer a mechanism the broker-wide list leaves out; its users need credentials for it too,
        // or the mechanism is offered and nobody can use it (in Kafka, SCRAM credentials are cluster-wide too).
        Set<String> offeredSet = new LinkedHashSet<>(enabled);
        listeners.forEach(listener -> offeredSet.addAll(listener.saslMechanisms()));
        List<String> offered = List.copyOf(offeredSet);
        List<SaslUser> users = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<Config> nodes;
        try {
            nodes = broker.get("sasl.users").asNodeList().orElse(List.of());
        } catch (ConfigException e) {
            throw new InvalidConfigException("broker.sasl.users", "?", "a list of {name, password, mechanisms}");
        }
        for (int i = 0; i < nodes.size(); i++) {
            Config node = nodes.get(i);
            String key = "broker.sasl.users." + i;
            String name = BrokerConfig.string(node, "name", "");
            if (name.isEmpty()) {
                throw new InvalidConfigException(key + ".name", "", "a user name");
            }
            if (!names.add(name)) {
                throw new InvalidConfigException(key + ".name", name, "a name not given to another user");
            }
            String password = node.get("password").asString().orElse("");
            if (password.isEmpty()) {
                // the password itself never goes into the message
                throw new InvalidConfigException(key + ".password", "", "a non-empty password for user " + name);
            }
            users.add(new SaslUser(name, password, mechanisms(node.get("mechanisms"), key + ".mechanisms", offered)));
        }
        int iterations = BrokerConfig.intIn(broker, "sasl.scram.iterations", 4096, 4096, 16384);
        long reauthMs = BrokerConfig.longIn(broker, "connections.max.reauth.ms", 0, 0, Long.MAX_VALUE);
        int delayMs = BrokerConfig.intIn(broker, "connection.failed.authentication.delay.ms",
                (int) SaslSettings.DEFAULT_FAILED_AUTHENTICATION_DELAY.toMillis(), 0, Integer.MAX_VALUE);
        int maxReceive = BrokerConfig.intIn(broker, "sasl.server.max.receive.size",
                SaslSettings.DEFAULT_MAX_RECEIVE_BYTES, 1, Integer.MAX_VALUE);
        return new SaslSettings(enabled, users, iterations, Duration.ofMillis(reauthMs), Duration.ofMillis(delayMs),
                maxReceive);
    }

    /**
     * A list (YAML sequence) or comma-separated string of mechanism names among {@code allowed}, in order, no
     * repeats; {@code allowed} when absent.
     */
    static List<String> mechanisms(Config node, String key, List<String> allowed) {
        if (!node.exists()) {
            return allowed;
        }
        List<String> raw;
        try {
            raw = node.isList() ? node.asList(String.class).get()
                    : Arrays.asList(node.asString().get().split(","));
        } catch (ConfigException e) {
            throw new InvalidConfigException(key, "?", "a list of SASL mechanisms");
        }
        Set<String> mechanisms = new LinkedHashSet<>();
        for (String value : raw) {
            String mechanism = value.trim();
            if (mechanism.isEmpty()) {
                continue;
            }
            if (!allowed.contains(mechanism)) {
                throw new InvalidConfigException(key, String.join(",", raw),
                        "mechanisms among " + allowed + " (" + mechanism + " is not)");
            }
            if (!mechanisms.add(mechanism)) {
                throw new InvalidConfigException(key, String.join(",", raw), "each mechanism once (" + mechanism
                        + " is repeated)");
            }
        }
        return List.copyOf(mechanisms);
    }
}
