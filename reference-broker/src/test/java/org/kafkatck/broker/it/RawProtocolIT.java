package org.kafkatck.broker.it;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests a normal client never sends: bad versions, unknown APIs, broken and oversized frames. */
class RawProtocolIT {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = ReferenceBroker.start(BrokerConfig.forTests().withMaxRequestBytes(MAX_REQUEST_BYTES));
        try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic("raw", 1, (short) 1), new NewTopic("idempotent", 1, (short) 1),
                    new NewTopic("long-poll", 1, (short) 1),
                    new NewTopic("small-batches", 1, (short) 1).configs(java.util.Map.of("max.message.bytes", "1000"))))
                    .all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void unknownApiVersionsVersionIsAnsweredInV0WithTheSupportedRange() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ByteBuffer body = client.sendForRawResponse(ApiKeys.API_VERSIONS, (short) 99,
                    new ApiVersionsRequestData(), (short) 0);
            ApiVersionsResponseData response = new ApiVersionsResponseData(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(body), (short) 0);
            assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            ApiVersionsResponseData.ApiVersion apiVersions = response.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(apiVersions.minVersion()).isEqualTo((short) 0);
            assertThat(apiVersions.maxVersion()).isEqualTo((short) 5);
        }
    }

    @Test
    void apiVersionsListsProduceAndFetchRangesOfAllCommonClients() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ApiVersionsResponseData response = client.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1.0"));
            assertThat(response.errorCode()).isZero();
            assertThat(response.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isEqualTo((short) 3);
            assertThat(response.apiKeys().find(ApiKeys.PRODUCE.id).maxVersion()).isEqualTo((short) 13);
            assertThat(response.apiKeys().find(ApiKeys.FETCH.id).minVersion()).isEqualTo((short) 4);
            assertThat(response.apiKeys().find(ApiKeys.FETCH.id).maxVersion()).isEqualTo((short) 18);
        }
    }

    @Test
    void unknownApiKeyClosesOnlyThatConnection() throws Exception {
        try (RawClient other = new RawClient(broker.kafkaPort()); RawClient client = new RawClient(broker.kafkaPort())) {
            client.writeFrame(ByteBuffer.allocate(12).putShort((short) 9999).putShort((short) 0).putInt(1)
                    .putShort((short) -1).putShort((short) 0).flip());
            assertThat(client.closedByBroker()).isTrue();
            assertServes(other);
        }
        assertBrokerServesNewClients();
    }

    @Test
    void unsupportedVersionOfAnotherApiClosesTheConnection() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "raw", 7);
            ByteBuffer frame = RawClient.encode(header, new MetadataRequestData(), (short) 12);
            frame.putShort(2, (short) 42); // same bytes, claimed as Metadata v42
            client.writeFrame(frame);
            assertThat(client.closedByBroker()).isTrue();
        }
        assertBrokerServesNewClients();
    }

    @Test
    void oversizedFrameClosesTheConnectionAndNothingElse() throws Exception {
        try (RawClient other = new RawClient(broker.kafkaPort()); RawClient client = new RawClient(broker.kafkaPort())) {
            client.writeRaw(ByteBuffer.allocate(4).putInt(MAX_REQUEST_BYTES + 1).array());
            assertThat(client.closedByBroker()).isTrue();
            assertServes(other);
        }
        assertBrokerServesNewClients();
    }

    @Test
    void truncatedRequestBodyClosesTheConnection() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, (short) 9, "raw", 3);
            ByteBuffer frame = RawClient.encode(header, produce("raw", records(0, "a")), (short) 9);
            frame.limit(frame.limit() - 20);
            client.writeFrame(frame);
            assertThat(client.closedByBroker()).isTrue();
        }
        assertBrokerServesNewClients();
    }

    @Test
    void corruptedBatchIsRejectedWithCorruptMessage() throws Exception {
        MemoryRecords records = records(0, "will be corrupted");
        ByteBuffer buffer = records.buffer();
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x5a));
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ProduceResponseData response = client.send(ApiKeys.PRODUCE, (short) 9, produce("raw", records));
            assertThat(partitionError(response)).isEqualTo(Errors.CORRUPT_MESSAGE);
        }
    }

    @Test
    void invalidAcksIsRejected() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ProduceResponseData response = client.send(ApiKeys.PRODUCE, (short) 9,
                    produce("raw", records(0, "x")).setAcks((short) 2));
            assertThat(partitionError(response)).isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        }
    }

    @Test
    void produceToUnknownTopicIsRejected() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ProduceResponseData response = client.send(ApiKeys.PRODUCE, (short) 9, produce("no-such-topic", records(0, "x")));
            assertThat(partitionError(response)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void batchLargerThanMaxMessageBytesIsRejected() throws Exception {
        MemoryRecords big = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[2000]));
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ProduceResponseData response = client.send(ApiKeys.PRODUCE, (short) 9, produce("small-batches", big));
            assertThat(partitionError(response)).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        }
    }

    @Test
    void duplicateIdempotentBatchKeepsItsOffsetAndIsStoredOnce() throws Exception {
        long producerId = 4242;
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ProduceResponseData first = client.send(ApiKeys.PRODUCE, (short) 9,
                    produce("idempotent", idempotent(producerId, 0, "a", "b")));
            ProduceResponseData retry = client.send(ApiKeys.PRODUCE, (short) 9,
                    produce("idempotent", idempotent(producerId, 0, "a", "b")));
            ProduceResponseData next = client.send(ApiKeys.PRODUCE, (short) 9,
                    produce("idempotent", idempotent(producerId, 2, "c")));
            ProduceResponseData gap = client.send(ApiKeys.PRODUCE, (short) 9,
                    produce("idempotent", idempotent(producerId, 7, "d")));
            assertThat(baseOffset(first)).isZero();
            assertThat(partitionError(retry)).isEqualTo(Errors.NONE);
            assertThat(baseOffset(retry)).isZero();
            assertThat(baseOffset(next)).isEqualTo(2);
            assertThat(partitionError(gap)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        }
        assertThat(broker.logs().topic("idempotent").orElseThrow().partition(0).logEndOffset()).isEqualTo(3);
    }

    @Test
    void longPollFetchWakesWhenDataArrives() throws Exception {
        Uuid topicId = broker.logs().topic("long-poll").orElseThrow().id();
        try (RawClient fetcher = new RawClient(broker.kafkaPort()); RawClient producer = new RawClient(broker.kafkaPort())) {
            Thread producing = Thread.ofVirtual().start(() -> {
                try {
                    // the delay is the behaviour under test: the fetch must already be parked when data lands
                    Thread.sleep(300);
                    producer.send(ApiKeys.PRODUCE, (short) 9, produce("long-poll", records(0, "wake up")));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            FetchResponseData response = fetcher.send(ApiKeys.FETCH, (short) 13, new FetchRequestData()
                    .setMaxWaitMs(15_000).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20))))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            producing.join();
            FetchResponseData.PartitionData data = response.responses().get(0).partitions().get(0);
            assertThat(data.errorCode()).isZero();
            assertThat(data.records().sizeInBytes()).isPositive();
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void fetchBeyondTheLogEndIsOutOfRange() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            FetchResponseData response = client.send(ApiKeys.FETCH, (short) 11, new FetchRequestData()
                    .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("raw")
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(1_000_000).setPartitionMaxBytes(1 << 20))))));
            assertThat(response.responses().get(0).partitions().get(0).errorCode())
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        }
    }

    private static void assertServes(RawClient client) throws Exception {
        MetadataResponseData metadata = client.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(null));
        assertThat(metadata.brokers()).hasSize(1);
    }

    private static void assertBrokerServesNewClients() throws Exception {
        try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    static MemoryRecords records(long baseOffset, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes());
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records);
    }

    static MemoryRecords idempotent(long producerId, int sequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, sequence, records);
    }

    static ProduceRequestData produce(String topic, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000).setTopicData(topics);
    }

    private static Errors partitionError(ProduceResponseData response) {
        return Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    private static long baseOffset(ProduceResponseData response) {
        return response.responses().iterator().next().partitionResponses().get(0).baseOffset();
    }
}
