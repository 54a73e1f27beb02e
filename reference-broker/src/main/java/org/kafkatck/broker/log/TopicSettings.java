package org.kafkatck.broker.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The configs of one topic: those it was given (its own, as CreateTopics or AlterConfigs set them) and the
 * value of every topic config that applies to it, the rest coming from the broker's defaults.
 *
 * <p>An instance is immutable; a topic swaps in a new one when its configs are altered, so every request
 * reads the settings as they are when it arrives. The names, types, bounds and defaults are Apache Kafka
 * 4.4's topic configs, checked with kafka-clients' {@link ConfigDef}: a value Kafka refuses is refused here
 * with the same message, and an unknown name is refused as Kafka refuses it.
 */
public final class TopicSettings {
    private static final ConfigDef DEFINITION = definition();

    private final Map<String, String> explicit;
    private final Map<String, Object> values;

    private TopicSettings(Map<String, String> explicit, Map<String, Object> values) {
        this.explicit = Collections.unmodifiableMap(new LinkedHashMap<>(explicit));
        this.values = values;
    }

    /**
     * Parses a topic's own configs over the broker's defaults.
     *
     * @param explicit the topic's own configs, by Kafka name
     * @param broker   the broker's log settings, whose values are the defaults of {@code max.message.bytes}
     *                 and {@code segment.bytes}
     * @return the settings that apply to the topic
     * @throws InvalidConfigurationException for an unknown name, a null value, or a value of the wrong type or
     *                                       out of bounds
     */
    public static TopicSettings of(Map<String, String> explicit, LogSettings broker) {
        for (Map.Entry<String, String> config : explicit.entrySet()) {
            if (!DEFINITION.names().contains(config.getKey())) {
                throw new InvalidConfigurationException("Unknown topic config name: " + config.getKey());
            }
            if (config.getValue() == null) {
                throw new InvalidConfigurationException("Null value not supported for topic configs: "
                        + config.getKey());
            }
        }
        Map<String, Object> values;
        try {
            values = DEFINITION.parse(explicit);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        for (Map.Entry<String, Object> fallback : brokerDefaults(broker).entrySet()) {
            if (!explicit.containsKey(fallback.getKey())) {
                values.put(fallback.getKey(), fallback.getValue());
            }
        }
        return new TopicSettings(explicit, Collections.unmodifiableMap(values));
    }

    /** @return the name of every topic config this broker knows, as Apache Kafka names them */
    public static Set<String> names() {
        return DEFINITION.names();
    }

    /**
     * @param name a topic config name from {@link #names()}
     * @return Apache Kafka's documentation of that config
     */
    public static String documentation(String name) {
        return key(name).documentation;
    }

    /**
     * @param name a topic config name from {@link #names()}
     * @return the config's type
     */
    public static Type type(String name) {
        return key(name).type;
    }

    /**
     * @param name a topic config name from {@link #names()}
     * @return Apache Kafka's default of the topic config, rendered as DescribeConfigs renders it (the broker's
     *         own settings aside)
     */
    public static String defaultValue(String name) {
        ConfigDef.ConfigKey key = key(name);
        return ConfigDef.convertToString(key.defaultValue, key.type);
    }

    /** @return the topic's own configs, by name, in the order they were given */
    public Map<String, String> explicit() {
        return explicit;
    }

    /**
     * @param name a topic config name from {@link #names()}
     * @return the value that applies, rendered as Kafka renders it in DescribeConfigs
     */
    public String valueOf(String name) {
        if (explicit.containsKey(name)) {
            return explicit.get(name);
        }
        Object value = values.get(name);
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? null : String.valueOf(value);
    }

    /** @return whether the topic set {@code name} itself, rather than taking the broker's default */
    public boolean isExplicit(String name) {
        return explicit.containsKey(name);
    }

    /** @return {@code cleanup.policy} contains {@code delete}: segments are removed by retention */
    public boolean deletes() {
        return cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    /** @return {@code cleanup.policy} contains {@code compact}: only the latest record per key is kept */
    public boolean compacts() {
        return cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @SuppressWarnings("unchecked")
    private List<String> cleanupPolicy() {
        return (List<String>) values.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    /** @return {@code retention.ms}: how long a segment is kept after its newest record; -1 for ever */
    public long retentionMs() {
        return (Long) values.get(TopicConfig.RETENTION_MS_CONFIG);
    }

    /** @return {@code retention.bytes}: the most a partition keeps; -1 for no limit */
    public long retentionBytes() {
        return (Long) values.get(TopicConfig.RETENTION_BYTES_CONFIG);
    }

    /** @return {@code segment.bytes}: size at which a partition rolls to a new segment */
    public int segmentBytes() {
        return (Integer) values.get(TopicConfig.SEGMENT_BYTES_CONFIG);
    }

    /** @return {@code segment.ms}: age at which a partition rolls to a new segment */
    public long segmentMs() {
        return (Long) values.get(TopicConfig.SEGMENT_MS_CONFIG);
    }

    /** @return {@code delete.retention.ms}: how long a cleaned tombstone stays readable */
    public long deleteRetentionMs() {
        return (Long) values.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
    }

    /** @return {@code min.compaction.lag.ms}: how long a record stays uncompacted */
    public long minCompactionLagMs() {
        return (Long) values.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
    }

    /** @return {@code max.compaction.lag.ms}: how long a record may stay uncompacted at most */
    public long maxCompactionLagMs() {
        return (Long) values.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
    }

    /** @return {@code min.cleanable.dirty.ratio}: the share of uncleaned log that triggers a clean */
    public double minCleanableDirtyRatio() {
        return (Double) values.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG);
    }

    /** @return {@code max.message.bytes}: the largest batch the topic accepts */
    public int maxMessageBytes() {
        return (Integer) values.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    }

    /** @return CreateTime, or LogAppendTime when {@code message.timestamp.type=LogAppendTime} */
    public TimestampType timestampType() {
        return "LogAppendTime".equals(values.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    /** @return {@code message.timestamp.before.max.ms}: how far in the past a CreateTime may lie (KIP-937) */
    public long timestampBeforeMaxMs() {
        return (Long) values.get(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
    }

    /** @return {@code message.timestamp.after.max.ms}: how far in the future a CreateTime may lie (KIP-937) */
    public long timestampAfterMaxMs() {
        return (Long) values.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    }

    /**
     * @return {@code max.decompressed.message.bytes}: the largest record, decompressed, a compressed batch may
     *         hold (Kafka 4.4)
     */
    public int maxDecompressedMessageBytes() {
        return (Integer) values.get(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG);
    }

    /** @return {@code compression.type}: {@code producer} keeps what the producer sent, any other recompresses */
    public String compressionType() {
        return (String) values.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
    }

    /**
     * The broker-level configs a topic config falls back to, in Kafka's order of precedence (the first is
     * the one {@code kafka-configs --describe} shows as the synonym of a topic's own value), each with
     * Apache Kafka's default, or none where Kafka has none. Empty for the topic configs without a broker-level
     * counterpart (the replication throttles, the remote-storage switches).
     *
     * @param name a topic config name from {@link #names()}
     * @return the broker-level synonyms, most specific first
     */
    public static List<BrokerSynonym> brokerSynonyms(String name) {
        key(name);
        return BrokerSynonym.OF_TOPIC_CONFIG.getOrDefault(name, List.of());
    }

    /**
     * A broker-level config that a topic config falls back to (Kafka's {@code ServerTopicConfigSynonyms}).
     *
     * @param name         the broker config's name, e.g. {@code log.retention.hours}
     * @param defaultValue Apache Kafka's default for it, rendered as DescribeConfigs renders it; null where
     *                     the broker config has no default (then it is not listed as a synonym)
     */
    public record BrokerSynonym(String name, String defaultValue) {
        private static final Map<String, List<BrokerSynonym>> OF_TOPIC_CONFIG = synonyms();

        private static Map<String, List<BrokerSynonym>> synonyms() {
            Map<String, List<BrokerSynonym>> s = new LinkedHashMap<>();
            String max = Long.toString(Long.MAX_VALUE);
            s.put(TopicConfig.SEGMENT_BYTES_CONFIG, List.of(of("log.segment.bytes", "1073741824")));
            s.put(TopicConfig.SEGMENT_MS_CONFIG, List.of(of("log.roll.ms", null), of("log.roll.hours", "168")));
            s.put(TopicConfig.SEGMENT_JITTER_MS_CONFIG,
                    List.of(of("log.roll.jitter.ms", null), of("log.roll.jitter.hours", "0")));
            s.put(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, List.of(of("log.index.size.max.bytes", "10485760")));
            s.put(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, List.of(of("log.flush.interval.messages", max)));
            s.put(TopicConfig.FLUSH_MS_CONFIG,
                    List.of(of("log.flush.interval.ms", null), of("log.flush.scheduler.interval.ms", max)));
            s.put(TopicConfig.RETENTION_BYTES_CONFIG, List.of(of("log.retention.bytes", "-1")));
            s.put(TopicConfig.RETENTION_MS_CONFIG, List.of(of("log.retention.ms", null),
                    of("log.retention.minutes", null), of("log.retention.hours", "168")));
            s.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, List.of(of("message.max.bytes", "1048588")));
            s.put(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG,
                    List.of(of("max.decompressed.message.bytes", "2147483639")));
            s.put(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, List.of(of("log.index.interval.bytes", "4096")));
            s.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, List.of(of("log.cleaner.delete.retention.ms", "86400000")));
            s.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, List.of(of("log.cleaner.min.compaction.lag.ms", "0")));
            s.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, List.of(of("log.cleaner.max.compaction.lag.ms", max)));
            s.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, List.of(of("log.segment.delete.delay.ms", "60000")));
            s.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, List.of(of("log.cleaner.min.cleanable.ratio", "0.5")));
            s.put(TopicConfig.CLEANUP_POLICY_CONFIG, List.of(of("log.cleanup.policy", "delete")));
            s.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
                    List.of(of("unclean.leader.election.enable", "false")));
            s.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, List.of(of("min.insync.replicas", "1")));
            s.put(TopicConfig.COMPRESSION_TYPE_CONFIG, List.of(of("compression.type", "producer")));
            s.put(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, List.of(of("compression.gzip.level", "-1")));
            s.put(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, List.of(of("compression.lz4.level", "9")));
            s.put(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, List.of(of("compression.zstd.level", "3")));
            s.put(TopicConfig.PREALLOCATE_CONFIG, List.of(of("log.preallocate", "false")));
            s.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, List.of(of("log.message.timestamp.type", "CreateTime")));
            s.put(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                    List.of(of("log.message.timestamp.before.max.ms", max)));
            s.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                    List.of(of("log.message.timestamp.after.max.ms", "3600000")));
            s.put(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, List.of(of("log.local.retention.ms", "-2")));
            s.put(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, List.of(of("log.local.retention.bytes", "-2")));
            s.put(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, List.of(of("log.remote.copy.lag.ms", "0")));
            s.put(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, List.of(of("log.remote.copy.lag.bytes", "-1")));
            return Collections.unmodifiableMap(s);
        }

        private static BrokerSynonym of(String name, String defaultValue) {
            return new BrokerSynonym(name, defaultValue);
        }
    }

    private static Map<String, Object> brokerDefaults(LogSettings broker) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, broker.maxMessageBytes());
        // The broker may roll smaller segments than a topic may ask for (tests use that); a topic's own
        // segment.bytes still has Kafka's lower bound.
        defaults.put(TopicConfig.SEGMENT_BYTES_CONFIG, (int) Math.min(Integer.MAX_VALUE, broker.segmentBytes()));
        return defaults;
    }

    private static ConfigDef.ConfigKey key(String name) {
        ConfigDef.ConfigKey key = DEFINITION.configKeys().get(name);
        if (key == null) {
            throw new IllegalArgumentException("Unknown topic config name: " + name);
        }
        return key;
    }

    private static ConfigDef definition() {
        Importance m = Importance.MEDIUM;
        return new ConfigDef()
                .define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, 1 << 30, Range.atLeast(1024 * 1024), m,
                        TopicConfig.SEGMENT_BYTES_DOC)
                .define(TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, 604_800_000L, Range.atLeast(1), m,
                        TopicConfig.SEGMENT_MS_DOC)
                .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), m,
                        TopicConfig.SEGMENT_JITTER_MS_DOC)
                .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, 10_485_760, Range.atLeast(4), m,
                        TopicConfig.SEGMENT_INDEX_BYTES_DOC)
                .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Long.MAX_VALUE, Range.atLeast(1), m,
                        TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
                .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, Long.MAX_VALUE, Range.atLeast(0), m,
                        TopicConfig.FLUSH_MS_DOC)
                .define(TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, -1L, m, TopicConfig.RETENTION_BYTES_DOC)
                .define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, 604_800_000L, Range.atLeast(-1), m,
                        TopicConfig.RETENTION_MS_DOC)
                .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, 1_048_588, Range.atLeast(0), m,
                        TopicConfig.MAX_MESSAGE_BYTES_DOC)
                .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, 4096, Range.atLeast(0), m,
                        TopicConfig.INDEX_INTERVAL_BYTES_DOC)
                .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0), m,
                        TopicConfig.DELETE_RETENTION_MS_DOC)
                .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), m,
                        TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, Long.MAX_VALUE, Range.atLeast(1), m,
                        TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), m,
                        TopicConfig.FILE_DELETE_DELAY_MS_DOC)
                .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, 0.5, Range.between(0, 1), m,
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
                .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                        ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE), m,
                        TopicConfig.CLEANUP_POLICY_DOC)
                .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false, m,
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC)
                .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(1), m,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
                .define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, "producer",
                        ValidString.in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), m,
                        TopicConfig.COMPRESSION_TYPE_DOC)
                .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, -1,
                        ConfigDef.LambdaValidator.with((name, value) -> {
                            int level = (Integer) value;
                            if (level != -1 && (level < 1 || level > 9)) {
                                throw new ConfigException(name, value, "Value must be -1 or between 1 and 9");
                            }
                        }, () -> "[1,...,9] or -1"), m, TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, Range.between(1, 17), m,
                        TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, Range.between(-131072, 22), m,
                        TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC)
                .define(TopicConfig.PREALLOCATE_CONFIG, Type.BOOLEAN, false, m, TopicConfig.PREALLOCATE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING, "CreateTime",
                        ValidString.in("CreateTime", "LogAppendTime"), m, TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, Long.MAX_VALUE,
                        Range.atLeast(0), m, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, 3_600_000L,
                        Range.atLeast(0), m, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
                // Replication throttles are server-side names (no TopicConfig constant); accepted and kept,
                // without effect on a single broker.
                .define("leader.replication.throttled.replicas", Type.LIST, "", m,
                        "Replicas whose log replication is throttled on the leader side.")
                .define("follower.replication.throttled.replicas", Type.LIST, "", m,
                        "Replicas whose log replication is throttled on the follower side.")
                .define(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, Type.BOOLEAN, false, m,
                        TopicConfig.REMOTE_LOG_STORAGE_ENABLE_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, Type.LONG, -2L, Range.atLeast(-2), m,
                        TopicConfig.LOCAL_LOG_RETENTION_MS_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, Type.LONG, -2L, Range.atLeast(-2), m,
                        TopicConfig.LOCAL_LOG_RETENTION_BYTES_DOC)
                .define(TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, Type.BOOLEAN, false, m,
                        TopicConfig.REMOTE_LOG_COPY_DISABLE_DOC)
                .define(TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, Type.BOOLEAN, false, m,
                        TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_DOC)
                // Kafka 4.4 additions: accepted, kept and described; no effect on this broker.
                .define(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, Type.INT, 2_147_483_639,
                        Range.between(1, 2_147_483_639), m, TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_DOC)
                .define(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, Type.LONG, 0L, Range.atLeast(-1), m,
                        TopicConfig.REMOTE_COPY_LAG_MS_DOC)
                .define(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, Type.LONG, -1L, Range.atLeast(-1), m,
                        TopicConfig.REMOTE_COPY_LAG_BYTES_DOC)
                .define(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, Type.BOOLEAN, false, m,
                        TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_DOC);
    }
}
