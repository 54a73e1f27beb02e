package org.kafkatck.tck.steps;

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
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Each advertised version of an API, sent raw and checked for a correct answer. */
public class VersionSteps {
    private final World world;

    /** @param world the scenario's state */
    public VersionSteps(World world) {
        this.world = world;
    }

    @Then("every version of {word} the broker advertises answers correctly for {string}")
    public void everyVersion(String apiName, String topic) throws Exception {
        ApiKeys api = ApiKeys.valueOf(apiName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
        String physical = world.topic(topic);
        Uuid topicId = world.admin().describeTopics(List.of(physical)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(physical).topicId();
        RawConnection connection = world.rawToLeader(physical, 0);
        ApiVersionsResponseData.ApiVersion range = connection.apiVersions((short) 3).apiKeys().find(api.id);
        assertThat(range).as("%s advertised", api.name).isNotNull();
        int from = Math.max(range.minVersion(), api.oldestVersion());
        int to = Math.min(range.maxVersion(), api.latestVersion());
        assertThat(from).as("%s: a version the Java client knows", api.name).isLessThanOrEqualTo(to);
        long expectedEnd = 3;
        for (int v = from; v <= to; v++) {
            short version = (short) v;
            String what = api.name + " v" + v;
            switch (api) {
                case API_VERSIONS -> {
                    ApiVersionsResponseData response = connection.send(api, version, new ApiVersionsRequestData()
                            .setClientSoftwareName("kafka-tck").setClientSoftwareVersion("1.0"));
                    assertThat(Errors.forCode(response.errorCode())).as(what).isEqualTo(Errors.NONE);
                    assertThat(response.apiKeys().find(ApiKeys.METADATA.id)).as(what).isNotNull();
                }
                case METADATA -> {
                    MetadataResponseData response = connection.send(api, version, new MetadataRequestData()
                            .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(physical))));
                    MetadataResponseData.MetadataResponseTopic answer = response.topics().iterator().next();
                    assertThat(Errors.forCode(answer.errorCode())).as(what).isEqualTo(Errors.NONE);
                    assertThat(answer.partitions()).as(what).hasSize(1);
                    assertThat(response.brokers()).as(what).isNotEmpty();
                }
                case LIST_OFFSETS -> {
                    ListOffsetsResponseData response = connection.send(api, version, new ListOffsetsRequestData()
                            .setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                                    .setName(physical).setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                            .setPartitionIndex(0).setTimestamp(-1))))));
                    ListOffsetsResponseData.ListOffsetsPartitionResponse answer =
                            response.topics().get(0).partitions().get(0);
                    assertThat(Errors.forCode(answer.errorCode())).as(what).isEqualTo(Errors.NONE);
                    assertThat(answer.offset()).as(what).isEqualTo(expectedEnd);
                }
                case FETCH -> {
                    FetchResponseData response = connection.send(api, version, new FetchRequestData()
                            .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                            .setTopics(List.of(new FetchRequestData.FetchTopic()
                                    .setTopic(version >= 13 ? "" : physical)
                                    .setTopicId(version >= 13 ? topicId : Uuid.ZERO_UUID)
                                    .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                            .setFetchOffset(0).setPartitionMaxBytes(1 << 20))))));
                    FetchResponseData.PartitionData answer = response.responses().get(0).partitions().get(0);
                    assertThat(Errors.forCode(answer.errorCode())).as(what).isEqualTo(Errors.NONE);
                    assertThat(answer.highWatermark()).as(what).isEqualTo(expectedEnd);
                    long records = 0;
                    for (RecordBatch batch : ((MemoryRecords) answer.records()).batches()) {
                        records += batch.nextOffset() - batch.baseOffset();
                    }
                    assertThat(records).as(what + " records").isEqualTo(expectedEnd);
                }
                case PRODUCE -> {
                    ProduceRequestData request = Requests.produce(physical, 0, (short) -1, Requests.records("v" + v));
                    if (version >= 13) {
                        request.topicData().iterator().next().setName("").setTopicId(topicId);
                    }
                    ProduceResponseData response = connection.send(api, version, request);
                    ProduceResponseData.PartitionProduceResponse answer =
                            response.responses().iterator().next().partitionResponses().get(0);
                    assertThat(Errors.forCode(answer.errorCode())).as(what).isEqualTo(Errors.NONE);
                    assertThat(answer.baseOffset()).as(what).isEqualTo(expectedEnd);
                    expectedEnd++;
                }
                default -> throw new IllegalArgumentException("No version check for " + api.name);
            }
        }
    }
}
