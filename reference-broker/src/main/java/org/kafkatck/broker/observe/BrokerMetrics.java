package org.kafkatck.broker.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.log.LogManager;

/**
 * One broker's meters, served in Prometheus format on {@code /observe/metrics} by
 * {@link BrokerMetricsObserver}: requests and their latency per API, bytes in and out on the Kafka
 * listener, topics and partitions, and the JVM's memory, threads, GC, CPU and class loading.
 *
 * <p>Each broker has its own registry, so several brokers in one JVM (the in-process TCK, a restart
 * in a test) each report their own meters. Helidon 4.2's metrics cannot give that: every Helidon
 * {@code MeterRegistry}, even one from {@code MetricsFactory.createMeterRegistry}, writes into
 * Micrometer's static global registry, where a second gauge of the same name silently keeps the
 * first one's source. So the registry here is Micrometer's own, the library under Helidon's metrics.
 */
public final class BrokerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<ApiKeys, Timer> requestTimers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter closedConnections;
    private boolean jvmBound;

    /** @param logs source of the topic and partition gauges */
    public BrokerMetrics(LogManager logs) {
        bytesIn = Counter.builder("kafka.bytes.in")
                .description("Bytes of request frames received on the Kafka listener").register(registry);
        bytesOut = Counter.builder("kafka.bytes.out")
                .description("Bytes of response frames sent on the Kafka listener").register(registry);
        closedConnections = Counter.builder("kafka.connections.rejected")
                .description("Connections closed by the broker for an oversized or unparseable frame").register(registry);
        Gauge.builder("kafka.topics", logs, l -> l.topicView().size()).strongReference(true)
                .description("Topics on this broker").register(registry);
        Gauge.builder("kafka.partitions", logs, LogManager::partitionCount).strongReference(true)
                .description("Partitions on this broker").register(registry);
    }

    /**
     * Adds the JVM's meters (memory, threads, GC, CPU, class loading). Separate from the constructor because
     * the JVM's management beans cost a start a tenth of a second or more that Kafka clients need not wait
     * for: the broker binds them once it answers them. Only the first call binds.
     */
    public synchronized void bindJvmMeters() {
        if (jvmBound) {
            return;
        }
        jvmBound = true;
        for (MeterBinder jvm : jvmMeters(gcMetrics)) {
            jvm.bindTo(registry);
        }
    }

    private static List<MeterBinder> jvmMeters(JvmGcMetrics gc) {
        return List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics());
    }

    /**
     * Loads and initialises the classes the constructor and {@link #requestServed} need on a throwaway
     * registry, so that a thread started early can take that cost off the broker's start-up path.
     */
    public static void warmUp() {
        PrometheusMeterRegistry scratch = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Counter.builder("warm.up").register(scratch).increment();
            Timer.builder("warm.up.timer").register(scratch).record(1, TimeUnit.NANOSECONDS);
            Gauge.builder("warm.up.gauge", scratch, r -> 0).register(scratch);
        } finally {
            scratch.close();
        }
    }

    /** Records one served request. */
    public void requestServed(ApiKeys api, long nanos, int requestBytes, int responseBytes) {
        // created on first use: most of the ~90 API keys are never seen, and each timer costs start-up time
        requestTimers.computeIfAbsent(api, key -> Timer.builder("kafka.requests")
                .description("Kafka requests served, by API")
                .tags(List.of(Tag.of("api", key.name))).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        bytesIn.increment(requestBytes);
        bytesOut.increment(responseBytes);
    }

    /** Records a connection closed because of a bad frame. */
    public void connectionRejected() {
        closedConnections.increment();
    }

    /** @return every meter of this broker in the Prometheus text format (version 0.0.4) */
    public String scrape() {
        return registry.scrape();
    }

    /** Releases the registry and the JVM listeners (garbage collection notifications) bound to it. */
    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
