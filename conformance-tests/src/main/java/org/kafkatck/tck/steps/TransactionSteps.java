package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactions (KIP-98, KIP-447, KIP-664) through the real Java producer, consumer and Admin client. What
 * follows the end of a transaction is awaited within a bound: Apache Kafka writes the markers just after
 * EndTxn answers.
 */
public class TransactionSteps {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final World world;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
    private final Map<String, String> transactionalIds = new HashMap<>();
    /** The producer id and epoch a raw InitProducerId gave, and its transactional id. */
    private long[] rawProducer;
    private String rawTransactionalId;
    private Errors rawProduceError;

    /** @param world the scenario's state */
    public TransactionSteps(World world) {
        this.world = world;
    }

    @Given("a transactional producer {string}")
    public void aProducer(String alias) {
        start(alias, "tx-" + alias, Map.of());
    }

    @Given("a transactional producer {string} with transactional id {string}")
    @When("a transactional producer {string} with transactional id {string} is initialised")
    public void producerWithId(String alias, String transactionalId) {
        start(alias, transactionalId, Map.of());
    }

    @Given("a transactional producer {string} with a transaction timeout of {int} ms")
    public void producerWithTimeout(String alias, int timeoutMs) {
        start(alias, "tx-" + alias, Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(timeoutMs)));
    }

    private void start(String alias, String transactionalId, Map<String, String> overrides) {
        String physical = world.name(transactionalId);
        Map<String, String> config = new HashMap<>(overrides);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, physical);
        KafkaProducer<byte[], byte[]> producer = world.producer(config);
        world.trail().clientCall(ApiKeys.INIT_PRODUCER_ID);
        producer.initTransactions();
        producers.put(alias, producer);
        transactionalIds.put(alias, transactionalId);
    }

    @When("{string} commits a transaction of {string} to {string}")
    public void commitsTransactionOf(String alias, String values, String topic) {
        writeInTransaction(alias, values, topic);
        end(alias, true);
    }

    @When("{string} aborts a transaction of {string} to {string}")
    public void abortsTransactionOf(String alias, String values, String topic) {
        writeInTransaction(alias, values, topic);
        end(alias, false);
    }

    @When("{string} commits a transaction of {string} to {string} and {string} to {string}")
    public void commitsAcrossTwo(String alias, String values, String topic, String otherValues, String otherTopic) {
        writeInTransaction(alias, values, topic);
        writeMore(alias, otherValues, otherTopic);
        end(alias, true);
    }

    @When("{string} aborts a transaction of {string} to {string} and {string} to {string}")
    public void abortsAcrossTwo(String alias, String values, String topic, String otherValues, String otherTopic) {
        writeInTransaction(alias, values, topic);
        writeMore(alias, otherValues, otherTopic);
        end(alias, false);
    }

    /** Commits or aborts the producer's transaction: an EndTxn for the failure diagnosis. */
    private void end(String alias, boolean commit) {
        world.trail().clientCall(ApiKeys.END_TXN);
        if (commit) {
            producer(alias).commitTransaction();
        } else {
            producer(alias).abortTransaction();
        }
    }

    private void writeMore(String alias, String values, String topic) {
        for (String value : values(values)) {
            producer(alias).send(new ProducerRecord<>(world.topic(topic), 0, null, value.getBytes()));
        }
        producer(alias).flush();
    }

    @When("{string} sends offset {long} of partition {int} of {string} for consumer {string} to its transaction")
    public void sendsOffsetsForMember(String alias, long offset, int partition, String topic, String consumer) {
        world.trail().clientCall(ApiKeys.TXN_OFFSET_COMMIT);
        producer(alias).sendOffsetsToTransaction(Map.of(new TopicPartition(world.topic(topic), partition),
                new OffsetAndMetadata(offset)), member(consumer).groupMetadata());
    }

    @Then("sending offset {long} of partition {int} of {string} for consumer {string} one generation behind fails: the group metadata does not match")
    public void staleGeneration(long offset, int partition, String topic, String consumer) {
        ConsumerGroupMetadata current = member(consumer).groupMetadata();
        assertThat(current.generationId()).as("generation of consumer %s", consumer).isGreaterThan(0);
        ConsumerGroupMetadata stale = new ConsumerGroupMetadata(current.groupId(), current.generationId() - 1,
                current.memberId(), current.groupInstanceId());
        // the producer reports ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID from TxnOffsetCommit this way
        assertThatThrownBy(() -> producers.values().iterator().next().sendOffsetsToTransaction(Map.of(
                new TopicPartition(world.topic(topic), partition), new OffsetAndMetadata(offset)), stale))
                .as("offsets sent for generation %d while the group is in %d", stale.generationId(),
                        current.generationId())
                .isInstanceOf(org.apache.kafka.clients.consumer.CommitFailedException.class);
    }

    private KafkaConsumer<byte[], byte[]> member(String consumer) {
        KafkaConsumer<byte[], byte[]> member = world.members.get(consumer);
        assertThat(member).as("consumer %s", consumer).isNotNull();
        return member;
    }

    @Given("a producer id and epoch for transactional id {string} from its coordinator")
    public void rawProducerId(String transactionalId) {
        String physical = world.name(transactionalId);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (true) {
            // the coordinator may still be loading (Apache Kafka creates __transaction_state on first use): retry
            try (org.kafkatck.tck.wire.RawConnection coordinator = transactionCoordinator(physical)) {
                org.apache.kafka.common.message.InitProducerIdResponseData response = coordinator.send(
                        ApiKeys.INIT_PRODUCER_ID, (short) 4, new org.apache.kafka.common.message.InitProducerIdRequestData()
                                .setTransactionalId(physical).setTransactionTimeoutMs(60_000).setProducerId(-1)
                                .setProducerEpoch((short) -1));
                Errors error = Errors.forCode(response.errorCode());
                if (error == Errors.NONE) {
                    rawProducer = new long[] {response.producerId(), response.producerEpoch()};
                    rawTransactionalId = physical;
                    return;
                }
                if (!(error.exception() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw new AssertionError("InitProducerId v4 for " + physical + " answered " + error);
                }
            }
            World.pause();
        }
    }

    private org.kafkatck.tck.wire.RawConnection transactionCoordinator(String transactionalId) {
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        try (org.kafkatck.tck.wire.RawConnection any = world.raw()) {
            while (true) {
                org.apache.kafka.common.message.FindCoordinatorResponseData response = any.send(
                        ApiKeys.FIND_COORDINATOR, (short) 3, new org.apache.kafka.common.message.FindCoordinatorRequestData()
                                .setKey(transactionalId).setKeyType((byte) 1));
                Errors error = Errors.forCode(response.errorCode());
                if (error == Errors.NONE) {
                    return world.rawTo(response.host() + ":" + response.port());
                }
                if (!(error.exception() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw new AssertionError("FindCoordinator for transactional id " + transactionalId + " answered "
                            + error);
                }
                World.pause();
            }
        }
    }

    @When("a transactional batch of that producer is written to partition {int} of {string} with Produce v{int}")
    public void rawTransactionalWrite(int partition, String topic, int version) {
        String physical = world.topic(topic);
        org.apache.kafka.common.message.ProduceResponseData response = world.rawToLeader(physical, partition).send(
                ApiKeys.PRODUCE, (short) version, org.kafkatck.tck.wire.Requests.produce(physical, partition, (short) -1,
                        org.kafkatck.tck.wire.Requests.transactional(rawProducer[0], (short) rawProducer[1], 0, "stray"))
                        .setTransactionalId(rawTransactionalId));
        rawProduceError = Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    @Then("the write is refused with {error}")
    public void writeRefused(Errors expected) {
        assertThat(rawProduceError).as("error of the transactional write to a partition not in the transaction")
                .isEqualTo(expected);
    }

    @When("{string} begins a transaction and writes {string} to {string}")
    public void beginsAndWrites(String alias, String values, String topic) {
        writeInTransaction(alias, values, topic);
    }

    /** Begins a transaction and writes the records; they are on the broker when this returns. */
    private void writeInTransaction(String alias, String values, String topic) {
        KafkaProducer<byte[], byte[]> producer = producer(alias);
        producer.beginTransaction();
        for (String value : values(values)) {
            producer.send(new ProducerRecord<>(world.topic(topic), 0, null, value.getBytes()));
        }
        // an abort drops what the producer has not sent yet: the records must be written to be aborted
        producer.flush();
    }

    @When("a record {string} is written to {string} outside any transaction")
    public void plainRecord(String value, String topic) throws Exception {
        KafkaProducer<byte[], byte[]> plain = world.producer(Map.of());
        plain.send(new ProducerRecord<>(world.topic(topic), 0, null, value.getBytes())).get(20, TimeUnit.SECONDS);
    }

    @When("{string} commits its transaction")
    public void commits(String alias) {
        end(alias, true);
    }

    @When("{string} aborts its transaction")
    public void aborts(String alias) {
        end(alias, false);
    }

    @When("{string} sends offset {long} of partition {int} of {string} for group {string} to its transaction")
    public void sendsOffsets(String alias, long offset, int partition, String topic, String group) {
        world.trail().clientCall(ApiKeys.TXN_OFFSET_COMMIT);
        producer(alias).sendOffsetsToTransaction(Map.of(new TopicPartition(world.topic(topic), partition),
                new OffsetAndMetadata(offset)), new ConsumerGroupMetadata(world.name(group)));
    }

    @Then("committing the transaction of {string} fails because it was fenced")
    public void commitFencedOut(String alias) {
        assertThatThrownBy(() -> end(alias, true)).as("commit of the fenced instance")
                .isInstanceOf(ProducerFencedException.class);
    }

    @Then("committing the transaction of {string} fails")
    public void commitFails(String alias) {
        assertThatThrownBy(() -> end(alias, true)).as("commit of a transaction the broker aborted")
                .isInstanceOf(KafkaException.class);
    }

    @Then("a transactional producer with a transaction timeout of {int} ms cannot be initialised: INVALID_TRANSACTION_TIMEOUT")
    public void timeoutTooLong(int timeoutMs) {
        KafkaProducer<byte[], byte[]> producer = world.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                world.name("tx-too-long"), ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(timeoutMs)));
        // the Java client does not map this error to its own exception: it carries the broker's error in its message
        assertThatThrownBy(producer::initTransactions).as("initTransactions with transaction.timeout.ms=%d", timeoutMs)
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining(Errors.INVALID_TRANSACTION_TIMEOUT.message());
    }

    @Then("a read_committed consumer of {string} receives exactly {string} at offsets {longs}")
    public void readCommittedAt(String topic, String values, List<Long> offsets) {
        readsExactly(topic, IsolationLevel.READ_COMMITTED, values, offsets);
    }

    @Then("a read_uncommitted consumer of {string} receives exactly {string} at offsets {longs}")
    public void readUncommittedAt(String topic, String values, List<Long> offsets) {
        readsExactly(topic, IsolationLevel.READ_UNCOMMITTED, values, offsets);
    }

    @Then("a read_committed consumer of {string} receives exactly {string}")
    public void readCommitted(String topic, String values) {
        readsExactly(topic, IsolationLevel.READ_COMMITTED, values, null);
    }

    /**
     * Reads partition 0 from the beginning up to the end offset the consumer's isolation level sees, until what
     * it read is what is expected (the markers of a commit may follow it by a moment), and checks it exactly.
     */
    private void readsExactly(String topic, IsolationLevel isolation, String values, List<Long> expectedOffsets) {
        List<String> expectedValues = values(values);
        List<ConsumerRecord<byte[], byte[]>> last = new ArrayList<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> read = readAll(topic, isolation);
            last.clear();
            last.addAll(read);
            assertThat(read).extracting(r -> new String(r.value())).as("values a %s consumer of %s receives",
                    isolation, topic).containsExactlyElementsOf(expectedValues);
            if (expectedOffsets != null) {
                assertThat(read).extracting(ConsumerRecord::offset).as("offsets of the records a %s consumer receives",
                        isolation).containsExactlyElementsOf(expectedOffsets);
            }
        });
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, IsolationLevel isolation) {
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = world.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString()))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                world.trail().clientCall(ApiKeys.FETCH);
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    @Then("the latest offset of partition {int} of {string} becomes {long} for read_uncommitted and read_committed consumers")
    public void latestBecomes(int partition, String topic, long offset) {
        latestOffsets(partition, topic, offset, offset);
    }

    @Then("the latest offset of partition {int} of {string} is {long} for a read_uncommitted consumer and {long} for a read_committed one")
    public void latestOffsets(int partition, String topic, long uncommitted, long committed) {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(latest(tp, IsolationLevel.READ_UNCOMMITTED)).as("latest offset, read_uncommitted")
                    .isEqualTo(uncommitted);
            assertThat(latest(tp, IsolationLevel.READ_COMMITTED)).as("latest offset, read_committed (the last stable offset)")
                    .isEqualTo(committed);
        });
    }

    @Then("within {int} seconds the latest offset of partition {int} of {string} is the same for read_committed and read_uncommitted consumers")
    public void stableWithin(int seconds, int partition, String topic) {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(latest(tp, IsolationLevel.READ_COMMITTED)).as("last stable offset")
                        .isEqualTo(latest(tp, IsolationLevel.READ_UNCOMMITTED)));
    }

    private long latest(TopicPartition tp, IsolationLevel isolation) throws Exception {
        return world.admin().listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                .partitionResult(tp).get(20, TimeUnit.SECONDS).offset();
    }

    @Then("group {string} keeps no committed offset for partition {int} of {string}")
    public void keepsNoCommittedOffset(String group, int partition, String topic) throws Exception {
        // once the abort's markers are written, nothing the transaction sent can become committed any more
        stableWithin((int) SETTLE.toSeconds(), partition, topic);
        assertThat(committed(group).get(new TopicPartition(world.topic(topic), partition)))
                .as("committed offset of group %s after the abort", group).isNull();
    }

    @Then("group {string} eventually has committed offset {long} for partition {int} of {string}")
    public void committedOffset(String group, long offset, int partition, String topic) {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            OffsetAndMetadata committed = committed(group).get(tp);
            assertThat(committed).as("committed offset of group %s after the commit", group).isNotNull();
            assertThat(committed.offset()).as("committed offset of group %s", group).isEqualTo(offset);
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = world.admin().listConsumerGroupOffsets(world.name(group))
                .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
        return offsets == null ? Map.of() : offsets;
    }

    @Then("an OffsetFetch v7 of group {string} for partition {int} of {string} requiring stable offsets is answered UNSTABLE_OFFSET_COMMIT")
    public void unstable(String group, int partition, String topic) {
        OffsetFetchResponseData.OffsetFetchResponsePartition answer = offsetFetch(group, partition, topic, true);
        assertThat(Errors.forCode(answer.errorCode())).as("error of the partition in OffsetFetch v7 requiring stable offsets")
                .isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT);
        assertThat(answer.committedOffset()).as("committed offset answered with UNSTABLE_OFFSET_COMMIT").isEqualTo(-1);
    }

    @Then("an OffsetFetch v7 of group {string} for partition {int} of {string} not requiring stable offsets is answered offset {long}")
    public void notRequiringStable(String group, int partition, String topic, long offset) {
        OffsetFetchResponseData.OffsetFetchResponsePartition answer = offsetFetch(group, partition, topic, false);
        assertThat(Errors.forCode(answer.errorCode())).as("error of the partition in OffsetFetch v7").isEqualTo(Errors.NONE);
        assertThat(answer.committedOffset()).as("committed offset in OffsetFetch v7").isEqualTo(offset);
    }

    @Then("an OffsetFetch v7 of group {string} for partition {int} of {string} requiring stable offsets is eventually answered offset {long}")
    public void eventuallyStable(String group, int partition, String topic, long offset) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            OffsetFetchResponseData.OffsetFetchResponsePartition answer = offsetFetch(group, partition, topic, true);
            assertThat(Errors.forCode(answer.errorCode())).as("error once the transaction committed")
                    .isEqualTo(Errors.NONE);
            assertThat(answer.committedOffset()).as("committed offset once the transaction committed").isEqualTo(offset);
        });
    }

    private OffsetFetchResponseData.OffsetFetchResponsePartition offsetFetch(String group, int partition, String topic,
                                                                             boolean requireStable) {
        String physicalGroup = world.name(group);
        OffsetFetchResponseData response = world.rawToCoordinator(physicalGroup).send(ApiKeys.OFFSET_FETCH, (short) 7,
                new OffsetFetchRequestData().setGroupId(physicalGroup).setRequireStable(requireStable)
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(world.topic(topic))
                                .setPartitionIndexes(List.of(partition)))));
        assertThat(Errors.forCode(response.errorCode())).as("top-level error of OffsetFetch v7").isEqualTo(Errors.NONE);
        return response.topics().get(0).partitions().get(0);
    }

    @Then("transactional id {string} is described as Ongoing with partition {int} of {string}")
    public void describedOngoing(String transactionalId, int partition, String topic) throws Exception {
        TransactionDescription described = describe(transactionalId);
        assertThat(described.state()).as("state of transactional id %s", transactionalId)
                .isEqualTo(org.apache.kafka.clients.admin.TransactionState.ONGOING);
        assertThat(described.topicPartitions()).as("partitions of its transaction")
                .contains(new TopicPartition(world.topic(topic), partition));
        assertThat(described.transactionStartTimeMs()).as("start time of the ongoing transaction").isPresent();
    }

    @Then("transactional id {string} is eventually described as {word} with no partitions")
    public void describedEnded(String transactionalId, String state) {
        org.apache.kafka.clients.admin.TransactionState expected = org.apache.kafka.clients.admin.TransactionState.parse(state);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            TransactionDescription described = describe(transactionalId);
            assertThat(described.state()).as("state of transactional id %s", transactionalId).isEqualTo(expected);
            assertThat(described.topicPartitions()).as("partitions once ended").isEmpty();
        });
    }

    @Then("the transactions listed in state {word} include {string}")
    public void listedInState(String state, String transactionalId) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(listedIds(state)).as("transactional ids listed in state %s", state)
                        .contains(world.name(transactionalId)));
    }

    @Then("the transactions listed in state {word} do not include {string}")
    public void notListedInState(String state, String transactionalId) throws Exception {
        assertThat(listedIds(state)).as("transactional ids listed in state %s", state)
                .doesNotContain(world.name(transactionalId));
    }

    private List<String> listedIds(String state) throws Exception {
        return world.admin().listTransactions(new org.apache.kafka.clients.admin.ListTransactionsOptions()
                        .filterStates(List.of(org.apache.kafka.clients.admin.TransactionState.parse(state))))
                .all().get(20, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId).toList();
    }

    @Then("the transactions listed include {string} as Ongoing")
    public void listed(String transactionalId) throws Exception {
        String physical = world.name(transactionalId);
        List<TransactionListing> listings = new ArrayList<>(world.admin().listTransactions().all().get(20, TimeUnit.SECONDS));
        assertThat(listings).as("transactions listed").anySatisfy(listing -> {
            assertThat(listing.transactionalId()).isEqualTo(physical);
            assertThat(listing.state()).isEqualTo(org.apache.kafka.clients.admin.TransactionState.ONGOING);
            assertThat(listing.producerId()).isEqualTo(describeUnchecked(transactionalId).producerId());
        });
    }

    @Then("describing transactional id {string} fails with TRANSACTIONAL_ID_NOT_FOUND")
    public void describedUnknown(String transactionalId) {
        String physical = world.name(transactionalId);
        assertThatThrownBy(() -> world.admin().describeTransactions(List.of(physical)).description(physical)
                .get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().as("error describing an unknown transactional id").isInstanceOf(TransactionalIdNotFoundException.class);
    }

    @Then("partition {int} of {string} describes the producer of {string} with its open transaction starting at offset {long}")
    public void producerWithOpenTransaction(int partition, String topic, String alias, long offset) throws Exception {
        assertThat(producerState(partition, topic, alias).currentTransactionStartOffset())
                .as("current transaction start offset of the producer").isEqualTo(OptionalLong.of(offset));
    }

    @Then("partition {int} of {string} eventually describes the producer of {string} with no open transaction")
    public void producerWithoutTransaction(int partition, String topic, String alias) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(producerState(partition, topic, alias).currentTransactionStartOffset())
                        .as("current transaction start offset once committed").isEmpty());
    }

    @When("{string} begins a transaction and writes a record stamped {long} to {string}")
    public void beginsAndWritesStamped(String alias, long timestamp, String topic) throws Exception {
        KafkaProducer<byte[], byte[]> producer = producer(alias);
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(world.topic(topic), 0, timestamp, null, "stamped".getBytes()))
                .get(20, TimeUnit.SECONDS);
    }

    @Then("partition {int} of {string} describes the producer of {string} as last writing at {long} with no coordinator epoch")
    public void producerLastWrite(int partition, String topic, String alias, long timestamp) throws Exception {
        ProducerState state = producerState(partition, topic, alias);
        assertThat(state.lastTimestamp()).as("last timestamp: the max timestamp of its last batch").isEqualTo(timestamp);
        assertThat(state.coordinatorEpoch()).as("coordinator epoch before any marker").isEmpty();
    }

    @Then("partition {int} of {string} eventually describes the producer of {string} with a coordinator epoch and a last write after {long}")
    public void producerAfterMarker(int partition, String topic, String alias, long earlier) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ProducerState state = producerState(partition, topic, alias);
            assertThat(state.coordinatorEpoch()).as("coordinator epoch of the commit marker").isPresent();
            assertThat(state.coordinatorEpoch().getAsInt()).as("coordinator epoch of the commit marker").isNotNegative();
            // the marker is stamped with the broker's clock, later than the old record's time (whatever the skew)
            assertThat(state.lastTimestamp()).as("last timestamp: the commit marker's").isGreaterThan(earlier);
        });
    }

    @When("an operator aborts the open transaction on partition {int} of {string} with what the partition describes of the producer of {string}")
    public void operatorAborts(int partition, String topic, String alias) throws Exception {
        ProducerState state = producerState(partition, topic, alias);
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        // as kafka-transactions.sh abort does: a partition that never saw a marker has no coordinator epoch yet
        world.admin().abortTransaction(new AbortTransactionSpec(tp, state.producerId(), (short) state.producerEpoch(),
                state.coordinatorEpoch().orElse(0))).all().get(20, TimeUnit.SECONDS);
    }

    private ProducerState producerState(int partition, String topic, String alias) throws Exception {
        long producerId = describe(aliasId(alias)).producerId();
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        List<ProducerState> active = world.admin().describeProducers(List.of(tp)).partitionResult(tp)
                .get(20, TimeUnit.SECONDS).activeProducers();
        return active.stream().filter(p -> p.producerId() == producerId).findFirst()
                .orElseThrow(() -> new AssertionError("partition " + tp + " describes no producer " + producerId
                        + " among " + active));
    }

    private String aliasId(String alias) {
        String logical = transactionalIds.get(alias);
        assertThat(logical).as("transactional producer %s", alias).isNotNull();
        return logical;
    }

    private TransactionDescription describe(String transactionalId) throws Exception {
        String physical = world.name(transactionalId);
        return world.admin().describeTransactions(List.of(physical)).description(physical).get(20, TimeUnit.SECONDS);
    }

    private TransactionDescription describeUnchecked(String transactionalId) {
        try {
            return describe(transactionalId);
        } catch (Exception e) {
            throw new AssertionError("describing transactional id " + transactionalId + " failed", e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String alias) {
        KafkaProducer<byte[], byte[]> producer = producers.get(alias);
        assertThat(producer).as("transactional producer %s", alias).isNotNull();
        return producer;
    }

    private static List<String> values(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }
}
