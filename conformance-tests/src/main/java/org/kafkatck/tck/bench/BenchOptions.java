package org.kafkatck.tck.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.kafkatck.tck.targets.TargetSecurity;
import org.kafkatck.tck.targets.TargetUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code java -jar kafka-tck.jar bench}, parsed by picocli. Every value is checked here,
 * so a bad one is a one-line message before any broker starts.
 */
@Command(name = "bench", customSynopsis = "java -jar kafka-tck.jar bench [options]", sortOptions = false,
        usageHelpAutoWidth = false, usageHelpWidth = 110,
        description = {"",
                "Runs a standard load against brokers side by side and prints, per target, partition count",
                "and phase: records/s, MB/s, latency percentiles and the ratio to the first target; then each",
                "started target's time to its first Metadata answer and resident memory after the load.",
                "",
                "Phases: produce acks=1; produce acks=all (idempotent, the Java default); produce transactional",
                "(Kafka's own ProducerPerformance with --transactional-id and --transaction-duration-ms, then",
                "a read_committed count of the records); consume from the beginning; end-to-end latency at a",
                "fixed rate.",
                "",
                "--suite scale runs the broker at scale instead (docs/performance.md, \"Scale\"): fan-in of many",
                "producers into a topic of many partitions, a consumer group reading it, a catch-up read of a",
                "backlog, 1 MiB records, many slow clients, start-up with many partitions on disk (clean and",
                "kill -9); per phase the broker's CPU seconds and peak resident memory, and the ratios to",
                "apache-kafka (vs kafka) and to the sink ceiling (vs ceiling). --quick: about ten times smaller.",
                ""})
public final class BenchOptions {
    /** The targets the bench can start or reach. */
    static final List<String> TARGETS = List.of("apache-kafka", "reference", "sink", "external", "container");
    /** The suites of {@code --suite}. */
    static final List<String> SUITES = List.of("standard", "scale");
    /** The phases, in the order they run. */
    static final List<String> PHASES = List.of("acks1", "acks-all", "transactional", "consume", "end-to-end");

