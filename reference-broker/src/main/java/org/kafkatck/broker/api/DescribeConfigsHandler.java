package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;
import org.kafkatck.broker.log.TopicSettings;

/**
 * DescribeConfigs (key 32): the configs of a topic or of this broker, as {@code kafka-topics.sh
 * --describe} and {@code kafka-configs.sh --describe} show them.
 *
 * <ul>
 *   <li>v1: the oldest Kafka 4 keeps (KIP-896): each config's source, and synonyms on request.</li>
 *   <li>v2: same format. v3: config type and documentation (KIP-569). v4: flexible versions.</li>
 * </ul>
 * A topic reports every topic config Kafka defines: those set on it (source DYNAMIC_TOPIC_CONFIG, as
 * CreateTopics or the AlterConfigs APIs set them), the broker's own settings that apply to it
 * (STATIC_BROKER_CONFIG), the cluster-wide {@code min.insync.replicas} a new Kafka 4.4 cluster has
 * (DYNAMIC_DEFAULT_BROKER_CONFIG) and Kafka's defaults (DEFAULT_CONFIG); on request the synonyms (the topic config,
 * then its broker-level names) and, from v3, each config's documentation. The broker reports its settings under their Apache Kafka names. An unknown
 * topic gets UNKNOWN_TOPIC_OR_PARTITION, another broker's id or another resource type INVALID_REQUEST.
 * A topic's configs need TOPIC DESCRIBE_CONFIGS (else TOPIC_AUTHORIZATION_FAILED), a broker's CLUSTER
 * DESCRIBE_CONFIGS (else CLUSTER_AUTHORIZATION_FAILED), as Kafka's ConfigHelper.
 */
public final class DescribeConfigsHandler extends VersionedHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {
    /** Apache Kafka's default {@code message.max.bytes}: a broker configured otherwise reports its own value. */
    private static final int KAFKA_MESSAGE_MAX_BYTES = 1_048_588;
    /** Apache Kafka's default {@code log.segment.bytes}. */
    private static final long KAFKA_LOG_SEGMENT_BYTES = 1L << 30;

    /**
     * Cluster-wide dynamic defaults, as a freshly formatted Apache Kafka 4.4 cluster has them: formatting
     * with eligible leader replicas (KIP-966, on by default) sets {@code min.insync.replicas} for the
     * cluster, so a topic's {@code min.insync.replicas} comes from DYNAMIC_DEFAULT_BROKER_CONFIG there, and
     * {@code kafka-topics.sh --describe} lists it among the topic's configs.
     */
    private static final Map<String, String> DYNAMIC_DEFAULT_BROKER = Map.of("min.insync.replicas", "1");

    private final LogManager logs;
    private final BrokerConfig config;

    /**
     * @param logs   the topics
     * @param config this broker's settings
     */
    public DescribeConfigsHandler(LogManager logs, BrokerConfig config) {
        super(ApiKeys.DESCRIBE_CONFIGS, 1, 4);
        this.logs = logs;
        this.config = config;
    }

