package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Produce validation read raw (KIP-467): which records of a refused batch the broker names in
 * {@code record_errors}, and its {@code error_message}; the Java producer only surfaces the exception.
 */
public class ProduceValidationSteps {
    /** Produce v8 is the first with record_errors and error_message. */
    private static final short RECORD_ERRORS_VERSION = 8;

    private final World world;

    /** @param world the scenario's state */
    public ProduceValidationSteps(World world) {
        this.world = world;
    }

    /** One batch, one record per offset (in minutes from now, negative for the past), produced raw. */
    @When("a batch of records timestamped {longs} minutes from now is produced to {string}")
    public void produceTimestamped(List<Long> minutes, String topic) {
        long now = System.currentTimeMillis();
        SimpleRecord[] records = new SimpleRecord[minutes.size()];
        long[] timestamps = new long[minutes.size()];
        for (int i = 0; i < records.length; i++) {
            timestamps[i] = now + minutes.get(i) * 60_000L;
            records[i] = new SimpleRecord(timestamps[i], ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        world.remembered.put("produced-timestamps", timestamps);
        produceWithRecordErrors(topic, records);
    }

    /** Sends one uncompressed batch raw, in a Produce version that carries record_errors, and keeps the answer. */
    private void produceWithRecordErrors(String topic, SimpleRecord[] records) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        assertThat(version).as("Produce version with record_errors").isGreaterThanOrEqualTo(RECORD_ERRORS_VERSION);
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, version,
                Requests.produce(physical, 0, (short) -1, MemoryRecords.withRecords(Compression.NONE, records)));
        ProduceResponseData.PartitionProduceResponse answer = response.responses().iterator().next()
                .partitionResponses().get(0);
        world.remembered.put("produce-answer", answer);
        world.lastError = Errors.forCode(answer.errorCode());
    }

    /** One batch in a codec, sent in an explicit Produce version (which the broker must support). */
    @When("a batch compressed with {word} is produced to {string} with Produce v{int}")
    public void produceInVersion(String codec, String topic, int version) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        assertThat(connection.version(ApiKeys.PRODUCE, (short) version)).as("Produce version both sides support")
                .isEqualTo((short) version);
        MemoryRecords records = MemoryRecords.withRecords(Compression.of(codec).build(),
                new SimpleRecord(System.currentTimeMillis(), "key".getBytes(StandardCharsets.UTF_8),
                        "compressed".getBytes(StandardCharsets.UTF_8)));
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, (short) version,
                Requests.produce(physical, 0, (short) -1, records));
        world.lastError = Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    /** One batch in a codec whose records have values of the given sizes, produced raw. */
    @When("a batch compressed with {word} holding values of {longs} bytes is produced to {string}")
    public void produceSized(String codec, List<Long> sizes, String topic) {
        SimpleRecord[] records = new SimpleRecord[sizes.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    "v".repeat(sizes.get(i).intValue()).getBytes(StandardCharsets.UTF_8));
        }
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, version, Requests.produce(physical, 0,
                (short) -1, MemoryRecords.withRecords(Compression.of(codec).build(), records)));
        ProduceResponseData.PartitionProduceResponse answer = response.responses().iterator().next()
                .partitionResponses().get(0);
        world.remembered.put("produce-answer", answer);
        world.lastError = Errors.forCode(answer.errorCode());
    }

    /** One batch of keyed records but for those at the given indexes, produced raw. */
    @When("a batch of {int} records, those at batch indexes {longs} without a key, is produced to {string}")
    public void produceSomeWithoutKey(int count, List<Long> keyless, String topic) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            byte[] key = keyless.contains((long) i) ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            records[i] = new SimpleRecord(System.currentTimeMillis(), key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        produceWithRecordErrors(topic, records);
    }

    @Then("the produce response names exactly batch indexes {longs} in record_errors")
    public void namesIndexes(List<Long> indexes) {
        ProduceResponseData.PartitionProduceResponse answer = answer();
        assertThat(answer.recordErrors().stream().map(e -> (long) e.batchIndex()).toList())
                .as("batch_index of each record_errors entry").containsExactlyElementsOf(indexes);
        assertThat(answer.recordErrors()).allSatisfy(e -> assertThat(e.batchIndexErrorMessage())
                .as("batch_index_error_message of record %d", e.batchIndex()).isNotBlank());
    }

    @Then("the produce response names exactly batch index {int} in record_errors")
    public void namesIndex(int index) {
        ProduceResponseData.PartitionProduceResponse answer = answer();
        assertThat(answer.recordErrors().stream().map(BatchIndexAndErrorMessage::batchIndex).toList())
                .as("batch_index of each record_errors entry").containsExactly(index);
        assertThat(answer.recordErrors().get(0).batchIndexErrorMessage()).as("batch_index_error_message").isNotBlank();
    }

    @Then("the produce response's error_message starts with {string}")
    public void errorMessageStarts(String prefix) {
        assertThat(answer().errorMessage()).as("error_message of the partition").startsWith(prefix);
    }

    @Then("the produce response names batch index {int} in record_errors, with the record's timestamp")
    public void namesOne(int index) {
        namesExactly(List.of((long) index));
    }

    @Then("the produce response names batch indexes {longs} in record_errors, each with the record's timestamp")
    public void namesExactly(List<Long> indexes) {
        ProduceResponseData.PartitionProduceResponse answer = answer();
        long[] timestamps = (long[]) world.remembered.get("produced-timestamps");
        assertThat(answer.recordErrors().stream().map(e -> (long) e.batchIndex()).toList())
                .as("batch_index of each record_errors entry").containsExactlyElementsOf(indexes);
        for (BatchIndexAndErrorMessage error : answer.recordErrors()) {
            assertThat(error.batchIndexErrorMessage()).as("batch_index_error_message of record %d", error.batchIndex())
                    .contains(Long.toString(timestamps[error.batchIndex()]));
        }
    }

    @Then("the produce response's error_message is {string}")
    public void errorMessage(String message) {
        assertThat(answer().errorMessage()).as("error_message of the partition").isEqualTo(message);
    }

    private ProduceResponseData.PartitionProduceResponse answer() {
        ProduceResponseData.PartitionProduceResponse answer =
                (ProduceResponseData.PartitionProduceResponse) world.remembered.get("produce-answer");
        assertThat(answer).as("produce answered").isNotNull();
        return answer;
    }
}
