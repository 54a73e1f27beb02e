package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that name several partitions at once, sent raw: the order and byte limits of a Fetch across
 * partitions, per-partition errors beside successes, and a partition named twice.
 */
public class MultiPartitionSteps {
    private final World world;
    private RawConnection connection;
    private String physical;
    private FetchRequestData fetchRequest;
    private FetchResponseData fetchResponse;
    private ProduceResponseData produceResponse;
    private ListOffsetsResponseData listOffsetsResponse;

    /** @param world the scenario's state */
    public MultiPartitionSteps(World world) {
        this.world = world;
    }

    private void connect(String topic) {
        physical = world.topic(topic);
        connection = world.rawToLeader(physical, 0);
    }

    @Given("{int} batch(es) of {int} bytes was/were produced to partition {int} of {string}")
    public void batchesToPartition(int count, int size, int partition, String topic) {
        connect(topic);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        for (int i = 0; i < count; i++) {
            ProduceResponseData produced = connection.send(ApiKeys.PRODUCE, version,
                    Requests.produce(physical, partition, (short) -1, Requests.records("x".repeat(size))));
            assertThat(Errors.forCode(produced.responses().iterator().next().partitionResponses().get(0).errorCode()))
                    .as("produce to partition %d", partition).isEqualTo(Errors.NONE);
        }
    }

    @When("one fetch reads partitions {longs} of {string} from offset 0, with at most {int} bytes per partition and {int} bytes in all")
    public void fetchSeveral(List<Long> partitions, String topic, int partitionMaxBytes, int maxBytes) {
        List<FetchRequestData.FetchPartition> wanted = new ArrayList<>();
        for (long partition : partitions) {
            wanted.add(new FetchRequestData.FetchPartition().setPartition((int) partition).setFetchOffset(0)
                    .setPartitionMaxBytes(partitionMaxBytes));
        }
        fetch(topic, maxBytes, wanted);
    }

