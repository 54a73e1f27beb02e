package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log's start and its deletion: DeleteRecords sent raw, retention waited for (bounded), batches
 * produced raw with chosen timestamps and sizes, and what a consumer does once its position is deleted.
 */
public class LogSteps {
    /** How long a retention pass may take to show, on a broker checking retention at least every second. */
    private static final Duration RETENTION_BOUND = Duration.ofSeconds(10);
    /** How long cleaning may take to show, on a broker whose cleaner backs off at most a second. */
    private static final Duration CLEANING_BOUND = Duration.ofSeconds(15);

    private final World world;
    private DeleteRecordsResponseData.DeleteRecordsPartitionResult deletion;
    private final List<ConsumerRecord<byte[], byte[]>> consumed = new ArrayList<>();
    private long position = -1;
    /** Records produced by rows so far: the next row's offset. */
    private long rowsProduced;

    /** @param world the scenario's state */
    public LogSteps(World world) {
        this.world = world;
    }

    /** Creates a topic with several configs, written {@code name=value,name=value}. */
    @Given("a topic {string} with {int} partition(s) and configs {string}")
    public void aTopicWithConfigs(String topic, int partitions, String configs) throws Exception {
        Map<String, String> parsed = new HashMap<>();
        for (String pair : configs.split(";")) {
            int eq = pair.indexOf('=');
            parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        String physical = world.topic(topic);
        world.admin().createTopics(List.of(new NewTopic(physical, partitions, (short) -1).configs(parsed)))
                .all().get(20, TimeUnit.SECONDS);
        await().atMost(World.STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> {
                    TopicDescription d = world.admin().describeTopics(List.of(physical)).allTopicNames()
                            .get(5, TimeUnit.SECONDS).get(physical);
                    assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());
                });
    }

    /**
     * Produces one raw batch per timestamp to partition 0, each acknowledged before the next: record
     * {@code i} has key {@code key-i}, value {@code record-i}; {@code now} is the TCK's clock.
     */
    @Given("records with timestamps {string} were produced to {string}, one batch each")
    public void producedWithTimestamps(String timestamps, String topic) {
        produceTimed(timestamps, topic, 0);
    }

    /** As above, with values of {@code size} bytes. */
    @Given("records of {int} bytes with timestamps {string} were produced to {string}, one batch each")
    public void producedSizedWithTimestamps(int size, String timestamps, String topic) {
        produceTimed(timestamps, topic, size);
    }

