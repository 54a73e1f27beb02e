package org.kafkatck.broker.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * All topics of the broker and their logs: creation (with Kafka's naming rules), deletion, adding
 * partitions, and, on disk, the topic metadata that lets a restarted broker find them again.
 *
 * <p>Layout under the data directory: {@code <topic>/topic.properties} (id, partition count,
 * configs) and {@code <topic>/<partition>/} with the partition's segments.
 */
public final class LogManager implements AutoCloseable {
    private static final String TOPIC_FILE = "topic.properties";
    /** A single node holds at most this many partitions per topic; more is refused rather than attempted. */
    public static final int MAX_PARTITIONS_PER_TOPIC = 10_000;
    private static final Set<String> KNOWN_TOPIC_CONFIGS = topicConfigNames();

    private final LogSettings settings;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<Uuid, Topic> topicsById = new ConcurrentHashMap<>();
    private final Object adminLock = new Object();
    private final List<java.util.function.Consumer<String>> deletionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private LogManager(LogSettings settings) {
        this.settings = settings;
    }

    /** Opens the logs of every topic found under the data directory (nothing for memory storage). */
    public static LogManager open(LogSettings settings) {
        LogManager manager = new LogManager(settings);
        if (settings.durable()) {
            manager.loadTopics();
        }
        return manager;
    }

    /** @return the settings the logs were opened with */
    public LogSettings settings() {
        return settings;
    }

    /** @return the topic called {@code name} */
    public Optional<Topic> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    /** @return the topic with id {@code id} */
    public Optional<Topic> topic(Uuid id) {
        return Optional.ofNullable(topicsById.get(id));
    }

    /** @return every topic, sorted by name */
    public List<Topic> topics() {
        return topics.values().stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    /** @return total partitions across topics */
    public int partitionCount() {
        return topics.values().stream().mapToInt(t -> t.partitions().size()).sum();
    }

    /**
     * Checks that a topic could be created, without creating it (CreateTopics validate-only).
     *
     * @throws InvalidTopicException          for an illegal name, or one colliding with an existing name
     * @throws TopicExistsException           when the topic exists
     * @throws InvalidPartitionsException     for a partition count below 1
     * @throws InvalidConfigurationException  for an unknown or invalid topic config
     */
    public void validateNewTopic(String name, int partitions, Map<String, String> configs) {
        org.apache.kafka.common.internals.Topic.validate(name);
        if (topics.containsKey(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        for (String existing : topics.keySet()) {
            if (org.apache.kafka.common.internals.Topic.hasCollision(name, existing)) {
                throw new InvalidTopicException("Topic '" + name + "' collides with existing topic '" + existing
                        + "': '.' and '_' are interchangeable in metric names.");
            }
        }
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0, got " + partitions + ".");
        }
        if (partitions > MAX_PARTITIONS_PER_TOPIC) {
            throw new InvalidPartitionsException("Number of partitions " + partitions + " exceeds this broker's limit of "
                    + MAX_PARTITIONS_PER_TOPIC + " per topic.");
        }
        validateConfigs(configs);
    }

    /**
     * Creates a topic with a new id.
     *
     * @return the new topic
     * @see #validateNewTopic for the exceptions
     */
    public Topic createTopic(String name, int partitions, Map<String, String> configs) {
        synchronized (adminLock) {
            validateNewTopic(name, partitions, configs);
            Uuid id = Uuid.randomUuid();
            List<PartitionLog> logs = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                logs.add(PartitionLog.open(new TopicPartition(name, p), settings));
            }
            Topic topic = new Topic(name, id, configs, logs, settings.maxMessageBytes());
            writeTopicFile(topic);
            topics.put(name, topic);
            topicsById.put(id, topic);
            return topic;
        }
    }

    /**
     * Deletes a topic and all its data.
     *
     * @throws UnknownTopicOrPartitionException when there is no such topic
     */
    public void deleteTopic(String name) {
        synchronized (adminLock) {
            Topic topic = topics.remove(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
            }
            topicsById.remove(topic.id());
            for (PartitionLog log : topic.partitions()) {
                log.delete();
            }
            if (settings.durable()) {
                deleteRecursively(settings.dataDir().resolve(name));
            }
        }
        deletionListeners.forEach(listener -> listener.accept(name));
    }

    /** Registers a callback told the name of every deleted topic (to clean up what refers to it). */
    public void onTopicDeleted(java.util.function.Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /** @return whether the partition exists */
    public boolean exists(TopicPartition tp) {
        Topic topic = topics.get(tp.topic());
        return topic != null && topic.partition(tp.partition()) != null;
    }

    /**
     * Grows a topic to {@code totalCount} partitions (CreatePartitions). Partitions are never removed.
     *
     * @param validateOnly only check
     * @throws UnknownTopicOrPartitionException when there is no such topic
     * @throws InvalidPartitionsException       when {@code totalCount} is not larger than the current count
     */
    public void createPartitions(String name, int totalCount, boolean validateOnly) {
        synchronized (adminLock) {
            Topic topic = topics.get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
            }
            int current = topic.partitions().size();
            if (totalCount < current) {
                throw new InvalidPartitionsException("Topic currently has " + current
                        + " partitions, which is higher than the requested " + totalCount + ".");
            }
            if (totalCount == current) {
                throw new InvalidPartitionsException("Topic already has " + current + " partitions.");
            }
            if (totalCount > MAX_PARTITIONS_PER_TOPIC) {
                throw new InvalidPartitionsException("Number of partitions " + totalCount + " exceeds this broker's limit of "
                        + MAX_PARTITIONS_PER_TOPIC + " per topic.");
            }
            if (validateOnly) {
                return;
            }
            List<PartitionLog> logs = new ArrayList<>(topic.partitions());
            for (int p = current; p < totalCount; p++) {
                logs.add(PartitionLog.open(new TopicPartition(name, p), settings));
            }
            topic.setPartitions(logs);
            writeTopicFile(topic);
        }
    }

    /** Forces every log with unflushed appends to disk. */
    public void flushAll() {
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.partitions()) {
                log.flush();
            }
        }
    }

    @Override
    public void close() {
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.partitions()) {
                log.close();
            }
        }
    }

    private static void validateConfigs(Map<String, String> configs) {
        for (Map.Entry<String, String> config : configs.entrySet()) {
            String key = config.getKey();
            String value = config.getValue();
            if (!KNOWN_TOPIC_CONFIGS.contains(key)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + key);
            }
            if (value == null) {
                throw new InvalidConfigurationException("Null value not supported for topic config " + key);
            }
            if (key.equals(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)
                    && !value.equals("CreateTime") && !value.equals("LogAppendTime")) {
                throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + key
                        + ": String must be one of: CreateTime, LogAppendTime");
            }
            if (key.equals(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
                try {
                    if (Integer.parseInt(value) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + key
                            + ": Not a number of type INT at least 0");
                }
            }
        }
    }

    private static Set<String> topicConfigNames() {
        // kafka-clients' TopicConfig lists every topic-level config as a *_CONFIG constant
        Set<String> names = new java.util.HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")
                    && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }

    private void loadTopics() {
        Path root = settings.dataDir();
        try {
            Files.createDirectories(root);
            List<Path> dirs;
            try (Stream<Path> list = Files.list(root)) {
                dirs = list.filter(d -> Files.isRegularFile(d.resolve(TOPIC_FILE))).toList();
            }
            for (Path dir : dirs) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(dir.resolve(TOPIC_FILE))) {
                    props.load(in);
                }
                String name = props.getProperty("name");
                Uuid id = Uuid.fromString(props.getProperty("id"));
                int partitions = Integer.parseInt(props.getProperty("partitions"));
                Map<String, String> configs = new HashMap<>();
                for (String key : props.stringPropertyNames()) {
                    if (key.startsWith("config.")) {
                        configs.put(key.substring("config.".length()), props.getProperty(key));
                    }
                }
                List<PartitionLog> logs = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    logs.add(PartitionLog.open(new TopicPartition(name, p), settings));
                }
                Topic topic = new Topic(name, id, configs, logs, settings.maxMessageBytes());
                topics.put(name, topic);
                topicsById.put(id, topic);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load topics from " + root + ": " + e.getMessage(), e);
        }
    }

    private void writeTopicFile(Topic topic) {
        if (!settings.durable()) {
            return;
        }
        Path dir = settings.dataDir().resolve(topic.name());
        Map<String, String> values = new TreeMap<>();
        values.put("name", topic.name());
        values.put("id", topic.id().toString());
        values.put("partitions", Integer.toString(topic.partitions().size()));
        topic.configs().forEach((k, v) -> values.put("config." + k, v));
        Properties props = new Properties();
        props.putAll(values);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(TOPIC_FILE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "Kafka TCK reference broker topic metadata");
            }
            Files.move(tmp, dir.resolve(TOPIC_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metadata of topic " + topic.name(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    /** @return every topic as a read-only view, for metrics */
    public Collection<Topic> topicView() {
        return java.util.Collections.unmodifiableCollection(topics.values());
    }
}
