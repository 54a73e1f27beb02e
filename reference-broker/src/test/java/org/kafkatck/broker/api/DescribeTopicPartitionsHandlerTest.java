package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.LogSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** DescribeTopicPartitions' paging, as Apache Kafka 4.4's KRaftMetadataCache pages. */
class DescribeTopicPartitionsHandlerTest {
    private final LogManager logs = LogManager.open(new LogSettings(null, 1 << 20, 1 << 20, false, null));
    private final DescribeTopicPartitionsHandler handler = new DescribeTopicPartitionsHandler(
            new BrokerIdentity("cluster", 1, "127.0.0.1", 9092), logs);
    private final RequestContext context = new RequestContext(
            new RequestHeader(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0, "client", 1), "127.0.0.1:1");

    @BeforeEach
    void topics() {
        logs.createTopic("beta", 2, Map.of());
        logs.createTopic("alpha", 3, Map.of());
    }

    @AfterEach
    void close() {
        logs.close();
    }

    private DescribeTopicPartitionsResponseData describe(List<String> topics, int limit,
                                                         DescribeTopicPartitionsResponseData.Cursor cursor) {
        return handler.handle(context, new DescribeTopicPartitionsRequestData()
                .setTopics(topics.stream().map(t -> new DescribeTopicPartitionsRequestData.TopicRequest().setName(t)).toList())
                .setResponsePartitionLimit(limit)
                .setCursor(cursor == null ? null : new DescribeTopicPartitionsRequestData.Cursor()
                        .setTopicName(cursor.topicName()).setPartitionIndex(cursor.partitionIndex())));
    }

    private static List<String> partitions(DescribeTopicPartitionsResponseData page) {
        List<String> all = new ArrayList<>();
        page.topics().forEach(t -> t.partitions().forEach(p -> all.add(t.name() + "-" + p.partitionIndex())));
        return all;
    }

    @Test
    void topicsAreAnsweredInNameOrderAndAnUnknownOneWithItsError() {
        DescribeTopicPartitionsResponseData answer = describe(List.of("beta", "zeta", "alpha"), 2000, null);
        assertThat(answer.topics()).extracting(DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "beta", "zeta");
        DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic zeta = answer.topics().find("zeta");
        assertThat(Errors.forCode(zeta.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(zeta.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(partitions(answer)).containsExactly("alpha-0", "alpha-1", "alpha-2", "beta-0", "beta-1");
        assertThat(answer.nextCursor()).isNull();
    }

    @Test
    void aPageEndingInsideATopicPointsAtItsNextPartition() {
        DescribeTopicPartitionsResponseData first = describe(List.of(), 2, null);
        assertThat(partitions(first)).containsExactly("alpha-0", "alpha-1");
        assertThat(first.nextCursor().topicName()).isEqualTo("alpha");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(2);
        DescribeTopicPartitionsResponseData second = describe(List.of(), 2, first.nextCursor());
        assertThat(partitions(second)).containsExactly("alpha-2", "beta-0");
        assertThat(second.nextCursor().topicName()).isEqualTo("beta");
        assertThat(second.nextCursor().partitionIndex()).isEqualTo(1);
        DescribeTopicPartitionsResponseData third = describe(List.of(), 2, second.nextCursor());
        assertThat(partitions(third)).containsExactly("beta-1");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void aPageEndingWithAWholeTopicPointsAtTheNextTopic() {
        DescribeTopicPartitionsResponseData first = describe(List.of("alpha", "beta"), 3, null);
        assertThat(partitions(first)).containsExactly("alpha-0", "alpha-1", "alpha-2");
        assertThat(first.nextCursor().topicName()).isEqualTo("beta");
        assertThat(first.nextCursor().partitionIndex()).isZero();
    }

    @Test
    void aCursorOnATopicNotAskedForIsAnInvalidRequest() {
        DescribeTopicPartitionsResponseData answer = describe(List.of("alpha"), 10,
                new DescribeTopicPartitionsResponseData.Cursor().setTopicName("beta").setPartitionIndex(0));
        assertThat(answer.topics()).singleElement()
                .satisfies(t -> assertThat(Errors.forCode(t.errorCode())).isEqualTo(Errors.INVALID_REQUEST));
    }
}
