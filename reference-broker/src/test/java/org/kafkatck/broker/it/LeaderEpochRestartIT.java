package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader epochs across a restart: the restarted broker leads under a new, larger epoch, the epoch before
 * ends where the new one began, and a group's consumer that committed under the old epoch resumes after
 * validating its position with OffsetForLeaderEpoch, as the Java client does (KIP-320).
 */
class LeaderEpochRestartIT {
    private static final TopicPartition TP = new TopicPartition("epochs", 0);

    @Test
    void aRestartBeginsANewEpochAndAConsumerResumesAcrossIt(@TempDir Path dataDir) throws Exception {
        BrokerConfig config = BrokerConfig.forTests().withDiskStorage(dataDir);
        int before;
        try (ReferenceBroker broker = ReferenceBroker.start(config)) {
            try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
                admin.createTopics(List.of(new NewTopic("epochs", 1, (short) 1))).all().get();
            }
            produce(broker, 0, 5);
            before = leaderEpoch(broker);
            try (KafkaConsumer<String, String> consumer = groupConsumer(broker)) {
                assertThat(poll(consumer, 5)).extracting(ConsumerRecord::leaderEpoch)
                        .containsOnly(java.util.Optional.of(before));
                consumer.commitSync();
                assertThat(consumer.committed(java.util.Set.of(TP)).get(TP).leaderEpoch()).hasValue(before);
            }
        }

        try (ReferenceBroker broker = ReferenceBroker.start(config)) {
            int after = leaderEpoch(broker);
            assertThat(after).as("epoch after a restart").isGreaterThan(before);
            OffsetForLeaderEpochResponseData.EpochEndOffset end = endOf(broker, before);
            assertThat(end.leaderEpoch()).isEqualTo(before);
            assertThat(end.endOffset()).as("the old epoch ends where the new one began").isEqualTo(5);
            produce(broker, 5, 3);
            try (KafkaConsumer<String, String> consumer = groupConsumer(broker)) {
                List<ConsumerRecord<String, String>> resumed = poll(consumer, 3);
                assertThat(resumed).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L);
                assertThat(resumed).extracting(ConsumerRecord::leaderEpoch).containsOnly(java.util.Optional.of(after));
            }
        }
    }

    private static void produce(ReferenceBroker broker, int first, int count) throws Exception {
        try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
            for (int i = first; i < first + count; i++) {
                producer.send(new ProducerRecord<>("epochs", 0, "k" + i, "v" + i)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(ReferenceBroker broker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "readers");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.assign(List.of(TP));
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    private static int leaderEpoch(ReferenceBroker broker) throws Exception {
        try (RawClient raw = new RawClient(broker.kafkaPort())) {
            MetadataResponseData metadata = raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("epochs"))));
            return metadata.topics().find("epochs").partitions().get(0).leaderEpoch();
        }
    }

    private static OffsetForLeaderEpochResponseData.EpochEndOffset endOf(ReferenceBroker broker, int epoch)
            throws Exception {
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("epochs").setPartitions(List.of(
                new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                        .setCurrentLeaderEpoch(-1).setLeaderEpoch(epoch))));
        try (RawClient raw = new RawClient(broker.kafkaPort())) {
            OffsetForLeaderEpochResponseData response = raw.send(ApiKeys.OFFSET_FOR_LEADER_EPOCH, (short) 4,
                    new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics));
            return response.topics().iterator().next().partitions().get(0);
        }
    }
}
