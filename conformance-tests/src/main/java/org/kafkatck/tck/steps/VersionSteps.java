package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Then;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each advertised version of an API, sent raw, and its whole answer compared with the answer the TCK
 * expects: the expected message is built once with every field, then written and read back in the
 * version under test, which keeps exactly the fields that version carries (and the defaults of the
 * others). The raw connection fails on bytes left over, so a field a version does not carry fails too.
 */
public class VersionSteps {
    private final World world;

    /** @param world the scenario's state */
    public VersionSteps(World world) {
        this.world = world;
    }

    /** What the scenario's topic looks like: 3 records at offsets 0 to 2, one partition, one leader epoch. */
    private record Topic(String name, Uuid id, int leaderEpoch) {
    }

    @Then("every version of {word} the broker advertises answers correctly for {string}")
    public void everyVersion(String apiName, String topic) throws Exception {
        ApiKeys api = ApiKeys.valueOf(apiName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
        String physical = world.topic(topic);
        // the topic id through a second path (the Admin client), the leader epoch as Metadata reports it
        Uuid topicId = world.admin().describeTopics(List.of(physical)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(physical).topicId();
        RawConnection connection = world.rawToLeader(physical, 0);
        Topic subject = new Topic(physical, topicId, RawReads.leaderEpoch(connection, physical, 0));
        ApiVersionsResponseData.ApiVersion range = connection.apiVersions((short) 3).apiKeys().find(api.id);
        assertThat(range).as("%s advertised", api.name).isNotNull();
        short from = (short) Math.max(range.minVersion(), api.oldestVersion());
        short to = (short) Math.min(range.maxVersion(), api.latestVersion());
        assertThat(from).as("%s: a version the Java client knows", api.name).isLessThanOrEqualTo(to);
        switch (api) {
            case API_VERSIONS -> apiVersions(connection, from, to);
            case METADATA -> metadata(connection, subject, from, to);
            case LIST_OFFSETS -> listOffsets(connection, subject, from, to);
            case FETCH -> fetch(connection, subject, from, to);
            case PRODUCE -> produce(connection, subject, from, to);
            default -> throw new IllegalArgumentException("No version check for " + api.name);
        }
    }

    /** The newest version's answer is checked for sense; every version must answer the same, as far as it carries. */
    private static void apiVersions(RawConnection connection, short from, short to) {
        ApiVersionsResponseData newest = connection.send(ApiKeys.API_VERSIONS, to, apiVersionsRequest());
        assertThat(Errors.forCode(newest.errorCode())).as("ApiVersions v%d", to).isEqualTo(Errors.NONE);
        for (ApiKeys core : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
                ApiKeys.API_VERSIONS}) {
            assertThat(newest.apiKeys().find(core.id)).as("%s in ApiVersions v%d", core.name, to).isNotNull();
        }
        for (short v = from; v <= to; v++) {
            ApiVersionsResponseData answer = connection.send(ApiKeys.API_VERSIONS, v, apiVersionsRequest());
            if (v >= 3) {
                // the finalized-features epoch is the cluster's metadata offset: it only moves forward
                assertThat(answer.finalizedFeaturesEpoch()).as("ApiVersions v%d finalized features epoch", v)
                        .isGreaterThanOrEqualTo(newest.finalizedFeaturesEpoch());
                answer.setFinalizedFeaturesEpoch(newest.finalizedFeaturesEpoch());
            }
            ApiVersionsResponseData expected = project(ApiKeys.API_VERSIONS, newest, v);
            if (v < 4) {
                // KAFKA-17011: clients before ApiVersions v4 cannot read a supported feature range starting at 0,
                // so brokers leave such features out of v0-v3 answers
                List<ApiVersionsResponseData.SupportedFeatureKey> unreadable = expected.supportedFeatures().stream()
                        .filter(f -> f.minVersion() == 0).toList();
                unreadable.forEach(f -> expected.supportedFeatures().remove(f));
            }
            assertThat(answer).as("ApiVersions v%d", v).isEqualTo(expected);
        }
    }

    private static ApiVersionsRequestData apiVersionsRequest() {
        return new ApiVersionsRequestData().setClientSoftwareName("kafka-tck").setClientSoftwareVersion("1.0");
    }

    /**
     * The newest answer is checked field by field against what the TCK knows of the topic; every
     * version must answer the same brokers, cluster and topic, as far as it carries them.
     */
    private static void metadata(RawConnection connection, Topic topic, short from, short to) {
        MetadataResponseData newest = connection.send(ApiKeys.METADATA, to, metadataRequest(topic));
        assertThat(newest.brokers()).as("brokers in Metadata v%d", to).isNotEmpty();
        MetadataResponseData.MetadataResponseBroker leader = newest.brokers().iterator().next();
        MetadataResponseData.MetadataResponseTopic expectedTopic = new MetadataResponseData.MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code()).setName(topic.name).setTopicId(topic.id).setIsInternal(false)
                .setTopicAuthorizedOperations(Integer.MIN_VALUE);
        MetadataResponseData.MetadataResponseTopic answered = newest.topics().find(topic.name);
        assertThat(answered).as("%s in Metadata v%d", topic.name, to).isNotNull();
        assertThat(answered.partitions()).as("partitions in Metadata v%d", to).hasSize(1);
        int leaderId = answered.partitions().get(0).leaderId();
        assertThat(newest.brokers().find(leaderId)).as("leader %d among the brokers", leaderId).isNotNull();
        expectedTopic.partitions().add(new MetadataResponseData.MetadataResponsePartition()
                .setErrorCode(Errors.NONE.code()).setPartitionIndex(0).setLeaderId(leaderId)
                .setLeaderEpoch(topic.leaderEpoch).setReplicaNodes(List.of(leaderId)).setIsrNodes(List.of(leaderId))
                .setOfflineReplicas(List.of()));
        MetadataResponseData expected = newest.duplicate();
        expected.topics().clear();
        expected.topics().add(expectedTopic);
        expected.setThrottleTimeMs(0).setErrorCode(Errors.NONE.code());
        assertThat(newest.clusterId()).as("cluster id in Metadata v%d", to).isNotBlank();
        assertThat(newest).as("Metadata v%d", to).isEqualTo(expected);
        assertThat(leader.port()).isPositive();
        for (short v = from; v <= to; v++) {
            MetadataResponseData answer = connection.send(ApiKeys.METADATA, v, metadataRequest(topic));
            assertThat(answer).as("Metadata v%d", v).isEqualTo(project(ApiKeys.METADATA, expected, v));
        }
    }