    @When("one fetch of {string} names partition 0 from offset 0 and then partition 0 again from offset {long}")
    public void fetchTwice(String topic, long second) {
        fetch(topic, 1024 * 1024, List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1024 * 1024),
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(second)
                        .setPartitionMaxBytes(1024 * 1024)));
    }

    private void fetch(String topic, int maxBytes, List<FetchRequestData.FetchPartition> partitions) {
        connect(topic);
        short version = connection.version(ApiKeys.FETCH, RawReads.LAST_FETCH_BY_NAME);
        fetchRequest = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(maxBytes).setIsolationLevel((byte) 0)
                .setSessionId(0).setSessionEpoch(-1).setRackId("")
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(physical).setTopicId(Uuid.ZERO_UUID)
                        .setPartitions(partitions)));
        fetchResponse = connection.send(ApiKeys.FETCH, version, fetchRequest);
        assertThat(Errors.forCode(fetchResponse.errorCode())).as("top-level Fetch error").isEqualTo(Errors.NONE);
    }

    private List<FetchResponseData.PartitionData> fetched() {
        List<FetchResponseData.PartitionData> partitions = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse topic : fetchResponse.responses()) {
            assertThat(topic.topic()).as("topic answered").isEqualTo(physical);
            partitions.addAll(topic.partitions());
        }
        return partitions;
    }

    @Then("the fetch answers partitions {longs} in that order, with {longs} whole batches")
    public void answersInOrder(List<Long> partitions, List<Long> batches) {
        List<FetchResponseData.PartitionData> fetched = fetched();
        assertThat(fetched).extracting(p -> (long) p.partitionIndex()).as("partitions answered, in order")
                .containsExactlyElementsOf(partitions);
        for (FetchResponseData.PartitionData p : fetched) {
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", p.partitionIndex()).isEqualTo(Errors.NONE);
        }
        assertThat(fetched).extracting(p -> (long) RawReads.batches(p).size()).as("whole batches per partition")
                .containsExactlyElementsOf(batches);
    }

    /**
     * The rule of KIP-74 across partitions: until a partition has returned data, the first batch found is
     * returned whole whatever the limits; every later partition gets at most its partition_max_bytes and
     * what is left of max_bytes.
     */
    @Then("after the first partition with data, no partition exceeds its partition_max_bytes or what is left of max_bytes")
    public void limitsAfterFirst() {
        int left = fetchRequest.maxBytes();
        boolean dataSeen = false;
        for (FetchResponseData.PartitionData p : fetched()) {
            int size = ((MemoryRecords) p.records()).sizeInBytes();
            int partitionMax = fetchRequest.topics().get(0).partitions().stream()
                    .filter(r -> r.partition() == p.partitionIndex()).findFirst().orElseThrow().partitionMaxBytes();
            if (dataSeen) {
                assertThat(size).as("bytes of partition %d (partition_max_bytes %d, %d bytes of max_bytes left)",
                        p.partitionIndex(), partitionMax, Math.max(left, 0)).isLessThanOrEqualTo(
                        Math.min(partitionMax, Math.max(left, 0)));
            }
            dataSeen |= size > 0;
            left -= size;
        }
    }

    @Then("the fetch answers partition 0 once, with the records from offset {long}")
    public void answeredOnce(long offset) {
        List<FetchResponseData.PartitionData> fetched = fetched();
        assertThat(fetched).extracting(FetchResponseData.PartitionData::partitionIndex).as("partitions answered")
                .containsExactly(0);
        assertThat(Errors.forCode(fetched.get(0).errorCode())).isEqualTo(Errors.NONE);
        List<RecordBatch> batches = RawReads.batches(fetched.get(0));
        assertThat(batches).as("batches answered").isNotEmpty();
        assertThat(batches.get(0).baseOffset()).as("base offset of the first batch").isLessThanOrEqualTo(offset);
        assertThat(batches.get(0).lastOffset()).as("last offset of the first batch").isGreaterThanOrEqualTo(offset);
    }

    @When("one produce request sends {string} to partition {int} and {string} to partition {int} of {string}")
    public void produceTwo(String first, int firstPartition, String second, int secondPartition, String topic) {
        connect(topic);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(physical).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(firstPartition).setRecords(Requests.records(first)),
                new ProduceRequestData.PartitionProduceData().setIndex(secondPartition)
                        .setRecords(Requests.records(second)))));
        produceResponse = connection.send(ApiKeys.PRODUCE, version,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
    }

    private List<ProduceResponseData.PartitionProduceResponse> produced() {
        List<ProduceResponseData.PartitionProduceResponse> partitions = new ArrayList<>();
        for (ProduceResponseData.TopicProduceResponse topic : produceResponse.responses()) {
            assertThat(topic.name()).as("topic answered").isEqualTo(physical);
            partitions.addAll(topic.partitionResponses());
        }
        return partitions;
    }

    @Then("the produce answers partition {int} with offset {long} and partition {int} with {error}")
    public void producedMixed(int okPartition, long offset, int failedPartition, Errors error) {
        List<ProduceResponseData.PartitionProduceResponse> answered = produced();
        assertThat(answered).extracting(ProduceResponseData.PartitionProduceResponse::index).as("partitions answered")
                .containsExactlyInAnyOrder(okPartition, failedPartition);
        for (ProduceResponseData.PartitionProduceResponse p : answered) {
            if (p.index() == okPartition) {
                assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", okPartition).isEqualTo(Errors.NONE);
                assertThat(p.baseOffset()).as("base offset of partition %d", okPartition).isEqualTo(offset);
            } else {
                assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", failedPartition).isEqualTo(error);
                assertThat(p.baseOffset()).as("base offset of the failed partition %d", failedPartition).isEqualTo(-1);
            }
        }
    }

    @Then("the produce answers partition {int} once, with offset {long}")
    public void producedOnce(int partition, long offset) {
        List<ProduceResponseData.PartitionProduceResponse> answered = produced();
        assertThat(answered).extracting(ProduceResponseData.PartitionProduceResponse::index).as("partitions answered")
                .containsExactly(partition);
        assertThat(Errors.forCode(answered.get(0).errorCode())).as("error").isEqualTo(Errors.NONE);
        assertThat(answered.get(0).baseOffset()).as("base offset").isEqualTo(offset);
    }

    @Then("partition {int} of {string} holds exactly the record {string}")
    public void holdsExactly(int partition, String topic, String value) {
        String name = world.topic(topic);
        List<Record> records = RawReads.readAll(world.rawToLeader(name, partition), name, partition);
        assertThat(records).extracting(r -> StandardCharsets.UTF_8.decode(r.value()).toString())
                .as("values stored in partition %d", partition).containsExactly(value);
    }

    @When("one ListOffsets request asks for the latest offset of partition 0 of {string} and of partition 0 of {string}")
    public void listTwoTopics(String known, String unknown) {
        connect(known);
        listOffsets(List.of(topicOf(physical, 0), topicOf(world.topic(unknown), 0)));
    }

    @When("one ListOffsets request asks for the latest offset of partitions {int} and {int} of {string}")
    public void listTwoPartitions(int first, int second, String topic) {
        connect(topic);
        listOffsets(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(physical).setPartitions(List.of(
                partitionOf(first), partitionOf(second)))));
    }

    private static ListOffsetsRequestData.ListOffsetsTopic topicOf(String name, int partition) {
        return new ListOffsetsRequestData.ListOffsetsTopic().setName(name).setPartitions(List.of(partitionOf(partition)));
    }

    private static ListOffsetsRequestData.ListOffsetsPartition partitionOf(int partition) {
        return new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP);
    }

    private void listOffsets(List<ListOffsetsRequestData.ListOffsetsTopic> topics) {
        short version = connection.version(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        listOffsetsResponse = connection.send(ApiKeys.LIST_OFFSETS, version,
                new ListOffsetsRequestData().setReplicaId(-1).setTopics(topics));
    }

    /** Kafka answers unknown topics before known ones: the order of a ListOffsets answer is not the request's. */
    @Then("ListOffsets answers, in any order:")
    public void listOffsetsAnswers(List<List<String>> table) {
        List<List<String>> expected = table.subList(1, table.size());
        List<List<String>> answered = new ArrayList<>();
        for (ListOffsetsResponseData.ListOffsetsTopicResponse topic : listOffsetsResponse.topics()) {
            for (ListOffsetsResponseData.ListOffsetsPartitionResponse p : topic.partitions()) {
                answered.add(List.of(logical(topic.name()), Integer.toString(p.partitionIndex()),
                        Errors.forCode(p.errorCode()).name(), Long.toString(p.offset())));
            }
        }
        assertThat(answered).as("ListOffsets answer (topic, partition, error, offset)")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private String logical(String name) {
        int scenarioSuffix = name.indexOf('-' + world.run().runId());
        return scenarioSuffix < 0 ? name : name.substring(0, scenarioSuffix);
    }
}
