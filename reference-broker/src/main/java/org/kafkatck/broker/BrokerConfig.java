package org.kafkatck.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.acl.AclSettings;
import org.kafkatck.broker.group.GroupSettings;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.txn.TransactionSettings;

/**
 * Everything the reference broker can be told, read from Helidon Config under the {@code broker} key.
 *
 * <p>Each value is validated when read, so a broker never starts half-configured: an invalid value
 * raises {@link InvalidConfigException} naming the key, the value and what was expected.
 *
 * @param nodeId            this broker's node id, reported in Metadata and DescribeCluster
 * @param host              interface the listeners bind to
 * @param kafkaPort         Kafka protocol port, 0 for an ephemeral one
 * @param httpPort          HTTP (observe) port, 0 for an ephemeral one
 * @param advertisedHost    host clients are told to connect to; empty to derive it from {@code host}
 * @param advertisedPort    port clients are told to connect to; 0 for the port actually bound
 * @param storage           where partition logs live
 * @param dataDir           root directory of the logs when {@code storage} is {@link Storage#DISK}
 * @param segmentBytes      size at which a partition's active segment is rolled
 * @param flushPolicy       when appended data is forced to the disk
 * @param flushInterval     period of {@link FlushPolicy#INTERVAL}
 * @param autoCreateTopics  whether Metadata and Produce create unknown topics
 * @param defaultPartitions partition count of auto-created topics and CreateTopics without a count
 * @param maxRequestBytes   largest request frame accepted; a larger one closes the connection
 * @param maxMessageBytes   largest record batch a Produce may append (Kafka's message.max.bytes)
 * @param groups            group coordinator settings ({@code broker.group.*})
 * @param connectionsMaxIdle a connection that has received nothing for this long is closed (Kafka's
 *                          {@code connections.max.idle.ms}); a request being served does not count as idle
 * @param fetchSessionsMax  incremental fetch sessions kept at most ({@code broker.fetch.sessions.max}, Kafka's
 *                          {@code max.incremental.fetch.session.cache.slots}); the least recently used is
 *                          evicted for a new one; 0 declines sessions
 * @param logRetentionCheckInterval period of the retention pass that deletes old segments (Kafka's
 *                          {@code log.retention.check.interval.ms})
 * @param transactions      transaction coordinator settings ({@code broker.transaction.*})
 * @param sasl              SASL mechanisms, users and {@code connections.max.reauth.ms} ({@code broker.sasl.*}); used
 *                          by listeners that authenticate, and the users' SCRAM credentials seed the credential store
 * @param authorization     the authorizer: {@code broker.authorizer.enabled}, {@code broker.super.users},
 *                          {@code broker.allow.everyone.if.no.acl.found}; off by default
 * @param listeners         the Kafka listeners ({@code broker.listeners}); empty for the single PLAINTEXT listener of
 *                          {@code host}, {@code kafkaPort} and {@code advertised*} (see {@link #effectiveListeners()})
 */
