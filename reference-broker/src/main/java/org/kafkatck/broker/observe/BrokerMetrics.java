package org.kafkatck.broker.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.log.LogManager;

/**
 * The broker's meters, served in Prometheus format on {@code /observe/metrics}: requests and their
 * latency per API, bytes in and out on the Kafka listener, topics and partitions.
 */
public final class BrokerMetrics {
    private final MeterRegistry registry = Metrics.globalRegistry();
    private final Map<ApiKeys, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter closedConnections;

    /** @param logs source of the topic and partition gauges */
    public BrokerMetrics(LogManager logs) {
        bytesIn = registry.getOrCreate(Counter.builder("kafka.bytes.in")
                .description("Bytes of request frames received on the Kafka listener"));
        bytesOut = registry.getOrCreate(Counter.builder("kafka.bytes.out")
                .description("Bytes of response frames sent on the Kafka listener"));
        closedConnections = registry.getOrCreate(Counter.builder("kafka.connections.rejected")
                .description("Connections closed by the broker for an oversized or unparseable frame"));
        registry.getOrCreate(Gauge.builder("kafka.topics", logs, l -> l.topicView().size())
                .description("Topics on this broker"));
        registry.getOrCreate(Gauge.builder("kafka.partitions", logs, LogManager::partitionCount)
                .description("Partitions on this broker"));
    }

    /** Records one served request. */
    public void requestServed(ApiKeys api, long nanos, int requestBytes, int responseBytes) {
        // created on first use: most of the ~90 API keys are never seen, and each timer costs start-up time
        requestTimers.computeIfAbsent(api, key -> registry.getOrCreate(Timer.builder("kafka.requests")
                .description("Kafka requests served, by API")
                .tags(List.of(Tag.create("api", key.name))))).record(nanos, TimeUnit.NANOSECONDS);
        bytesIn.increment(requestBytes);
        bytesOut.increment(responseBytes);
    }

    /** Records a connection closed because of a bad frame. */
    public void connectionRejected() {
        closedConnections.increment();
    }
}
