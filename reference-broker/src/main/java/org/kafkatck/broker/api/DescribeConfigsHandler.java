package org.kafkatck.broker.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * DescribeConfigs (key 32): the configs of a topic or of this broker, as {@code kafka-topics.sh
 * --describe} and {@code kafka-configs.sh --describe} show them.
 *
 * <ul>
 *   <li>v1: the oldest Kafka 4 keeps (KIP-896): each config's source, and synonyms on request.</li>
 *   <li>v2: same format. v3: config type and documentation (KIP-569). v4: flexible versions.</li>
 * </ul>
 * A topic reports the configs it was created with (source TOPIC_CONFIG) and the broker defaults that
 * apply to it (DEFAULT_CONFIG); the broker reports its settings under their Apache Kafka names. An unknown
 * topic gets UNKNOWN_TOPIC_OR_PARTITION, another broker's id or another resource type INVALID_REQUEST.
 */
public final class DescribeConfigsHandler extends VersionedHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {
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
            if (type == ConfigResource.Type.TOPIC) {
                describeTopic(resource, result);
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
                               DescribeConfigsResponseData.DescribeConfigsResult result) {
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
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        defaults.put(TopicConfig.COMPRESSION_TYPE_CONFIG, "producer");
        defaults.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(config.maxMessageBytes()));
        defaults.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        defaults.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        defaults.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        defaults.put(TopicConfig.RETENTION_MS_CONFIG, "604800000");
        defaults.put(TopicConfig.SEGMENT_BYTES_CONFIG, Long.toString(config.segmentBytes()));
        Map<String, String> explicit = topic.configs();
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            add(resource, result, e.getKey(), e.getValue(), ConfigSource.TOPIC_CONFIG);
        }
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            if (!explicit.containsKey(e.getKey())) {
                add(resource, result, e.getKey(), e.getValue(), ConfigSource.DEFAULT_CONFIG);
            }
        }
        result.setErrorCode(Errors.NONE.code());
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