public record BrokerConfig(int nodeId,
                           String host,
                           int kafkaPort,
                           int httpPort,
                           String advertisedHost,
                           int advertisedPort,
                           Storage storage,
                           Path dataDir,
                           long segmentBytes,
                           FlushPolicy flushPolicy,
                           Duration flushInterval,
                           boolean autoCreateTopics,
                           int defaultPartitions,
                           int maxRequestBytes,
                           int maxMessageBytes,
                           GroupSettings groups,
                           Duration connectionsMaxIdle,
                           int fetchSessionsMax,
                           Duration logRetentionCheckInterval,
                           TransactionSettings transactions,
                           SaslSettings sasl,
                           AclSettings authorization,
                           List<ListenerConfig> listeners) {

    /** Copies the listeners, so the record stays immutable. */
    public BrokerConfig {
        listeners = List.copyOf(listeners);
    }

    /** A configuration with the single PLAINTEXT listener of {@code host}, {@code kafkaPort} and {@code advertised*}. */
    public BrokerConfig(int nodeId, String host, int kafkaPort, int httpPort, String advertisedHost, int advertisedPort,
                        Storage storage, Path dataDir, long segmentBytes, FlushPolicy flushPolicy, Duration flushInterval,
                        boolean autoCreateTopics, int defaultPartitions, int maxRequestBytes, int maxMessageBytes,
                        GroupSettings groups, Duration connectionsMaxIdle, int fetchSessionsMax,
                        Duration logRetentionCheckInterval, TransactionSettings transactions, SaslSettings sasl,
                        AclSettings authorization) {
        this(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir, segmentBytes,
                flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, groups,
                connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization,
                List.of());
    }

    /** Kafka's {@code log.retention.check.interval.ms} default. */
    public static final Duration DEFAULT_LOG_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(5);

    /** A configuration with Kafka's defaults for the settings added since: 1000 fetch sessions, a 5 minute retention pass. */
    public BrokerConfig(int nodeId, String host, int kafkaPort, int httpPort, String advertisedHost, int advertisedPort,
                        Storage storage, Path dataDir, long segmentBytes, FlushPolicy flushPolicy, Duration flushInterval,
                        boolean autoCreateTopics, int defaultPartitions, int maxRequestBytes, int maxMessageBytes,
                        GroupSettings groups, Duration connectionsMaxIdle) {
        this(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir, segmentBytes,
                flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, groups,
                connectionsMaxIdle, 1000, DEFAULT_LOG_RETENTION_CHECK_INTERVAL, TransactionSettings.DEFAULTS);
    }

    /**
     * A configuration without SASL users (every mechanism offered, no re-authentication) and without an authorizer
     * (Kafka's default).
     */
    public BrokerConfig(int nodeId, String host, int kafkaPort, int httpPort, String advertisedHost, int advertisedPort,
                        Storage storage, Path dataDir, long segmentBytes, FlushPolicy flushPolicy, Duration flushInterval,
                        boolean autoCreateTopics, int defaultPartitions, int maxRequestBytes, int maxMessageBytes,
                        GroupSettings groups, Duration connectionsMaxIdle, int fetchSessionsMax,
                        Duration logRetentionCheckInterval, TransactionSettings transactions) {
        this(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir, segmentBytes,
                flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, groups,
                connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, SaslSettings.DEFAULTS,
                AclSettings.DISABLED);
    }

    /** A configuration with Kafka's defaults for the transaction coordinator. */
    public BrokerConfig(int nodeId, String host, int kafkaPort, int httpPort, String advertisedHost, int advertisedPort,
                        Storage storage, Path dataDir, long segmentBytes, FlushPolicy flushPolicy, Duration flushInterval,
                        boolean autoCreateTopics, int defaultPartitions, int maxRequestBytes, int maxMessageBytes,
                        GroupSettings groups, Duration connectionsMaxIdle, int fetchSessionsMax,
                        Duration logRetentionCheckInterval) {
        this(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir, segmentBytes,
                flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, groups,
                connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, TransactionSettings.DEFAULTS);
    }

    /** Where partition logs are kept. */
    public enum Storage {
        /** Segment files under {@code broker.storage.dir}; survives restarts. */
        DISK,
        /** On the heap; for tests. */
        MEMORY
    }

    /** When appended bytes are forced to stable storage. */
    public enum FlushPolicy {
        /** Left to the operating system's page-cache write-back, as Apache Kafka does by default. */
        OS,
        /** fsync before a produce is acknowledged. */
        ALWAYS,
        /** fsync of every dirty log on a fixed period. */
        INTERVAL
    }

    /**
     * Reads and validates the {@code broker} section of a Helidon config.
     *
     * @param root the root config node
     * @return the validated configuration
     * @throws InvalidConfigException naming the first invalid key
     */
    public static BrokerConfig from(Config root) {
        Config broker = root.get("broker");
        List<ListenerConfig> listeners = ListenerConfigs.from(broker, string(broker, "host", "0.0.0.0"));
        return new BrokerConfig(
                intIn(broker, "node.id", 1, 0, Integer.MAX_VALUE),
                string(broker, "host", "0.0.0.0"),
                intIn(broker, "port", 9092, 0, 65535),
                intIn(broker, "http.port", 8080, 0, 65535),
                string(broker, "advertised.host", ""),
                intIn(broker, "advertised.port", 0, 0, 65535),
                choice(broker, "storage.mode", Storage.DISK, Storage.class),
                Path.of(string(broker, "storage.dir", "./data")),
                longIn(broker, "segment.bytes", 1L << 30, 1024, Integer.MAX_VALUE),
                choice(broker, "flush.policy", FlushPolicy.OS, FlushPolicy.class),
                Duration.ofMillis(longIn(broker, "flush.interval.ms", 1000, 1, Long.MAX_VALUE)),
                bool(broker, "topics.autocreate", true),
                intIn(broker, "topics.partitions", 1, 1, 100_000),
                intIn(broker, "request.max.bytes", 100 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                intIn(broker, "message.max.bytes", 1_048_588, 64, Integer.MAX_VALUE),
                new GroupSettings(
                        intIn(broker, "group.initial.rebalance.delay.ms", 3000, 0, 600_000),
                        intIn(broker, "group.min.session.timeout.ms", 6000, 1, Integer.MAX_VALUE),
                        intIn(broker, "group.max.session.timeout.ms", 1_800_000, 1, Integer.MAX_VALUE),
                        4096),
                Duration.ofMillis(longIn(broker, "connections.max.idle.ms", 600_000, 1, Integer.MAX_VALUE)),
                intIn(broker, "fetch.sessions.max", 1000, 0, 1_000_000),
                Duration.ofMillis(longIn(broker, "log.retention.check.interval.ms",
                        DEFAULT_LOG_RETENTION_CHECK_INTERVAL.toMillis(), 1, Long.MAX_VALUE)),
                new TransactionSettings(
                        intIn(broker, "transaction.max.timeout.ms", TransactionSettings.DEFAULTS.maxTimeoutMs(), 1,
                                Integer.MAX_VALUE),
                        Duration.ofMillis(longIn(broker, "transaction.abort.check.interval.ms",
                                TransactionSettings.DEFAULTS.abortCheckInterval().toMillis(), 1, Long.MAX_VALUE))),
                SaslConfig.from(broker, listeners),
                new AclSettings(bool(broker, "authorizer.enabled", false), principals(broker, "super.users"),
                        bool(broker, "allow.everyone.if.no.acl.found", false)),
                listeners);
    }

    /**
     * A configuration for tests: in-memory storage, ephemeral ports on the loopback interface, and no
     * initial rebalance delay (the only Kafka default that merely slows tests down).
     *
     * @return a config that can be tuned with the record's {@code with...} methods
     */
    public static BrokerConfig forTests() {
        return new BrokerConfig(1, "127.0.0.1", 0, 0, "", 0, Storage.MEMORY, Path.of("data"),
                1L << 30, FlushPolicy.OS, Duration.ofSeconds(1), true, 1, 100 * 1024 * 1024, 1_048_588,
                new GroupSettings(0, 6000, 1_800_000, 4096), Duration.ofMinutes(10), 1000,
                DEFAULT_LOG_RETENTION_CHECK_INTERVAL);
    }

    /** @return this config with disk storage in {@code dir} */
    public BrokerConfig withDiskStorage(Path dir) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, Storage.DISK, dir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another segment size */
    public BrokerConfig withSegmentBytes(long bytes) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                bytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with auto-creation of topics switched on or off */
    public BrokerConfig withAutoCreateTopics(boolean enabled) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, enabled, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another largest request frame */
    public BrokerConfig withMaxRequestBytes(int bytes) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, bytes, maxMessageBytes, groups,
                connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with a fixed Kafka port */
    public BrokerConfig withKafkaPort(int port) {
        return new BrokerConfig(nodeId, host, port, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another initial rebalance delay */
    public BrokerConfig withInitialRebalanceDelayMs(int delayMs) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, new GroupSettings(delayMs, groups.minSessionTimeoutMs(), groups.maxSessionTimeoutMs(),
                groups.maxMetadataBytes()), connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another {@code connections.max.idle.ms} */
    public BrokerConfig withConnectionsMaxIdle(Duration maxIdle) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, maxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another bound on incremental fetch sessions */
    public BrokerConfig withFetchSessionsMax(int sessions) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, sessions, logRetentionCheckInterval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with another period of the retention pass */
    public BrokerConfig withLogRetentionCheckInterval(Duration interval) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, interval, transactions, sasl, authorization, listeners);
    }

    /** @return this config with other SASL settings */
    public BrokerConfig withSasl(SaslSettings settings) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions,
                settings, authorization, listeners);
    }

    /** @return this config with other transaction coordinator settings */
    public BrokerConfig withTransactions(TransactionSettings settings) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, settings, sasl, authorization, listeners);
    }

    /** @return this config with another authorizer setting */
    public BrokerConfig withAuthorization(AclSettings settings) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions,
                sasl, settings, listeners);
    }

    /** @return this config with these Kafka listeners instead of the single PLAINTEXT one of {@code kafkaPort} */
    public BrokerConfig withListeners(List<ListenerConfig> configured) {
        return new BrokerConfig(nodeId, host, kafkaPort, httpPort, advertisedHost, advertisedPort, storage, dataDir,
                segmentBytes, flushPolicy, flushInterval, autoCreateTopics, defaultPartitions, maxRequestBytes,
                maxMessageBytes, groups, connectionsMaxIdle, fetchSessionsMax, logRetentionCheckInterval, transactions,
                sasl, authorization, configured);
    }

    /**
     * The Kafka listeners the broker opens, the first being the one {@code bootstrapServers} names.
     *
     * @return {@link #listeners()}, or when none is configured the PLAINTEXT listener named
     *         {@value ListenerConfig#DEFAULT_NAME} of {@code host}, {@code kafkaPort} and {@code advertised*}
     */
    public List<ListenerConfig> effectiveListeners() {
        if (!listeners.isEmpty()) {
            return listeners;
        }
        return List.of(new ListenerConfig(ListenerConfig.DEFAULT_NAME, host, kafkaPort,
                org.apache.kafka.common.security.auth.SecurityProtocol.PLAINTEXT, advertisedHost, advertisedPort,
                Optional.empty()));
    }

    /**
     * The host clients should connect to.
     *
     * @return the advertised host, derived from the bind host when not configured
     */
    public String effectiveAdvertisedHost() {
        if (!advertisedHost.isBlank()) {
            return advertisedHost;
        }
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    static String string(Config node, String key, String defaultValue) {
        try {
            return node.get(key).asString().orElse(defaultValue).trim();
        } catch (ConfigException e) {
            throw new InvalidConfigException("broker." + key, "?", "a string");
        }
    }

    /**
     * Principals ({@code User:alice}) as a YAML list or, as in Kafka's {@code super.users}, one string
     * separated by semicolons.
     */
    private static Set<KafkaPrincipal> principals(Config node, String key) {
        Config value = node.get(key);
        List<String> raw;
        try {
            raw = value.isLeaf()
                    ? List.of(value.asString().orElse("").split(";"))
                    : value.asList(String.class).orElse(List.of());
        } catch (ConfigException e) {
            throw new InvalidConfigException("broker." + key, "?", "principals such as User:admin");
        }
        Set<KafkaPrincipal> principals = new LinkedHashSet<>();
        for (String entry : raw) {
            String principal = entry.trim();
            if (principal.isEmpty()) {
                continue;
            }
            int colon = principal.indexOf(':');
            if (colon <= 0 || colon == principal.length() - 1) {
                throw new InvalidConfigException("broker." + key, principal, "principals such as User:admin (type:name)");
            }
            principals.add(new KafkaPrincipal(principal.substring(0, colon), principal.substring(colon + 1)));
        }
        return principals;
    }

    static int intIn(Config node, String key, int defaultValue, int min, int max) {
        return (int) longIn(node, key, defaultValue, min, max);
    }

    static long longIn(Config node, String key, long defaultValue, long min, long max) {
        String raw = string(node, key, Long.toString(defaultValue));
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("broker." + key, raw, "an integer from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new InvalidConfigException("broker." + key, raw, "an integer from " + min + " to " + max);
        }
        return value;
    }

    private static boolean bool(Config node, String key, boolean defaultValue) {
        String raw = string(node, key, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException("broker." + key, raw, "true or false");
        };
    }

    static <E extends Enum<E>> E choice(Config node, String key, E defaultValue, Class<E> type) {
        String raw = string(node, key, defaultValue.name());
        Optional<E> match = java.util.Arrays.stream(type.getEnumConstants())
                .filter(e -> e.name().equalsIgnoreCase(raw))
                .findFirst();
        return match.orElseThrow(() -> new InvalidConfigException("broker." + key, raw,
                "one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
