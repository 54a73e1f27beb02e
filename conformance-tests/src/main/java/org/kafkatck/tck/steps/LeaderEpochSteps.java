package org.kafkatck.tck.steps;

import java.util.List;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader epochs (KIP-101, KIP-320) read raw: the epoch Metadata reports, the epoch ListOffsets returns
 * with an offset, the epoch stamped in stored batches, the fencing of a request naming another epoch,
 * and where OffsetForLeaderEpoch says an epoch ended. No step assumes a particular epoch number.
 */
public class LeaderEpochSteps {
    /** Oldest ListOffsets version with leader epochs (KIP-320). */
    private static final short LIST_OFFSETS_EPOCHS = 4;
    /** Oldest Fetch version with current_leader_epoch (KIP-320). */
    private static final short FETCH_EPOCHS = 9;

    private final World world;
    private EpochEndOffset epochEnd;
    private int askedEpoch;
    private final java.util.Map<Integer, Errors> olderEpochErrors = new java.util.TreeMap<>();
    private final java.util.Map<Integer, EpochEndOffset> olderEpochEnds = new java.util.TreeMap<>();

    /** @param world the scenario's state */
    public LeaderEpochSteps(World world) {
        this.world = world;
    }

    private RawConnection leader(String physical) {
        return world.rawToLeader(physical, 0);
    }

    @Then("ListOffsets answers the latest offset of {string} as {long}, under the leader epoch Metadata reports")
    public void latestUnderMetadataEpoch(String topic, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        int epoch = RawReads.leaderEpoch(connection, physical, 0);
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = listOffsets(connection, physical,
                ListOffsetsRequest.LATEST_TIMESTAMP, -1);
        assertThat(Errors.forCode(answer.errorCode())).as("ListOffsets error").isEqualTo(Errors.NONE);
        assertThat(answer.offset()).as("latest offset").isEqualTo(offset);
        assertThat(answer.leaderEpoch()).as("leader epoch of the latest offset (Metadata reports %d)", epoch)
                .isEqualTo(epoch);
    }

    @Then("ListOffsets answers the earliest offset of {string} as {long}, under the leader epoch of the batch that holds it")
    public void earliestUnderBatchEpoch(String topic, long offset) {
        foundUnderBatchEpoch(topic, ListOffsetsRequest.EARLIEST_TIMESTAMP, offset);
    }

    @Then("ListOffsets finds offset {long} of {string} for timestamp {long}, under the leader epoch of the batch that holds it")
    public void byTimeUnderBatchEpoch(long offset, String topic, long timestamp) {
        foundUnderBatchEpoch(topic, timestamp, offset);
    }