    @Option(names = "--suite", paramLabel = "NAME", description = "standard (default) or scale")
    private String suite = "standard";
    @Option(names = "--targets", split = ",", paramLabel = "LIST", hideParamSyntax = true,
            description = "comma-separated: apache-kafka, reference, sink (the ceiling: the reference broker's"
                    + " network stack without storage), external, container (default apache-kafka,reference, and"
                    + " with --suite scale sink too when it is in this build; the standard suite's ratios are to the"
                    + " first)")
    private List<String> targets;
    @Option(names = "--bootstrap-servers", paramLabel = "HP", description = "address of the external target")
    private String bootstrapServers = "";
    @Option(names = "--image", paramLabel = "IMAGE", description = "image of the container target")
    private String image = "";
    @Option(names = "--records", paramLabel = "N", description = "records per throughput phase (1000000)")
    private long records = 1_000_000;
    @Option(names = "--record-size", paramLabel = "BYTES", description = "value size, at least 8 (100)")
    private int recordSize = 100;
    @Option(names = "--partitions", split = ",", paramLabel = "LIST", hideParamSyntax = true,
            description = "partition counts, comma-separated (1,6)")
    private List<Integer> partitions = List.of(1, 6);
    @Option(names = "--phases", split = ",", paramLabel = "LIST", hideParamSyntax = true,
            description = "phases to run, comma-separated: acks1, acks-all, transactional, consume (reads what acks1"
                    + " wrote), end-to-end (all); with --suite scale: fan-in, group (five times fan-in's records, in one layout on every broker),"
                    + " catch-up, big-records, many-clients, perf-tools, startup (all but perf-tools)")
    private List<String> phases;
    @Option(names = "--runs", paramLabel = "N", description = "counted runs (3; 1 with --quick)")
    private Integer runsGiven;
    private int runs;
    @Option(names = "--warmup", paramLabel = "N", description = "warm-up runs, not counted (1)")
    private int warmup = 1;
    @Option(names = "--e2e-rate", paramLabel = "N", description = "records per second of the end-to-end phase (20000)")
    private int e2eRate = 20_000;
    @Option(names = "--e2e-records", paramLabel = "N", description = "records of the end-to-end phase (100000)")
    private long e2eRecords = 100_000;
    @Option(names = "--transaction-duration-ms", paramLabel = "MS",
            description = "commit interval of the transactional phase, as ProducerPerformance's option (100)")
    private long transactionDurationMs = 100;
    @Option(names = "--security", paramLabel = "MODE",
            description = "how the brokers the bench starts are secured, as the TCK's --security: plaintext (default)"
                    + " or sasl_ssl (a SASL_SSL-only listener with a self-signed certificate, SCRAM-SHA-512 users and"
                    + " the authorizer on; every client and ProducerPerformance authenticate as its super user admin)")
    private String securityName = TargetSecurity.PLAINTEXT.configName();
    private TargetSecurity security = TargetSecurity.PLAINTEXT;
    @Option(names = "--heap", paramLabel = "SIZE", description = "maximum heap of brokers started here (1g)")
    private String heap = "1g";
    @Option(names = "--output", paramLabel = "FILE", description = "also write the table to FILE")
    private Path output;
    @Option(names = "--quick", description = "scale suite: about ten times smaller sizes (100 partitions, 200,000"
            + " fan-in records, 50 clients, 1,000 start-up partitions, a backlog of at most 512 MiB) and one counted"
            + " run after the warm-up")
    private boolean quick;
    @Option(names = "--scale-partitions", paramLabel = "N", description = "scale: partitions of the fan-in topic (1000)")
    private Integer scalePartitions;
    @Option(names = "--producers", paramLabel = "N", description = "scale: fan-in producers, a thread each (16)")
    private Integer producers;
    @Option(names = "--scale-records", paramLabel = "N", description = "scale: fan-in records (2000000)")
    private Long scaleRecords;
    @Option(names = "--group-consumers", paramLabel = "N", description = "scale: consumers in the group (4)")
    private Integer groupConsumers;
    @Option(names = "--backlog-gib", paramLabel = "GIB", description = "scale: catch-up backlog in GiB (default: 8,"
            + " at most a quarter of the memory and an eighth of the free temporary space, in 256 MiB steps)")
    private Double backlogGib;
    @Option(names = "--big-record-bytes", paramLabel = "BYTES", description = "scale: big record value size (1048576)")
    private Integer bigRecordBytes;
    @Option(names = "--big-records", paramLabel = "N", description = "scale: big records per run (512)")
    private Integer bigRecords;
    @Option(names = "--clients", paramLabel = "N", description = "scale: producers of the many-connections phase (500)")
    private Integer clients;
    @Option(names = "--client-rate", paramLabel = "N", description = "scale: records/s of each of them (10)")
    private Integer clientRate;
    @Option(names = "--client-seconds", paramLabel = "S", description = "scale: measured seconds of that phase, after"
            + " a ramp of half as long (30)")
    private Integer clientSeconds;
    @Option(names = "--startup-partitions", paramLabel = "N", description = "scale: partitions on disk at start-up"
            + " (10000)")
    private Integer startupPartitions;
    @Option(names = "--profile", paramLabel = "MODE", description = "scale: none (default), async (async-profiler CPU"
            + " flame graphs) or jfr (JDK Flight Recorder), one file per phase and target in --output-dir, from one"
            + " extra run that is not counted")
    private String profileName = "none";
    private BrokerProfiler.Mode profile = BrokerProfiler.Mode.NONE;
    @Option(names = "--perf-tools", description = "scale: also run Kafka's ProducerPerformance and"
            + " ConsumerPerformance against every target, in child JVMs (the phase perf-tools)")
    private boolean perfTools;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "scale: where profiles and the perf tools'"
            + " output go (bench-output)")
    private Path outputDir = Path.of("bench-output");
    @Option(names = "--no-aot-cache", description = "start the reference broker and the sink without the JDK's"
            + " ahead-of-time cache (JDK 25+: made once per classpath and JDK from a training start, as the broker's"
            + " build makes one for its jar; docs/performance.md)")
    private boolean noAotCache;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    private boolean help;

    private BenchOptions() {
    }

    /**
     * @param args the options after {@code bench}
     * @return the checked options
     * @throws IllegalArgumentException with a one-line message naming the bad option
     */
    public static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        CommandLine command = new CommandLine(options);
        try {
            command.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see bench --help)", e);
        }
        options.check();
        return options;
    }

    /** @return whether {@code --help} was asked for */
    public boolean help() {
        return help;
    }

    /** @return the help text of {@code bench --help} */
    public static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(new BenchOptions()).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }

    private void check() {
        suite = suite.trim();
        if (!SUITES.contains(suite)) {
            throw new IllegalArgumentException("--suite must be one of " + String.join(", ", SUITES) + ", got '" + suite
                    + "'");
        }
        boolean scale = scale();
        if (!scale && (quick || perfTools || !profileName.equals("none"))) {
            throw new IllegalArgumentException("--quick, --profile and --perf-tools apply to --suite scale");
        }
        if (targets == null) {
            targets = scale && SinkTarget.available() ? List.of("apache-kafka", "reference", "sink")
                    : List.of("apache-kafka", "reference");
        }
        targets = targets.stream().map(String::trim).toList();
        for (String target : targets) {
            if (!TARGETS.contains(target)) {
                throw new IllegalArgumentException("Unknown bench target '" + target + "'");
            }
            if (target.equals("sink") && !SinkTarget.available()) {
                throw new IllegalArgumentException(SinkTarget.UNAVAILABLE);
            }
        }
        List<String> known = scale ? ScaleSuite.PHASES : PHASES;
        if (phases == null) {
            phases = scale ? ScaleSuite.DEFAULT_PHASES : PHASES;
        }
        phases = phases.stream().map(String::trim).toList();
        if (perfTools && !phases.contains("perf-tools")) {
            List<String> withTools = new java.util.ArrayList<>(phases);
            withTools.add("perf-tools");
            phases = known.stream().filter(withTools::contains).toList();
        }
        for (String phase : phases) {
            if (!known.contains(phase)) {
                throw new IllegalArgumentException("Unknown bench phase '" + phase + "' (one of " + String.join(", ", known)
                        + ")");
            }
        }
        if (phases.contains("consume") && !phases.contains("acks1")) {
            throw new IllegalArgumentException("--phases: consume reads the records of acks1, which is not listed");
        }
        profile = BrokerProfiler.Mode.parse(profileName);
        for (Integer value : java.util.Arrays.asList(scalePartitions, producers, groupConsumers, bigRecordBytes,
                bigRecords, clients, clientRate, clientSeconds, startupPartitions)) {
            if (value != null) {
                positive("scale sizes", value);
            }
        }
        if (scaleRecords != null) {
            positive("--scale-records", scaleRecords);
        }
        if (backlogGib != null && backlogGib <= 0) {
            throw new IllegalArgumentException("--backlog-gib must be positive, got " + backlogGib);
        }
        positive("--records", records);
        positive("--record-size", recordSize);
        partitions.forEach(p -> positive("--partitions", p));
        runs = runsGiven != null ? runsGiven : quick ? 1 : 3;
        positive("--runs", runs);
        positive("--e2e-rate", e2eRate);
        positive("--e2e-records", e2eRecords);
        positive("--transaction-duration-ms", transactionDurationMs);
        if (recordSize < 8) {
            throw new IllegalArgumentException("--record-size must be at least 8 bytes (records carry their send time)");
        }
        warmup = Math.max(0, warmup);
        try {
            security = TargetSecurity.parse(securityName);
        } catch (TargetUnavailableException e) {
            throw new IllegalArgumentException("--security must be one of " + TargetSecurity.names() + ", got '"
                    + securityName + "'");
        }
        if (security != TargetSecurity.PLAINTEXT) {
            // the bench knows the users and certificates only of the brokers it starts
            for (String target : targets) {
                if (target.equals("external") || target.equals("container")) {
                    throw new IllegalArgumentException("--security " + security.configName() + " secures the brokers"
                            + " the bench starts (apache-kafka, reference), not the " + target + " target");
                }
            }
        }
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** @return the targets, in the order they run and are compared (ratios are to the first) */
    public List<String> targets() {
        return targets;
    }

    /** @return the address of the external target */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the image of the container target */
    public String image() {
        return image;
    }

    /** @return records per throughput phase */
    public long records() {
        return records;
    }

    /** @return the value size in bytes */
    public int recordSize() {
        return recordSize;
    }

    /** @return the partition counts to measure */
    public List<Integer> partitions() {
        return partitions;
    }

    /**
     * @param phase one of {@link #PHASES}
     * @return whether the phase is to run
     */
    public boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** @return the phases to run */
    public List<String> phases() {
        return phases;
    }

    /** @return the counted runs */
    public int runs() {
        return runs;
    }

    /** @return the warm-up runs, not counted */
    public int warmup() {
        return warmup;
    }

    /** @return records per second of the end-to-end phase */
    public int e2eRate() {
        return e2eRate;
    }

    /** @return records of the end-to-end phase */
    public long e2eRecords() {
        return e2eRecords;
    }

    /** @return how long each transaction of the transactional phase stays open before its commit, ms */
    public long transactionDurationMs() {
        return transactionDurationMs;
    }

    /** @return how the brokers the bench starts are secured */
    public TargetSecurity security() {
        return security;
    }

    /** @return the maximum heap of brokers started here */
    public String heap() {
        return heap;
    }

    /** @return whether this is {@code --suite scale} */
    public boolean scale() {
        return suite.equals("scale");
    }

    /** @return the sizes of the scale suite: the defaults or {@code --quick}'s, with the options given applied */
    ScaleSizes scaleSizes() {
        ScaleSizes base = quick ? ScaleSizes.quick() : ScaleSizes.full();
        return new ScaleSizes(or(scalePartitions, base.partitions()), or(producers, base.producers()),
                scaleRecords != null ? scaleRecords : base.fanInRecords(),
                scaleRecords != null ? (int) Math.max(1, Math.min(100_000L, scaleRecords / 20)) : base.keyRange(),
                or(groupConsumers, base.groupConsumers()),
                backlogGib != null ? Math.max(1, (long) (backlogGib * (1L << 30))) : base.backlogBytes(),
                or(bigRecordBytes, base.bigRecordBytes()), or(bigRecords, base.bigRecords()), or(clients, base.clients()),
                or(clientRate, base.clientRate()), or(clientSeconds, base.clientSeconds()),
                or(startupPartitions, base.startupPartitions()));
    }

    private static int or(Integer value, int otherwise) {
        return value != null ? value : otherwise;
    }

    /** @return whether {@code --quick} was given */
    public boolean quick() {
        return quick;
    }

    /** @return whether the reference broker and the sink start with the JDK's AOT cache (not {@code --no-aot-cache}) */
    public boolean aotCache() {
        return !noAotCache;
    }

    /** @return the profiler of {@code --profile} */
    BrokerProfiler.Mode profile() {
        return profile;
    }

    /** @return where profiles and the perf tools' output go */
    public Path outputDir() {
        return outputDir;
    }

    /** @return the file to also write the table to, or null */
    public Path output() {
        return output;
    }
}
