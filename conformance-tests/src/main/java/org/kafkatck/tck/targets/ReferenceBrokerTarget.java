package org.kafkatck.tck.targets;

import java.util.Map;

import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.api.HandlerDecorator;

/** The bundled reference broker, started in this JVM with in-memory storage on an ephemeral port. */
public final class ReferenceBrokerTarget implements BrokerTarget {
    private final HandlerDecorator decorator;
    private ReferenceBroker broker;

    /** The reference broker as it ships. */
    public ReferenceBrokerTarget() {
        this(HandlerDecorator.NONE);
    }

    /** @param decorator wraps the broker's API handlers (the self-test's mutants) */
    public ReferenceBrokerTarget(HandlerDecorator decorator) {
        this.decorator = decorator;
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
        // retention, cleaning and transaction timeouts within the spec's bounded waits, as
        // docs/grading-a-broker.md asks of every broker
        broker = ReferenceBroker.start(BrokerConfig.forTests()
                .withLogRetentionCheckInterval(java.time.Duration.ofMillis(200))
                .withTransactions(new org.kafkatck.broker.txn.TransactionSettings(
                        org.kafkatck.broker.txn.TransactionSettings.DEFAULTS.maxTimeoutMs(),
                        java.time.Duration.ofMillis(200))), decorator);
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
    }
}
