package org.kafkatck.broker.log;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

/**
 * A topic: its name, its id (KIP-516), its partitions' logs and the configs it was created with.
 */
public final class Topic {
    private final String name;
    private final Uuid id;
    private final Map<String, String> configs;
    private final TimestampType timestampType;
    private final int maxMessageBytes;
    private volatile List<PartitionLog> partitions;

    Topic(String name, Uuid id, Map<String, String> configs, List<PartitionLog> partitions, int defaultMaxMessageBytes) {
        this.name = name;
        this.id = id;
        this.configs = Map.copyOf(configs);
        this.partitions = List.copyOf(partitions);
        this.timestampType = "LogAppendTime".equals(configs.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        this.maxMessageBytes = configs.containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                ? Integer.parseInt(configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) : defaultMaxMessageBytes;
    }

    /** @return the topic's name */
    public String name() {
        return name;
    }

    /** @return the topic's id */
    public Uuid id() {
        return id;
    }

    /** @return configs given at creation */
    public Map<String, String> configs() {
        return configs;
    }

    /** @return CreateTime, or LogAppendTime when {@code message.timestamp.type=LogAppendTime} */
    public TimestampType timestampType() {
        return timestampType;
    }

    /** @return largest batch this topic accepts */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** @return the partitions' logs, by partition number */
    public List<PartitionLog> partitions() {
        return partitions;
    }

    /** @return the log of partition {@code index}, or {@code null} when the topic has no such partition */
    public PartitionLog partition(int index) {
        List<PartitionLog> current = partitions;
        return index >= 0 && index < current.size() ? current.get(index) : null;
    }

    void setPartitions(List<PartitionLog> logs) {
        this.partitions = List.copyOf(logs);
    }
}
