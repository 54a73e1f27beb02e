package org.kafkatck.tck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.kafkatck.tck.targets.ChildClasspath;

/**
 * The independent check of {@code bench --suite scale --perf-tools}: Kafka's own {@code ProducerPerformance} and
 * {@code ConsumerPerformance} (kafka-tools, on the TCK's classpath; what {@code kafka-producer-perf-test.sh} and
 * {@code kafka-consumer-perf-test.sh} run), each in a child JVM of its own, so that several run at once (the tools
 * write to {@code System.out} and end with {@code Exit.exit}, so in one JVM they would run one at a time).
 * The fan-in is {@value #PRODUCER_JVMS} producer JVMs at once, keyed at random over the fan-in key range,
 * acks=all and idempotent; then one ConsumerPerformance reads everything they wrote.
 */
final class PerfTools {
    /** Producer JVMs at once: more would spend the two cores of the reference machine on JIT compilers. */
    static final int PRODUCER_JVMS = 4;
    private static final long TIMEOUT_MINUTES = 10;

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Path workDir;

    PerfTools(String bootstrapServers, Map<String, String> clientProperties, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.workDir = workDir;
    }

    /** What the tools measured. */
    record Figures(double produceRecordsPerSecond, double produceP99Ms, double consumeRecordsPerSecond,
                   double consumeMegabytesPerSecond) {
    }

    /** Runs the producers then the consumer against {@code topic} (which has {@code partitions} partitions). */
    Figures run(String topic, long records, int keyRange, int valueSize) throws Exception {
        Path config = workDir.resolve("perf-tools-" + topic + ".properties");
        Properties props = new Properties();
        props.putAll(clientProperties);
        try (var writer = Files.newBufferedWriter(config)) {
            props.store(writer, "client settings of the bench target");
        }
        try {
            List<Process> producers = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            long[] shares = ScaleLoad.shares(records, PRODUCER_JVMS);
            for (int i = 0; i < PRODUCER_JVMS; i++) {
                Path output = workDir.resolve("perf-tools-" + topic + "-producer-" + i + ".log");
                outputs.add(output);
                producers.add(java("org.apache.kafka.tools.ProducerPerformance", output,
                        "--bootstrap-server", bootstrapServers, "--topic", topic,
                        "--num-records", Long.toString(shares[i]), "--record-size", Integer.toString(valueSize),
                        "--throughput", "-1", "--record-key-range", Integer.toString(keyRange),
                        "--key-distribution", "random", "--random-seed", Integer.toString(i + 1),
                        "--producer-props", "acks=all", "enable.idempotence=true",
                        "--command-config", config.toString()));
            }
            double recordsPerSecond = 0;
            double p99 = 0;
            for (int i = 0; i < PRODUCER_JVMS; i++) {
                ProducerPerformanceSummary summary = ProducerPerformanceSummary.parse(await(producers.get(i),
                        outputs.get(i)));
                if (summary.records() != shares[i]) {
                    throw new IllegalStateException("ProducerPerformance had " + summary.records() + " of " + shares[i]
                            + " records acknowledged");
                }
                // the producers run at once: their rates add up
                recordsPerSecond += summary.recordsPerSecond();
                p99 = Math.max(p99, summary.p99Ms());
            }
            Path output = workDir.resolve("perf-tools-" + topic + "-consumer.log");
            List<String> consumed = await(java("org.apache.kafka.tools.ConsumerPerformance", output,
                    "--bootstrap-server", bootstrapServers, "--topic", topic, "--messages", Long.toString(records),
                    "--group", "perf-tools-" + topic, "--timeout", "60000", "--command-config", config.toString()),
                    output);
            double[] consumer = parseConsumer(consumed, records);
            return new Figures(recordsPerSecond, p99, consumer[1], consumer[0]);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /**
     * @param output   ConsumerPerformance's standard output
     * @param expected the records it was to read
     * @return its MB/s and records/s (the fields MB.sec and nMsg.sec of its result line)
     * @throws IllegalStateException when it printed no result line or read fewer records
     */
    static double[] parseConsumer(List<String> output, long expected) {
        for (String line : output.reversed()) {
            String[] fields = line.split(",\\s*");
            // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
            if (fields.length >= 6 && fields[4].strip().matches("\\d+")) {
                long read = Long.parseLong(fields[4].strip());
                if (read < expected) {
                    throw new IllegalStateException("ConsumerPerformance read " + read + " of " + expected + " records");
                }
                return new double[] {Double.parseDouble(fields[3].strip()), Double.parseDouble(fields[5].strip())};
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no result line"
                + (output.isEmpty() ? "" : "; its last line: " + output.getLast()));
    }

    private Process java(String mainClass, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", ChildClasspath.current(), mainClass));
        command.addAll(List.of(args));
        // standard error (the tools' log) is dropped: the result lines are on standard output
        return new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<String> await(Process process, Path output) throws Exception {
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(output.getFileName() + ": did not end in " + TIMEOUT_MINUTES + " minutes");
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(output.getFileName() + ": exited with " + process.exitValue()
                    + (lines.isEmpty() ? "" : "; its last line: " + lines.getLast()));
        }
        return lines;
    }
}
