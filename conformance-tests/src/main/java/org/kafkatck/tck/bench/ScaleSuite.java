package org.kafkatck.tck.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.RestartableTarget;

/**
 * {@code bench --suite scale}: the broker at scale, against every target side by side. Phases (in this order):
 * <ol>
 *   <li>{@value #FAN_IN}: many producers, each a thread with its own KafkaProducer, on one topic of many partitions,
 *   acks=all, idempotent, keyed;</li>
 *   <li>{@value #GROUP}: a consumer group reads that topic from the earliest offset (rec/s, time to the first full
 *   assignment);</li>
 *   <li>{@value #CATCH_UP}: a group reads a backlog written once per target (MB/s, time to lag 0);</li>
 *   <li>{@value #BIG}: 1 MiB values, produced then consumed, with {@code message.max.bytes} raised on the broker
 *   ({@link #kafkaServerProperties}, {@link #referenceEnvironment});</li>
 *   <li>{@value #MANY}: hundreds of producers each sending a few records a second (latency under connection
 *   load);</li>
 *   <li>{@value #STARTUP}: many partitions on disk, time to ready after a clean stop and after kill -9 (targets
 *   that can restart; last, in runs of its own, as every restart leaves a cold JVM).</li>
 * </ol>
 * Within each run every phase runs against every target in turn (A B A B), so that drift of the shared machine hits
 * them alike; warm-up runs are not counted, and the table has the medians. Every phase adds, per target, the
 * broker's CPU seconds and peak resident memory during the phase ({@link ProcessSampler}) when the broker is a process
 * the bench started. With a profiler, one more run records a profile per phase and target and is not counted.
 */
final class ScaleSuite {
    static final String FAN_IN = "fan-in";
    static final String GROUP = "consumer group";
    static final String CATCH_UP = "catch-up";
    static final String BIG = "big records";
    static final String MANY = "many connections";
    static final String STARTUP = "start-up";
    static final String PERF_TOOLS = "kafka perf tools";
    /** The phase names of {@code --phases}, in the order they run. */
    static final List<String> PHASES = List.of("fan-in", "group", "catch-up", "big-records", "many-clients",
            "perf-tools", "startup");
    /** The phases run when {@code --phases} is not given; {@code --perf-tools} adds {@code perf-tools}. */
    static final List<String> DEFAULT_PHASES = List.of("fan-in", "group", "catch-up", "big-records", "many-clients",
            "startup");

    /** Value size of the fan-in, many-connections and start-up records, as the standard bench's. */
    static final int VALUE_BYTES = 100;
    /** Value size of the catch-up backlog. */
    static final int BACKLOG_VALUE_BYTES = 1024;
    /**
     * The group phase reads this many times the fan-in's records: the fan-in's 2 million take the 4 consumers
     * under a second, in which a join or a rebalance weighs as much as the read.
     */
    static final int GROUP_READ_FACTOR = 5;
    /** Partitions of the catch-up backlog (enough for the group's consumers). */
    static final int BACKLOG_PARTITIONS = 8;
    /** Partitions of the big-records topic. */
    static final int BIG_PARTITIONS = 6;
    /** Partitions of the many-connections topic. */
    static final int MANY_PARTITIONS = 100;
    /** Partitions per topic of the start-up phase. */
    static final int STARTUP_TOPIC_PARTITIONS = 1_000;
    /** Records per partition of the start-up phase. */
    static final int STARTUP_RECORDS_PER_PARTITION = 10;

    private final ScaleSizes sizes;
    private final List<String> phases;
    private final int warmup;
    private final int runs;
    private final BrokerProfiler profiler;
    private final Consumer<String> log;
    private final java.nio.file.Path workDir;
    /** Per target: the catch-up backlog's topic and record count, written on first use. */
    private final Map<String, Map.Entry<String, Long>> backlogs = new HashMap<>();
    /** Per target: the start-up phase's topics and partition counts, written on first use. */
    private final Map<String, Map<String, Integer>> startupTopics = new HashMap<>();

