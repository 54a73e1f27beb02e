package org.kafkatck.tck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.kafkatck.tck.targets.ApacheKafkaTarget;
import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.ContainerTarget;
import org.kafkatck.tck.targets.ExternalTarget;
import org.kafkatck.tck.targets.KafkaDistribution;
import org.kafkatck.tck.targets.ReferenceBrokerProcessTarget;
import org.kafkatck.tck.targets.TargetSecurity;
import org.kafkatck.tck.targets.TargetUnavailableException;

/**
 * {@code java -jar kafka-tck.jar bench}: the same standard load against one or more brokers, side by
 * side in one run. Targets alternate within every run (A B A B ...) so that machine drift hits all of
 * them alike; warm-up runs are not counted and the median of the counted runs is reported.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * @param args the options after {@code bench}
     * @return exit code: 0 done, 1 a target failed, 2 bad options
     */
    public static int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
            if (options.help()) {
                System.out.print(BenchOptions.usage());
                return 0;
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return runSuite(options, options.scale() ? targets -> runScale(options, targets)
                : targets -> runStandard(options, targets));
    }

    /** A suite: starts its targets into the map given, runs, and returns its table. */
    private interface Suite {
        String run(Map<String, BrokerTarget> targets) throws Exception;
    }

    /**
     * Runs {@code suite}, prints its table and writes it to {@code --output}; the brokers it started are stopped
     * at the end, and also when the bench is stopped with Ctrl-C (SIGINT), as a run can last long.
     *
     * @return exit code: 0 done, 1 a target failed
     */
    private static int runSuite(BenchOptions options, Suite suite) {
        Map<String, BrokerTarget> targets = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        Thread hook = new Thread(() -> targets.values().forEach(BrokerTarget::close), "bench-stop-brokers");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String table = suite.run(targets);
            System.out.println();
            System.out.print(table);
            if (options.output() != null) {
                Files.writeString(options.output(), table);
            }
            return 0;
        } catch (TargetUnavailableException e) {
            System.err.println("bench: target unusable: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            return 1;
        } finally {
            targets.values().forEach(BrokerTarget::close);
            targets.clear();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook closes nothing more
            }
        }
    }

    /** The standard suite: one producer and one consumer per partition count, see {@link BenchOptions#PHASES}. */
    private static String runStandard(BenchOptions options, Map<String, BrokerTarget> targets) throws Exception {
        BenchReport report = new BenchReport();
        startTargets(options, Map.of(), Map.of(), List.of(), targets);
        int total = options.warmup() + options.runs();
        for (int run = 0; run < total; run++) {
            boolean counted = run >= options.warmup();
            for (int partitions : options.partitions()) {
                for (Map.Entry<String, BrokerTarget> entry : targets.entrySet()) {
                    measure(entry.getKey(), entry.getValue(), partitions, options, counted ? report : null,
                            (counted ? "run " + (run - options.warmup() + 1) : "warm-up " + (run + 1)));
                }
            }
        }
        for (Map.Entry<String, BrokerTarget> entry : targets.entrySet()) {
            BrokerTarget target = entry.getValue();
            String rss = target.process().map(p -> residentMegabytes(p.pid())).map(m -> m + " MB").orElse("n/a");
            report.note(entry.getKey(), "first Metadata answer " + (target.startupMillis() >= 0
                    ? target.startupMillis() + " ms after process start" : "n/a") + ", resident memory after the load "
                    + rss);
        }
        String header = String.format("Kafka TCK bench — %d records x %d B per throughput phase, end-to-end %d records"
                        + " at %d/s; %d warm-up + %d counted runs, median; targets alternate within each run;"
                        + " transactions of %d ms", options.records(), options.recordSize(), options.e2eRecords(),
                options.e2eRate(), options.warmup(), options.runs(), options.transactionDurationMs())
                + (options.phases().equals(BenchOptions.PHASES) ? ""
                : "; phases " + String.join(",", options.phases()))
                + "; " + securityNote(options.security()) + aotNote(options);
        return report.render(header);
    }

    /**
     * Creates and starts the targets of {@code --targets} in order into {@code started} (those started are there
     * even when a later one fails, for the caller to close).
     *
     * @param kafkaProperties   extra server.properties of the apache-kafka target
     * @param referenceEnv      extra environment of the reference and sink targets
     * @param jvmArgs           extra JVM options of every broker the bench starts
     */
    private static void startTargets(BenchOptions options, Map<String, String> kafkaProperties,
                                     Map<String, String> referenceEnv, List<String> jvmArgs,
                                     Map<String, BrokerTarget> started) throws InterruptedException {
        // the reference broker starts as its build ships it: with the JDK's AOT cache when the JDK has them
        List<String> referenceJvmArgs = new ArrayList<>(jvmArgs);
        if (options.aotCache() && (options.targets().contains("reference") || options.targets().contains("sink"))) {
            referenceJvmArgs.addAll(org.kafkatck.tck.targets.AotCache.jvmOptions());
        }
        for (String name : options.targets()) {
            BrokerTarget target = switch (name) {
                case "apache-kafka" -> new ApacheKafkaTarget(options.heap(), "", KafkaDistribution.defaultCache(),
                        options.security(), kafkaProperties, jvmArgs);
                case "reference" -> new ReferenceBrokerProcessTarget(options.heap(), options.security(),
                        ReferenceBrokerProcessTarget.Variant.REFERENCE, referenceEnv, referenceJvmArgs);
                case "sink" -> SinkTarget.create(options.heap(), options.security(), referenceEnv, referenceJvmArgs);
                case "external" -> new ExternalTarget(options.bootstrapServers(), Map.of());
                case "container" -> new ContainerTarget(options.image(), 9092, Map.of());
                default -> throw new IllegalStateException(name);
            };
            if (!started.isEmpty()) {
                // a broker keeps working for a while after it answers (metadata log, JIT): let that
                // settle so the next target's start-up time is not measured on a busy machine
                Thread.sleep(5_000);
            }
            System.out.println("bench: starting " + name + " ...");
            target.start();
            started.put(name, target);
            System.out.println("bench: " + target.description() + (target.startupMillis() >= 0
                    ? ", first Metadata answer " + target.startupMillis() + " ms after process start" : ""));
        }
    }

    /** {@code bench --suite scale}: see {@link ScaleSuite}. */
    private static String runScale(BenchOptions options, Map<String, BrokerTarget> targets) throws Exception {
        ScaleSizes sizes = options.scaleSizes();
        Files.createDirectories(options.outputDir());
        BrokerProfiler profiler = new BrokerProfiler(options.profile(), options.outputDir().toAbsolutePath());
        startTargets(options, ScaleSuite.kafkaServerProperties(sizes), ScaleSuite.referenceEnvironment(sizes),
                profiler.jvmArgs(), targets);
        ScaleReport report = new ScaleReport(List.copyOf(targets.keySet()));
        new ScaleSuite(sizes, options.phases(), options.warmup(), options.runs(), profiler,
                options.outputDir().toAbsolutePath(), System.out::println).run(targets, report);
        if (!targets.containsKey(ScaleReport.CEILING)) {
            report.note("vs ceiling: no sink target in this run" + (SinkTarget.available() ? ""
                    : " (not in this build)"));
        }
        return report.render(scaleHeader(options, sizes) + aotNote(options));
    }

    /** @return the scale table's header: the sizes, runs and security */
    static String scaleHeader(BenchOptions options, ScaleSizes sizes) {
        return String.format("Kafka TCK bench --suite scale%s — fan-in: %d producers, %d records x %d B, keys over %d,"
                        + " %d partitions, acks=all idempotent; group and catch-up: %d consumers; backlog %d MiB x %d B;"
                        + " big records: %d x %d B; many connections: %d producers x %d rec/s for %d s; start-up: %d"
                        + " partitions x %d records; %d warm-up + %d counted runs, median; targets alternate within"
                        + " each run; ratios are the target's value / apache-kafka's (vs kafka) and / sink's"
                        + " (vs ceiling): above 1 is better for rates, worse for times, CPU and memory; %s",
                options.quick() ? " --quick" : "", sizes.producers(), sizes.fanInRecords(), ScaleSuite.VALUE_BYTES,
                sizes.keyRange(), sizes.partitions(), sizes.groupConsumers(), sizes.backlogBytes() >> 20,
                ScaleSuite.BACKLOG_VALUE_BYTES, sizes.bigRecords(), sizes.bigRecordBytes(), sizes.clients(),
                sizes.clientRate(), sizes.clientSeconds(), sizes.startupPartitions(),
                ScaleSuite.STARTUP_RECORDS_PER_PARTITION, options.warmup(), options.runs(),
                securityNote(options.security()));
    }

    /** @return whether the reference broker's JVMs started with the JDK's AOT cache, for the report's header */
    private static String aotNote(BenchOptions options) {
        if (!options.targets().contains("reference") && !options.targets().contains("sink")) {
            return "";
        }
        return options.aotCache() && !org.kafkatck.tck.targets.AotCache.jvmOptions().isEmpty()
                ? "; the reference broker's JVMs start with the JDK's AOT cache, as its build ships it (--no-aot-cache:"
                + " without)" : "; the reference broker's JVMs start without an AOT cache";
    }

    /** @return how the run's brokers were secured, for the report's header */
    static String securityNote(TargetSecurity security) {
        return switch (security) {
            case PLAINTEXT -> "security plaintext (PLAINTEXT listener, no authentication, no authorizer)";
            case SASL_SSL -> "security sasl_ssl (SASL_SSL listener: TLS with a self-signed certificate, SCRAM-SHA-512"
                    + " as the super user admin, authorizer on)";
        };
    }

    /** The phase run by Kafka's ProducerPerformance with transactions. */
    static final String TRANSACTIONAL = "produce transactional";

    /** A phase of the load. */
    @FunctionalInterface
    private interface Phase {
        PhaseResult run() throws Exception;
    }

    private static void measure(String name, BrokerTarget target, int partitions, BenchOptions options, BenchReport report,
                                String label) throws Exception {
        LoadGenerator load = new LoadGenerator(target.bootstrapServers(), target.clientProperties(), options.recordSize());
        String suffix = partitions + "-" + UUID.randomUUID().toString().substring(0, 8);
        String acks1Topic = "bench-acks1-" + suffix;
        String acksAllTopic = "bench-acksall-" + suffix;
        String transactionalTopic = "bench-txn-" + suffix;
        String e2eTopic = "bench-e2e-" + suffix;
        // every topic first, as before any load: creation leaves the broker some work in the background
        for (Map.Entry<String, String> topic : Map.of("acks1", acks1Topic, "acks-all", acksAllTopic, "transactional",
                transactionalTopic, "end-to-end", e2eTopic).entrySet()) {
            if (options.runs(topic.getKey())) {
                load.createTopic(topic.getValue(), partitions);
            }
        }
        boolean produced = false;
        if (options.runs("acks1")) {
            produced = phase(report, name, partitions, "produce acks=1", label, () -> load.produce(acks1Topic,
                    options.records(), Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            "false")));
        }
        if (options.runs("acks-all")) {
            phase(report, name, partitions, "produce acks=all idem.", label,
                    () -> load.produce(acksAllTopic, options.records(), Map.of()));
        }
        if (options.runs("transactional")) {
            phase(report, name, partitions, TRANSACTIONAL, label, () -> load.produceTransactional(transactionalTopic,
                    partitions, options.records(), options.transactionDurationMs(), "bench-txn-" + suffix,
                    line -> System.out.printf("bench: %-9s %-12s p=%d %-22s ProducerPerformance: %s%n", label, name,
                            partitions, TRANSACTIONAL, line)));
        }
        if (produced && options.runs("consume")) {
            phase(report, name, partitions, "consume", label, () -> load.consume(acks1Topic, partitions, options.records()));
        }
        if (options.runs("end-to-end")) {
            phase(report, name, partitions, "end-to-end @" + options.e2eRate() + "/s", label,
                    () -> load.endToEnd(e2eTopic, partitions, options.e2eRecords(), options.e2eRate()));
        }
    }

    /** Runs one phase; a failure is reported and counted, and the benchmark goes on. */
    private static boolean phase(BenchReport report, String target, int partitions, String phase, String label,
                                 Phase work) {
        try {
            record(report, target, partitions, phase, work.run(), label);
            return true;
        } catch (Exception e) {
            System.out.printf("bench: %-9s %-12s p=%d %-22s FAILED: %s%n", label, target, partitions, phase, e.getMessage());
            if (report != null) {
                report.failed(target, partitions, phase);
            }
            return false;
        }
    }

    private static void record(BenchReport report, String target, int partitions, String phase, PhaseResult result,
                               String label) {
        System.out.printf("bench: %-9s %-12s p=%d %-22s %10.0f rec/s %7.1f MB/s  p50 %.1f  p99 %.1f  p99.9 %.1f ms%n",
                label, target, partitions, phase, result.recordsPerSecond(), result.megabytesPerSecond(), result.p50Ms(),
                result.p99Ms(), result.p999Ms());
        if (report != null) {
            report.add(target, partitions, phase, result);
        }
    }

    /** @return the resident set size of a process in MiB, from /proc (Linux) */
    static String residentMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Long.toString(kb / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "n/a";
        }
        return "n/a";
    }
}
