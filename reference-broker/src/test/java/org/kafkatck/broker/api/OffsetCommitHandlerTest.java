package org.kafkatck.broker.api;

import java.util.List;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.GroupSettings;
import org.kafkatck.broker.group.OffsetStore;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.LogSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** OffsetCommit's version-dependent answers, as Apache Kafka 4.4 gives them. */
class OffsetCommitHandlerTest {
    private final LogManager logs = LogManager.open(new LogSettings(null, 1 << 20, 1 << 20, false, null));
    private final GroupCoordinator coordinator = new GroupCoordinator(GroupSettings.defaults(), OffsetStore.inMemory(),
            tp -> true);
    private final OffsetCommitHandler handler = new OffsetCommitHandler(coordinator, logs);

    @AfterEach
    void close() {
        coordinator.close();
        logs.close();
    }

    private Errors commitToAMissingGroup(int version) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("nobody").setGenerationIdOrMemberEpoch(3)
                .setMemberId("m").setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(7)))));
        RequestContext context = new RequestContext(
                new RequestHeader(ApiKeys.OFFSET_COMMIT, (short) version, "client", 1), "127.0.0.1:1");
        OffsetCommitResponseData response = handler.handle(context, request);
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void aCommitWithAGenerationToAGroupThatDoesNotExistIsAStaleGenerationBeforeV9() {
        assertThat(commitToAMissingGroup(8)).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aCommitWithAGenerationToAGroupThatDoesNotExistFindsNoGroupFromV9() {
        assertThat(commitToAMissingGroup(9)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }
}
