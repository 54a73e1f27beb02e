package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Java consumer in a group, against the broker's group coordinator. */
class ConsumerGroupIT {
    private static ReferenceBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = ReferenceBroker.start(BrokerConfig.forTests());
        admin = ClientRoundTripIT.Clients.admin(broker);
        admin.createTopics(List.of(new NewTopic("six", 6, (short) 1), new NewTopic("three", 3, (short) 1))).all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    static KafkaConsumer<String, String> member(ReferenceBroker broker, String group, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void threeMembersShareSixPartitionsTwoEach() throws Exception {
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                KafkaConsumer<String, String> consumer = member(broker, "sharing", Map.of());
                consumer.subscribe(List.of("six"));
                consumers.add(consumer);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumers.forEach(c -> c.poll(Duration.ofMillis(50)));
                assertThat(consumers).allSatisfy(c -> assertThat(c.assignment()).hasSize(2));
            });
            Set<TopicPartition> all = new HashSet<>();
            consumers.forEach(c -> all.addAll(c.assignment()));
            assertThat(all).hasSize(6);
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of("sharing"))
                    .describedGroups().get("sharing").get();
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.members()).hasSize(3);
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
    }

    @Test
    void aRestartedConsumerResumesAtTheCommittedOffset() throws Exception {
        try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>("three", i % 3, "k" + i, "v" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> first = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = member(broker, "resuming", Map.of())) {
            consumer.subscribe(List.of("three"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(first::add);
                return first.size() >= 30;
            });
            consumer.commitSync(Map.of(new TopicPartition("three", 0), new OffsetAndMetadata(4, "half way")));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("resuming")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        assertThat(committed.get(new TopicPartition("three", 0)).offset()).isEqualTo(4);
        assertThat(committed.get(new TopicPartition("three", 0)).metadata()).isEqualTo("half way");
        try (KafkaConsumer<String, String> consumer = member(broker, "resuming", Map.of())) {
            consumer.assign(List.of(new TopicPartition("three", 0)));
            List<ConsumerRecord<String, String>> again = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(again::add);
                return again.size() >= 6;
            });
            assertThat(again.get(0).offset()).isEqualTo(4);
        }
    }

    @Test
    void theNewConsumerProtocolIsRefusedClearlyNotHung() {
        // KIP-848 is not implemented, so ConsumerGroupHeartbeat is not advertised and the client says so
        try (KafkaConsumer<String, String> consumer = member(broker, "next-gen", Map.of("group.protocol", "consumer"))) {
            consumer.subscribe(List.of("three"));
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                while (System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }).isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void committedOffsetsSurviveARestart(@TempDir Path dir) throws Exception {
        BrokerConfig config = BrokerConfig.forTests().withDiskStorage(dir);
        try (ReferenceBroker disk = ReferenceBroker.start(config); Admin diskAdmin = ClientRoundTripIT.Clients.admin(disk)) {
            diskAdmin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
            try (KafkaConsumer<String, String> consumer = member(disk, "durable-group", Map.of())) {
                consumer.assign(List.of(new TopicPartition("kept", 1)));
                consumer.commitSync(Map.of(new TopicPartition("kept", 1), new OffsetAndMetadata(0, "meta")));
            }
        }
        try (ReferenceBroker disk = ReferenceBroker.start(config); Admin diskAdmin = ClientRoundTripIT.Clients.admin(disk)) {
            Map<TopicPartition, OffsetAndMetadata> committed = diskAdmin.listConsumerGroupOffsets("durable-group")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition("kept", 1)).metadata()).isEqualTo("meta");
            assertThat(diskAdmin.listGroups().all().get()).anySatisfy(g -> assertThat(g.groupId()).isEqualTo("durable-group"));
            diskAdmin.deleteConsumerGroups(List.of("durable-group")).all().get();
            assertThat(diskAdmin.listConsumerGroupOffsets("durable-group").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }
}
