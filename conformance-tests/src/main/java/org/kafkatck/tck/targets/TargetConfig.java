package org.kafkatck.tck.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Which broker the TCK grades, read with Helidon Config from (highest first) system properties
 * ({@code -Dtck.target=external}), environment variables ({@code TCK_TARGET=external}), an optional
 * {@code tck.yaml} (in the working directory or given by {@code tck.config}), and the defaults.
 *
 * <ul>
 *   <li>{@code tck.target}: {@code reference} (default), {@code external}, {@code apache-kafka},
 *       {@code container}</li>
 *   <li>{@code tck.bootstrap.servers}: for {@code external}</li>
 *   <li>{@code tck.client.*}: client properties passed through, e.g. {@code tck.client.security.protocol}</li>
 *   <li>{@code tck.kafka.version}: the Apache Kafka version of {@code apache-kafka} (default: the bundled one);
 *       {@code tck.kafka.cache}: where other versions are resolved to (default {@code ~/.cache/kafka-tck/kafka})</li>
 *   <li>{@code tck.container.image}, {@code tck.container.port}, {@code tck.container.env.*}: for {@code container}</li>
 *   <li>{@code tck.security}: {@code plaintext} (default) or {@code sasl_ssl}, how the TCK secures the brokers it
 *       starts ({@code reference}, {@code apache-kafka}); see {@link TargetSecurity}</li>
 *   <li>{@code tck.principals.{admin,first,second}.name} and {@code tck.principals.{admin,first,second}.client.*}:
 *       for {@code external} and {@code container}, the identities the {@code security} profile connects as: the
 *       principal the broker sees ({@code User:alice}; a bare {@code alice} means {@code User:alice}) and the client
 *       properties that authenticate as it, on top of {@code tck.client.*} (typically {@code sasl.jaas.config});
 *       {@code admin} is the identity of {@code tck.client.*}, a super user; absent, the profile is not
 *       applicable</li>
 * </ul>
 *
 * @param target           the target kind
 * @param bootstrapServers bootstrap servers of an external target
 * @param clientProperties client properties passed through
 * @param image            container image
 * @param containerPort    Kafka port of the container
 * @param containerEnv     container environment
 * @param kafkaVersion     Apache Kafka version of {@code apache-kafka}, or blank for the bundled one
 * @param kafkaCache       where {@code apache-kafka} resolves other Kafka versions to
 * @param security         how the TCK secures the brokers it starts
 * @param principals       the identities of an {@code external} or {@code container} target, when configured
 */
public record TargetConfig(String target, String bootstrapServers, Map<String, String> clientProperties,
                           String image, int containerPort, Map<String, String> containerEnv, String kafkaVersion,
                           Path kafkaCache, TargetSecurity security, Optional<TargetPrincipals> principals) {

    /** The roles of {@code tck.principals}, in the order of {@link TargetPrincipals}. */
    public static final List<String> PRINCIPAL_ROLES = List.of("admin", "first", "second");

    /** Target kinds the TCK knows. */
    public static final List<String> KINDS = List.of("reference", "external", "apache-kafka",
            "container");

    /** Loads the layered configuration. */
    public static TargetConfig load() {
        Config.Builder builder = Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.environmentVariables());
        String file = System.getProperty("tck.config", System.getenv("TCK_CONFIG"));
        if (file != null) {
            if (!Files.isReadable(Path.of(file))) {
                throw new TargetUnavailableException("TCK config file " + file + " is not readable");
            }
            builder.addSource(ConfigSources.file(file));
        } else if (Files.isReadable(Path.of("tck.yaml"))) {
            builder.addSource(ConfigSources.file("tck.yaml"));
        }
        return from(builder.build());
    }

    /** Reads the {@code tck} section of a config tree. */
    public static TargetConfig from(Config root) {
        Config tck = root.get("tck");
        String target = tck.get("target").asString().orElse("reference").trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(target)) {
            throw new TargetUnavailableException("Unknown target '" + target + "'; choose one of " + KINDS);
        }
        String portText = tck.get("container.port").asString().orElse("9092");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new TargetUnavailableException("tck.container.port must be a port number, got '" + portText + "'");
        }
        return new TargetConfig(target,
                tck.get("bootstrap.servers").asString().orElse(""),
                flatten(tck.get("client")),
                tck.get("container.image").asString().orElse(""),
                port,
                flatten(tck.get("container.env")),
                tck.get("kafka.version").asString().orElse("").strip(),
                tck.get("kafka.cache").asString().map(Path::of).orElseGet(KafkaDistribution::defaultCache),
                TargetSecurity.parse(tck.get("security").asString().orElse("plaintext")),
                principals(tck.get("principals")));
    }

    /**
     * Reads {@code tck.principals}: all three roles, or none.
     *
     * @throws TargetUnavailableException naming the missing key when only some are given
     */
    private static Optional<TargetPrincipals> principals(Config node) {
        if (!node.exists()) {
            return Optional.empty();
        }
        List<TargetPrincipal> roles = new java.util.ArrayList<>();
        for (String role : PRINCIPAL_ROLES) {
            String name = node.get(role + ".name").asString().orElse("").strip();
            if (name.isEmpty()) {
                throw new TargetUnavailableException("tck.principals." + role + ".name is missing: give all of "
                        + PRINCIPAL_ROLES + " or none");
            }
            roles.add(new TargetPrincipal(name.contains(":") ? name : "User:" + name, flatten(node.get(role + ".client"))));
        }
        return Optional.of(new TargetPrincipals(roles.get(0), roles.get(1), roles.get(2)));
    }

    /** @return the target this configuration names, not yet started */
    public BrokerTarget createTarget() {
        if (security != TargetSecurity.PLAINTEXT && (target.equals("external") || target.equals("container"))) {
            // silently grading a plain-text broker would be the wrong answer to the question asked
            throw new TargetUnavailableException("tck.security=" + security.configName() + " secures the brokers the"
                    + " TCK starts (reference, apache-kafka); " + (target.equals("external") ? "an " : "a ") + target
                    + " target is secured by its client"
                    + " properties (tck.client.*)");
        }
        return switch (target) {
            case "external" -> new ExternalTarget(bootstrapServers, clientProperties, principals);
            case "apache-kafka" -> new ApacheKafkaTarget("768m", kafkaVersion, kafkaCache, security);
            case "container" -> new ContainerTarget(image, containerPort, containerEnv, principals);
            default -> new ReferenceBrokerTarget(security);
        };
    }

    private static Map<String, String> flatten(Config node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.exists()) {
            node.traverse().filter(Config::isLeaf).forEach(leaf ->
                    values.put(leaf.key().toString().substring(node.key().toString().length() + 1),
                            leaf.asString().orElse("")));
        }
        return values;
    }
}
