package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Mutants of the group coordinator: finding it, membership and rebalances, committed offsets, and
 * group administration. Each reproduces a wrong behaviour a Kafka-compatible broker shipped, or the
 * behaviour a Kafka test pins where no public report of a broker getting it wrong was found.
 */
final class GroupMutants {
    private GroupMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                // ------------------------------------------------------------ FindCoordinator
                Mutant.<FindCoordinatorRequestData, FindCoordinatorResponseData>response(
                        "find-coordinator-batched-key-missing", ApiKeys.FIND_COORDINATOR,
                        "answers a batched FindCoordinator (v4+) without each coordinator's key",
                        "KIP-699 apache/kafka#10743 (clients match batched answers by key); "
                                + "redpanda-data/redpanda#27391 added v4 late",
                        (request, response) -> response.coordinators().forEach(c -> c.setKey(""))),

                // ------------------------------------------------------------ JoinGroup
                Mutant.<JoinGroupRequestData, JoinGroupResponseData>response("join-group-protocol-type-unset",
                        ApiKeys.JOIN_GROUP, "leaves protocol_type null in JoinGroup v7+ answers (KIP-559)",
                        "robot-head/crabka#237: group responses went out without protocol_type/protocol_name",
                        (request, response) -> {
                            if (response.errorCode() == Errors.NONE.code()) {
                                response.setProtocolType(null);
                            }
                        }),
                Mutant.<JoinGroupRequestData, JoinGroupResponseData>response("join-group-member-metadata-dropped",
                        ApiKeys.JOIN_GROUP, "hands the leader every member with empty metadata instead of its subscription",
                        "apache/kafka JoinGroupRequestTest (the leader receives each member's protocol metadata); "
                                + "KAFKA-7858 apache/kafka#6419",
                        (request, response) -> response.members().forEach(m -> m.setMetadata(new byte[0]))),

