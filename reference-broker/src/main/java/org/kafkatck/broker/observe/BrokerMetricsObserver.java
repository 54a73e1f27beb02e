package org.kafkatck.broker.observe;

import java.util.List;
import java.util.function.UnaryOperator;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserverConfigBase;
import io.helidon.webserver.observe.spi.Observer;
import io.helidon.webserver.spi.ServerFeature;

/**
 * The {@code metrics} observer of Helidon's {@code ObserveFeature}, serving one broker's
 * {@link BrokerMetrics} on {@code /observe/metrics} in the Prometheus text format. It takes the place
 * of Helidon's {@code MetricsObserver}, which can only serve the JVM-wide registry.
 */
public final class BrokerMetricsObserver implements Observer {
    private static final HttpMediaType PROMETHEUS_TEXT = HttpMediaType.create(MediaTypes.TEXT_PLAIN)
            .withParameter("version", "0.0.4").withCharset("utf-8");

    private final BrokerMetrics metrics;
    private final ObserverConfigBase config = ObserverConfigBase.builder().name("metrics").build();

    /** @param metrics the broker's meters */
    public BrokerMetricsObserver(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public ObserverConfigBase prototype() {
        return config;
    }

    @Override
    public String type() {
        return "metrics";
    }

    @Override
    public void register(ServerFeature.ServerFeatureContext featureContext, List<HttpRouting.Builder> observeRouting,
                         UnaryOperator<String> endpointFunction) {
        String endpoint = endpointFunction.apply("metrics");
        for (HttpRouting.Builder routing : observeRouting) {
            routing.get(endpoint, (req, res) -> {
                res.headers().contentType(PROMETHEUS_TEXT);
                res.send(metrics.scrape());
            });
        }
    }
}
