package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetch requests sent raw, to control max wait, min bytes, max bytes and sessions exactly. */
public class FetchSteps {
    /** Newest Fetch version that still names topics (v13 switched to topic ids). */
    private static final short LAST_VERSION_WITH_NAMES = 12;

    private final World world;
    private FetchResponseData response;
    private long fetchOffset;
    private short fetchVersion;
    private Duration took;
    /** When the last fetch was answered, and when the record a long poll waits for was sent and acknowledged. */
    private long answeredAt;
    private volatile long producedAt;
    private volatile long acknowledgedAt;

    /** @param world the scenario's state */
    public FetchSteps(World world) {
        this.world = world;
    }

    private static final class Fetch {
        private String topic;
        private Uuid topicId = Uuid.ZERO_UUID;
        private long offset;
        private int maxWaitMs;
        private int minBytes = 1;
        private int maxBytes = 50 * 1024 * 1024;
        private int partitionMaxBytes = 50 * 1024 * 1024;
        private int currentLeaderEpoch = -1;
        private int sessionId;
        private int sessionEpoch = -1;
    }

    private void send(RawConnection connection, short version, Fetch fetch) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic()
                .setTopic(fetch.topic).setTopicId(fetch.topicId)
                .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                        .setFetchOffset(fetch.offset).setPartitionMaxBytes(fetch.partitionMaxBytes)
                        .setCurrentLeaderEpoch(fetch.currentLeaderEpoch)));
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(-1)
                .setMaxWaitMs(fetch.maxWaitMs)
                .setMinBytes(fetch.minBytes)
                .setMaxBytes(fetch.maxBytes)
                .setIsolationLevel((byte) 0)
                .setSessionId(fetch.sessionId)
                .setSessionEpoch(fetch.sessionEpoch)
                .setTopics(List.of(topic))
                .setRackId("");
        fetchOffset = fetch.offset;
        fetchVersion = version;
        long start = System.nanoTime();
        response = connection.send(ApiKeys.FETCH, version, request);
        answeredAt = System.nanoTime();
        took = Duration.ofNanos(answeredAt - start);
        world.lastError = Errors.forCode(response.errorCode());
        if (world.lastError == Errors.NONE && !response.responses().isEmpty()
                && !response.responses().get(0).partitions().isEmpty()) {
            world.lastError = Errors.forCode(partition().errorCode());
        }
    }

    private FetchResponseData.PartitionData partition() {
        return response.responses().get(0).partitions().get(0);
    }

    private void fetchByName(String topic, long offset, int maxWaitMs, int minBytes, int maxBytes) {
        fetchByName(topic, offset, maxWaitMs, minBytes, maxBytes, maxBytes);
    }

    private void fetchByName(String topic, long offset, int maxWaitMs, int minBytes, int maxBytes,
                             int partitionMaxBytes) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        Fetch fetch = new Fetch();
        fetch.topic = physical;
        fetch.offset = offset;
        fetch.maxWaitMs = maxWaitMs;
        fetch.minBytes = minBytes;
        fetch.maxBytes = maxBytes;
        fetch.partitionMaxBytes = partitionMaxBytes;
        world.remembered.put("fetched-topic", physical);
        send(connection, connection.version(ApiKeys.FETCH, LAST_VERSION_WITH_NAMES), fetch);
    }

    @When("a fetch of {string} from offset {long} waits up to {int} ms for {int} byte(s)")
    public void fetchWaiting(String topic, long offset, int maxWaitMs, int minBytes) {
        fetchByName(topic, offset, maxWaitMs, minBytes, 50 * 1024 * 1024);
    }

    @When("a fetch of {string} from offset {long} waits up to {int} ms for {int} byte(s), while a record is sent {int} ms later")
    public void fetchWhileProducing(String topic, long offset, int maxWaitMs, int minBytes, int delayMs) throws Exception {
        String physical = world.topic(topic);
        // a second connection: the fetch's own connection is busy until the broker answers it
        RawConnection producing = world.rawToLeader(physical, 0);
        short produceVersion = producing.version(ApiKeys.PRODUCE, (short) 12);
        producedAt = 0;
        acknowledgedAt = 0;
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                // the delay is the behaviour under test: the fetch must be parked when the record lands
                Thread.sleep(delayMs);
                producedAt = System.nanoTime();
                ProduceResponseData produced = producing.send(ApiKeys.PRODUCE, produceVersion,
                        Requests.produce(physical, 0, (short) -1, Requests.records("late")));
                acknowledgedAt = System.nanoTime();
                world.remembered.put("late-produce-error",
                        Errors.forCode(produced.responses().iterator().next().partitionResponses().get(0).errorCode()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            fetchByName(topic, offset, maxWaitMs, minBytes, 50 * 1024 * 1024);
        } finally {
            sender.join(World.STEP_TIMEOUT.toMillis());
        }
    }

    @Then("the fetch was not answered before the record was sent")
    public void parkedUntilProduced() {
        assertThat(producedAt).as("the record was sent").isNotZero();
        assertThat(answeredAt - producedAt).as("ns from sending the record to the fetch's answer (negative: the fetch"
                + " was answered before the record existed)").isNotNegative();
    }

    @Then("the fetch answers within {int} ms of the record's acknowledgement, with {int} record(s)")
    public void answeredSoonAfterProduce(int maxMs, int count) {
        assertThat(world.remembered.get("late-produce-error")).as("the late record's produce").isEqualTo(Errors.NONE);
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(Duration.ofNanos(answeredAt - acknowledgedAt)).as("time from the record's acknowledgement to the"
                + " fetch's answer").isLessThan(Duration.ofMillis(maxMs));
        assertThat(records()).hasSize(count);
    }

    @When("a fetch of {string} from offset {long} allows at most {int} bytes of the partition and {int} bytes in all")
    public void fetchLimitedSeparately(String topic, long offset, int partitionMaxBytes, int maxBytes) {
        fetchByName(topic, offset, 0, 1, maxBytes, partitionMaxBytes);
        world.remembered.put("fetch-limit", Math.min(partitionMaxBytes, maxBytes));
    }

    @When("a fetch of {string} from offset {long} allows at most {int} bytes")
    public void fetchLimited(String topic, long offset, int maxBytes) {
        fetchByName(topic, offset, 0, 1, maxBytes);
    }

    @When("a fetch of {string} from offset {long} is sent")
    public void fetchNow(String topic, long offset) {
        fetchByName(topic, offset, 0, 1, 1024 * 1024);
    }

    @When("a fetch of {string} from offset {long} is sent by name")
    public void fetchUnknownByName(String topic, long offset) {
        RawConnection connection = world.raw();
        Fetch fetch = new Fetch();
        fetch.topic = world.topic(topic);
        fetch.offset = offset;
        send(connection, connection.version(ApiKeys.FETCH, LAST_VERSION_WITH_NAMES), fetch);
    }

    @When("a fetch of {string} by the topic id Metadata reports, from offset {long}, is sent")
    public void fetchById(String topic, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        Uuid id = RawReads.metadata(connection, physical).topicId();
        assertThat(id).as("topic id in Metadata").isNotEqualTo(Uuid.ZERO_UUID);
        world.remembered.put("fetched-topic-id", id);
        Fetch fetch = new Fetch();
        fetch.topicId = id;
        fetch.offset = offset;
        send(connection, requireTopicIdVersion(connection), fetch);
    }

    @When("a fetch of a random topic id is sent")
    public void fetchRandomId() {
        RawConnection connection = world.raw();
        Fetch fetch = new Fetch();
        fetch.topicId = Uuid.randomUuid();
        send(connection, requireTopicIdVersion(connection), fetch);
    }

    /** Topic ids are a must of Fetch v13+; a broker that serves only older versions has none to check. */
    private static short requireTopicIdVersion(RawConnection connection) {
        short version = connection.version(ApiKeys.FETCH, ApiKeys.FETCH.latestVersion());
        if (version < 13) {
            throw new org.opentest4j.TestAbortedException("not applicable: the broker serves Fetch up to v" + version
                    + "; topic ids need v13+");
        }
        return version;
    }

    @Then("the fetch answers with {int} record(s), under the same topic id")
    public void answersUnderSameTopicId(int count) {
        answersWith(count);
        assertThat(response.responses()).singleElement().satisfies(t -> assertThat(t.topicId())
                .as("topic id of the answer").isEqualTo(world.remembered.get("fetched-topic-id")));
    }

    @When("an incremental fetch of {string} names fetch session {int} at epoch {int}")
    public void incrementalFetch(String topic, int sessionId, int epoch) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.FETCH, LAST_VERSION_WITH_NAMES);
        assertThat(version).as("Fetch version (sessions need v7+)").isGreaterThanOrEqualTo((short) 7);
        Fetch fetch = new Fetch();
        fetch.topic = physical;
        fetch.sessionId = sessionId;
        fetch.sessionEpoch = epoch;
        send(connection, version, fetch);
    }

    @Given("{int} batches of {int} bytes were produced to {string}")
    public void batchesProduced(int count, int size, String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        for (int i = 0; i < count; i++) {
            ProduceResponseData produced = connection.send(ApiKeys.PRODUCE, version,
                    Requests.produce(physical, 0, (short) -1, Requests.records("x".repeat(size))));
            assertThat(Errors.forCode(produced.responses().iterator().next().partitionResponses().get(0).errorCode()))
                    .isEqualTo(Errors.NONE);
        }
    }

    @Then("the fetch answers no sooner than {int} ms and no later than {int} ms, with no records")
    public void answersBetweenWithNoRecords(int minMs, int maxMs) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(took).as("time the broker held the fetch").isBetween(Duration.ofMillis(minMs), Duration.ofMillis(maxMs));
        assertThat(records()).isEmpty();
    }

    @Then("the fetch answers no sooner than {int} ms and no later than {int} ms, with {int} record(s)")
    public void answersBetweenWithRecords(int minMs, int maxMs, int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(took).as("time the broker held the fetch").isBetween(Duration.ofMillis(minMs), Duration.ofMillis(maxMs));
        assertThat(records()).hasSize(count);
    }

    @Then("the fetch answers within {int} ms with {int} record(s)")
    public void answersWithin(int maxMs, int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(took).as("time the broker held the fetch").isLessThan(Duration.ofMillis(maxMs));
        assertThat(records()).hasSize(count);
    }

    @Then("the fetch answers with {int} record(s)")
    public void answersWith(int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(records()).hasSize(count);
    }

    @Then("the fetch answers with records {int} to {int}, starting with the batch that holds offset {int}")
    public void answersWithRange(int first, int last, int offset) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(fetchOffset).isEqualTo(offset);
        List<Record> records = records();
        assertThat(records).extracting(Record::offset)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(first, last).boxed().toList());
        assertThat(records).extracting(r -> java.nio.charset.StandardCharsets.UTF_8.decode(r.value()).toString())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(first, last)
                        .mapToObj(i -> "record-" + i).toList());
    }

    @Then("the fetch reports high watermark {long} and log start offset {long}")
    public void reportsBounds(long highWatermark, long logStartOffset) {
        assertThat(partition().highWatermark()).as("high watermark").isEqualTo(highWatermark);
        // single-node and non-transactional: everything below the high watermark is stable
        assertThat(partition().lastStableOffset()).as("last stable offset").isEqualTo(highWatermark);
        assertThat(partition().logStartOffset()).as("log start offset").isEqualTo(logStartOffset);
    }

    @Then("the fetch returns exactly {int} whole batch(es)")
    public void wholeBatches(int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        List<RecordBatch> batches = RawReads.batches(partition());
        assertThat(batches).as("whole batches in the response").hasSize(count);
        assertThat(batches.get(0).baseOffset()).as("the first batch starts at the fetch offset").isEqualTo(fetchOffset);
        for (int i = 1; i < batches.size(); i++) {
            assertThat(batches.get(i).baseOffset()).as("batch %d follows batch %d", i, i - 1)
                    .isEqualTo(batches.get(i - 1).lastOffset() + 1);
        }
    }

    @Then("the fetch returns exactly {int} whole batches, within the limit")
    public void wholeBatchesWithinLimit(int count) {
        wholeBatches(count);
        int limit = (Integer) world.remembered.get("fetch-limit");
        // a broker may cut the last batch short (Kafka sends file slices); what it may not do is exceed the limit
        assertThat(((MemoryRecords) partition().records()).sizeInBytes()).as("bytes of the partition's records")
                .isLessThanOrEqualTo(limit);
    }

    @Then("every fetched batch carries the partition's leader epoch")
    public void batchesCarryLeaderEpoch() {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        String physical = (String) world.remembered.get("fetched-topic");
        int epoch = RawReads.leaderEpoch(world.rawToLeader(physical, 0), physical, 0);
        List<RecordBatch> batches = RawReads.batches(partition());
        assertThat(batches).isNotEmpty().allSatisfy(batch -> assertThat(batch.partitionLeaderEpoch())
                .as("partition leader epoch of the batch at offset %d", batch.baseOffset()).isEqualTo(epoch));
    }

    @When("a fetch of {string} from offset {long} names a leader epoch {int} above the partition's")
    public void fetchNamingEpoch(String topic, long offset, int above) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.FETCH, LAST_VERSION_WITH_NAMES);
        assertThat(version).as("Fetch version (current leader epoch needs v9+)").isGreaterThanOrEqualTo((short) 9);
        Fetch fetch = new Fetch();
        fetch.topic = physical;
        fetch.offset = offset;
        fetch.currentLeaderEpoch = RawReads.leaderEpoch(connection, physical, 0) + above;
        send(connection, version, fetch);
    }

    @When("a fetch of {string} from offset {long} names the partition's leader epoch")
    public void fetchNamingCurrentEpoch(String topic, long offset) {
        fetchNamingEpoch(topic, offset, 0);
    }

    @Then("every batch fetched from {string} is compressed with {word}")
    public void batchesCompressedWith(String topic, String codec) {
        fetchNow(topic, 0);
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        List<String> codecs = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition().records()).batches()) {
            codecs.add(batch.compressionType().name);
        }
        assertThat(codecs).isNotEmpty().containsOnly(codec);
    }

    /**
     * @return the records of the response at or after the fetch offset, after checking what the broker
     *         sent: the first batch holds the fetch offset (a batch may start before it, as the offset may
     *         fall inside it), and the batches follow each other without gap or repeat, so nothing wholly
     *         below the fetch offset was sent
     */
    private List<Record> records() {
        List<RecordBatch> batches = RawReads.batches(partition());
        if (!batches.isEmpty()) {
            RecordBatch first = batches.get(0);
            assertThat(first.baseOffset()).as("base offset of the first batch of a fetch from offset %d", fetchOffset)
                    .isLessThanOrEqualTo(fetchOffset);
            assertThat(first.lastOffset()).as("last offset of the first batch of a fetch from offset %d (a batch"
                    + " wholly below the fetch offset was sent)", fetchOffset).isGreaterThanOrEqualTo(fetchOffset);
        }
        List<Record> records = new ArrayList<>();
        long expected = fetchOffset;
        for (RecordBatch batch : batches) {
            for (Record record : batch) {
                if (record.offset() >= fetchOffset) {
                    assertThat(record.offset()).as("offset of the next record fetched").isEqualTo(expected);
                    expected++;
                    records.add(record);
                }
            }
        }
        return records;
    }
}