                // ------------------------------------------------------------ SyncGroup
                Mutant.<SyncGroupRequestData, SyncGroupResponseData>response("sync-group-accepts-stale-generation",
                        ApiKeys.SYNC_GROUP, "answers a SyncGroup from a past generation as if it were current",
                        "apache/kafka SyncGroupRequestTest, KAFKA-15856 apache/kafka#14800 (ILLEGAL_GENERATION)",
                        (request, response) -> {
                            if (response.errorCode() == Errors.ILLEGAL_GENERATION.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),
                Mutant.<SyncGroupRequestData, SyncGroupResponseData>response("sync-group-assignment-not-delivered",
                        ApiKeys.SYNC_GROUP, "gives followers an empty assignment instead of the one the leader sent",
                        "apache/kafka SyncGroupRequestTest, KAFKA-15856 apache/kafka#14800 (each member gets its assignment)",
                        (request, response) -> {
                            if (request.assignments().isEmpty()) { // a follower's SyncGroup names no assignments
                                response.setAssignment(new byte[0]);
                            }
                        }),
                Mutant.<SyncGroupRequestData, SyncGroupResponseData>response("sync-group-protocol-unset",
                        ApiKeys.SYNC_GROUP, "leaves protocol_type and protocol_name null in SyncGroup v5 answers (KIP-559)",
                        "robot-head/crabka#237: SyncGroupResponse never populated protocol_type/protocol_name",
                        (request, response) -> response.setProtocolType(null).setProtocolName(null)),

                // ------------------------------------------------------------ Heartbeat
                Mutant.<HeartbeatRequestData, HeartbeatResponseData>response("heartbeat-accepts-stale-generation",
                        ApiKeys.HEARTBEAT, "accepts heartbeats from a generation the group has left behind",
                        "apache/kafka#165 (KAFKA-2464: a request from an older generation is refused with ILLEGAL_GENERATION)",
                        (request, response) -> {
                            if (response.errorCode() == Errors.ILLEGAL_GENERATION.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),
                Mutant.<HeartbeatRequestData, HeartbeatResponseData>response("heartbeat-hides-rebalance",
                        ApiKeys.HEARTBEAT, "answers NONE instead of REBALANCE_IN_PROGRESS while the group rebalances",
                        "confluentinc/librdkafka#4723 and KAFKA-10134 apache/kafka#8834: members rejoin only on "
                                + "REBALANCE_IN_PROGRESS",
                        (request, response) -> {
                            if (response.errorCode() == Errors.REBALANCE_IN_PROGRESS.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),
                Mutant.<HeartbeatRequestData, HeartbeatResponseData>response("heartbeat-accepts-unknown-member",
                        ApiKeys.HEARTBEAT, "answers heartbeats of member ids it does not know with NONE",
                        "KAFKA-8386 apache/kafka#6762 (UNKNOWN_MEMBER_ID makes a removed member rejoin)",
                        (request, response) -> {
                            if (response.errorCode() == Errors.UNKNOWN_MEMBER_ID.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),

                // ------------------------------------------------------------ LeaveGroup
                Mutant.<LeaveGroupRequestData, LeaveGroupResponseData>of("leave-group-ignored", ApiKeys.LEAVE_GROUP,
                        "answers LeaveGroup with success and keeps the member until its session expires",
                        "ydb-platform/ydb#19784 (a departed consumer held the group until a timeout); "
                                + "KAFKA-14502 apache/kafka#14147",
                        (context, request, broker) -> {
                            LeaveGroupResponseData response = new LeaveGroupResponseData().setErrorCode(Errors.NONE.code());
                            request.members().forEach(m -> response.members().add(new LeaveGroupResponseData.MemberResponse()
                                    .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                                    .setErrorCode(Errors.NONE.code())));
                            return response;
                        }),
                Mutant.<LeaveGroupRequestData, LeaveGroupResponseData>response("leave-group-unknown-member-accepted",
                        ApiKeys.LEAVE_GROUP, "answers NONE for a leaving member id the group does not know",
                        "apache/kafka LeaveGroupRequestTest, KAFKA-14502 apache/kafka#14147 (UNKNOWN_MEMBER_ID per member)",
                        (request, response) -> response.members().forEach(m -> {
                            if (m.errorCode() == Errors.UNKNOWN_MEMBER_ID.code()) {
                                m.setErrorCode(Errors.NONE.code());
                            }
                        })),

                // ------------------------------------------------------------ OffsetCommit
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>of("offset-commit-not-stored",
                        ApiKeys.OFFSET_COMMIT, "acknowledges every offset commit and stores nothing",
                        "redpanda-data/redpanda#2597 (committed offsets read back as -1)",
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
                        }),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>response("offset-commit-accepts-stale-generation",
                        ApiKeys.OFFSET_COMMIT, "acknowledges a member's commit from a generation the group has left behind",
                        "apache/kafka#165 (KAFKA-2464: commits from an older generation are refused with ILLEGAL_GENERATION)",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.errorCode() == Errors.ILLEGAL_GENERATION.code()) {
                                p.setErrorCode(Errors.NONE.code());
                            }
                        }))),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>request("offset-commit-leader-epoch-lost",
                        ApiKeys.OFFSET_COMMIT, "stores every commit without its committed_leader_epoch (KIP-320)",
                        "redpanda-data/redpanda#2043 (leader epoch mishandled on commit); KAFKA-20507 apache/kafka#23183",
                        request -> request.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setCommittedLeaderEpoch(-1)))),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>request("offset-commit-metadata-dropped",
                        ApiKeys.OFFSET_COMMIT, "stores every commit without its metadata",
                        "adamflott/milena#11 (offsetCommit did not store metadata); KAFKA-5273 apache/kafka#3119",
                        request -> request.topics().forEach(t -> t.partitions().forEach(p -> p.setCommittedMetadata("")))),

                // ------------------------------------------------------------ OffsetFetch
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>response("offset-fetch-uncommitted-as-zero",
                        ApiKeys.OFFSET_FETCH, "answers offset 0 instead of -1 for partitions without a committed offset",
                        "kafka4beam/brod#660 and redpanda-data/redpanda#2597 (-1 is what tells a consumer to reset)",
                        (request, response) -> {
                            response.topics().forEach(t -> t.partitions().forEach(p -> {
                                if (p.committedOffset() == -1) {
                                    p.setCommittedOffset(0);
                                }
                            }));
                            response.groups().forEach(g -> g.topics().forEach(t -> t.partitions().forEach(p -> {
                                if (p.committedOffset() == -1) {
                                    p.setCommittedOffset(0);
                                }
                            })));
                        }),
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>response("offset-fetch-leader-epoch-lost",
                        ApiKeys.OFFSET_FETCH, "answers committed_leader_epoch = -1 for every committed offset",
                        "redpanda-data/redpanda#9850: committed_leader_epoch not returned in offset_fetch",
                        (request, response) -> {
                            response.topics().forEach(t -> t.partitions().forEach(p -> p.setCommittedLeaderEpoch(-1)));
                            response.groups().forEach(g -> g.topics().forEach(t -> t.partitions()
                                    .forEach(p -> p.setCommittedLeaderEpoch(-1))));
                        }),

                // ------------------------------------------------------------ OffsetDelete
                Mutant.<OffsetDeleteRequestData, OffsetDeleteResponseData>response("offset-delete-subscribed-allowed",
                        ApiKeys.OFFSET_DELETE, "answers NONE when asked to delete offsets of a topic the group consumes",
                        "KIP-496 apache/kafka#7276 (GROUP_SUBSCRIBED_TO_TOPIC)",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.errorCode() == Errors.GROUP_SUBSCRIBED_TO_TOPIC.code()) {
                                p.setErrorCode(Errors.NONE.code());
                            }
                        }))),
                Mutant.<OffsetDeleteRequestData, OffsetDeleteResponseData>of("offset-delete-ignored",
                        ApiKeys.OFFSET_DELETE, "answers OffsetDelete with success and deletes nothing",
                        "KAFKA-14506 apache/kafka#14408 (OffsetDelete writes a tombstone per partition)",
                        (context, request, broker) -> {
                            OffsetDeleteResponseData response = new OffsetDeleteResponseData();
                            request.topics().forEach(t -> {
                                var topic = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name());
                                t.partitions().forEach(p -> topic.partitions().add(
                                        new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                                                .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code())));
                                response.topics().add(topic);
                            });
                            return response;
                        }),

                // ------------------------------------------------------------ DescribeGroups
                Mutant.<DescribeGroupsRequestData, DescribeGroupsResponseData>response("describe-groups-unknown-as-dead",
                        ApiKeys.DESCRIBE_GROUPS, "describes an unknown group as Dead with NONE in v6 instead of GROUP_ID_NOT_FOUND",
                        "KAFKA-17550 apache/kafka#17706: the old coordinator still answered the dead group in v6",
                        (request, response) -> response.groups().forEach(g -> {
                            if (g.errorCode() == Errors.GROUP_ID_NOT_FOUND.code()) {
                                g.setErrorCode(Errors.NONE.code()).setErrorMessage(null).setGroupState("Dead");
                            }
                        })),
                Mutant.<DescribeGroupsRequestData, DescribeGroupsResponseData>response("describe-groups-empty-as-stable",
                        ApiKeys.DESCRIBE_GROUPS, "describes a group whose members are all gone as Stable",
                        "KAFKA-4349 apache/kafka#2070 (describe mishandled group states)",
                        (request, response) -> response.groups().forEach(g -> {
                            if ("Empty".equals(g.groupState())) {
                                g.setGroupState("Stable");
                            }
                        })),

                // ------------------------------------------------------------ ListGroups
                Mutant.<ListGroupsRequestData, ListGroupsResponseData>response("list-groups-omits-empty-groups",
                        ApiKeys.LIST_GROUPS, "lists only groups with members, not those that only hold committed offsets",
                        "kawamuray/kmql#9 and linkedin/Burrow#789 (offset-only groups missing); KIP-88 apache/kafka#2074",
                        (request, response) -> response.groups().removeIf(g -> "Empty".equals(g.groupState()))),
                Mutant.<ListGroupsRequestData, ListGroupsResponseData>request("list-groups-ignores-states-filter",
                        ApiKeys.LIST_GROUPS, "ignores the states filter of ListGroups v4+ and lists every group",
                        "KIP-518 (ListGroups states_filter); dpkp/kafka-python#2910 relies on the broker filtering",
                        request -> request.setStatesFilter(List.of())),

                // ------------------------------------------------------------ DeleteGroups
                Mutant.<DeleteGroupsRequestData, DeleteGroupsResponseData>response("delete-groups-non-empty-allowed",
                        ApiKeys.DELETE_GROUPS, "answers NONE when asked to delete a group that has members",
                        "KAFKA-14506 apache/kafka#14408 (NON_EMPTY_GROUP for a Stable or rebalancing group)",
                        (request, response) -> response.results().forEach(r -> {
                            if (r.errorCode() == Errors.NON_EMPTY_GROUP.code()) {
                                r.setErrorCode(Errors.NONE.code());
                            }
                        })),
                Mutant.<DeleteGroupsRequestData, DeleteGroupsResponseData>of("delete-groups-ignored",
                        ApiKeys.DELETE_GROUPS, "answers DeleteGroups with success and keeps the group and its offsets",
                        "redpanda-data/redpanda#4900: a deleted group and its offsets came back",
                        (context, request, broker) -> {
                            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
                            request.groupsNames().forEach(name -> response.results().add(
                                    new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(name)
                                            .setErrorCode(Errors.NONE.code())));
                            return response;
                        }));
    }
}