    @Override
    public DescribeConfigsResponseData handle(RequestContext context, DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            Errors refused = ConfigAccess.refusal(context, AclOperation.DESCRIBE_CONFIGS, resource.resourceType(),
                    resource.resourceName());
            if (refused != null) {
                result.setErrorCode(refused.code()).setErrorMessage(refused.message()).setConfigs(List.of());
            } else if (type == ConfigResource.Type.TOPIC) {
                describeTopic(resource, result, request.includeSynonyms(), request.includeDocumentation());
            } else if (type == ConfigResource.Type.BROKER) {
                describeBroker(resource, result);
            } else {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Describing configs of resource type " + type + " is not supported by this broker");
            }
            response.results().add(result);
        }
        return response;
    }

    private void describeTopic(DescribeConfigsRequestData.DescribeConfigsResource resource,
                               DescribeConfigsResponseData.DescribeConfigsResult result, boolean includeSynonyms,
                               boolean includeDocumentation) {
        String name = resource.resourceName();
        Topic topic = logs.topic(name).orElse(null);
        if (topic == null) {
            Errors error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            try {
                org.apache.kafka.common.internals.Topic.validate(name);
            } catch (InvalidTopicException e) {
                error = Errors.INVALID_TOPIC_EXCEPTION;
            }
            result.setErrorCode(error.code()).setErrorMessage("Topic " + name + " does not exist.");
            return;
        }
        TopicSettings settings = topic.settings();
        Map<String, String> staticBroker = staticBrokerConfigs();
        for (String key : TopicSettings.names()) {
            if (resource.configurationKeys() != null && !resource.configurationKeys().contains(key)) {
                continue;
            }
            String value = settings.valueOf(key);
            List<DescribeConfigsResponseData.DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (settings.isExplicit(key)) {
                synonyms.add(synonym(key, value, ConfigSource.TOPIC_CONFIG));
            }
            synonyms.addAll(brokerSynonyms(key, staticBroker));
            byte source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG.id() : synonyms.get(0).source();
            result.configs().add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                    .setName(key).setValue(value).setReadOnly(false).setConfigSource(source)
                    .setIsSensitive(false)
                    .setSynonyms(includeSynonyms ? synonyms : new ArrayList<>())
                    .setConfigType(configType(TopicSettings.type(key)).id())
                    .setDocumentation(includeDocumentation ? TopicSettings.documentation(key) : null));
        }
        result.setErrorCode(Errors.NONE.code());
    }

    /**
     * The broker-level synonyms of a topic config as Apache Kafka lists them: the values this broker was
     * configured with, then Kafka's defaults, starting from the topic config's first broker-level name
     * (Kafka drops the synonyms before it: a default {@code retention.ms} lists none, because only
     * {@code log.retention.hours}, not {@code log.retention.ms}, has a default).
     */
    private static List<DescribeConfigsResponseData.DescribeConfigsSynonym> brokerSynonyms(
            String name, Map<String, String> staticBroker) {
        List<TopicSettings.BrokerSynonym> names = TopicSettings.brokerSynonyms(name);
        List<DescribeConfigsResponseData.DescribeConfigsSynonym> found = new ArrayList<>();
        for (TopicSettings.BrokerSynonym synonym : names) {
            if (DYNAMIC_DEFAULT_BROKER.containsKey(synonym.name())) {
                found.add(synonym(synonym.name(), DYNAMIC_DEFAULT_BROKER.get(synonym.name()),
                        ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
            }
        }
        for (TopicSettings.BrokerSynonym synonym : names) {
            if (staticBroker.containsKey(synonym.name())) {
                found.add(synonym(synonym.name(), staticBroker.get(synonym.name()), ConfigSource.STATIC_BROKER_CONFIG));
            }
        }
        for (TopicSettings.BrokerSynonym synonym : names) {
            if (synonym.defaultValue() != null) {
                found.add(synonym(synonym.name(), synonym.defaultValue(), ConfigSource.DEFAULT_CONFIG));
            }
        }
        if (names.isEmpty()) {
            return found;
        }
        String first = names.get(0).name();
        int from = 0;
        while (from < found.size() && !found.get(from).name().equals(first)) {
            from++;
        }
        return new ArrayList<>(found.subList(from, found.size()));
    }

    /** The broker settings that differ from Apache Kafka's defaults, under Kafka's broker config names. */
    private Map<String, String> staticBrokerConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        if (config.maxMessageBytes() != KAFKA_MESSAGE_MAX_BYTES) {
            configs.put("message.max.bytes", Integer.toString(config.maxMessageBytes()));
        }
        if (config.segmentBytes() != KAFKA_LOG_SEGMENT_BYTES) {
            configs.put("log.segment.bytes", Long.toString(config.segmentBytes()));
        }
        return configs;
    }

    private static DescribeConfigsResponseData.DescribeConfigsSynonym synonym(String name, String value,
                                                                              ConfigSource source) {
        return new DescribeConfigsResponseData.DescribeConfigsSynonym().setName(name).setValue(value)
                .setSource(source.id());
    }

    private static ConfigType configType(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }

    private void describeBroker(DescribeConfigsRequestData.DescribeConfigsResource resource,
                                DescribeConfigsResponseData.DescribeConfigsResult result) {
        String name = resource.resourceName();
        if (!name.isEmpty() && !name.equals(Integer.toString(config.nodeId()))) {
            result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unexpected broker id, expected "
                    + config.nodeId() + " or empty string, but received " + name);
            return;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("node.id", Integer.toString(config.nodeId()));
        settings.put("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()));
        settings.put("num.partitions", Integer.toString(config.defaultPartitions()));
        settings.put("message.max.bytes", Integer.toString(config.maxMessageBytes()));
        settings.put("log.segment.bytes", Long.toString(config.segmentBytes()));
        settings.put("socket.request.max.bytes", Integer.toString(config.maxRequestBytes()));
        settings.put("group.initial.rebalance.delay.ms", Integer.toString(config.groups().initialRebalanceDelayMs()));
        settings.put("group.min.session.timeout.ms", Integer.toString(config.groups().minSessionTimeoutMs()));
        settings.put("group.max.session.timeout.ms", Integer.toString(config.groups().maxSessionTimeoutMs()));
        settings.forEach((key, value) -> add(resource, result, key, value, ConfigSource.STATIC_BROKER_CONFIG));
        result.setErrorCode(Errors.NONE.code());
    }

    private static void add(DescribeConfigsRequestData.DescribeConfigsResource resource,
                            DescribeConfigsResponseData.DescribeConfigsResult result, String name, String value,
                            ConfigSource source) {
        if (resource.configurationKeys() != null && !resource.configurationKeys().contains(name)) {
            return;
        }
        result.configs().add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                .setName(name).setValue(value).setReadOnly(source != ConfigSource.TOPIC_CONFIG)
                .setConfigSource(source.id()).setIsSensitive(false).setConfigType((byte) 0)
                .setDocumentation(null));
    }
}
