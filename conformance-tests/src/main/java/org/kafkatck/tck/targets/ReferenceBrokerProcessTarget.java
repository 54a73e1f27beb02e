package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference broker in a JVM of its own, with durable (disk) storage in a temporary directory: how
 * the benchmark runs it, so that it is measured like Apache Kafka (same kind of process, own heap, own
 * resident memory) rather than sharing the load generator's JVM.
 */
public final class ReferenceBrokerProcessTarget implements BrokerTarget {
    private final String heap;
    private Path dataDir;
    private Process process;
    private int port;
    private long startupMillis = -1;

    /** @param heap the broker JVM's maximum heap, e.g. {@code 1g} */
    public ReferenceBrokerProcessTarget(String heap) {
        this.heap = heap;
    }

    @Override
    public String kind() {
        return "reference";
    }

    @Override
    public String description() {
        return "127.0.0.1:" + port + " (reference broker, child JVM, disk storage)";
    }

    @Override
    public void start() {
        try {
            dataDir = Files.createTempDirectory("kafka-tck-reference-");
            port = ApacheKafkaTarget.freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED", "-cp",
                    ChildClasspath.current(), "org.kafkatck.broker.ReferenceBroker"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("broker.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("BROKER_HOST", "127.0.0.1");
            env.put("BROKER_PORT", Integer.toString(port));
            env.put("BROKER_HTTP_PORT", "0");
            env.put("BROKER_STORAGE_DIR", dataDir.resolve("data").toString());
            env.put("BROKER_STORAGE_MODE", "disk");
            env.put("BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            env.put("BROKER_LOG_RETENTION_CHECK_INTERVAL_MS", "500");
            long started = System.nanoTime();
            process = builder.start();
            startupMillis = Readiness.awaitMetadata(bootstrapServers(), clientProperties(), started, process, java.time.Duration.ofSeconds(60));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new TargetUnavailableException("The reference broker exited: "
                            + Files.readString(dataDir.resolve("broker.log")));
                }
                try {
                    ExternalTarget.awaitReady(this, 2_000);
                    return;
                } catch (TargetUnavailableException e) {
                    // not yet
                }
            }
            throw new TargetUnavailableException("The reference broker did not become ready in 60 s");
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot start the reference broker: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process == null ? Optional.empty() : Optional.of(process.toHandle());
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteRecursively(dataDir);
    }
}
