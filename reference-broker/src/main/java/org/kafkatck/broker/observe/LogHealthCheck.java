package org.kafkatck.broker.observe;

import java.util.function.BooleanSupplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.kafkatck.broker.log.LogManager;

/**
 * Readiness: the logs are loaded (and recovered), the data directory takes writes, and the Kafka listener
 * accepts clients. After a storage failure it is DOWN with the reason, until the broker is restarted.
 */
public final class LogHealthCheck implements HealthCheck {
    private final LogManager logs;
    private final BooleanSupplier kafkaListening;

    /**
     * @param logs           the loaded logs
     * @param kafkaListening whether the Kafka listener is up
     */
    public LogHealthCheck(LogManager logs, BooleanSupplier kafkaListening) {
        this.logs = logs;
        this.kafkaListening = kafkaListening;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "kafka-log";
    }

    @Override
    public HealthCheckResponse call() {
        boolean storageOnline = logs.directory().online();
        boolean up = kafkaListening.getAsBoolean() && storageOnline;
        HealthCheckResponse.Builder response = HealthCheckResponse.builder();
        logs.directory().failure().ifPresent(reason -> response.detail("storageFailure", reason));
        return response
                .status(up)
                .detail("topics", logs.topicView().size())
                .detail("partitions", logs.partitionCount())
                .detail("storage", !logs.settings().durable() ? "memory" : storageOnline ? "disk" : "offline")
                .build();
    }
}
