package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.RecoveryFault;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.api.HandlerDecorator;

/**
 * The bundled reference broker, started in this JVM on an ephemeral port, with its data in a temporary
 * directory (removed on close) so that it can be {@linkplain #restart restarted} on the same data and port.
 */
public final class ReferenceBrokerTarget implements RestartableTarget {
    private final HandlerDecorator decorator;
    private final RecoveryFault fault;
    private Path dataDir;
    private BrokerConfig config;
    private ReferenceBroker broker;

    /** The reference broker as it ships. */
    public ReferenceBrokerTarget() {
        this(HandlerDecorator.NONE);
    }

    /** @param decorator wraps the broker's API handlers (the self-test's mutants) */
    public ReferenceBrokerTarget(HandlerDecorator decorator) {
        this(decorator, RecoveryFault.NONE);
    }

    /**
     * @param decorator wraps the broker's API handlers (the self-test's mutants)
     * @param fault     a deliberately wrong recovery (the self-test's recovery mutants); kept across restarts
     */
    public ReferenceBrokerTarget(HandlerDecorator decorator, RecoveryFault fault) {
        this.decorator = decorator;
        this.fault = fault;
    }

    @Override
    public String kind() {
        return "reference";
    }

    @Override
    public String description() {
        return (broker == null ? "in-process" : broker.bootstrapServers()) + " (reference broker, in-process)";
    }

    @Override
    public void start() {
        try {
            dataDir = Files.createTempDirectory("kafka-tck-reference-");
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot create the reference broker's data directory: "
                    + e.getMessage(), e);
        }
        // retention, cleaning and transaction timeouts within the spec's bounded waits, as
        // docs/grading-a-broker.md asks of every broker
        config = BrokerConfig.forTests()
                .withDiskStorage(dataDir)
                .withLogRetentionCheckInterval(java.time.Duration.ofMillis(200))
                .withTransactions(new org.kafkatck.broker.txn.TransactionSettings(
                        org.kafkatck.broker.txn.TransactionSettings.DEFAULTS.maxTimeoutMs(),
                        java.time.Duration.ofMillis(200)));
        broker = ReferenceBroker.start(config, decorator, fault);
        // a restart comes back on the same port: clients keep their bootstrap address and reconnect
        config = config.withKafkaPort(broker.kafkaPort());
    }

    @Override
    public synchronized void restart(Stop how) {
        if (how == Stop.CRASH) {
            // as a killed process: with the directory offline the broker writes nothing more on close (no index,
            // no producer snapshot, no clean-shutdown marker), so the next start recovers as after a crash
            broker.logs().directory().fail("Killing the broker (the TCK simulates a crash)",
                    new IOException("kill -9"));
        }
        broker.close();
        broker = ReferenceBroker.start(config, decorator, fault);
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
        ChildProcesses.deleteRecursively(dataDir);
    }

}
