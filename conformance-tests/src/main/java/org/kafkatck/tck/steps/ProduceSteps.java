package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Producing through the Java producer, and what its acknowledgements say. */
public class ProduceSteps {
    /** Clock drift allowed between the TCK's host and the broker's, when the broker's clock is the behaviour. */
    private static final long CLOCK_LEEWAY_MS = 1_000;

    private final World world;

    /** @param world the scenario's state */
    public ProduceSteps(World world) {
        this.world = world;
    }

    /** Records the spec sends are numbered: key {@code key-i}, value {@code record-i}. */
    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @When("{int} records are sent to {string} with acks={word}")
    public void sendWithAcks(int count, String topic, String acks) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        if (!acks.equals("all") && !acks.equals("-1")) {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        }
        sendNumbered(world.producer(config), topic, count, 0);
    }

    @When("{int} records are sent to {string} by a default producer")
    public void sendWithDefaults(int count, String topic) throws Exception {
        sendNumbered(world.producer(Map.of()), topic, count, 0);
    }

    @Given("{int} record(s) was/were sent to {string}")
    public void recordsWereSent(int count, String topic) throws Exception {
        sendNumbered(world.producer(Map.of()), topic, count, 0);
    }

    /** Each record is acknowledged before the next is sent, so each is a batch of its own. */
    @Given("{int} records were sent to {string}, one batch each")
    public void recordsSentOneBatchEach(int count, String topic) throws Exception {
        KafkaProducer<byte[], byte[]> producer = world.producer(Map.of());
        for (int i = 0; i < count; i++) {
            send(producer, List.of(new ProducerRecord<>(world.topic(topic), 0, bytes("key-" + i), bytes("record-" + i))));
        }
    }

    @When("{int} records are sent to {string} in batches of up to 64 KiB")
    public void sendBatched(int count, String topic) throws Exception {
        sendNumbered(world.producer(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "65536",
                ProducerConfig.LINGER_MS_CONFIG, "50")), topic, count, 0);
    }

    @When("{int} records are sent to {string} compressed with {word}")
    public void sendCompressed(int count, String topic, String codec) throws Exception {
        sendNumbered(world.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, "20")), topic, count, world.sent().size());
    }

    @When("{int} more records are sent to {string} compressed with {word}")
    public void sendMoreCompressed(int count, String topic, String codec) throws Exception {
        sendCompressed(count, topic, codec);
    }

    private void sendNumbered(KafkaProducer<byte[], byte[]> producer, String topic, int count, int first)
            throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            records.add(new ProducerRecord<>(world.topic(topic), bytes("key-" + i), bytes("record-" + i)));
        }
        send(producer, records);
    }

    @When("{int} records with key {string} are sent to {string}")
    public void sendWithKey(int count, String key, String topic) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(world.topic(topic), bytes(key), bytes("record-" + i)));
        }
        send(world.producer(Map.of()), records);
    }

    @When("a record is sent to partition {int} of {string}")
    public void sendToPartition(int partition, String topic) throws Exception {
        send(world.producer(Map.of()), List.of(new ProducerRecord<>(world.topic(topic), partition, bytes("key-0"),
                bytes("record-0"))));
    }

    @Then("a record sent to partition {int} of {string} is acknowledged at offset {long}")
    public void sendToPartitionIsAcknowledged(int partition, String topic, long offset) throws Exception {
        sendToPartition(partition, topic);
        acknowledgedAt(offset, partition);
    }

    @When("a record with these headers is sent to {string}:")
    public void sendWithHeaders(String topic, DataTable table) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        for (Map<String, String> row : table.asMaps()) {
            headers.add(row.get("key"), bytes(row.get("value")));
        }
        send(world.producer(Map.of()), List.of(new ProducerRecord<>(world.topic(topic), 0, bytes("key-0"),
                bytes("record-0"), headers)));
    }

    @When("a record with a null key and a null value is sent to {string}")
    public void sendNulls(String topic) throws Exception {
        send(world.producer(Map.of()), List.of(new ProducerRecord<>(world.topic(topic), 0, null, null)));
    }

    @When("a record with an empty key and an empty value is sent to {string}")
    public void sendEmpty(String topic) throws Exception {
        send(world.producer(Map.of()), List.of(new ProducerRecord<>(world.topic(topic), 0, new byte[0], new byte[0])));
    }

    /**
     * Produces one record raw, so the acknowledgement is read as the broker sent it (the Java producer
     * does not surface log_append_time_ms), and remembers the wall-clock window the produce was in flight.
     */
    @When("a record with timestamp {long} is produced to {string}")
    public void produceRawWithTimestamp(long timestamp, String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(timestamp, bytes("key-0"), bytes("record-0")));
        long before = System.currentTimeMillis();
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, version,
                Requests.produce(physical, 0, (short) -1, records));
        long after = System.currentTimeMillis();
        ProduceResponseData.PartitionProduceResponse answer = response.responses().iterator().next()
                .partitionResponses().get(0);
        assertThat(Errors.forCode(answer.errorCode())).as("error of the produce").isEqualTo(Errors.NONE);
        assertThat(answer.baseOffset()).as("base offset of the first record of the partition").isZero();
        world.remembered.put("produced", answer);
        world.remembered.put("produce-window", new long[] {before, after});
        world.sent().add(new ProducerRecord<>(physical, 0, timestamp, bytes("key-0"), bytes("record-0")));
    }

    @Then("the produce is acknowledged without a log append time")
    public void acknowledgedWithoutAppendTime() {
        ProduceResponseData.PartitionProduceResponse answer =
                (ProduceResponseData.PartitionProduceResponse) world.remembered.get("produced");
        assertThat(answer.logAppendTimeMs()).as("log_append_time_ms on a CreateTime topic").isEqualTo(-1);
    }

    /**
     * The broker's clock, read while the produce was in flight. A broker on another host may drift
     * from this one; a second of leeway allows for NTP-synchronised clocks, no more.
     */
    @Then("the produce is acknowledged with a log append time taken while it was in flight")
    public void acknowledgedWithAppendTime() {
        ProduceResponseData.PartitionProduceResponse answer =
                (ProduceResponseData.PartitionProduceResponse) world.remembered.get("produced");
        long[] window = (long[]) world.remembered.get("produce-window");
        assertThat(answer.logAppendTimeMs()).as("log_append_time_ms of the acknowledgement, produced between %d and %d",
                window[0], window[1]).isBetween(window[0] - CLOCK_LEEWAY_MS, window[1] + CLOCK_LEEWAY_MS);
    }

    @Then("the stored batch, read back raw, carries that log append time as a LogAppendTime timestamp")
    public void storedWithAppendTime() {
        ProduceResponseData.PartitionProduceResponse answer =
                (ProduceResponseData.PartitionProduceResponse) world.remembered.get("produced");
        RecordBatch batch = storedBatch();
        assertThat(batch.timestampType()).as("timestamp type of the stored batch").isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).as("timestamp of the stored batch").isEqualTo(answer.logAppendTimeMs());
        for (Record record : batch) {
            assertThat(record.timestamp()).as("timestamp of the stored record").isEqualTo(answer.logAppendTimeMs());
        }
    }

    @Then("the stored batch, read back raw, carries timestamp {long} of type CreateTime")
    public void storedWithCreateTime(long timestamp) {
        RecordBatch batch = storedBatch();
        assertThat(batch.timestampType()).as("timestamp type of the stored batch").isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.maxTimestamp()).as("max timestamp of the stored batch").isEqualTo(timestamp);
        for (Record record : batch) {
            assertThat(record.timestamp()).as("timestamp of the stored record").isEqualTo(timestamp);
        }
    }

    private RecordBatch storedBatch() {
        String physical = world.sent().get(world.sent().size() - 1).topic();
        FetchResponseData.PartitionData fetched = RawReads.fetch(world.rawToLeader(physical, 0), physical, 0, 0);
        assertThat(Errors.forCode(fetched.errorCode())).as("error of the fetch").isEqualTo(Errors.NONE);
        List<RecordBatch> batches = RawReads.batches(fetched);
        assertThat(batches).as("batches stored in %s-0", physical).hasSize(1);
        return batches.get(0);
    }

    /**
     * Reads every partition back raw (Fetch from offset 0 to the high watermark): each holds exactly the
     * records acknowledged in it, at the acknowledged offsets, and no other. The acknowledged partition
     * is the producer's own choice echoed by the client, so only the read-back shows where the broker
     * put the data.
     */
    @Then("each partition of {string}, read back raw, holds exactly the records acknowledged in it")
    public void partitionsHoldWhatWasAcknowledged(String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        int partitions = RawReads.metadata(connection, physical).partitions().size();
        List<ProducerRecord<byte[], byte[]>> sent = world.sent();
        List<ProducerRecord<byte[], byte[]>> last = sent.subList(sent.size() - world.acknowledged.size(), sent.size());
        for (int p = 0; p < partitions; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < last.size(); i++) {
                RecordMetadata md = world.acknowledged.get(i);
                if (md.partition() == p) {
                    expected.add(md.offset() + ":" + text(last.get(i).key()) + "=" + text(last.get(i).value()));
                }
            }
            List<String> stored = RawReads.readAll(world.rawToLeader(physical, p), physical, p).stream()
                    .map(r -> r.offset() + ":" + text(r.key()) + "=" + text(r.value())).toList();
            assertThat(stored).as("records stored in partition %d of %s (offset:key=value)", p, physical)
                    .containsExactlyElementsOf(expected);
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String text(java.nio.ByteBuffer buffer) {
        return buffer == null ? "null" : StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    @Given("records with timestamps {longs} were sent to {string}")
    public void sendWithTimestamps(List<Long> timestamps, String topic) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < timestamps.size(); i++) {
            records.add(new ProducerRecord<>(world.topic(topic), 0, timestamps.get(i), bytes("key-" + i),
                    bytes("record-" + i)));
        }
        send(world.producer(Map.of()), records);
    }

    @When("a record with a value of {int} bytes is sent to {string}")
    public void sendLarge(int size, String topic) throws Exception {
        byte[] value = new byte[size];
        new java.util.Random(size).nextBytes(value);
        send(world.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576")),
                List.of(new ProducerRecord<>(world.topic(topic), 0, bytes("big"), value)));
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            futures.add(producer.send(record));
        }
        // no flush(): it waits without a bound, and a producer whose I/O thread died never returns from it;
        // the producer sends each batch after linger.ms anyway, and every wait below is bounded
        world.acknowledged.clear();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        for (Future<RecordMetadata> future : futures) {
            world.acknowledged.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        world.sent().addAll(records);
    }

    @Then("they are acknowledged at offsets {long} to {long} of partition {int}")
    public void acknowledgedRange(long first, long last, int partition) {
        List<Long> expected = new ArrayList<>();
        for (long o = first; o <= last; o++) {
            expected.add(o);
        }
        assertThat(world.acknowledged).extracting(RecordMetadata::offset).containsExactlyElementsOf(expected);
        assertThat(world.acknowledged).extracting(RecordMetadata::partition).containsOnly(partition);
    }

    @Then("they are acknowledged without offsets")
    public void acknowledgedWithoutOffsets() {
        assertThat(world.acknowledged).isNotEmpty().allSatisfy(md -> assertThat(md.hasOffset()).isFalse());
    }

    @Then("it is acknowledged at offset {long} of partition {int}")
    public void acknowledgedAt(long offset, int partition) {
        assertThat(world.acknowledged).singleElement().satisfies(md -> {
            assertThat(md.partition()).isEqualTo(partition);
            assertThat(md.offset()).isEqualTo(offset);
        });
    }

    @Then("they are all in the same partition, at consecutive offsets")
    public void samePartition() {
        assertThat(world.acknowledged).extracting(RecordMetadata::partition).containsOnly(
                world.acknowledged.get(0).partition());
        long first = world.acknowledged.get(0).offset();
        for (int i = 0; i < world.acknowledged.size(); i++) {
            assertThat(world.acknowledged.get(i).offset()).isEqualTo(first + i);
        }
    }
}
