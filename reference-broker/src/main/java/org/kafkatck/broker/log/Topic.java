package org.kafkatck.broker.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.TimestampType;

/**
 * A topic: its name, its id (KIP-516), its partitions' logs and its configs. The configs can be altered
 * while the topic is served: each request reads {@link #settings()} once and acts on that snapshot.
 */
public final class Topic {
    private final String name;
    private final Uuid id;
    private volatile TopicSettings settings;
    private volatile List<PartitionLog> partitions;

    Topic(String name, Uuid id, TopicSettings settings, List<PartitionLog> partitions) {
        this.name = name;
        this.id = id;
        this.settings = settings;
        this.partitions = List.copyOf(partitions);
        partitions.forEach(log -> log.bindTo(this));
    }

    /** @return the topic's name */
    public String name() {
        return name;
    }

    /** @return the topic's id */
    public Uuid id() {
        return id;
    }

    /** @return the configs that apply to the topic now */
    public TopicSettings settings() {
        return settings;
    }

    /** @return the topic's own configs (given at creation or altered since) */
    public Map<String, String> configs() {
        return settings.explicit();
    }

    /** @return CreateTime, or LogAppendTime when {@code message.timestamp.type=LogAppendTime} */
    public TimestampType timestampType() {
        return settings.timestampType();
    }

    /** @return largest batch this topic accepts */
    public int maxMessageBytes() {
        return settings.maxMessageBytes();
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

    /**
     * A topic found on disk at start, whose partitions open in the background while it is served (see
     * {@link OpeningPartitions}).
     *
     * @param open opens the log of a partition, by number
     */
    Topic(String name, Uuid id, TopicSettings settings, int partitions, IntFunction<PartitionLog> open) {
        this.name = name;
        this.id = id;
        this.settings = settings;
        this.partitions = new OpeningPartitions(partitions, p -> {
            PartitionLog log = open.apply(p);
            log.bindTo(this);
            return log;
        });
    }

    /**
     * @return the partitions whose logs are open now, without waiting for those still opening at start (work
     *         that only concerns open logs: flushes, retention, idle files)
     */
    public List<PartitionLog> openPartitions() {
        List<PartitionLog> current = partitions;
        if (!(current instanceof OpeningPartitions opening)) {
            return current;
        }
        List<PartitionLog> open = new java.util.ArrayList<>(opening.size());
        for (int p = 0; p < opening.size(); p++) {
            PartitionLog log = opening.ifOpen(p);
            if (log != null) {
                open.add(log);
            }
        }
        return open;
    }

    /** @return the partitions as found at start while they may still be opening, or empty once altered */
    Optional<OpeningPartitions> opening() {
        return partitions instanceof OpeningPartitions opening ? Optional.of(opening) : Optional.empty();
    }

    /**
     * Replaces the opening partitions by a plain list once every one is open, so that produce and fetch no longer
     * go through a task per partition; nothing happens if the partitions were altered meanwhile.
     */
    void settle(OpeningPartitions opened) {
        if (partitions == opened) {
            partitions = List.copyOf(opened);
        }
    }

    void setSettings(TopicSettings settings) {
        this.settings = settings;
    }

    void setPartitions(List<PartitionLog> logs) {
        logs.forEach(log -> log.bindTo(this));
        this.partitions = List.copyOf(logs);
    }
}
