package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker restarted on the same data directory keeps every acknowledged record, offset and producer. */
class RestartIT {

    @Test
    void acknowledgedRecordsSurviveARestart(@TempDir Path dataDir) throws Exception {
        BrokerConfig config = BrokerConfig.forTests().withDiskStorage(dataDir).withSegmentBytes(8 * 1024);
        int count = 3000;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        Uuid topicId;
        String clusterId;
        try (ReferenceBroker broker = ReferenceBroker.start(config)) {
            clusterId = broker.clusterId();
            try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
                admin.createTopics(List.of(new NewTopic("durable", 2, (short) 1))).all().get();
            }
            topicId = broker.logs().topic("durable").orElseThrow().id();
            try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker,
                    Map.of("batch.size", "2048"))) {
                for (int i = 0; i < count; i++) {
                    acks.add(producer.send(new ProducerRecord<>("durable", i % 2, "k" + i, "v" + i)));
                }
                producer.flush();
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            try (RawClient raw = new RawClient(broker.kafkaPort())) {
                ProduceResponseData first = raw.send(ApiKeys.PRODUCE, (short) 9,
                        RawProtocolIT.produce("durable", RawProtocolIT.idempotent(777, 0, "once")));
                assertThat(first.responses().iterator().next().partitionResponses().get(0).baseOffset()).isEqualTo(1500);
            }
            assertThat(broker.logs().topic("durable").orElseThrow().partition(0).segmentCount()).isGreaterThan(1);
        }

        try (ReferenceBroker broker = ReferenceBroker.start(config)) {
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            assertThat(broker.logs().topic("durable").orElseThrow().id()).isEqualTo(topicId);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> read =
                    ClientRoundTripIT.Clients.readAll(broker, "durable", 2, count + 1);
            for (int i = 0; i < count; i++) {
                RecordMetadata md = acks.get(i).get();
                ConsumerRecord<String, String> record = read.get(new TopicPartition("durable", md.partition()))
                        .get((int) md.offset());
                assertThat(record.value()).isEqualTo("v" + i);
                assertThat(record.key()).isEqualTo("k" + i);
            }
            try (RawClient raw = new RawClient(broker.kafkaPort())) {
                ProduceResponseData retry = raw.send(ApiKeys.PRODUCE, (short) 9,
                        RawProtocolIT.produce("durable", RawProtocolIT.idempotent(777, 0, "once")));
                assertThat(retry.responses().iterator().next().partitionResponses().get(0).baseOffset())
                        .as("a retried batch is recognised after a restart").isEqualTo(1500);
            }
            try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
                assertThat(producer.send(new ProducerRecord<>("durable", 1, "k", "after restart")).get().offset())
                        .isEqualTo(1500);
            }
        }
    }
}
