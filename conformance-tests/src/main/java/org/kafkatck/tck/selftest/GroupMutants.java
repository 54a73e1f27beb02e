package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** Mutants of the group coordinator: membership, rebalances and committed offsets. */
final class GroupMutants {
    private GroupMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<HeartbeatRequestData, HeartbeatResponseData>response("heartbeat-accepts-stale-generation",
                        ApiKeys.HEARTBEAT, "accepts heartbeats from a generation the group has left behind",
                        "issue #10: protocol-errors.feature sent a future generation, never a stale one",
                        (request, response) -> {
                            if (response.errorCode() == Errors.ILLEGAL_GENERATION.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),
                Mutant.<LeaveGroupRequestData, LeaveGroupResponseData>of("leave-group-ignored", ApiKeys.LEAVE_GROUP,
                        "answers LeaveGroup with success and keeps the member until its session expires",
                        "issue #10: membership.feature let session expiry stand in for the LeaveGroup",
                        (context, request, broker) -> {
                            LeaveGroupResponseData response = new LeaveGroupResponseData().setErrorCode(Errors.NONE.code());
                            request.members().forEach(m -> response.members().add(new LeaveGroupResponseData.MemberResponse()
                                    .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                                    .setErrorCode(Errors.NONE.code())));
                            return response;
                        }),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>of("offset-commit-not-stored",
                        ApiKeys.OFFSET_COMMIT, "acknowledges every offset commit and stores nothing",
                        "issue #10: committed-offsets.feature passed on a broker that stored no commit",
                        (context, request, broker) -> {
                            OffsetCommitResponseData response = new OffsetCommitResponseData();
                            request.topics().forEach(t -> {
                                var topic = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                                        .setName(t.name()).setTopicId(t.topicId());
                                t.partitions().forEach(p -> topic.partitions().add(
                                        new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                                .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code())));
                                response.topics().add(topic);
                            });
                            return response;
                        }));
    }
}
