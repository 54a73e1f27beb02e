package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.TimestampType;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading through the Java consumer (assign and seek, no group), and what it returns. */
public class ConsumeSteps {
    private final World world;

    /** @param world the scenario's state */
    public ConsumeSteps(World world) {
        this.world = world;
    }

    /** Reads partition 0 of {@code topic} from {@code offset} until {@code count} records arrived or time is up. */
    private List<ConsumerRecord<byte[], byte[]>> read(String topic, long offset, int count, Map<String, String> config) {
        KafkaConsumer<byte[], byte[]> consumer = world.consumer(config);
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        consumer.assign(List.of(tp));
        if (offset < 0) {
            consumer.seekToBeginning(List.of(tp));
        } else {
            consumer.seek(tp, offset);
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            world.trail().clientCall(ApiKeys.FETCH);
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    @Then("a consumer reading {string} from the beginning receives the same {int} records in order")
    public void receivesSame(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, -1, count, Map.of());
        assertThat(records).as("records read from %s", topic).hasSize(count);
        List<ProducerRecord<byte[], byte[]>> sent = world.sent();
        for (int i = 0; i < count; i++) {
            assertThat(records.get(i).offset()).isEqualTo(i);
            assertThat(records.get(i).key()).isEqualTo(sent.get(i).key());
            assertThat(records.get(i).value()).isEqualTo(sent.get(i).value());
        }
    }

    @Then("a consumer reading {string} from the beginning receives it with the same headers in the same order")
    public void receivesHeaders(String topic) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        Iterator<Header> expected = world.sent().get(0).headers().iterator();
        Iterator<Header> actual = record.headers().iterator();
        while (expected.hasNext()) {
            assertThat(actual.hasNext()).as("fewer headers than sent").isTrue();
            Header want = expected.next();
            Header got = actual.next();
            assertThat(got.key()).isEqualTo(want.key());
            assertThat(got.value()).isEqualTo(want.value());
        }
        assertThat(actual.hasNext()).as("more headers than sent").isFalse();
    }

    @Then("a consumer reading {string} from the beginning receives a record with a null key and a null value")
    public void receivesNulls(String topic) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        assertThat(record.key()).isNull();
        assertThat(record.value()).isNull();
    }

    @Then("a consumer reading {string} from the beginning receives a record with an empty key and an empty value")
    public void receivesEmpty(String topic) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        assertThat(record.key()).isNotNull().isEmpty();
        assertThat(record.value()).isNotNull().isEmpty();
    }

    @Then("a consumer reading {string} from the beginning receives it with timestamp {long} of type CreateTime")
    public void receivesCreateTime(String topic, long timestamp) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(record.timestamp()).isEqualTo(timestamp);
    }

    @Then("a consumer reading {string} from the beginning receives it with that log append time of type LogAppendTime")
    public void receivesThatLogAppendTime(String topic) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        var produced = (org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse)
                world.remembered.get("produced");
        assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(record.timestamp()).as("timestamp the consumer sees").isEqualTo(produced.logAppendTimeMs());
    }

    @Then("a consumer reading {string} from the beginning receives the same value")
    public void receivesSameValue(String topic) {
        ConsumerRecord<byte[], byte[]> record = single(topic);
        assertThat(record.value()).isEqualTo(world.sent().get(0).value());
    }

    private ConsumerRecord<byte[], byte[]> single(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, -1, 1, Map.of());
        assertThat(records).as("records read from %s", topic).hasSize(1);
        return records.get(0);
    }

    @When("a consumer reads {string} from offset {long}")
    public void consumerReadsFrom(String topic, long offset) {
        world.received.clear();
        world.received.addAll(readUntilQuiet(topic, offset, Map.of()));
    }

    @When("a consumer with auto.offset.reset={word} reads {string} from offset {long}")
    public void consumerWithResetReads(String reset, String topic, long offset) {
        world.received.clear();
        Outcomes.capture(world, () -> world.received.addAll(readUntilQuiet(topic, offset,
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset))));
    }

    /**
     * Reads from {@code offset} up to the end offset seen at the start, letting a consumer error
     * (such as an out-of-range position with no reset policy) escape.
     */
    private List<ConsumerRecord<byte[], byte[]>> readUntilQuiet(String topic, long offset, Map<String, String> config) {
        KafkaConsumer<byte[], byte[]> consumer = world.consumer(config);
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && (records.isEmpty() || consumer.position(tp) < end)) {
            world.trail().clientCall(ApiKeys.FETCH);
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    @Then("it receives records {int} to {int}")
    public void receivesRecords(int first, int last) {
        assertThat(world.failure).as("consumer failure").isNull();
        List<String> expected = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            expected.add("record-" + i);
        }
        assertThat(world.received).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(expected);
        assertThat(world.received).extracting(ConsumerRecord::offset)
                .containsExactlyElementsOf(expected.stream().map(v -> Long.parseLong(v.substring(7))).toList());
    }

    @Then("reading fails with an out-of-range error")
    public void readingFailsOutOfRange() {
        assertThat(world.failure).isInstanceOf(OffsetOutOfRangeException.class);
    }
}