    /**
     * @param sizes    the sizes of the loads
     * @param phases   the {@link #PHASES} to run
     * @param warmup   warm-up runs, not counted
     * @param runs     counted runs
     * @param profiler the profiler of the extra, uncounted, profiled run (or none)
     * @param workDir  where the perf tools' output goes
     * @param log      receives a line per phase, target and run
     */
    ScaleSuite(ScaleSizes sizes, List<String> phases, int warmup, int runs, BrokerProfiler profiler,
               java.nio.file.Path workDir, Consumer<String> log) {
        this.workDir = workDir;
        this.sizes = sizes;
        this.phases = phases;
        this.warmup = warmup;
        this.runs = runs;
        this.profiler = profiler;
        this.log = log;
    }

    /** @return the Apache Kafka broker settings of the suite: {@code message.max.bytes} for the big records */
    static Map<String, String> kafkaServerProperties(ScaleSizes sizes) {
        return Map.of("message.max.bytes", Integer.toString(messageMaxBytes(sizes)));
    }

    /** @return the reference (and sink) broker's environment for the suite: the same {@code message.max.bytes} */
    static Map<String, String> referenceEnvironment(ScaleSizes sizes) {
        return Map.of("BROKER_MESSAGE_MAX_BYTES", Integer.toString(messageMaxBytes(sizes)));
    }

    /** Twice the big record (a batch carries headers too), never below Kafka's default. */
    private static int messageMaxBytes(ScaleSizes sizes) {
        return Math.max(1_048_588, 2 * sizes.bigRecordBytes());
    }

    /** Runs the suite against {@code targets} (started, in the order of the table) into {@code report}. */
    void run(Map<String, BrokerTarget> targets, ScaleReport report) {
        int total = warmup + runs;
        for (int run = 0; run < total; run++) {
            boolean counted = run >= warmup;
            String label = counted ? "run " + (run - warmup + 1) : "warm-up " + (run + 1);
            for (String phase : PHASES) {
                if (phase.equals("startup") || !phases.contains(phase)) {
                    continue;
                }
                targets.forEach((name, target) -> measure(phase, name, target, label, counted ? report : null, false));
            }
        }
        if (profiler.enabled()) {
            for (String phase : PHASES) {
                if (!phase.equals("startup") && phases.contains(phase)) {
                    targets.forEach((name, target) -> measure(phase, name, target, "profiled", null, true));
                }
            }
        }
        if (phases.contains("startup")) {
            for (int run = 0; run < total; run++) {
                boolean counted = run >= warmup;
                String label = counted ? "run " + (run - warmup + 1) : "warm-up " + (run + 1);
                targets.forEach((name, target) -> measure("startup", name, target, label, counted ? report : null,
                        false));
            }
        }
    }

    /** Runs one phase against one target, sampled (and profiled); a failure is reported and the suite goes on. */
    private void measure(String phase, String name, BrokerTarget target, String label, ScaleReport report,
                         boolean profiled) {
        String title = title(phase);
        // a restart changes the process: the start-up phase samples none
        ProcessSampler sampler = phase.equals("startup") ? null
                : target.process().map(p -> ProcessSampler.start(p.pid())).orElse(null);
        BrokerProfiler.Recording recording = profiled && target.process().isPresent()
                ? profiler.start(target.process().get().pid(), title, name) : null;
        try {
            Map<String, Double> metrics = new LinkedHashMap<>(run(phase, name, target));
            if (recording != null) {
                var file = recording.stop();
                recording = null;
                log.accept(String.format("bench: %-9s %-12s %-16s profile %s", label, name, title,
                        file == null ? "not written" : file));
            }
            if (sampler != null) {
                ProcessSampler.Usage usage = sampler.stop();
                if (usage != null) {
                    metrics.put("broker CPU s", usage.cpuSeconds());
                    metrics.put("peak RSS MB", (double) usage.peakRssMegabytes());
                }
            }
            if (metrics.isEmpty()) {
                log.accept(String.format("bench: %-9s %-12s %-16s n/a", label, name, title));
                return;
            }
            StringBuilder line = new StringBuilder();
            metrics.forEach((metric, value) -> line.append(String.format("  %s %.2f", metric, value)));
            log.accept(String.format("bench: %-9s %-12s %-16s%s", label, name, title, line));
            if (report != null) {
                report.add(title, name, metrics);
            }
        } catch (Exception e) {
            log.accept(String.format("bench: %-9s %-12s %-16s FAILED: %s", label, name, title, e.getMessage()));
            if (report != null) {
                report.failed(title, name);
            }
        } finally {
            if (recording != null) {
                recording.stop();
            }
            if (sampler != null) {
                sampler.close();
            }
        }
    }

