package org.kafkatck.broker.api;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.LogSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Produce with transactional batches must name its transactional id: Apache Kafka 4.4 refuses the whole request
 * with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (no message, every partition, before the topics are even looked up).
 */
class ProduceHandlerTransactionalIdTest {
    private final LogManager logs = LogManager.open(new LogSettings(null, 1 << 20, 1 << 20, false, null));
    private final ProduceHandler handler = new ProduceHandler(logs);
    private final RequestContext context = new RequestContext(
            new RequestHeader(ApiKeys.PRODUCE, (short) 9, "client", 1), "127.0.0.1:1");

    @BeforeEach
    void topic() {
        logs.createTopic("ledger", 1, Map.of());
    }

    @AfterEach
    void close() {
        logs.close();
    }

    private static ProduceRequestData request(String transactionalId, MemoryRecords ledger, MemoryRecords unknown) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("ledger").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(ledger))));
        topics.add(new ProduceRequestData.TopicProduceData().setName("unknown").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(unknown))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000).setTransactionalId(transactionalId)
                .setTopicData(topics);
    }

    private static MemoryRecords transactional() {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0, new SimpleRecord("v".getBytes()));
    }

    private static MemoryRecords plain() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()));
    }

    @Test
    void transactionalBatchesWithoutATransactionalIdRefuseTheWholeRequest() {
        ProduceResponseData response = handler.handle(context, request(null, plain(), transactional()));
        assertThat(response.responses()).hasSize(2).allSatisfy(topic ->
                assertThat(topic.partitionResponses()).singleElement().satisfies(p -> {
                    assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
                    assertThat(p.errorMessage()).isNull();
                    assertThat(p.baseOffset()).isEqualTo(-1L);
                }));
        assertThat(logs.topic("ledger").orElseThrow().partition(0).logEndOffset())
                .as("the plain batch beside the transactional one is not written either").isZero();
    }

    @Test
    void plainBatchesNeedNoTransactionalId() {
        ProduceResponseData response = handler.handle(context, request(null, plain(), plain()));
        ProduceResponseData.PartitionProduceResponse ledger = response.responses().find("ledger", org.apache.kafka.common.Uuid.ZERO_UUID)
                .partitionResponses().get(0);
        assertThat(Errors.forCode(ledger.errorCode())).isEqualTo(Errors.NONE);
        assertThat(ledger.baseOffset()).isZero();
    }
}
