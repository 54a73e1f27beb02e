package org.kafkatck.tck.targets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kafkatck.broker.RecoveryFault;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process reference broker restarts on the same data and port, with its self-test mutant still in it. */
class ReferenceBrokerTargetTest {

    @ParameterizedTest
    @EnumSource(RestartableTarget.Stop.class)
    void aRestartKeepsTheDataThePortAndTheMutant(RestartableTarget.Stop how) throws Exception {
        AtomicInteger wrapped = new AtomicInteger();
        ReferenceBrokerTarget target = new ReferenceBrokerTarget(handler -> {
            if (handler.apiKey() == ApiKeys.FETCH) {
                wrapped.incrementAndGet();
            }
            return handler;
        }, RecoveryFault.NONE);
        target.start();
        try {
            String bootstrap = target.bootstrapServers();
            Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(client);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("kept", 0, null, "a".getBytes())).get(20, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("kept", 0, null, "b".getBytes())).get(20, TimeUnit.SECONDS);
            }
            assertThat(wrapped).as("the decorator wraps the Fetch handler at start").hasValue(1);

            target.restart(how);

            assertThat(target.bootstrapServers()).as("same address after the restart").isEqualTo(bootstrap);
            assertThat(wrapped).as("the decorator wraps the restarted broker's Fetch handler too").hasValue(2);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicPartition tp = new TopicPartition("kept", 0);
                assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                        .get(20, TimeUnit.SECONDS).offset()).as("records written before the restart").isEqualTo(2);
            }
        } finally {
            target.close();
        }
    }
}
