package org.kafkatck.broker.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Java client, with its default settings, producing to and consuming from the broker. */
class ClientRoundTripIT {
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() {
        broker = ReferenceBroker.start(BrokerConfig.forTests());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void tenThousandKeyedRecordsWithHeadersRoundTripOverThreePartitions() throws Exception {
        String topic = "round-trip";
        try (Admin admin = Clients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        int count = 10_000;
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < count; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                headers.add("origin", "it".getBytes(StandardCharsets.UTF_8));
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, 1_700_000_000_000L + i,
                        "key-" + (i % 97), "value-" + i, headers);
                sent.add(record);
                acks.add(producer.send(record));
            }
            producer.flush();
        }
        List<RecordMetadata> metadata = new ArrayList<>();
        for (Future<RecordMetadata> ack : acks) {
            metadata.add(ack.get());
        }

        Map<TopicPartition, List<ConsumerRecord<String, String>>> received = Clients.readAll(broker, topic, 3, count);
        for (int i = 0; i < count; i++) {
            RecordMetadata md = metadata.get(i);
            ConsumerRecord<String, String> got = received.get(new TopicPartition(topic, md.partition()))
                    .get((int) md.offset());
            ProducerRecord<String, String> want = sent.get(i);
            assertThat(got.offset()).isEqualTo(md.offset());
            assertThat(got.key()).isEqualTo(want.key());
            assertThat(got.value()).isEqualTo(want.value());
            assertThat(got.timestamp()).isEqualTo(want.timestamp());
            assertThat(new String(got.headers().lastHeader("seq").value(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(i));
            assertThat(new String(got.headers().lastHeader("origin").value(), StandardCharsets.UTF_8))
                    .isEqualTo("it");
        }
        // the default partitioner keeps a key on one partition
        Map<String, Integer> partitionOfKey = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            Integer previous = partitionOfKey.putIfAbsent(sent.get(i).key(), metadata.get(i).partition());
            assertThat(previous == null || previous == metadata.get(i).partition()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesAreStoredAndServed(String codec) throws Exception {
        String topic = "compressed-" + codec;
        int count = 500;
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, "20"))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "compressible value " + i + " ".repeat(50)));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = Clients.readAll(broker, topic, 1, count)
                .get(new TopicPartition(topic, 0));
        assertThat(records).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(records.get(i).offset()).isEqualTo(i);
            assertThat(records.get(i).value()).isEqualTo("compressible value " + i + " ".repeat(50));
        }
    }

    /** Client factories shared by the integration tests. */
    static final class Clients {
        private Clients() {
        }

        static Admin admin(ReferenceBroker broker) {
            Properties props = new Properties();
            props.put("bootstrap.servers", broker.bootstrapServers());
            return Admin.create(props);
        }

        static KafkaProducer<String, String> producer(ReferenceBroker broker, Map<String, String> overrides) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.putAll(overrides);
            return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }

        static KafkaConsumer<String, String> consumer(ReferenceBroker broker) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        }

        /** Reads {@code expected} records from every partition of a topic, by assign + seek (no group). */
        static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(ReferenceBroker broker, String topic,
                                                                                int partitions, int expected) {
            Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new java.util.HashMap<>();
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                byPartition.put(new TopicPartition(topic, p), new ArrayList<>());
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                int total = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (total < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        byPartition.get(new TopicPartition(record.topic(), record.partition())).add(record);
                        total++;
                    }
                }
                assertThat(total).as("records read from %s", topic).isEqualTo(expected);
            }
            return byPartition;
        }
    }
}