    /** @return the table's name of a {@code --phases} name */
    static String title(String phase) {
        return switch (phase) {
            case "fan-in" -> FAN_IN;
            case "group" -> GROUP;
            case "catch-up" -> CATCH_UP;
            case "big-records" -> BIG;
            case "many-clients" -> MANY;
            case "startup" -> STARTUP;
            case "perf-tools" -> PERF_TOOLS;
            default -> throw new IllegalArgumentException(phase);
        };
    }

    /**
     * Runs one phase against one target.
     *
     * @return its metrics, in table order (empty: not applicable to this target)
     */
    Map<String, Double> run(String phase, String name, BrokerTarget target) throws Exception {
        ScaleLoad load = new ScaleLoad(target.bootstrapServers(), target.clientProperties());
        return switch (phase) {
            case "fan-in" -> fanIn(load, name);
            case "group" -> group(load);
            case "catch-up" -> catchUp(load, name);
            case "big-records" -> bigRecords(load);
            case "many-clients" -> manyClients(load);
            case "perf-tools" -> perfTools(load, target);
            case "startup" -> startup(load, name, target);
            default -> throw new IllegalArgumentException(phase);
        };
    }

    private Map<String, Double> fanIn(ScaleLoad load, String name) throws Exception {
        String topic = "scale-fan-in-" + shortId();
        load.createTopic(topic, sizes.partitions());
        PhaseResult result;
        try {
            result = load.fanIn(topic, sizes.producers(), sizes.fanInRecords(), sizes.keyRange(), VALUE_BYTES);
        } catch (Exception e) {
            load.deleteTopics(List.of(topic));
            throw e;
        }
        load.deleteTopics(List.of(topic));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rec/s", result.recordsPerSecond());
        metrics.put("MB/s", result.megabytesPerSecond());
        metrics.put("p50 ms", result.p50Ms());
        metrics.put("p99 ms", result.p99Ms());
        return metrics;
    }

    private Map<String, Double> group(ScaleLoad load) throws Exception {
        // the fan-in's partitions with GROUP_READ_FACTOR times its records, in the same layout on every broker
        // (see ScaleLoad.fillInLayout)
        String topic = "scale-group-" + shortId();
        load.createTopic(topic, sizes.partitions());
        try {
            int perPartition = (int) Math.max(1, GROUP_READ_FACTOR * sizes.fanInRecords() / sizes.partitions());
            load.fillInLayout(topic, sizes.partitions(), perPartition, sizes.keyRange(), VALUE_BYTES);
            ScaleLoad.GroupRead read = load.groupRead(topic, sizes.partitions(), sizes.groupConsumers(),
                    (long) perPartition * sizes.partitions(), "scale-group-" + shortId(), Map.of());
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("rec/s", read.result().recordsPerSecond());
            metrics.put("full assignment ms", (double) read.assignmentMillis());
            return metrics;
        } finally {
            load.deleteTopics(List.of(topic));
        }
    }

    private Map<String, Double> catchUp(ScaleLoad load, String name) throws Exception {
        Map.Entry<String, Long> backlog = backlogs.get(name);
        if (backlog == null) {
            String topic = "scale-backlog-" + shortId();
            load.createTopic(topic, BACKLOG_PARTITIONS);
            long began = System.nanoTime();
            long records = load.fillBacklog(topic, sizes.backlogBytes(), sizes.groupConsumers(), BACKLOG_VALUE_BYTES);
            double seconds = (System.nanoTime() - began) / 1e9;
            log.accept(String.format("bench: %-12s backlog of %d records x %d B written in %.1f s (%.1f MB/s, acks=1)",
                    name, records, BACKLOG_VALUE_BYTES, seconds, records * (double) BACKLOG_VALUE_BYTES / seconds
                            / (1 << 20)));
            backlog = Map.entry(topic, records);
            backlogs.put(name, backlog);
        }
        ScaleLoad.GroupRead read = load.groupRead(backlog.getKey(), BACKLOG_PARTITIONS, sizes.groupConsumers(),
                backlog.getValue(), "scale-catch-up-" + shortId(), Map.of());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("MB/s", read.result().megabytesPerSecond());
        metrics.put("time to lag 0 s", read.result().seconds());
        return metrics;
    }

