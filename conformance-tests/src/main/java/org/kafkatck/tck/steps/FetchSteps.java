package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    private Duration took;

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
        private int sessionId;
        private int sessionEpoch = -1;
    }

    private void send(RawConnection connection, short version, Fetch fetch) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic()
                .setTopic(fetch.topic).setTopicId(fetch.topicId)
                .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                        .setFetchOffset(fetch.offset).setPartitionMaxBytes(fetch.maxBytes)));
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
        long start = System.nanoTime();
        response = connection.send(ApiKeys.FETCH, version, request);
        took = Duration.ofNanos(System.nanoTime() - start);
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
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        Fetch fetch = new Fetch();
        fetch.topic = physical;
        fetch.offset = offset;
        fetch.maxWaitMs = maxWaitMs;
        fetch.minBytes = minBytes;
        fetch.maxBytes = maxBytes;
        send(connection, connection.version(ApiKeys.FETCH, LAST_VERSION_WITH_NAMES), fetch);
    }

    @When("a fetch of {string} from offset {long} waits up to {int} ms for {int} byte(s)")
    public void fetchWaiting(String topic, long offset, int maxWaitMs, int minBytes) {
        fetchByName(topic, offset, maxWaitMs, minBytes, 50 * 1024 * 1024);
    }

    @When("a fetch of {string} from offset {long} waits up to {int} ms for {int} byte(s), while a record is sent {int} ms later")
    public void fetchWhileProducing(String topic, long offset, int maxWaitMs, int minBytes, int delayMs) throws Exception {
        var producer = world.producer(Map.of());
        String physical = world.topic(topic);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                // the delay is the behaviour under test: the fetch must be parked when the record lands
                Thread.sleep(delayMs);
                producer.send(new ProducerRecord<>(physical, 0, ProduceSteps.bytes("k"), ProduceSteps.bytes("late")))
                        .get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        fetchByName(topic, offset, maxWaitMs, minBytes, 50 * 1024 * 1024);
        sender.join(World.STEP_TIMEOUT.toMillis());
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

    @When("a fetch of {string} by topic id from offset {long} is sent")
    public void fetchById(String topic, long offset) throws Exception {
        String physical = world.topic(topic);
        Uuid id = world.admin().describeTopics(List.of(physical)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(physical).topicId();
        RawConnection connection = world.rawToLeader(physical, 0);
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

    private static short requireTopicIdVersion(RawConnection connection) {
        short version = connection.version(ApiKeys.FETCH, ApiKeys.FETCH.latestVersion());
        assertThat(version).as("Fetch version (topic ids need v13+)").isGreaterThanOrEqualTo((short) 13);
        return version;
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

    @Then("the fetch answers after at least {int} ms with no records")
    public void answersAfterWithNoRecords(int minMs) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(took).as("time the broker held the fetch").isGreaterThanOrEqualTo(Duration.ofMillis(minMs));
        assertThat(records()).isEmpty();
    }

    @Then("the fetch answers after at least {int} ms with {int} record(s)")
    public void answersAfterWithRecords(int minMs, int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(took).as("time the broker held the fetch").isGreaterThanOrEqualTo(Duration.ofMillis(minMs));
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

    @Then("the fetch reports high watermark {long} and log start offset {long}")
    public void reportsBounds(long highWatermark, long logStartOffset) {
        assertThat(partition().highWatermark()).isEqualTo(highWatermark);
        assertThat(partition().logStartOffset()).isEqualTo(logStartOffset);
    }

    @Then("the fetch returns exactly {int} whole batch(es)")
    public void wholeBatches(int count) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        int whole = 0;
        for (RecordBatch ignored : ((MemoryRecords) partition().records()).batches()) {
            whole++;
        }
        assertThat(whole).as("whole batches in the response").isEqualTo(count);
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

    /** @return the records of the response at or after the fetch offset (a batch may start before it) */
    private List<Record> records() {
        List<Record> records = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition().records()).batches()) {
            for (Record record : batch) {
                if (record.offset() >= fetchOffset) {
                    records.add(record);
                }
            }
        }
        return records;
    }
}