    private void foundUnderBatchEpoch(String topic, long timestamp, long offset) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = listOffsets(connection, physical, timestamp, -1);
        assertThat(Errors.forCode(answer.errorCode())).as("ListOffsets error").isEqualTo(Errors.NONE);
        assertThat(answer.offset()).as("offset found").isEqualTo(offset);
        RecordBatch batch = RawReads.batches(RawReads.fetch(connection, physical, 0, offset)).get(0);
        assertThat(batch.partitionLeaderEpoch()).as("epoch stamped in the batch at offset %d", batch.baseOffset())
                .isGreaterThanOrEqualTo(0);
        assertThat(answer.leaderEpoch()).as("leader epoch ListOffsets returns with offset %d", offset)
                .isEqualTo(batch.partitionLeaderEpoch());
    }

    @When("a {word} request for partition 0 of {string} names a leader epoch {int} above the partition's")
    public void namingNewerEpoch(String api, String topic, int above) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        sendNamingEpoch(api, connection, physical, RawReads.leaderEpoch(connection, physical, 0) + above);
    }

    /**
     * Names the newest and the oldest epoch below the partition's. A partition still at its first epoch
     * (Apache Kafka's 0) has none, and there is then nothing to fence.
     */
    @When("a {word} request for partition 0 of {string} names each leader epoch older than the partition's")
    public void namingOlderEpochs(String api, String topic) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        int current = RawReads.leaderEpoch(connection, physical, 0);
        olderEpochErrors.clear();
        for (int epoch : java.util.stream.IntStream.of(current - 1, 0).filter(e -> e >= 0 && e < current).distinct()
                .toArray()) {
            sendNamingEpoch(api, connection, physical, epoch);
            olderEpochErrors.put(epoch, world.lastError);
        }
    }

    @Then("each is answered FENCED_LEADER_EPOCH")
    public void eachFenced() {
        olderEpochErrors.forEach((epoch, error) -> assertThat(error)
                .as("error of a request naming the older leader epoch %d", epoch).isEqualTo(Errors.FENCED_LEADER_EPOCH));
    }

    private void sendNamingEpoch(String api, RawConnection connection, String physical, int epoch) {
        switch (api) {
            case "Fetch" -> {
                short version = connection.version(ApiKeys.FETCH, RawReads.LAST_FETCH_BY_NAME);
                assertThat(version).as("Fetch version (current_leader_epoch needs v9+)").isGreaterThanOrEqualTo(FETCH_EPOCHS);
                FetchResponseData response = connection.send(ApiKeys.FETCH, version, new FetchRequestData()
                        .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1024 * 1024)
                        .setSessionId(0).setSessionEpoch(-1).setRackId("")
                        .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(physical).setTopicId(Uuid.ZERO_UUID)
                                .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                        .setFetchOffset(0).setPartitionMaxBytes(1024 * 1024)
                                        .setCurrentLeaderEpoch(epoch))))));
                assertThat(Errors.forCode(response.errorCode())).as("top-level Fetch error").isEqualTo(Errors.NONE);
                world.lastError = Errors.forCode(response.responses().get(0).partitions().get(0).errorCode());
            }
            case "ListOffsets" -> world.lastError = Errors.forCode(
                    listOffsets(connection, physical, ListOffsetsRequest.LATEST_TIMESTAMP, epoch).errorCode());
            case "OffsetForLeaderEpoch" -> world.lastError = Errors.forCode(
                    offsetForLeaderEpoch(connection, physical, epoch, epoch).errorCode());
            default -> throw new IllegalArgumentException("No leader epoch check for " + api);
        }
    }

    @When("OffsetForLeaderEpoch asks where the current leader epoch of {string} ends")
    public void askCurrentEpoch(String topic) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        askedEpoch = RawReads.leaderEpoch(connection, physical, 0);
        epochEnd = offsetForLeaderEpoch(connection, physical, askedEpoch, askedEpoch);
    }

    /**
     * Asks for the newest and the oldest epoch below the one of the partition's first batch; a partition
     * whose first batch was written at epoch 0 has none.
     */
    @When("OffsetForLeaderEpoch asks where each epoch older than that of the first batch of {string} ends")
    public void askEpochsBeforeFirst(String topic) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        int first = RawReads.batches(RawReads.fetch(connection, physical, 0, 0)).get(0).partitionLeaderEpoch();
        olderEpochEnds.clear();
        for (int epoch : java.util.stream.IntStream.of(first - 1, 0).filter(e -> e >= 0 && e < first).distinct()
                .toArray()) {
            olderEpochEnds.put(epoch, offsetForLeaderEpoch(connection, physical, -1, epoch));
        }
    }

    @Then("each ends at offset {long}, under the epoch asked for")
    public void eachEndsAt(long offset) {
        olderEpochEnds.forEach((epoch, end) -> {
            assertThat(Errors.forCode(end.errorCode())).as("error for epoch %d", epoch).isEqualTo(Errors.NONE);
            assertThat(end.leaderEpoch()).as("leader epoch answered for epoch %d", epoch).isEqualTo(epoch);
            assertThat(end.endOffset()).as("end offset answered for epoch %d", epoch).isEqualTo(offset);
        });
    }

    @When("OffsetForLeaderEpoch asks where an epoch {int} above the current one of {string} ends")
    public void askFutureEpoch(int above, String topic) {
        String physical = world.topic(topic);
        RawConnection connection = leader(physical);
        askedEpoch = RawReads.leaderEpoch(connection, physical, 0) + above;
        epochEnd = offsetForLeaderEpoch(connection, physical, -1, askedEpoch);
    }

    @When("OffsetForLeaderEpoch asks where epoch 0 of partition 0 of {string} ends")
    public void askUnknownTopic(String topic) {
        RawConnection connection = world.raw();
        epochEnd = offsetForLeaderEpoch(connection, world.topic(topic), -1, 0);
    }

    @Then("the epoch ends at offset {long}, under the epoch asked for")
    public void endsUnderAskedEpoch(long offset) {
        assertEnd(Errors.NONE, askedEpoch, offset);
    }

    @Then("OffsetForLeaderEpoch answers {error} with epoch {int} and end offset {long}")
    public void answersExactly(Errors error, int epoch, long offset) {
        assertEnd(error, epoch, offset);
    }

    private void assertEnd(Errors error, int epoch, long offset) {
        assertThat(Errors.forCode(epochEnd.errorCode())).as("OffsetForLeaderEpoch error").isEqualTo(error);
        assertThat(epochEnd.leaderEpoch()).as("leader epoch answered (epoch %d was asked for)", askedEpoch)
                .isEqualTo(epoch);
        assertThat(epochEnd.endOffset()).as("end offset answered").isEqualTo(offset);
    }

    private static ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(RawConnection connection,
                                                                                    String topic, long timestamp,
                                                                                    int currentLeaderEpoch) {
        short version = connection.version(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        assertThat(version).as("ListOffsets version (leader epochs need v4+)").isGreaterThanOrEqualTo(LIST_OFFSETS_EPOCHS);
        ListOffsetsResponseData response = connection.send(ApiKeys.LIST_OFFSETS, version, new ListOffsetsRequestData()
                .setReplicaId(-1)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic)
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                                .setTimestamp(timestamp).setCurrentLeaderEpoch(currentLeaderEpoch))))));
        assertThat(response.topics()).as("topics answered").hasSize(1);
        assertThat(response.topics().get(0).partitions()).as("partitions answered").hasSize(1);
        return response.topics().get(0).partitions().get(0);
    }

    /** Sends OffsetForLeaderEpoch as a consumer does (replica id -1) for partition 0 of {@code topic}. */
    static EpochEndOffset offsetForLeaderEpoch(RawConnection connection, String topic, int currentLeaderEpoch,
                                               int leaderEpoch) {
        short version = connection.version(ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion());
        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderTopic().setTopic(topic).setPartitions(List.of(new OffsetForLeaderPartition()
                .setPartition(0).setCurrentLeaderEpoch(currentLeaderEpoch).setLeaderEpoch(leaderEpoch))));
        OffsetForLeaderEpochResponseData response = connection.send(ApiKeys.OFFSET_FOR_LEADER_EPOCH, version,
                new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics));
        assertThat(response.topics()).as("topics answered").hasSize(1);
        assertThat(response.topics().iterator().next().topic()).as("topic answered").isEqualTo(topic);
        assertThat(response.topics().iterator().next().partitions()).as("partitions answered").hasSize(1);
        EpochEndOffset answer = response.topics().iterator().next().partitions().get(0);
        assertThat(answer.partition()).as("partition answered").isZero();
        return answer;
    }
}
