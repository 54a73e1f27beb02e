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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Producing through the Java producer, and what its acknowledgements say. */
public class ProduceSteps {
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

    @When("a record with timestamp {long} is sent to {string}")
    public void sendWithTimestamp(long timestamp, String topic) throws Exception {
        world.remembered.put("sent-at", System.currentTimeMillis());
        send(world.producer(Map.of()), List.of(new ProducerRecord<>(world.topic(topic), 0, timestamp,
                bytes("key-0"), bytes("record-0"))));
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
        producer.flush();
        world.acknowledged.clear();
        for (Future<RecordMetadata> future : futures) {
            world.acknowledged.add(future.get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
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
