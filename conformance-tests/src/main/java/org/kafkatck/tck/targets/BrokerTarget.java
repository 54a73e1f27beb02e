package org.kafkatck.tck.targets;

import java.util.Map;

/**
 * A broker the TCK grades. A target is started once per run, handed to every scenario through its
 * bootstrap address and client properties, and stopped at the end; the TCK never reaches into it
 * otherwise.
 */
public interface BrokerTarget extends AutoCloseable {

    /** @return the target kind, e.g. {@code reference}, {@code apache-kafka} */
    String kind();

    /** @return a one-line description for the report, e.g. {@code 127.0.0.1:9092 (reference broker)} */
    String description();

    /**
     * Starts the target (a no-op for brokers that run elsewhere) and returns once it accepts clients.
     *
     * @throws TargetUnavailableException with a one-line reason when it cannot be started or reached
     */
    void start();

    /** @return {@code bootstrap.servers} for clients */
    String bootstrapServers();

    /** @return properties every client needs besides the bootstrap address (security, for example) */
    Map<String, String> clientProperties();

    /**
     * @return the identities of a secured target with an authorizer, when the TCK knows them; the
     *         {@code security} profile is not applicable without them
     */
    default java.util.Optional<TargetPrincipals> principals() {
        return java.util.Optional.empty();
    }

    /** @return the operating-system process of a target this tool started in its own JVM, if any */
    default java.util.Optional<ProcessHandle> process() {
        return java.util.Optional.empty();
    }

    /**
     * @return the Apache Kafka version this target runs, e.g. {@code 4.0.1}, when the TCK knows it; the
     *         spec's version tags ({@code @since:4.0}) apply only then, and every scenario applies otherwise
     */
    default java.util.Optional<String> kafkaVersion() {
        return java.util.Optional.empty();
    }

    /** @return milliseconds from the start of the broker's process to its first Metadata answer, or -1 */
    default long startupMillis() {
        return -1;
    }

    /** Stops what {@link #start()} started. */
    @Override
    void close();
}
