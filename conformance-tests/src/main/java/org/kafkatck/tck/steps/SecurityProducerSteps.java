package org.kafkatck.tck.steps;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.When;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.kafkatck.tck.world.Principals;
import org.kafkatck.tck.world.World;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Producers of the {@code security} profile beyond a plain send: an idempotent producer, and a transactional one
 * that writes to two topics or sends a group's offsets in its transaction, then aborts or commits it.
 */
public class SecurityProducerSteps {
    private final World world;
    private final Principals principals;
    /** The transactional producer whose transaction a later step ends. */
    private KafkaProducer<byte[], byte[]> open;

    /** @param world the scenario's state */
    public SecurityProducerSteps(World world) {
        this.world = world;
        this.principals = world.principals();
    }

    /** A user's idempotent producer (it asks InitProducerId without a transactional id) sends one record. */
    @When("user {string} sends a record to {string} with an idempotent producer")
    public void sendsIdempotently(String user, String topic) {
        KafkaProducer<byte[], byte[]> producer = principals.producer(user, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.ACKS_CONFIG, "all"));
        Outcomes.capture(world, () -> producer.send(new ProducerRecord<>(world.topic(topic), 0, null,
                ("idempotent-" + user).getBytes(UTF_8))).get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /**
     * A user's transactional producer begins a transaction, writes one record to a topic (which must succeed),
     * then another to a second topic: the outcome is that of the second send. The transaction stays open.
     */
    @When("user {string} in a transaction with transactional id {string} writes {string} to {string} and then {string} to {string}")
    public void writesToTwo(String user, String id, String first, String firstTopic, String second,
                            String secondTopic) throws Exception {
        open = principals.producer(user, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, world.name(id)));
        open.initTransactions();
        open.beginTransaction();
        open.send(new ProducerRecord<>(world.topic(firstTopic), 0, null, first.getBytes(UTF_8)))
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Outcomes.capture(world, () -> open.send(new ProducerRecord<>(world.topic(secondTopic), 0, null,
                second.getBytes(UTF_8))).get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /**
     * A user's transactional producer begins a transaction and sends a group's offset in it
     * (AddOffsetsToTxn, then TxnOffsetCommit); the transaction stays open.
     */
    @When("user {string} in a transaction with transactional id {string} sends offset {long} of partition {int} of {string} for group {string}")
    public void sendsOffsets(String user, String id, long offset, int partition, String topic, String group)
            throws Exception {
        open = principals.producer(user, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, world.name(id)));
        open.initTransactions();
        open.beginTransaction();
        Outcomes.capture(world, () -> open.sendOffsetsToTransaction(Map.of(new TopicPartition(world.topic(topic),
                partition), new OffsetAndMetadata(offset)), new ConsumerGroupMetadata(world.name(group))));
    }

    /** The user aborts the open transaction. */
    @When("the user aborts that transaction")
    public void aborts() {
        Outcomes.capture(world, () -> open.abortTransaction());
    }

    /** The user commits the open transaction. */
    @When("the user commits that transaction")
    public void commits() {
        Outcomes.capture(world, () -> open.commitTransaction());
    }
}
