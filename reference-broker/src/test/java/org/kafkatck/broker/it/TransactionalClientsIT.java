package org.kafkatck.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real Java client's transactions (KIP-98) against the broker: commit, abort, offsets, fencing. */
class TransactionalClientsIT {
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = ReferenceBroker.start(BrokerConfig.forTests());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("txn", 1, (short) 1), new NewTopic("fenced", 1, (short) 1),
                    new NewTopic("offsets-in", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(p);
    }

    private static List<ConsumerRecord<String, String>> read(String topic, IsolationLevel isolation, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && consumer.position(tp) < endOffset(consumer, tp)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("records read %s", isolation).hasSize(expected);
        }
        return records;
    }

    private static long endOffset(KafkaConsumer<String, String> consumer, TopicPartition tp) {
        return consumer.endOffsets(List.of(tp)).get(tp);
    }

    @Test
    void committedRecordsAreReadAndAbortedOnesOnlyUncommitted() throws Exception {
        try (KafkaProducer<String, String> producer = producer("tx-commit-abort")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("txn", "k", "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn", "k", "aborted-0"));
            producer.send(new ProducerRecord<>("txn", "k", "aborted-1"));
            // written first: an abort drops what the producer has not sent yet
            producer.flush();
            producer.abortTransaction();
        }
        List<ConsumerRecord<String, String>> committed = read("txn", IsolationLevel.READ_COMMITTED, 3);
        assertThat(committed).extracting(ConsumerRecord::value).containsExactly("committed-0", "committed-1", "committed-2");
        assertThat(committed).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        List<ConsumerRecord<String, String>> all = read("txn", IsolationLevel.READ_UNCOMMITTED, 5);
        assertThat(all).extracting(ConsumerRecord::offset).as("markers take offsets 3 and 6")
                .containsExactly(0L, 1L, 2L, 4L, 5L);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPartition tp = new TopicPartition("txn", 0);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp).get().offset()).isEqualTo(7);
        }
    }

    @Test
    void aSecondInstanceFencesTheFirst() {
        try (KafkaProducer<String, String> first = producer("tx-fenced");
             KafkaProducer<String, String> second = producer("tx-fenced")) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>("fenced", "k", "zombie"));
            first.flush();
            second.initTransactions();
            assertThatThrownBy(first::commitTransaction).isInstanceOf(ProducerFencedException.class);
            second.beginTransaction();
            second.send(new ProducerRecord<>("fenced", "k", "live"));
            second.commitTransaction();
        }
        assertThat(read("fenced", IsolationLevel.READ_COMMITTED, 1)).extracting(ConsumerRecord::value)
                .containsExactly("live");
    }

    @Test
    void offsetsSentToATransactionAreCommittedWithIt() throws Exception {
        TopicPartition in = new TopicPartition("offsets-in", 0);
        try (KafkaProducer<String, String> producer = producer("tx-offsets")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("offsets-in", "k", "v"));
            producer.sendOffsetsToTransaction(Map.of(in, new OffsetAndMetadata(42)), new ConsumerGroupMetadata("g-txn"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listConsumerGroupOffsets("g-txn").partitionsToOffsetAndMetadata().get())
                        .as("pending until the commit").doesNotContainKey(in);
            }
            producer.commitTransaction();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets("g-txn").partitionsToOffsetAndMetadata().get().get(in).offset())
                    .isEqualTo(42);
        }
    }
}