    private Map<String, Double> bigRecords(ScaleLoad load) throws Exception {
        String topic = "scale-big-" + shortId();
        load.createTopic(topic, BIG_PARTITIONS);
        try {
            PhaseResult produced = load.produceBig(topic, sizes.bigRecords(), sizes.bigRecordBytes());
            PhaseResult consumed = load.consumeAll(topic, BIG_PARTITIONS, sizes.bigRecords(),
                    ScaleLoad.bigRecordClientConfig(sizes.bigRecordBytes()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("produce MB/s", produced.megabytesPerSecond());
            metrics.put("produce p99 ms", produced.p99Ms());
            metrics.put("consume MB/s", consumed.megabytesPerSecond());
            return metrics;
        } finally {
            load.deleteTopics(List.of(topic));
        }
    }

    private Map<String, Double> manyClients(ScaleLoad load) throws Exception {
        String topic = "scale-many-" + shortId();
        load.createTopic(topic, MANY_PARTITIONS);
        try {
            PhaseResult result = load.manyClients(topic, sizes.clients(), sizes.clientRate(), sizes.clientSeconds(),
                    VALUE_BYTES);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("rec/s", result.recordsPerSecond());
            metrics.put("p50 ms", result.p50Ms());
            metrics.put("p99 ms", result.p99Ms());
            metrics.put("p99.9 ms", result.p999Ms());
            return metrics;
        } finally {
            load.deleteTopics(List.of(topic));
        }
    }

    private Map<String, Double> perfTools(ScaleLoad load, BrokerTarget target) throws Exception {
        String topic = "scale-perf-tools-" + shortId();
        load.createTopic(topic, sizes.partitions());
        try {
            PerfTools.Figures figures = new PerfTools(target.bootstrapServers(), target.clientProperties(), workDir)
                    .run(topic, sizes.fanInRecords(), sizes.keyRange(), VALUE_BYTES);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("produce rec/s", figures.produceRecordsPerSecond());
            metrics.put("produce p99 ms", figures.produceP99Ms());
            metrics.put("consume rec/s", figures.consumeRecordsPerSecond());
            metrics.put("consume MB/s", figures.consumeMegabytesPerSecond());
            return metrics;
        } finally {
            load.deleteTopics(List.of(topic));
        }
    }

    private Map<String, Double> startup(ScaleLoad load, String name, BrokerTarget target) throws Exception {
        if (!(target instanceof RestartableTarget restartable) || target.kind().equals(ScaleReport.CEILING)) {
            // a broker elsewhere cannot be restarted by the bench; the sink keeps nothing to load
            return Map.of();
        }
        Map<String, Integer> topics = startupTopics.get(name);
        if (topics == null) {
            topics = new LinkedHashMap<>();
            String prefix = "scale-startup-" + shortId() + "-";
            for (int left = sizes.startupPartitions(), i = 0; left > 0; left -= STARTUP_TOPIC_PARTITIONS, i++) {
                int partitions = Math.min(left, STARTUP_TOPIC_PARTITIONS);
                load.createTopic(prefix + i, partitions);
                load.fillEveryPartition(prefix + i, partitions, STARTUP_RECORDS_PER_PARTITION, VALUE_BYTES);
                topics.put(prefix + i, partitions);
            }
            startupTopics.put(name, topics);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (RestartableTarget.Stop how : RestartableTarget.Stop.values()) {
            String stop = how == RestartableTarget.Stop.CLEAN ? "clean" : "kill -9";
            long began = System.nanoTime();
            restartable.restart(how);
            if (!load.awaitEveryPartition(topics, STARTUP_RECORDS_PER_PARTITION)) {
                throw new IllegalStateException("after a " + stop + " restart not every partition answered"
                        + " ListOffsets with its end offset " + STARTUP_RECORDS_PER_PARTITION);
            }
            long all = (System.nanoTime() - began) / 1_000_000;
            if (target.startupMillis() >= 0) {
                metrics.put(stop + ": ready ms", (double) target.startupMillis());
            }
            metrics.put(stop + ": all partitions ms", (double) all);
        }
        return metrics;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
