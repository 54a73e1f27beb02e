package org.kafkatck.broker.it;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A disk that fills up under a producer: the broker answers KAFKA_STORAGE_ERROR, reports itself DOWN and
 * loses none of the records it acknowledged. The full disk is a file-size limit ({@code ulimit -f}) on the
 * broker process: writes past it come back short and then fail, exactly as on a full file system.
 */
class DiskFullIT {
    private static final int LIMIT_KIB = 2048;
    /** The producer logs every retry of KAFKA_STORAGE_ERROR; kept quiet here, where those errors are the point. */
    private static final java.util.logging.Logger SENDER_LOG =
            java.util.logging.Logger.getLogger("org.apache.kafka.clients.producer.internals.Sender");

    static {
        SENDER_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    @TempDir
    Path dataDir;

    @Test
    void aFullDiskLosesNoAcknowledgedRecord() throws Exception {
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        try (BrokerProcess broker = BrokerProcess.start(dataDir, "-f " + LIMIT_KIB)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("filling", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
                String padding = "x".repeat(100);
                for (int i = 0; i < 30_000 && failed.get() == 0; i++) {
                    String value = i + "-" + padding;
                    producer.send(new ProducerRecord<>("filling", 0, null, value), (md, e) -> {
                        if (e == null) {
                            acknowledged.put(md.offset(), value);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                producer.flush();
            }
            assertThat(failed.get()).as("the file-size limit was reached").isPositive();
            // the Java producer retries KAFKA_STORAGE_ERROR until its delivery timeout; ask the broker directly
            try (RawClient raw = new RawClient(broker.kafkaPort())) {
                ProduceResponseData answer = raw.send(ApiKeys.PRODUCE, (short) 9,
                        RawProtocolIT.produce("filling", RawProtocolIT.idempotent(4242, 0, "refused")));
                assertThat(answer.responses().iterator().next().partitionResponses().get(0).errorCode())
                        .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
            }
            assertThat(acknowledged).hasSizeGreaterThan(10_000);

            HttpResponse<String> health = broker.health();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("offline").contains("File too large");
            assertThat(broker.output().stream().filter(line -> line.contains("is offline"))).hasSize(1);
        }

        try (BrokerProcess restarted = BrokerProcess.start(dataDir, "")) {
            assertThat(restarted.health().statusCode()).isEqualTo(200);
            Map<Long, String> stored = readAll(restarted.bootstrapServers());
            assertThat(stored).as("every acknowledged record, and nothing else").isEqualTo(acknowledged);
            try (KafkaProducer<String, String> producer = producer(restarted.bootstrapServers())) {
                assertThat(producer.send(new ProducerRecord<>("filling", 0, null, "after")).get().offset())
                        .isEqualTo(acknowledged.size());
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "5");
        props.put("request.timeout.ms", "2000");
        props.put("delivery.timeout.ms", "4000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Map<Long, String> readAll(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.auto.commit", "false");
        Map<Long, String> read = new ConcurrentHashMap<>();
        TopicPartition tp = new TopicPartition("filling", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.put(record.offset(), record.value());
                }
                return consumer.position(tp) >= end;
            });
        }
        return read;
    }
}
