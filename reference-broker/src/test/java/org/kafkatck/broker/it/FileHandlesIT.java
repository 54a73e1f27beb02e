package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker holds about one file handle per partition, as Apache Kafka does: 900 partitions are written,
 * read and recovered by a broker limited to 1,024 open files ({@code ulimit -n}), which two handles per
 * partition would exceed.
 */
class FileHandlesIT {
    private static final int PARTITIONS = 900;

    @TempDir
    Path dataDir;

    @Test
    void nineHundredPartitionsFitInAThousandFileHandles() throws Exception {
        Map<TopicPartition, Long> written = new HashMap<>();
        try (BrokerProcess broker = BrokerProcess.start(dataDir, "-n 1024")) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("wide", PARTITIONS, (short) 1))).all().get();
            }
            Properties props = new Properties();
            props.put("bootstrap.servers", broker.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    acks.add(producer.send(new ProducerRecord<>("wide", p, null, "value-" + p)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    RecordMetadata md = ack.get();
                    written.put(new TopicPartition("wide", md.partition()), md.offset());
                }
            }
            assertThat(written).hasSize(PARTITIONS).allSatisfy((tp, offset) -> assertThat(offset).isZero());
            assertThat(readAll(broker.bootstrapServers())).hasSize(PARTITIONS);
            assertThat(broker.output()).noneMatch(line -> line.contains("Too many open files"));
        }
        try (BrokerProcess restarted = BrokerProcess.start(dataDir, "-n 1024")) {
            Map<TopicPartition, String> read = readAll(restarted.bootstrapServers());
            assertThat(read).hasSize(PARTITIONS);
            read.forEach((tp, value) -> assertThat(value).isEqualTo("value-" + tp.partition()));
        }
    }

    private static Map<TopicPartition, String> readAll(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        Map<TopicPartition, String> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition("wide", p));
            }
            consumer.assign(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.put(new TopicPartition(record.topic(), record.partition()), record.value());
                }
                return read.size() >= PARTITIONS;
            });
        }
        return read;
    }
}