    private void produceTimed(String timestamps, String topic, int size) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        String[] times = timestamps.split(",");
        for (int i = 0; i < times.length; i++) {
            String time = times[i].trim();
            long timestamp = time.equals("now") ? System.currentTimeMillis() : Long.parseLong(time);
            byte[] value = ("record-" + i).getBytes(StandardCharsets.UTF_8);
            if (size > 0) {
                value = java.util.Arrays.copyOf(value, size);
            }
            MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(timestamp, ("key-" + i).getBytes(StandardCharsets.UTF_8), value));
            ProduceResponseData.PartitionProduceResponse answer = produce(connection, version, physical, batch);
            assertThat(Errors.forCode(answer.errorCode())).as("error producing batch %d", i).isEqualTo(Errors.NONE);
            assertThat(answer.baseOffset()).as("offset of batch %d", i).isEqualTo(i);
        }
    }

    /** Produces a record with a null key, raw, so no client can refuse it first. */
    @When("a record without a key is produced to {string}")
    public void produceWithoutKey(String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        ProduceResponseData.PartitionProduceResponse answer = produce(connection, version, physical,
                Requests.records("no-key"));
        world.lastError = Errors.forCode(answer.errorCode());
    }

    /** Produces one record raw (Produce v8+ carries the log start offset in its answer) and checks the answer. */
    @Then("a record produced to {string} is acknowledged at offset {long} with log start offset {long}")
    public void producedWithLogStart(String topic, long offset, long logStartOffset) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        assertThat(version).as("Produce version carrying log_start_offset").isGreaterThanOrEqualTo((short) 8);
        ProduceResponseData.PartitionProduceResponse answer = produce(connection, version, physical,
                MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(),
                        "key".getBytes(StandardCharsets.UTF_8), "after".getBytes(StandardCharsets.UTF_8))));
        assertThat(Errors.forCode(answer.errorCode())).as("Produce error").isEqualTo(Errors.NONE);
        assertThat(answer.baseOffset()).as("Produce base offset").isEqualTo(offset);
        assertThat(answer.logStartOffset()).as("Produce log_start_offset").isEqualTo(logStartOffset);
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawConnection connection, short version,
                                                                        String topic, MemoryRecords records) {
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, version,
                Requests.produce(topic, 0, (short) -1, records));
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    @When("the records of {string} before offset {long} are deleted")
    public void deleteRecords(String topic, long offset) {
        deleteRecords(0, topic, offset);
    }

    /** Sends DeleteRecords raw, in the newest version both sides speak, for one partition. */
    @When("the records of partition {int} of {string} before offset {long} are deleted")
    public void deleteRecords(int partition, String topic, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.DELETE_RECORDS, ApiKeys.DELETE_RECORDS.latestVersion());
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(10_000)
                .setTopics(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(physical)
                        .setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                .setPartitionIndex(partition).setOffset(offset)))));
        DeleteRecordsResponseData response = connection.send(ApiKeys.DELETE_RECORDS, version, request);
        assertThat(response.topics()).as("topics answered").hasSize(1);
        DeleteRecordsResponseData.DeleteRecordsTopicResult answered = response.topics().iterator().next();
        assertThat(answered.name()).as("topic answered").isEqualTo(physical);
        assertThat(answered.partitions()).as("partitions answered").hasSize(1);
        deletion = answered.partitions().iterator().next();
        assertThat(deletion.partitionIndex()).as("partition answered").isEqualTo(partition);
        world.lastError = Errors.forCode(deletion.errorCode());
    }

    @Then("the deletion succeeds with low watermark {long}")
    public void deletionSucceeds(long lowWatermark) {
        assertThat(Errors.forCode(deletion.errorCode())).as("DeleteRecords error").isEqualTo(Errors.NONE);
        assertThat(deletion.lowWatermark()).as("DeleteRecords low watermark").isEqualTo(lowWatermark);
    }

    @Then("the deletion fails with {error} and low watermark {long}")
    public void deletionFails(Errors error, long lowWatermark) {
        assertThat(Errors.forCode(deletion.errorCode())).as("DeleteRecords error").isEqualTo(error);
        assertThat(deletion.lowWatermark()).as("DeleteRecords low watermark").isEqualTo(lowWatermark);
    }

    /** ListOffsets EARLIEST_LOCAL (-4, v8+, KIP-405): without tiered storage, the log start offset. */
    @Then("the earliest local offset of {string} is {long}")
    public void earliestLocal(String topic, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        assertThat(version).as("ListOffsets version for EARLIEST_LOCAL").isGreaterThanOrEqualTo((short) 8);
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = RawReads.listOffsets(connection, version,
                physical, 0, ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP);
        assertThat(Errors.forCode(answer.errorCode())).as("ListOffsets error").isEqualTo(Errors.NONE);
        assertThat(answer.offset()).as("earliest local offset").isEqualTo(offset);
    }

    /** Waits, bounded, for a retention pass: the earliest offset moves to exactly {@code offset}. */
    @Then("within the retention bound the earliest offset of {string} becomes {long}")
    public void earliestBecomes(String topic, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.LIST_OFFSETS, (short) 9);
        long[] seen = {-1};
        await().atMost(RETENTION_BOUND).pollInterval(Duration.ofMillis(100))
                .alias("earliest offset of " + physical + " to become " + offset)
                .until(() -> {
                    ListOffsetsResponseData.ListOffsetsPartitionResponse answer = RawReads.listOffsets(connection,
                            version, physical, 0, ListOffsetsRequest.EARLIEST_TIMESTAMP);
                    assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
                    seen[0] = answer.offset();
                    assertThat(seen[0]).as("earliest offset of %s, never beyond %d", physical, offset)
                            .isLessThanOrEqualTo(offset);
                    return seen[0] == offset;
                });
    }

    /**
     * Seeks a consumer to {@code offset} and polls until its position moves, bounded; what it received
     * on the way is kept.
     */
    @When("a consumer with auto.offset.reset={word} is positioned at offset {long} of {string}")
    public void positioned(String reset, long offset, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = world.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset));
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && consumer.position(tp) == offset) {
            world.trail().clientCall(ApiKeys.FETCH);
            consumer.poll(Duration.ofMillis(100)).forEach(consumed::add);
        }
        position = consumer.position(tp);
    }

    @Then("it moves to offset {long} without receiving a record")
    public void movesWithoutRecords(long offset) {
        assertThat(consumed).as("records received").isEmpty();
        assertThat(position).as("consumer position").isEqualTo(offset);
    }

    /**
     * Produces one raw batch per row to partition 0, each acknowledged before the next: columns
     * {@code key}, {@code value} ({@code null} for a tombstone) and {@code written} ({@code now} or
     * {@code N s ago}, the record's timestamp).
     */
    @Given("these records were/are produced to {string}, one batch each:")
    public void producedRows(String topic, io.cucumber.datatable.DataTable table) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        long now = System.currentTimeMillis();
        List<Map<String, String>> rows = table.asMaps();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String written = row.get("written").trim();
            long timestamp = written.equals("now") ? now
                    : written.endsWith("s from now") ? now + 1000L * Long.parseLong(written.replace("s from now", "").trim())
                    : now - 1000L * Long.parseLong(written.replace("s ago", "").trim());
            String value = row.get("value");
            MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestamp,
                    row.get("key").getBytes(StandardCharsets.UTF_8),
                    "null".equals(value) ? null : value.getBytes(StandardCharsets.UTF_8)));
            ProduceResponseData.PartitionProduceResponse answer = produce(connection, version, physical, batch);
            assertThat(Errors.forCode(answer.errorCode())).as("error producing row %d", i).isEqualTo(Errors.NONE);
            assertThat(answer.baseOffset()).as("offset of row %d", i).isEqualTo(rowsProduced++);
        }
    }

    /**
     * Waits, bounded, until a raw read of the whole partition (from offset 0, across the gaps cleaning
     * leaves) holds exactly these records: columns {@code offset}, {@code key}, {@code value}.
     */
    @Then("within the cleaning bound, partition 0 of {string} holds exactly:")
    public void holdsAfterCleaning(String topic, io.cucumber.datatable.DataTable table) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        List<String> expected = table.asMaps().stream()
                .map(r -> r.get("offset").trim() + " " + r.get("key").trim() + "=" + r.get("value").trim()).toList();
        List<List<String>> seen = new ArrayList<>();
        await().atMost(CLEANING_BOUND).pollInterval(Duration.ofMillis(200))
                .alias("records of " + physical + " after cleaning")
                .untilAsserted(() -> {
                    List<String> stored = readAcrossGaps(connection, physical);
                    seen.add(stored);
                    assertThat(stored).as("records of %s (offset key=value)", physical)
                            .containsExactlyElementsOf(expected);
                });
    }

    /** Reads from offset 0 to the high watermark; a fetch may start at a later offset where records were cleaned. */
    private static List<String> readAcrossGaps(RawConnection connection, String topic) {
        List<String> records = new ArrayList<>();
        long next = 0;
        while (true) {
            org.apache.kafka.common.message.FetchResponseData.PartitionData answer =
                    RawReads.fetch(connection, topic, 0, next);
            assertThat(Errors.forCode(answer.errorCode())).as("fetch of %s from %d", topic, next).isEqualTo(Errors.NONE);
            List<org.apache.kafka.common.record.internal.RecordBatch> batches = RawReads.batches(answer);
            if (batches.isEmpty()) {
                assertThat(next).as("fetch of %s from %d returned nothing below the high watermark", topic, next)
                        .isGreaterThanOrEqualTo(answer.highWatermark());
                return records;
            }
            assertThat(batches.get(0).lastOffset()).as("last offset of the first batch fetched from %d", next)
                    .isGreaterThanOrEqualTo(next);
            for (org.apache.kafka.common.record.internal.RecordBatch batch : batches) {
                for (org.apache.kafka.common.record.internal.Record record : batch) {
                    if (record.offset() >= next) {
                        records.add(record.offset() + " " + text(record.key()) + "=" + text(record.value()));
                    }
                }
                next = batch.lastOffset() + 1;
            }
        }
    }

    private static String text(java.nio.ByteBuffer buffer) {
        return buffer == null ? "null" : StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    /** A consumer from the beginning receives exactly these records (columns offset, key, value), bounded. */
    @Then("a consumer reading {string} from the beginning receives exactly:")
    public void consumerReceivesExactly(String topic, io.cucumber.datatable.DataTable table) {
        List<String> expected = table.asMaps().stream()
                .map(r -> r.get("offset").trim() + " " + r.get("key").trim() + "=" + r.get("value").trim()).toList();
        KafkaConsumer<byte[], byte[]> consumer = world.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && consumer.position(tp) < end) {
            world.trail().clientCall(ApiKeys.FETCH);
            consumer.poll(Duration.ofMillis(100)).forEach(r -> received.add(r.offset() + " "
                    + (r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8)) + "="
                    + (r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8))));
        }
        assertThat(received).as("records the consumer received").containsExactlyElementsOf(expected);
        assertThat(consumer.position(tp)).as("consumer position at the end").isEqualTo(end);
    }
}
