package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Java consumers in groups: subscribing, sharing partitions, leaving, restarting; group admin. */
public class GroupSteps {
    /**
     * Bound on a rebalance of Java consumers. Apache Kafka completes one in well under a second once
     * every member has heard of it (heartbeats every 500 ms here); a broker may delay the first one of
     * a group by group.initial.rebalance.delay.ms (3 s by default), which this bound allows for.
     */
    static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(15);
    /** Members heartbeat often, so a rebalance is noticed within half a second, not the client's 3 s. */
    private static final String HEARTBEAT_INTERVAL_MS = "500";

    private final World world;
    private final Map<String, String> groupOf = new HashMap<>();
    private final Map<String, Map<String, String>> configOf = new HashMap<>();

    /** @param world the scenario's state */
    public GroupSteps(World world) {
        this.world = world;
    }

    KafkaConsumer<byte[], byte[]> join(String consumer, String group, String topic, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, world.name(group));
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        KafkaConsumer<byte[], byte[]> member = world.consumer(config);
        member.subscribe(List.of(world.topic(topic)));
        world.members.put(consumer, member);
        world.receivedBy.put(consumer, new ArrayList<>());
        groupOf.put(consumer, group);
        configOf.put(consumer, config);
        world.remembered.put("topic-of:" + consumer, topic);
        return member;
    }

    /** Polls every consumer of the scenario once, keeping what they receive. */
    void pollAll() {
        world.members.forEach((name, consumer) -> {
            world.trail().clientCall(ApiKeys.FETCH);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                world.receivedBy.get(name).add(record);
            }
        });
    }

    @When("consumer {string} in group {string} subscribes to {string}")
    public void subscribe(String consumer, String group, String topic) {
        join(consumer, group, topic, Map.of());
    }

    @When("consumers {string} and {string} in group {string} subscribe to {string}")
    public void subscribeTwo(String c1, String c2, String group, String topic) {
        subscribe(c1, group, topic);
        subscribe(c2, group, topic);
    }

    @When("consumers {string}, {string} and {string} in group {string} subscribe to {string}")
    public void subscribeThree(String c1, String c2, String c3, String group, String topic) {
        subscribe(c1, group, topic);
        subscribe(c2, group, topic);
        subscribe(c3, group, topic);
    }

    @Given("consumer {string} with instance id {string} in group {string} subscribes to {string}")
    public void subscribeStatic(String consumer, String instance, String group, String topic) {
        join(consumer, group, topic, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, world.name(instance)));
    }

    @Then("the members of group {string} share all {int} partitions, {string} with {int}")
    public void shareOne(String group, int partitions, String c1, int n1) {
        share(group, partitions, Map.of(c1, n1));
    }

    @Then("the members of group {string} share all {int} partitions, {string} with {int} and {string} with {int}")
    public void shareTwo(String group, int partitions, String c1, int n1, String c2, int n2) {
        share(group, partitions, Map.of(c1, n1, c2, n2));
    }

    @Then("the members of group {string} share all {int} partitions, {string} with {int}, {string} with {int} and {string} with {int}")
    public void shareThree(String group, int partitions, String c1, int n1, String c2, int n2, String c3, int n3) {
        share(group, partitions, Map.of(c1, n1, c2, n2, c3, n3));
    }

    /** A rebalance that only a LeaveGroup (not a session expiry) can explain: bounded tight. */
    @Then("within {int} seconds the members of group {string} share all {int} partitions, {string} with {int}")
    public void shareOneWithin(int seconds, String group, int partitions, String c1, int n1) {
        share(group, partitions, Map.of(c1, n1), Duration.ofSeconds(seconds));
    }

    private void share(String group, int partitions, Map<String, Integer> expected) {
        share(group, partitions, expected, REBALANCE_TIMEOUT);
    }

    private void share(String group, int partitions, Map<String, Integer> expected, Duration within) {
        await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> {
                    pollAll();
                    Set<TopicPartition> union = new HashSet<>();
                    int total = 0;
                    for (Map.Entry<String, Integer> e : expected.entrySet()) {
                        Set<TopicPartition> assigned = world.members.get(e.getKey()).assignment();
                        assertThat(assigned).as("partitions of %s", e.getKey()).hasSize(e.getValue());
                        union.addAll(assigned);
                        total += assigned.size();
                    }
                    assertThat(union).as("partitions of group %s", group).hasSize(partitions);
                    assertThat(total).as("partitions assigned twice").isEqualTo(partitions);
                });
    }

    @When("consumer {string} closes")
    public void close(String consumer) {
        world.members.remove(consumer).close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
    }

    @When("consumer {string} is restarted with the same instance id")
    public void restartStatic(String consumer) {
        KafkaConsumer<byte[], byte[]> old = world.members.get(consumer);
        world.remembered.put("generation-before", old.groupMetadata().generationId());
        close(consumer);
        join(consumer, groupOf.get(consumer), (String) world.remembered.get("topic-of:" + consumer),
                configOf.get(consumer));
    }

    @Then("the group {string} is in the same generation as before the restart")
    public void sameGeneration(String group) {
        await().atMost(REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            pollAll();
            assertThat(world.members.values()).allSatisfy(c -> assertThat(c.assignment()).isNotEmpty());
        });
        for (KafkaConsumer<byte[], byte[]> consumer : world.members.values()) {
            assertThat(consumer.groupMetadata().generationId()).as("generation after the restart")
                    .isEqualTo(world.remembered.get("generation-before"));
        }
    }

    @When("{int} records are sent to {string} spread over its partitions")
    public void sendSpread(int count, String topic) throws Exception {
        String physical = world.topic(topic);
        int partitions = world.admin().describeTopics(List.of(physical)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(physical).partitions().size();
        var producer = world.producer(Map.of());
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(physical, i % partitions, ProduceSteps.bytes("key-" + i),
                    ProduceSteps.bytes("record-" + i))));
        }
        for (var ack : acks) {
            ack.get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Then("between them the members of group {string} receive each of the {int} records exactly once")
    public void receivedOnce(String group, int count) {
        await().atMost(REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            pollAll();
            return world.receivedBy.values().stream().mapToInt(List::size).sum() >= count;
        });
        List<String> values = new ArrayList<>();
        world.receivedBy.values().forEach(records -> records.forEach(r -> values.add(new String(r.value()))));
        assertThat(values).hasSize(count).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- group admin

    @Then("the group {string} is listed as {word} with protocol type {string}")
    public void listedAs(String group, String state, String protocolType) throws Exception {
        assertThat(world.admin().listGroups().all().get(15, TimeUnit.SECONDS))
                .filteredOn(g -> g.groupId().equals(world.name(group))).as("listings of group %s", group)
                .singleElement().satisfies(g -> {
                    assertThat(g.groupState()).as("state of %s", group).contains(GroupState.parse(state));
                    assertThat(g.protocol()).as("protocol type of %s", group).isEqualTo(protocolType);
                });
    }

    @Then("the group {string} is described as Stable with protocol {string} and {int} members, each with {int} assigned partition(s) of {string}, together all of them")
    public void describedStable(String group, String protocol, int members, int partitions, String topic)
            throws Exception {
        ConsumerGroupDescription description = world.admin().describeConsumerGroups(List.of(world.name(group)))
                .describedGroups().get(world.name(group)).get(15, TimeUnit.SECONDS);
        assertThat(description.groupState()).as("state").isEqualTo(GroupState.STABLE);
        assertThat(description.partitionAssignor()).as("protocol").isEqualTo(protocol);
        Set<String> ids = new HashSet<>();
        world.members.values().forEach(c -> ids.add(c.groupMetadata().memberId()));
        Set<TopicPartition> union = new HashSet<>();
        assertThat(description.members()).as("members").hasSize(members).allSatisfy(m -> {
            assertThat(ids).as("member ids the consumers were given").contains(m.consumerId());
            assertThat(m.clientId()).as("client id of %s", m.consumerId()).startsWith("kafka-tck-");
            assertThat(m.host()).as("host of %s", m.consumerId()).isNotBlank();
            assertThat(m.assignment().topicPartitions()).as("assignment of %s", m.consumerId()).hasSize(partitions);
            union.addAll(m.assignment().topicPartitions());
        });
        assertThat(union).as("partitions assigned").hasSize(members * partitions)
                .allSatisfy(tp -> assertThat(tp.topic()).isEqualTo(world.topic(topic)));
    }

    @When("the group {string} is described")
    public void describeGroup(String group) {
        Outcomes.capture(world, () -> world.admin().describeConsumerGroups(List.of(world.name(group)))
                .describedGroups().get(world.name(group)).get(15, TimeUnit.SECONDS));
    }

    @Then("the group {string} is listed as Empty")
    public void listedEmpty(String group) throws Exception {
        assertThat(world.admin().listGroups().all().get(15, TimeUnit.SECONDS))
                .filteredOn(g -> g.groupId().equals(world.name(group)))
                .singleElement().satisfies(g -> assertThat(g.groupState()).contains(GroupState.EMPTY));
    }

    /** ListGroups v4+ filters by state on the broker (KIP-518). */
    @Then("listing the groups in state {word} names {string} but not {string}")
    public void listedByState(String state, String included, String excluded) throws Exception {
        List<String> ids = world.admin().listGroups(new ListGroupsOptions().inGroupStates(Set.of(GroupState.parse(state))))
                .all().get(15, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
        assertThat(ids).as("groups listed in state %s", state).contains(world.name(included))
                .doesNotContain(world.name(excluded));
    }

    @Then("the group {string} is not listed")
    public void notListed(String group) throws Exception {
        assertThat(world.admin().listGroups().all().get(15, TimeUnit.SECONDS)).extracting(GroupListing::groupId)
                .doesNotContain(world.name(group));
    }

    @When("the group {string} is deleted")
    public void deleteGroup(String group) {
        Outcomes.capture(world, () -> world.admin().deleteConsumerGroups(List.of(world.name(group))).all()
                .get(15, TimeUnit.SECONDS));
    }

    @Then("the group {string} is still described as Stable with {int} member(s)")
    public void stillStable(String group, int members) throws Exception {
        ConsumerGroupDescription description = world.admin().describeConsumerGroups(List.of(world.name(group)))
                .describedGroups().get(world.name(group)).get(15, TimeUnit.SECONDS);
        assertThat(description.groupState()).as("state").isEqualTo(GroupState.STABLE);
        assertThat(description.members()).as("members").hasSize(members);
    }
}
