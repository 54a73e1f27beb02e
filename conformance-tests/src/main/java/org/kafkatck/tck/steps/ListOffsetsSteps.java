package org.kafkatck.tck.steps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets by position and time, through the Admin client and raw ListOffsets requests. */
public class ListOffsetsSteps {
    private final World world;

    /** @param world the scenario's state */
    public ListOffsetsSteps(World world) {
        this.world = world;
    }

    /**
     * Asks ListOffsets raw, in the newest version both sides speak, and checks what every answer
     * carries besides the offset: no error, and from v4 on (KIP-320) the epoch of the leader that wrote
     * the offset found (topics here have had one leader, so the partition's current epoch, as Metadata
     * reports it), or -1 when no offset was found.
     */
    private ListOffsetsResponseData.ListOffsetsPartitionResponse lookup(String topic, long timestamp) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer =
                RawReads.listOffsets(connection, version, physical, 0, timestamp);
        String what = "ListOffsets v" + version + " of " + physical + "-0 for " + timestamp;
        assertThat(Errors.forCode(answer.errorCode())).as("error of %s", what).isEqualTo(Errors.NONE);
        if (version >= 4) {
            int expected = answer.offset() >= 0 ? RawReads.leaderEpoch(connection, physical, 0) : -1;
            assertThat(answer.leaderEpoch()).as("leader epoch of %s, offset %d", what, answer.offset()).isEqualTo(expected);
        }
        return answer;
    }

    @Then("the earliest offset of {string} is {long}")
    public void earliest(String topic, long offset) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = lookup(topic, ListOffsetsRequest.EARLIEST_TIMESTAMP);
        assertThat(answer.offset()).as("earliest offset").isEqualTo(offset);
        assertThat(answer.timestamp()).as("timestamp of the earliest offset (none)").isEqualTo(-1);
    }

    @Then("the latest offset of {string} is {long}")
    public void latest(String topic, long offset) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = lookup(topic, ListOffsetsRequest.LATEST_TIMESTAMP);
        assertThat(answer.offset()).as("latest offset").isEqualTo(offset);
        assertThat(answer.timestamp()).as("timestamp of the latest offset (none)").isEqualTo(-1);
    }

    /** The offset found is that of the first record at or after the time; the answer carries that record's timestamp. */
    @Then("the offset of {string} for timestamp {long} is {long}")
    public void byTimestamp(String topic, long timestamp, long offset) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = lookup(topic, timestamp);
        assertThat(answer.offset()).as("offset for timestamp %d", timestamp).isEqualTo(offset);
        long expectedTimestamp = offset < 0 ? -1 : world.sent().get((int) offset).timestamp();
        assertThat(answer.timestamp()).as("timestamp of the record found for %d", timestamp).isEqualTo(expectedTimestamp);
    }

    @Then("the record with the largest timestamp of {string} is at offset {long} with timestamp {long}")
    public void maxTimestamp(String topic, long offset, long timestamp) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = lookup(topic, ListOffsetsRequest.MAX_TIMESTAMP);
        assertThat(answer.offset()).as("offset of the largest timestamp").isEqualTo(offset);
        assertThat(answer.timestamp()).as("largest timestamp").isEqualTo(timestamp);
    }

    @Then("partition {int} of {string} holds {int} record(s)")
    public void holds(int partition, String topic, int count) throws Exception {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        long earliest = world.admin().listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                .get(15, TimeUnit.SECONDS).offset();
        long latest = world.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(15, TimeUnit.SECONDS).offset();
        assertThat(latest - earliest).as("records in %s", tp).isEqualTo(count);
    }

    @When("the latest offset of partition {int} of {string} is requested")
    public void rawLatest(int partition, String topic) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.LIST_OFFSETS, (short) 9);
        ListOffsetsRequestData request = new ListOffsetsRequestData()
                .setReplicaId(-1)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(world.topic(topic))
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(partition).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP)))));
        ListOffsetsResponseData response = connection.send(ApiKeys.LIST_OFFSETS, version, request);
        world.lastError = Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }
}
