package org.kafkatck.broker.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.kafkatck.broker.storage.AtomicFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * All topics of the broker and their logs: creation (with Kafka's naming rules), deletion, adding
 * partitions, and, on disk, the topic metadata that lets a restarted broker find them again.
 *
 * <p>Layout under the data directory: {@code <topic>/topic.properties} (id, partition count,
 * configs) and {@code <topic>/<partition>/} with the partition's segments.
 */
public final class LogManager implements AutoCloseable {
    private static final String TOPIC_FILE = "topic.properties";
    /** Written as the last step of a clean shutdown, removed at start: its absence means a crash. */
    private static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    /** Per partition, the offset up to which its log is known to be flushed. */
    private static final String RECOVERY_CHECKPOINT_FILE = "recovery-point-offset-checkpoint";
    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());
    /** A single node holds at most this many partitions per topic; more is refused rather than attempted. */
    public static final int MAX_PARTITIONS_PER_TOPIC = 10_000;
    /** Threads that open the partitions at start. */
    private static final int LOAD_THREADS = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);

    private final LogSettings settings;
    private final LogDirectory directory;
    private final SegmentFiles files;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<Uuid, Topic> topicsById = new ConcurrentHashMap<>();
    private final Object adminLock = new Object();
    private final List<java.util.function.Consumer<String>> deletionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private Map<TopicPartition, Long> checkpointed = Map.of();
    /** Whether the start found the last shutdown clean. */
    private boolean startedClean = true;
    /** Each partition's recovery point as the checkpoint found at start holds it. */
    private Map<TopicPartition, Long> startPoints = Map.of();
    /** This start's number ({@link BrokerTerm}): it numbers the leader epoch of every partition opened. */
    private long term;
    private volatile java.util.concurrent.ScheduledExecutorService retention;
    /** Starts the threads that open the partitions found at start; run once, by {@link #loadInBackground()}. */
    private Runnable loaders = () -> { };
    /** Counted down by each thread opening the partitions found at start, as it ends. */
    private volatile java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(0);

    private LogManager(LogSettings settings, LogDirectory directory, SegmentFiles files) {
        this.settings = settings;
        this.directory = directory;
        this.files = files;
    }

    /** Opens the logs of every topic found under the data directory (nothing for memory storage). */
    public static LogManager open(LogSettings settings) {
        return open(settings, settings.durable() ? LogDirectory.of(settings.dataDir()) : LogDirectory.memory());
    }

    /**
     * Opens the logs of every topic found under the data directory (nothing for memory storage), and returns
     * once all are open. After a clean shutdown the logs are taken as they are; after a crash each partition
     * is validated from its last flushed offset on.
     *
     * @param directory the data directory's state, shared with the broker's other stores
     * @throws KafkaStorageException when a log cannot be opened (those that could are closed again)
     */
    public static LogManager open(LogSettings settings, LogDirectory directory) {
        return open(settings, directory, SegmentFiles.DISK);
    }

    static LogManager open(LogSettings settings, LogDirectory directory, SegmentFiles files) {
        LogManager manager = openLazily(settings, directory, files);
        manager.loadInBackground();
        try {
            manager.awaitLoaded();
        } catch (RuntimeException e) {
            manager.closeLogs();
            throw e;
        }
        return manager;
    }

    /**
     * Finds the topics under the data directory and returns before their partitions are open: the topics are
     * known at once, and a partition is opened (and recovered) when first asked for (see
     * {@link OpeningPartitions}), by {@link #loadInBackground()}'s threads, or by {@link #awaitLoaded()}. A broker
     * answers its clients this way while it loads thousands of partitions.
     *
     * @throws UncheckedIOException when the data directory or a topic's file cannot be read
     */
    public static LogManager openLazily(LogSettings settings, LogDirectory directory) {
        return openLazily(settings, directory, SegmentFiles.DISK);
    }

    private static LogManager openLazily(LogSettings settings, LogDirectory directory, SegmentFiles files) {
        LogManager manager = new LogManager(settings, directory, files);
        if (settings.durable()) {
            manager.loadTopics();
        }
        return manager;
    }

    /**
     * Starts opening every partition not yet open on {@link #LOAD_THREADS} threads: a start is mostly waiting on
     * small reads and directory listings, which overlap well even on few cores (Kafka recovers logs on
     * {@code num.recovery.threads.per.data.dir} threads for the same reason). Only the first call starts them.
     */
    public synchronized void loadInBackground() {
        Runnable start = loaders;
        loaders = () -> { };
        start.run();
    }

    /**
     * Waits until every partition found at start is open, opening on this thread those no loader has begun.
     *
     * @throws KafkaStorageException the first log that could not be opened (the caller closes this manager,
     *                               which then does not mark the shutdown clean)
     */
    public void awaitLoaded() {
        try {
            loading.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStorageException("Interrupted while the logs were opening", e);
        }
        for (Topic topic : topics.values()) {
            topic.opening().ifPresent(OpeningPartitions::awaitAll);
        }
        synchronized (adminLock) {
            for (Topic topic : topics.values()) {
                topic.opening().ifPresent(topic::settle);
            }
        }
    }

    /**
     * @return whether the logs found at start may be trusted at the next one: after a clean start, unless one
     *         could not be opened; after a crash, only once each has been opened, and so recovered
     */
    private boolean loadedLogsTrusted() {
        for (Topic topic : topics.values()) {
            OpeningPartitions opening = topic.opening().orElse(null);
            if (opening != null && (startedClean ? opening.anyFailed() : !opening.allOpen())) {
                return false;
            }
        }
        return true;
    }

    /** @return the state of the data directory: online, or offline after a storage failure */
    public LogDirectory directory() {
        return directory;
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
        TopicSettings.of(configs, settings);
    }

    /**
     * Replaces a topic's own configs; the configs it no longer names fall back to the broker's defaults.
     * The new configs are durable before they take effect.
     *
     * @param name     the topic
     * @param explicit the topic's own configs from now on
     * @param validateOnly only check that the configs are valid
     * @return the settings that apply from now on
     * @throws UnknownTopicOrPartitionException when there is no such topic
     * @throws InvalidConfigurationException    for an unknown name or an invalid value
     */
    public TopicSettings alterTopicConfigs(String name, Map<String, String> explicit, boolean validateOnly) {
        synchronized (adminLock) {
            Topic topic = topics.get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic " + name + " does not exist.");
            }
            TopicSettings altered = TopicSettings.of(explicit, settings);
            if (!validateOnly) {
                directory.checkOnline();
                writeTopicFile(topic.name(), topic.id(), topic.partitions().size(), altered);
                topic.setSettings(altered);
            }
            return altered;
        }
    }

    /**
     * Changes a topic's own configs from what they are now (IncrementalAlterConfigs), atomically with
     * respect to other config changes.
     *
     * @param name         the topic
     * @param change       given the topic's own configs now (a copy), returns them as they should be
     * @param validateOnly only check that the resulting configs are valid
     * @return the settings that apply from now on
     * @see #alterTopicConfigs(String, Map, boolean) for the exceptions
     */
    public TopicSettings alterTopicConfigs(String name,
                                           java.util.function.UnaryOperator<Map<String, String>> change,
                                           boolean validateOnly) {
        synchronized (adminLock) {
            Topic topic = topics.get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic " + name + " does not exist.");
            }
            return alterTopicConfigs(name, change.apply(new java.util.LinkedHashMap<>(topic.configs())), validateOnly);
        }
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
            directory.checkOnline();
            Uuid id = Uuid.randomUuid();
            List<PartitionLog> logs = new ArrayList<>();
            try {
                for (int p = 0; p < partitions; p++) {
                    logs.add(openNew(new TopicPartition(name, p)));
                }
                Topic topic = new Topic(name, id, TopicSettings.of(configs, settings), logs);
                writeTopicFile(topic);
                topics.put(name, topic);
                topicsById.put(id, topic);
                return topic;
            } catch (RuntimeException e) {
                release(logs, e);
                if (settings.durable()) {
                    try {
                        deleteRecursively(settings.dataDir().resolve(name));
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
        }
    }

    private PartitionLog openNew(TopicPartition tp) {
        return PartitionLog.open(tp, settings, directory, files, PartitionLog.CLEAN, term);
    }

    /** Closes logs opened for a change that failed, and removes their files. */
    private static void release(List<PartitionLog> logs, RuntimeException failure) {
        for (PartitionLog log : logs) {
            try {
                log.delete();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
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
            // a partition still opening at start is not opened just to be deleted
            for (PartitionLog log : topic.opening().map(OpeningPartitions::cancel).orElseGet(topic::partitions)) {
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
            directory.checkOnline();
            List<PartitionLog> added = new ArrayList<>();
            try {
                for (int p = current; p < totalCount; p++) {
                    added.add(openNew(new TopicPartition(name, p)));
                }
                List<PartitionLog> logs = new ArrayList<>(topic.partitions());
                logs.addAll(added);
                List<PartitionLog> before = topic.partitions();
                topic.setPartitions(logs);
                try {
                    writeTopicFile(topic);
                } catch (RuntimeException e) {
                    topic.setPartitions(before);
                    throw e;
                }
            } catch (RuntimeException e) {
                release(added, e);
                throw e;
            }
        }
    }

    /**
     * Forces every log with unflushed appends to disk, then records how far each log is flushed, so that
     * recovery after a crash starts there.
     */
    public void flushAll() {
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.openPartitions()) {
                log.flush();
            }
        }
        checkpointRecoveryPoints();
    }

    /**
     * Writes each partition's recovery point (the offset up to which it is flushed) when any moved since
     * the last checkpoint. Called periodically and at shutdown.
     */
    public synchronized void checkpointRecoveryPoints() {
        if (!settings.durable() || !directory.online()) {
            return;
        }
        Map<TopicPartition, Long> points = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.openPartitions()) {
                points.put(log.topicPartition(), log.recoveryPoint());
            }
            // a partition not opened since the start is where the last checkpoint left it
            for (int p = 0; p < topic.partitions().size(); p++) {
                points.putIfAbsent(new TopicPartition(topic.name(), p), startPoints.getOrDefault(
                        new TopicPartition(topic.name(), p), 0L));
            }
        }
        if (points.equals(checkpointed)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        points.forEach((tp, offset) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ')
                .append(offset).append('\n'));
        try {
            AtomicFile.write(settings.dataDir().resolve(RECOVERY_CHECKPOINT_FILE),
                    text.toString().getBytes(StandardCharsets.UTF_8));
            checkpointed = points;
        } catch (IOException e) {
            throw directory.fail("Writing the recovery checkpoint", e);
        }
    }

    /**
     * Runs {@link #enforceRetention} and then the log cleaner ({@link #cleanLogs}) every {@code interval} in
     * the background (Kafka's {@code log.retention.check.interval.ms}) until {@link #close()}.
     */
    public synchronized void startRetention(Duration interval) {
        if (retention != null) {
            return;
        }
        retention = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("log-retention").factory());
        long period = Math.max(1, interval.toMillis());
        retention.scheduleWithFixedDelay(() -> {
            try {
                enforceRetention(System.currentTimeMillis());
                cleanLogs(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Retention or cleaning pass failed: {0}", e.toString());
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * One retention pass over every partition (see {@link PartitionLog#enforceRetention}).
     *
     * @param nowMs broker time
     * @return segments removed
     */
    public int enforceRetention(long nowMs) {
        int removed = 0;
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.openPartitions()) {
                removed += log.enforceRetention(nowMs);
            }
        }
        return removed;
    }

    /**
     * One pass of the log cleaner over every partition of the compacted topics (see {@link PartitionLog#clean}).
     *
     * @param nowMs broker time
     * @return segments rewritten
     */
    public int cleanLogs(long nowMs) {
        int rewritten = 0;
        for (Topic topic : topics.values()) {
            if (topic.settings().compacts()) {
                for (PartitionLog log : topic.openPartitions()) {
                    rewritten += log.clean(nowMs);
                }
            }
        }
        return rewritten;
    }

    /** Releases file handles of closed segments that nobody has read for {@code idle}. */
    public void closeIdleFiles(Duration idle) {
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.openPartitions()) {
                log.closeIdleFiles(idle.toNanos());
            }
        }
    }

    /** @return segment files held open now, across all partitions */
    public int openFiles() {
        int open = 0;
        for (Topic topic : topics.values()) {
            for (PartitionLog log : topic.openPartitions()) {
                open += log.openFiles();
            }
        }
        return open;
    }

    /**
     * Flushes and closes every log. When the data directory is still online, the last step marks the
     * shutdown clean, so the next start trusts the logs instead of recovering them.
     */
    @Override
    public void close() {
        if (retention != null) {
            retention.shutdownNow();
            try {
                retention.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException failure = closeLogs();
        if (settings.durable() && directory.online()) {
            try {
                checkpointRecoveryPoints();
                if (loadedLogsTrusted()) {
                    AtomicFile.write(settings.dataDir().resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "Not every log of {0} was opened and recovered before the"
                            + " shutdown; the next start recovers them", settings.dataDir());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Could not mark the shutdown of {0} clean; the next start"
                        + " recovers the logs: {1}", settings.dataDir(), e.toString());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return the first failure, after trying to close every log (those still opening are stopped first) */
    private RuntimeException closeLogs() {
        RuntimeException failure = null;
        for (Topic topic : topics.values()) {
            List<PartitionLog> logs = topic.opening().map(OpeningPartitions::cancel).orElseGet(topic::partitions);
            for (PartitionLog log : logs) {
                try {
                    log.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        return failure;
    }

    /** Reads which topics the data directory holds, and how to open their partitions. */
    private void loadTopics() {
        Path root = settings.dataDir();
        long started = System.nanoTime();
        try {
            Files.createDirectories(root);
            term = BrokerTerm.begin(root);
            Path marker = root.resolve(CLEAN_SHUTDOWN_FILE);
            boolean clean = Files.exists(marker);
            startedClean = clean;
            Map<TopicPartition, Long> recoveryPoints = readRecoveryPoints(root);
            startPoints = recoveryPoints;
            List<Path> dirs;
            try (Stream<Path> list = Files.list(root)) {
                dirs = list.filter(d -> Files.isRegularFile(d.resolve(TOPIC_FILE))).toList();
            }
            if (!clean && !dirs.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "{0} was not shut down cleanly: validating each log from its"
                        + " last flushed offset", root);
            }
            List<OpeningPartitions> opening = new ArrayList<>();
            for (Path dir : dirs) {
                TopicFile file = readTopicFile(dir);
                Topic topic = new Topic(file.name(), file.id(), TopicSettings.of(file.configs(), settings),
                        file.partitions(), p -> {
                            TopicPartition tp = new TopicPartition(file.name(), p);
                            return PartitionLog.open(tp, settings, directory, files,
                                    clean ? PartitionLog.CLEAN : recoveryPoints.getOrDefault(tp, 0L), term);
                        });
                topics.put(file.name(), topic);
                topicsById.put(file.id(), topic);
                topic.opening().ifPresent(opening::add);
            }
            // From here on the broker may write, while logs still open: a crash must find no marker. The
            // recovery checkpoint written by the clean stop bounds what a crash during the loading validates.
            if (clean) {
                Files.delete(marker);
                AtomicFile.syncDirectory(root);
            }
            loaders = () -> startLoaders(opening, started, clean);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load topics from " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens {@code opening} on {@link #LOAD_THREADS} threads, which count {@link #loading} down as they end. */
    private void startLoaders(List<OpeningPartitions> opening, long started, boolean clean) {
        int partitions = opening.stream().mapToInt(OpeningPartitions::size).sum();
        int threads = partitions == 0 ? 0 : LOAD_THREADS;
        loading = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger(threads);
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().name("log-loader-" + (i + 1)).daemon().start(() -> {
                try {
                    // every loader walks the same partitions; one already begun by another is skipped
                    for (OpeningPartitions topic : opening) {
                        topic.openAll();
                    }
                } finally {
                    if (running.decrementAndGet() == 0) {
                        LOG.log(System.Logger.Level.INFO, "Loaded {0} partitions of {1} topics in {2} ms ({3})",
                                partitions, opening.size(), (System.nanoTime() - started) / 1_000_000,
                                clean ? "after a clean shutdown" : "recovered");
                    }
                    loading.countDown();
                }
            });
        }
    }

    /** What a topic's {@value #TOPIC_FILE} holds. */
    private record TopicFile(String name, Uuid id, int partitions, Map<String, String> configs) {
    }

    private static TopicFile readTopicFile(Path dir) throws IOException {
        AtomicFile.deleteLeftover(dir.resolve(TOPIC_FILE));
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(TOPIC_FILE))) {
            props.load(in);
        }
        Map<String, String> configs = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("config.")) {
                configs.put(key.substring("config.".length()), props.getProperty(key));
            }
        }
        return new TopicFile(props.getProperty("name"), Uuid.fromString(props.getProperty("id")),
                Integer.parseInt(props.getProperty("partitions")), configs);
    }

    private static Map<TopicPartition, Long> readRecoveryPoints(Path root) throws IOException {
        Path file = root.resolve(RECOVERY_CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<TopicPartition, Long> points = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split(" ");
            try {
                if (fields.length == 3) {
                    points.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            LOG.log(System.Logger.Level.WARNING, "Ignoring a malformed line of {0}: \"{1}\"; that partition is"
                    + " validated whole", file, line);
        }
        return points;
    }

    private void writeTopicFile(Topic topic) {
        writeTopicFile(topic.name(), topic.id(), topic.partitions().size(), topic.settings());
    }

    private void writeTopicFile(String name, Uuid id, int partitions, TopicSettings configs) {
        if (!settings.durable()) {
            return;
        }
        Path dir = settings.dataDir().resolve(name);
        Map<String, String> values = new TreeMap<>();
        values.put("name", name);
        values.put("id", id.toString());
        values.put("partitions", Integer.toString(partitions));
        configs.explicit().forEach((k, v) -> values.put("config." + k, v));
        Properties props = new Properties();
        props.putAll(values);
        try {
            Files.createDirectories(dir);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            props.store(bytes, "Kafka TCK reference broker topic metadata");
            AtomicFile.write(dir.resolve(TOPIC_FILE), bytes.toByteArray());
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot write metadata of topic " + name + ": " + e.getMessage(), e);
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