    private static MetadataRequestData metadataRequest(Topic topic) {
        // allow_auto_topic_creation keeps its default (true): versions before v4 cannot say otherwise
        return new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic.name)));
    }

    /** The latest offset, 3, with no timestamp and (v4+) the leader's epoch, in every version. */
    private static void listOffsets(RawConnection connection, Topic topic, short from, short to) {
        for (short v = from; v <= to; v++) {
            ListOffsetsResponseData expected = new ListOffsetsResponseData().setThrottleTimeMs(0);
            // the leader epoch is not ignorable: versions before v4 cannot carry even a known one
            expected.topics().add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name)
                    .setPartitions(List.of(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                            .setPartitionIndex(0).setErrorCode(Errors.NONE.code()).setTimestamp(-1).setOffset(3)
                            .setLeaderEpoch(v >= 4 ? topic.leaderEpoch : -1))));
            ListOffsetsResponseData answer = connection.send(ApiKeys.LIST_OFFSETS, v, new ListOffsetsRequestData()
                    .setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                            .setName(topic.name).setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0).setTimestamp(-1))))));
            assertThat(answer).as("ListOffsets v%d", v).isEqualTo(project(ApiKeys.LIST_OFFSETS, expected, v));
        }
    }

    /**
     * Every version returns the same stored batches (offsets 0 to 2, the leader's epoch, the values
     * sent) with the high watermark, last stable offset and log start offset that version carries.
     */
    private static void fetch(RawConnection connection, Topic topic, short from, short to) {
        BaseRecords stored = null;
        for (short v = from; v <= to; v++) {
            boolean byId = v >= 13;
            FetchResponseData answer = connection.send(ApiKeys.FETCH, v, new FetchRequestData()
                    .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic()
                            .setTopic(byId ? "" : topic.name)
                            .setTopicId(byId ? topic.id : Uuid.ZERO_UUID)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20))))));
            assertThat(answer.responses()).as("Fetch v%d topics", v).hasSize(1);
            assertThat(answer.responses().get(0).partitions()).as("Fetch v%d partitions", v).hasSize(1);
            if (stored == null) {
                stored = answer.responses().get(0).partitions().get(0).records();
                checkStored(answer.responses().get(0).partitions().get(0), topic, v);
            }
            FetchResponseData expected = new FetchResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code())
                    .setSessionId(0);
            expected.responses().add(new FetchResponseData.FetchableTopicResponse()
                    .setTopic(byId ? "" : topic.name).setTopicId(byId ? topic.id : Uuid.ZERO_UUID)
                    .setPartitions(List.of(new FetchResponseData.PartitionData().setPartitionIndex(0)
                            .setErrorCode(Errors.NONE.code()).setHighWatermark(3).setLastStableOffset(3)
                            .setLogStartOffset(0).setAbortedTransactions(null).setPreferredReadReplica(-1)
                            .setRecords(stored))));
            assertThat(answer).as("Fetch v%d", v).isEqualTo(project(ApiKeys.FETCH, expected, v));
        }
    }

    private static void checkStored(FetchResponseData.PartitionData partition, Topic topic, short version) {
        List<String> values = new ArrayList<>();
        long next = 0;
        for (RecordBatch batch : RawReads.batches(partition)) {
            assertThat(batch.baseOffset()).as("Fetch v%d: batches follow each other from offset 0", version).isEqualTo(next);
            assertThat(batch.partitionLeaderEpoch()).as("Fetch v%d: leader epoch of a batch", version)
                    .isEqualTo(topic.leaderEpoch);
            for (Record record : batch) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
            next = batch.lastOffset() + 1;
        }
        assertThat(values).as("Fetch v%d: the records stored", version).containsExactly("record-0", "record-1", "record-2");
    }

    /** Each version appends one record at the next offset; the log then holds every one of them. */
    private static void produce(RawConnection connection, Topic topic, short from, short to) {
        long expectedEnd = 3;
        List<String> values = new ArrayList<>(List.of("record-0", "record-1", "record-2"));
        for (short v = from; v <= to; v++) {
            boolean byId = v >= 13;
            ProduceRequestData request = Requests.produce(topic.name, 0, (short) -1, Requests.records("v" + v));
            if (byId) {
                request.topicData().iterator().next().setName("").setTopicId(topic.id);
            }
            ProduceResponseData answer = connection.send(ApiKeys.PRODUCE, v, request);
            ProduceResponseData expected = new ProduceResponseData().setThrottleTimeMs(0);
            expected.responses().add(new ProduceResponseData.TopicProduceResponse()
                    .setName(byId ? "" : topic.name).setTopicId(byId ? topic.id : Uuid.ZERO_UUID)
                    .setPartitionResponses(List.of(new ProduceResponseData.PartitionProduceResponse().setIndex(0)
                            .setErrorCode(Errors.NONE.code()).setBaseOffset(expectedEnd).setLogAppendTimeMs(-1)
                            .setLogStartOffset(0).setErrorMessage(null))));
            assertThat(answer).as("Produce v%d", v).isEqualTo(project(ApiKeys.PRODUCE, expected, v));
            values.add("v" + v);
            expectedEnd++;
        }
        List<String> stored = RawReads.readAll(connection, topic.name, 0).stream()
                .map(r -> StandardCharsets.UTF_8.decode(r.value()).toString()).toList();
        assertThat(stored).as("records stored after one produce in each version").containsExactlyElementsOf(values);
    }

    /**
     * @return {@code message} as a broker answering in {@code version} would send it: written in that
     *         version and read back, so it keeps exactly the fields the version carries
     */
    @SuppressWarnings("unchecked")
    static <T extends ApiMessage> T project(ApiKeys api, T message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        buffer.flip();
        return (T) AbstractResponse.parseResponse(api, new ByteBufferAccessor(buffer), version).data();
    }
}
