package org.kafkatck.tck.steps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets by position and time, through the Admin client and raw ListOffsets requests. */
public class ListOffsetsSteps {
    private final World world;

    /** @param world the scenario's state */
    public ListOffsetsSteps(World world) {
        this.world = world;
    }

    private ListOffsetsResult.ListOffsetsResultInfo lookup(String topic, OffsetSpec spec) throws Exception {
        TopicPartition tp = new TopicPartition(world.topic(topic), 0);
        return world.admin().listOffsets(Map.of(tp, spec)).partitionResult(tp).get(15, TimeUnit.SECONDS);
    }

    @Then("the earliest offset of {string} is {long}")
    public void earliest(String topic, long offset) throws Exception {
        assertThat(lookup(topic, OffsetSpec.earliest()).offset()).isEqualTo(offset);
    }

    @Then("the latest offset of {string} is {long}")
    public void latest(String topic, long offset) throws Exception {
        assertThat(lookup(topic, OffsetSpec.latest()).offset()).isEqualTo(offset);
    }

    @Then("the offset of {string} for timestamp {long} is {long}")
    public void byTimestamp(String topic, long timestamp, long offset) throws Exception {
        assertThat(lookup(topic, OffsetSpec.forTimestamp(timestamp)).offset()).isEqualTo(offset);
    }

    @Then("the record with the largest timestamp of {string} is at offset {long} with timestamp {long}")
    public void maxTimestamp(String topic, long offset, long timestamp) throws Exception {
        ListOffsetsResult.ListOffsetsResultInfo info = lookup(topic, OffsetSpec.maxTimestamp());
        assertThat(info.offset()).isEqualTo(offset);
        assertThat(info.timestamp()).isEqualTo(timestamp);
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
