package org.kafkatck.broker.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic administration and offset lookups through the Java Admin client. */
class AdminIT {
    private static ReferenceBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = ReferenceBroker.start(BrokerConfig.forTests().withAutoCreateTopics(false));
        admin = ClientRoundTripIT.Clients.admin(broker);
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void describeClusterReportsThisNode() throws Exception {
        assertThat(admin.describeCluster().clusterId().get()).isEqualTo(broker.clusterId());
        assertThat(admin.describeCluster().nodes().get()).singleElement()
                .satisfies(node -> assertThat(node.port()).isEqualTo(broker.kafkaPort()));
        assertThat(admin.describeCluster().controller().get().id()).isEqualTo(1);
    }

    @Test
    void createDescribeAndDeleteTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1))).all().get();
        TopicDescription description = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
        assertThat(description.partitions()).hasSize(4);
        assertThat(description.topicId()).isEqualTo(broker.logs().topic("orders").orElseThrow().id());
        assertThat(description.partitions().get(0).leader().id()).isEqualTo(1);
        assertThat(admin.listTopics().names().get()).contains("orders");

        admin.deleteTopics(List.of("orders")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("orders");
        assertThatThrownBy(() -> admin.deleteTopics(List.of("orders")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void creationErrorsAreReportedPerTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic("existing", 1, (short) 1))).all().get();
        assertCause(() -> admin.createTopics(List.of(new NewTopic("existing", 1, (short) 1))).all().get(),
                TopicExistsException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1))).all().get(),
                InvalidTopicException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("zero-partitions", 0, (short) 1))).all().get(),
                InvalidPartitionsException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("three-replicas", 1, (short) 3))).all().get(),
                InvalidReplicationFactorException.class);
        // an absurd count is refused at once rather than attempted
        assertCause(() -> admin.createTopics(List.of(new NewTopic("million", 1_000_000, (short) 1))).all().get(),
                InvalidPartitionsException.class);
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("dry-run", 2, (short) 1)), new CreateTopicsOptions().validateOnly(true))
                .all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");
    }

    @Test
    void partitionsCanBeAddedButNotRemoved() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 1, (short) 1))).all().get();
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get();
        assertThat(admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions()).hasSize(3);
        assertCause(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all().get(),
                InvalidPartitionsException.class);
        assertCause(() -> admin.createPartitions(Map.of("missing", NewPartitions.increaseTo(2))).all().get(),
                UnknownTopicOrPartitionException.class);
    }

    @Test
    void listOffsetsByPositionAndTime() throws Exception {
        admin.createTopics(List.of(new NewTopic("timeline", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
            producer.send(new ProducerRecord<>("timeline", 0, 1_000L, "a", "1")).get();
            producer.send(new ProducerRecord<>("timeline", 0, 5_000L, "b", "2")).get();
            producer.send(new ProducerRecord<>("timeline", 0, 3_000L, "c", "3")).get();
        }
        TopicPartition tp = new TopicPartition("timeline", 0);
        assertThat(offset(tp, OffsetSpec.earliest())).isZero();
        assertThat(offset(tp, OffsetSpec.latest())).isEqualTo(3);
        assertThat(offset(tp, OffsetSpec.forTimestamp(2_000L))).isEqualTo(1);
        assertThat(offset(tp, OffsetSpec.forTimestamp(9_000L))).isEqualTo(-1);
        assertThat(offset(tp, OffsetSpec.maxTimestamp())).isEqualTo(1);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp).get().timestamp())
                .isEqualTo(5_000L);
    }

    private static long offset(TopicPartition tp, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get().offset();
    }

    private static void assertCause(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<? extends Throwable> cause) {
        assertThatThrownBy(call).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(cause);
    }
}
