package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.OffsetRequests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Committed offsets: committing (consumer, Admin, raw OffsetCommit), reading them back, resetting. */
public class OffsetSteps {
    private final World world;
    private final GroupSteps groups;
    private final AtomicReference<Exception> asyncOutcome = new AtomicReference<>();
    private volatile boolean asyncDone;
    private List<Long> fetchedTogether;

    /**
     * @param world  the scenario's state
     * @param groups the group steps, for consumers in groups
     */
    public OffsetSteps(World world, GroupSteps groups) {
        this.world = world;
        this.groups = groups;
    }

    private TopicPartition tp(String topic, int partition) {
        return new TopicPartition(world.topic(topic), partition);
    }

    @Given("{int} records were sent to partition {int} of {string}")
    @When("{int} more records are sent to partition {int} of {string}")
    public void sendToPartition(int count, int partition, String topic) throws Exception {
        var producer = world.producer(Map.of());
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(world.topic(topic), partition, ProduceSteps.bytes("key-" + i),
                    ProduceSteps.bytes("record-" + i))));
        }
        for (var ack : acks) {
            ack.get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return world.admin().listConsumerGroupOffsets(world.name(group)).partitionsToOffsetAndMetadata()
                .get(15, TimeUnit.SECONDS);
    }

    @Given("group {string} committed offset {long} for partition {int} of {string}")
    public void groupCommitted(String group, long offset, int partition, String topic) throws Exception {
        world.admin().alterConsumerGroupOffsets(world.name(group), Map.of(tp(topic, partition),
                new OffsetAndMetadata(offset))).all().get(15, TimeUnit.SECONDS);
    }

    @Given("the offsets of group {string} are set to {long} for partition 0 and {long} for partition 1 of {string}")
    public void setTwoOffsets(String group, long first, long second, String topic) throws Exception {
        world.admin().alterConsumerGroupOffsets(world.name(group), Map.of(tp(topic, 0), new OffsetAndMetadata(first),
                tp(topic, 1), new OffsetAndMetadata(second))).all().get(15, TimeUnit.SECONDS);
    }

    private OffsetRequests.Fetched rawFetch(String group, String topic, List<Integer> partitions) {
        return OffsetRequests.fetch(world.rawToCoordinator(world.name(group)), world.name(group),
                topic == null ? null : world.topic(topic), partitions);
    }

    /**
     * Reads one committed offset back through two independent paths: a raw OffsetFetch naming the
     * partition, and the Admin client asking for every offset of the group.
     */
    private void assertCommitted(String group, long offset, String metadata, Integer leaderEpoch, int partition,
                                 String topic) throws Exception {
        TopicPartition tp = tp(topic, partition);
        OffsetRequests.Fetched fetched = rawFetch(group, topic, List.of(partition));
        assertThat(fetched.error()).as("OffsetFetch error for group %s", group).isEqualTo(Errors.NONE);
        assertThat(fetched.partitions()).as("partitions answered").containsOnlyKeys(tp);
        OffsetRequests.Committed raw = fetched.partitions().get(tp);
        assertThat(raw.error()).as("OffsetFetch error for %s", tp).isEqualTo(Errors.NONE);
        assertThat(raw.offset()).as("committed_offset of %s", tp).isEqualTo(offset);
        if (metadata != null) {
            assertThat(raw.metadata()).as("metadata of %s", tp).isEqualTo(metadata);
        }
        if (leaderEpoch != null) {
            assertThat(raw.leaderEpoch()).as("committed_leader_epoch of %s", tp).isEqualTo(leaderEpoch);
        }
        OffsetAndMetadata viaAdmin = committed(group).get(tp);
        assertThat(viaAdmin).as("committed offset of %s listed by the Admin client", tp).isNotNull();
        assertThat(viaAdmin.offset()).as("offset of %s listed by the Admin client", tp).isEqualTo(offset);
        if (metadata != null) {
            assertThat(viaAdmin.metadata()).as("metadata of %s listed by the Admin client", tp).isEqualTo(metadata);
        }
        if (leaderEpoch != null) {
            assertThat(viaAdmin.leaderEpoch()).as("leader epoch of %s listed by the Admin client", tp)
                    .contains(leaderEpoch);
        }
    }

    @Then("group {string} has committed offset {long} for partition {int} of {string}")
    public void hasCommitted(String group, long offset, int partition, String topic) throws Exception {
        assertCommitted(group, offset, null, null, partition, topic);
    }

    @Then("group {string} has committed offset {long} with metadata {string} for partition {int} of {string}")
    public void hasCommittedWithMetadata(String group, long offset, String metadata, int partition, String topic)
            throws Exception {
        assertCommitted(group, offset, metadata, null, partition, topic);
    }

    @Then("group {string} has committed offset {long} with metadata {string} and leader epoch {int} for partition {int} of {string}")
    public void hasCommittedWithEpoch(String group, long offset, String metadata, int epoch, int partition, String topic)
            throws Exception {
        assertCommitted(group, offset, metadata, epoch, partition, topic);
    }

    /** Nothing committed: a fetch naming the partition answers -1, and the group's offsets do not list it. */
    @Then("group {string} has no committed offset for partition {int} of {string}")
    public void hasNoCommitted(String group, int partition, String topic) throws Exception {
        TopicPartition tp = tp(topic, partition);
        OffsetRequests.Fetched fetched = rawFetch(group, topic, List.of(partition));
        assertThat(fetched.error()).as("OffsetFetch error for group %s", group).isEqualTo(Errors.NONE);
        assertThat(fetched.partitions()).as("partitions answered").containsOnlyKeys(tp);
        OffsetRequests.Committed raw = fetched.partitions().get(tp);
        assertThat(raw.error()).as("OffsetFetch error for %s", tp).isEqualTo(Errors.NONE);
        assertThat(raw.offset()).as("committed_offset of %s, which has none", tp).isEqualTo(-1L);
        assertThat(raw.leaderEpoch()).as("committed_leader_epoch of %s, which has none", tp).isEqualTo(-1);
        assertThat(committed(group)).as("offsets of group %s listed by the Admin client", group).doesNotContainKey(tp);
    }

    @Then("eventually group {string} has no committed offset for partition {int} of {string}")
    public void eventuallyNoCommitted(String group, int partition, String topic) {
        // a broker removes the offsets of a deleted topic as it learns of the deletion: milliseconds on Kafka
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> hasNoCommitted(group, partition, topic));
    }

    @Then("group {string} has no committed offsets")
    public void hasNoOffsets(String group) throws Exception {
        OffsetRequests.Fetched fetched = rawFetch(group, null, null);
        assertThat(fetched.error()).as("OffsetFetch error for group %s", group).isEqualTo(Errors.NONE);
        assertThat(fetched.partitions()).as("offsets of group %s", group).isEmpty();
        assertThat(committed(group)).as("offsets of group %s listed by the Admin client", group).isEmpty();
    }

    @Then("a fetch of partitions 0 and 1 of {string} for group {string} answers offset {long} for partition 0 and {long} for partition 1")
    public void fetchTwo(String topic, String group, long first, long second) {
        OffsetRequests.Fetched fetched = rawFetch(group, topic, List.of(0, 1));
        assertThat(fetched.error()).as("OffsetFetch error for group %s", group).isEqualTo(Errors.NONE);
        assertThat(fetched.partitions()).as("partitions answered").containsOnlyKeys(tp(topic, 0), tp(topic, 1));
        long[] expected = {first, second};
        for (int p = 0; p < 2; p++) {
            OffsetRequests.Committed raw = fetched.partitions().get(tp(topic, p));
            assertThat(raw.error()).as("error of partition %d", p).isEqualTo(Errors.NONE);
            assertThat(raw.offset()).as("committed_offset of partition %d", p).isEqualTo(expected[p]);
        }
    }

    // ---------------------------------------------------------------- raw OffsetCommit outside the group

    @When("group {string} commits offset {long} with metadata {string} for partition {int} of {string}")
    public void rawCommitWithMetadata(String group, long offset, String metadata, int partition, String topic) {
        rawCommit(group, offset, metadata, -1, partition, topic);
    }

    @When("group {string} commits offset {long} with metadata {string} and leader epoch {int} for partition {int} of {string}")
    public void rawCommitWithEpoch(String group, long offset, String metadata, int epoch, int partition, String topic) {
        rawCommit(group, offset, metadata, epoch, partition, topic);
    }

    @When("group {string} commits offset {long} for partition {int} of {string}")
    public void rawCommitPlain(String group, long offset, int partition, String topic) {
        rawCommit(group, offset, "", -1, partition, topic);
    }

    @When("group {string} commits offset {long} with {int} characters of metadata for partition {int} of {string}")
    public void rawCommitLongMetadata(String group, long offset, int length, int partition, String topic) {
        rawCommit(group, offset, "m".repeat(length), -1, partition, topic);
    }

    /** A commit outside group management: generation -1, no member id. */
    private void rawCommit(String group, long offset, String metadata, int epoch, int partition, String topic) {
        world.lastError = OffsetRequests.commit(world.rawToCoordinator(world.name(group)), world.name(group), -1, "",
                world.topic(topic), partition, offset, epoch, metadata);
    }

    // ---------------------------------------------------------------- consumers committing

    @Given("consumer {string} in group {string} has read {string} and committed offset {long} of partition {int}")
    public void readAndCommitted(String consumer, String group, String topic, long offset, int partition) {
        hasRead(consumer, group, topic);
        world.members.get(consumer).commitSync(Map.of(tp(topic, partition), new OffsetAndMetadata(offset)),
                World.STEP_TIMEOUT);
    }

    @Given("consumer {string} in group {string} has read {string}")
    public void hasRead(String consumer, String group, String topic) {
        groups.join(consumer, group, topic, Map.of());
        await().atMost(GroupSteps.REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            groups.pollAll();
            return world.receivedBy.get(consumer).size() >= 10;
        });
    }

    @When("consumer {string} is closed and consumer {string} in group {string} subscribes to {string}")
    public void handOver(String closing, String next, String group, String topic) {
        groups.close(closing);
        groups.join(next, group, topic, Map.of());
    }

    @Then("consumer {string} receives partition {int} of {string} from offset {long}")
    public void receivesFrom(String consumer, int partition, String topic, long offset) {
        TopicPartition tp = tp(topic, partition);
        await().atMost(GroupSteps.REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            groups.pollAll();
            return world.receivedBy.get(consumer).stream().anyMatch(r -> r.partition() == partition);
        });
        ConsumerRecord<byte[], byte[]> first = world.receivedBy.get(consumer).stream()
                .filter(r -> r.topic().equals(tp.topic()) && r.partition() == partition).findFirst().orElseThrow();
        assertThat(first.offset()).as("first offset read from %s", tp).isEqualTo(offset);
    }

    @When("consumer {string} in group {string} with auto-commit reads {int} records of {string} and closes")
    public void autoCommit(String consumer, String group, int count, String topic) {
        groups.join(consumer, group, topic, Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "100"));
        await().atMost(GroupSteps.REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            groups.pollAll();
            return world.receivedBy.get(consumer).size() >= count;
        });
        groups.close(consumer);
    }

    @When("consumer {string} commits offset {long} of partition {int} asynchronously")
    public void commitAsync(String consumer, long offset, int partition) {
        KafkaConsumer<byte[], byte[]> member = world.members.get(consumer);
        String topic = (String) world.remembered.get("topic-of:" + consumer);
        member.commitAsync(Map.of(tp(topic, partition), new OffsetAndMetadata(offset)), (offsets, error) -> {
            asyncOutcome.set(error);
            asyncDone = true;
        });
        await().atMost(World.STEP_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            groups.pollAll();
            return asyncDone;
        });
    }

    @Then("the asynchronous commit succeeded")
    public void asyncSucceeded() {
        assertThat(asyncOutcome.get()).isNull();
    }

    @When("consumer {string} in group {string} with auto.offset.reset={word} subscribes to {string}")
    public void subscribeWithReset(String consumer, String group, String reset, String topic) {
        groups.join(consumer, group, topic, Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset));
    }

    @When("consumer {string} has its assignment")
    public void hasAssignment(String consumer) {
        KafkaConsumer<byte[], byte[]> member = world.members.get(consumer);
        await().atMost(GroupSteps.REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            groups.pollAll();
            return !member.assignment().isEmpty();
        });
        // resolve the starting positions now, before anything else is produced
        member.assignment().forEach(tp -> member.position(tp, World.STEP_TIMEOUT));
    }

    @Then("consumer {string} fails because partitions have no committed offset")
    public void failsWithoutOffset(String consumer) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        await().atMost(GroupSteps.REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            try {
                groups.pollAll();
                return false;
            } catch (NoOffsetForPartitionException e) {
                failure.set(e);
                return true;
            }
        });
        assertThat(failure.get()).isInstanceOf(NoOffsetForPartitionException.class);
    }

    // ---------------------------------------------------------------- deleting and fetching

    @When("the committed offset of group {string} for partition {int} of {string} is deleted")
    public void deleteOffset(String group, int partition, String topic) {
        Outcomes.capture(world, () -> world.admin().deleteConsumerGroupOffsets(world.name(group),
                Set.of(tp(topic, partition))).all().get(15, TimeUnit.SECONDS));
    }

    @When("the committed offsets of groups {string} and {string} for partition {int} of {string} are fetched in one request")
    public void fetchTogether(String first, String second, int partition, String topic) throws Exception {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(tp(topic, partition)));
        var result = world.admin().listConsumerGroupOffsets(Map.of(world.name(first), spec, world.name(second), spec));
        fetchedTogether = List.of(
                result.partitionsToOffsetAndMetadata(world.name(first)).get(15, TimeUnit.SECONDS).get(tp(topic, partition)).offset(),
                result.partitionsToOffsetAndMetadata(world.name(second)).get(15, TimeUnit.SECONDS).get(tp(topic, partition)).offset());
    }

    @Then("they are {long} and {long}")
    public void theyAre(long first, long second) {
        assertThat(fetchedTogether).containsExactly(first, second);
    }
}
