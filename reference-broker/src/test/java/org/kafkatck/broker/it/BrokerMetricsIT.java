package org.kafkatck.broker.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each broker in a JVM serves its own meters on {@code /observe/metrics} (the in-process TCK starts
 * brokers one after another, tests run several at once), and a restarted broker reports its new logs.
 */
class BrokerMetricsIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokersInOneJvmEachReportTheirOwnMetersAndARestartedBrokerItsNewLogs(@TempDir Path dirA, @TempDir Path dirB,
                                                                           @TempDir Path otherData) throws Exception {
        BrokerConfig configA = BrokerConfig.forTests().withDiskStorage(dirA);
        try (ReferenceBroker other = ReferenceBroker.start(BrokerConfig.forTests().withDiskStorage(otherData))) {
            other.logs().createTopic("seven", 7, Map.of());
        }
        try (ReferenceBroker b = ReferenceBroker.start(BrokerConfig.forTests().withDiskStorage(dirB))) {
            try (ReferenceBroker a = ReferenceBroker.start(configA)) {
                try (Admin admin = ClientRoundTripIT.Clients.admin(a)) {
                    admin.createTopics(List.of(new NewTopic("three", 3, (short) 1))).all().get();
                }
                b.logs().createTopic("five", 5, Map.of());

                String metricsA = scrape(a);
                String metricsB = scrape(b);
                assertThat(value(metricsA, "kafka_partitions")).hasValue(3.0);
                assertThat(value(metricsB, "kafka_partitions")).hasValue(5.0);
                assertThat(value(metricsA, "kafka_topics")).hasValue(1.0);
                assertThat(value(metricsB, "kafka_topics")).hasValue(1.0);
                assertThat(value(metricsA, "kafka_requests_seconds_count{api=\"CreateTopics\"}")).hasValue(1.0);
                assertThat(value(metricsA, "kafka_bytes_in_total")).hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
                assertThat(metricsB).as("a broker that served no request").doesNotContain("kafka_requests_seconds");
                assertThat(value(metricsB, "kafka_bytes_in_total")).hasValue(0.0);
                assertThat(value(metricsA, "jvm_threads_live_threads")).as("the JVM's meters").isPresent();
            }

            try (ReferenceBroker a = ReferenceBroker.start(configA.withDiskStorage(otherData))) {
                assertThat(value(scrape(a), "kafka_partitions")).as("restarted on other data").hasValue(7.0);
                assertThat(value(scrape(a), "kafka_bytes_in_total")).as("a restart starts counting again").hasValue(0.0);
                assertThat(value(scrape(b), "kafka_partitions")).as("the broker that kept running").hasValue(5.0);
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort()
                        + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
        }
    }

    private String scrape(ReferenceBroker broker) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + broker.httpPort() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        return response.body();
    }

    /** @return the value of the sample named exactly {@code series} (name and labels as printed) */
    private static Optional<Double> value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst();
    }
}
