package org.kafkatck.tck.selftest;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.api.CloseConnectionException;

/**
 * Mutants of the depth sections of issue 11: the group and offset APIs at every version, metadata
 * and discovery, and connections. Many are version-specific: a broker that is right at the newest
 * version and wrong at an older one a client still speaks.
 */
final class DepthMutants {
    private DepthMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                // ------------------------------------------------------------ JoinGroup
                Mutant.<JoinGroupRequestData, JoinGroupResponseData>of("join-group-member-id-required-below-v4",
                        ApiKeys.JOIN_GROUP, "answers MEMBER_ID_REQUIRED to a new member at JoinGroup v0-v3, "
                                + "which cannot handle it (KIP-394 applies from v4)",
                        "KIP-394 apache/kafka#6058 (v4+ only); kafkaex/kafka_ex#539 (clients pin v3 to avoid the round trip)",
                        (context, request, broker) -> {
                            if (context.apiVersion() < 4 && request.memberId().isEmpty()) {
                                return new JoinGroupResponseData().setErrorCode(Errors.MEMBER_ID_REQUIRED.code())
                                        .setMemberId("member-" + UUID.randomUUID()).setGenerationId(-1);
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<JoinGroupRequestData, JoinGroupResponseData>request("join-group-rebalance-timeout-ignored",
                        ApiKeys.JOIN_GROUP, "ignores the rebalance timeout a member sends and waits for no one: "
                                + "members that are slow to rejoin are removed at once",
                        "kafka4beam/brod#465 (redpanda computed a rebalance timeout of -1 and kicked out rejoining members)",
                        request -> request.setRebalanceTimeoutMs(0)),

                // ------------------------------------------------------------ SyncGroup
                Mutant.<SyncGroupRequestData, SyncGroupResponseData>of("sync-group-follower-not-waiting",
                        ApiKeys.SYNC_GROUP, "answers a follower's SyncGroup at once, with an empty assignment, "
                                + "instead of waiting for the leader's",
                        "514-labs/moosestack#3885 (non-leaders return empty assignments immediately); nisshi-io/nisshi#679",
                        (context, request, broker) -> request.assignments().isEmpty()
                                ? new SyncGroupResponseData().setErrorCode(Errors.NONE.code()).setAssignment(new byte[0])
                                        .setProtocolType(context.apiVersion() >= 5 ? request.protocolType() : null)
                                        .setProtocolName(context.apiVersion() >= 5 ? request.protocolName() : null)
                                : broker.handle(context, request)),

                // ------------------------------------------------------------ Heartbeat
                Mutant.<HeartbeatRequestData, HeartbeatResponseData>of("heartbeat-old-versions-ignore-generation",
                        ApiKeys.HEARTBEAT, "accepts a Heartbeat v0-v2 from a generation the group has left behind",
                        "apache/kafka HeartbeatRequestTest (ILLEGAL_GENERATION for a stale generation at every version)",
                        (context, request, broker) -> {
                            HeartbeatResponseData response = broker.handle(context, request);
                            if (context.apiVersion() < 3 && response.errorCode() == Errors.ILLEGAL_GENERATION.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                            return response;
                        }),

                // ------------------------------------------------------------ LeaveGroup
                Mutant.<LeaveGroupRequestData, LeaveGroupResponseData>of("leave-group-before-v3-unknown-member-ignored",
                        ApiKeys.LEAVE_GROUP, "answers NONE to a LeaveGroup v0-v2 naming a member the group does not know",
                        "apache/kafka LeaveGroupRequestTest (UNKNOWN_MEMBER_ID at every version)",
                        (context, request, broker) -> {
                            LeaveGroupResponseData response = broker.handle(context, request);
                            if (context.apiVersion() < 3 && response.errorCode() == Errors.UNKNOWN_MEMBER_ID.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                            return response;
                        }),

                // ------------------------------------------------------------ OffsetCommit
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>of("offset-commit-v2-v5-accepts-stale-generation",
                        ApiKeys.OFFSET_COMMIT, "accepts an OffsetCommit v2-v5 from a generation the group has left behind",
                        "apache/kafka OffsetCommitRequestTest (ILLEGAL_GENERATION at every version)",
                        (context, request, broker) -> {
                            OffsetCommitResponseData response = broker.handle(context, request);
                            if (context.apiVersion() <= 5) {
                                replace(response, Errors.ILLEGAL_GENERATION, Errors.NONE);
                            }
                            return response;
                        }),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>response("offset-commit-accepted-during-rebalance",
                        ApiKeys.OFFSET_COMMIT, "answers NONE to a member's commit while the group awaits its leader's "
                                + "assignment, instead of REBALANCE_IN_PROGRESS",
                        "KAFKA-8487 apache/kafka#6894 (REBALANCE_IN_PROGRESS while CompletingRebalance)",
                        (request, response) -> replace(response, Errors.REBALANCE_IN_PROGRESS, Errors.NONE)),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>of("offset-commit-simple-commit-refused",
                        ApiKeys.OFFSET_COMMIT, "refuses a commit from outside group management (generation -1) "
                                + "for a group without members",
                        "hstreamdb/hstream#1647 (allow fetch/commit offsets in an Empty group)",
                        (context, request, broker) -> {
                            if (request.generationIdOrMemberEpoch() < 0 && request.memberId().isEmpty()) {
                                OffsetCommitResponseData refused = new OffsetCommitResponseData();
                                request.topics().forEach(t -> refused.topics().add(new OffsetCommitResponseData
                                        .OffsetCommitResponseTopic().setName(t.name()).setTopicId(t.topicId())
                                        .setPartitions(t.partitions().stream().map(p -> new OffsetCommitResponseData
                                                .OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                                                .setErrorCode(Errors.ILLEGAL_GENERATION.code())).toList())));
                                return refused;
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<OffsetCommitRequestData, OffsetCommitResponseData>response("offset-commit-one-error-fails-all",
                        ApiKeys.OFFSET_COMMIT, "answers every partition of a commit with the error of one unknown topic",
                        "apache/kafka OffsetCommitRequestTest; KAFKA-6829 apache/kafka#4948 (errors are per partition)",
                        (request, response) -> response.topics().stream().flatMap(t -> t.partitions().stream())
                                .filter(p -> p.errorCode() != Errors.NONE.code()).findFirst()
                                .ifPresent(failed -> response.topics().forEach(t -> t.partitions()
                                        .forEach(p -> p.setErrorCode(failed.errorCode()))))),

                // ------------------------------------------------------------ OffsetFetch
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>response("offset-fetch-omits-uncommitted",
                        ApiKeys.OFFSET_FETCH, "leaves out of its answer the partitions nothing was committed for, "
                                + "instead of answering -1",
                        "KAFKA-20165 apache/kafka#21464 (by name, an uncommitted partition is answered -1 without error)",
                        (request, response) -> {
                            response.topics().forEach(t -> t.partitions().removeIf(p -> p.committedOffset() < 0));
                            response.groups().forEach(g -> g.topics().forEach(t -> t.partitions()
                                    .removeIf(p -> p.committedOffset() < 0)));
                        }),
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>response("offset-fetch-null-topics-answered-empty",
                        ApiKeys.OFFSET_FETCH, "answers an OffsetFetch naming no topics (null: every committed "
                                + "partition) with no topics",
                        "segmentio/kafka-go#1162 (OffsetFetch topics are nullable: null asks for all)",
                        (request, response) -> {
                            if (request.topics() == null && !request.groupId().isEmpty()) {
                                response.topics().clear();
                            }
                            request.groups().forEach(asked -> {
                                if (asked.topics() == null) {
                                    response.groups().stream().filter(g -> g.groupId().equals(asked.groupId()))
                                            .forEach(g -> g.topics().clear());
                                }
                            });
                        }),
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>response("offset-fetch-require-stable-unstable",
                        ApiKeys.OFFSET_FETCH, "answers UNSTABLE_OFFSET_COMMIT to require_stable although no "
                                + "transaction is pending",
                        "KAFKA-14505 apache/kafka#15155 (UNSTABLE_OFFSET_COMMIT only for partitions with pending "
                                + "transactional commits); apache/kafka#14120",
                        (request, response) -> {
                            if (request.requireStable()) {
                                response.topics().forEach(t -> t.partitions()
                                        .forEach(p -> p.setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code())));
                                response.groups().forEach(g -> g.topics().forEach(t -> t.partitions()
                                        .forEach(p -> p.setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code()))));
                            }
                        }),

                // ------------------------------------------------------------ Metadata and discovery
                Mutant.<MetadataRequestData, MetadataResponseData>of("metadata-empty-topic-list-means-all",
                        ApiKeys.METADATA, "answers a Metadata v1+ request with an empty topic list with every topic "
                                + "(only v0 means that; since v1 null asks for all, empty for none)",
                        "hstreamdb/hstream#1597 (returns all topics for []); zendesk/ruby-kafka#508",
                        (context, request, broker) -> {
                            if (context.apiVersion() >= 1 && request.topics() != null && request.topics().isEmpty()) {
                                request.setTopics(null);
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<MetadataRequestData, MetadataResponseData>of("metadata-v0-empty-topic-list-means-none",
                        ApiKeys.METADATA, "answers a Metadata v0 request with an empty topic list with no topic "
                                + "(v0 has no null list: empty asks for every topic)",
                        "kroxylicious/kroxylicious#2950 (all topics = null, or empty at v0); ydb-platform/ydb#14110",
                        (context, request, broker) -> {
                            MetadataResponseData response = broker.handle(context, request);
                            if (context.apiVersion() == 0 && request.topics() != null && request.topics().isEmpty()) {
                                response.topics().clear();
                            }
                            return response;
                        }),
                Mutant.<MetadataRequestData, MetadataResponseData>request("metadata-auto-creates-when-not-allowed",
                        ApiKeys.METADATA, "creates an unknown topic although the request says allow_auto_topic_creation=false",
                        "streamnative/kop#274 (KoP checked only its own auto-create setting, not the request's)",
                        request -> request.setAllowAutoTopicCreation(true)),
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-advertises-wrong-port",
                        ApiKeys.METADATA, "lists its brokers with a port that does not reach them (not the advertised listener)",
                        "KIP-103 / advertised.listeners: clients connect where Metadata says; "
                                + "apache/kafka MetadataRequestTest (brokers listed with their advertised endpoint)",
                        (request, response) -> response.brokers().forEach(b -> b.setPort(b.port() + 1))),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>response("create-topics-colliding-name-accepted",
                        ApiKeys.CREATE_TOPICS, "answers NONE to a topic whose name collides with an existing one "
                                + "('.' versus '_')",
                        "KAFKA-13743 apache/kafka#11910 (KRaft mode let colliding topic names be created)",
                        (request, response) -> response.topics().forEach(t -> {
                            if (t.errorCode() == Errors.INVALID_TOPIC_EXCEPTION.code() && t.errorMessage() != null
                                    && t.errorMessage().contains("collides")) {
                                t.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData>response(
                        "describe-topic-partitions-request-order", ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "answers topics in the order they were asked for instead of name order",
                        "KIP-966; apache/kafka KRaftMetadataCache.getTopicMetadataForDescribeTopicResponse "
                                + "(topics sorted: the cursor relies on it)",
                        (request, response) -> {
                            List<DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic> ordered =
                                    new java.util.ArrayList<>();
                            request.topics().forEach(asked -> {
                                var found = response.topics().find(asked.name());
                                if (found != null) {
                                    ordered.add(found.duplicate());
                                }
                            });
                            if (ordered.size() == response.topics().size()) {
                                response.topics().clear();
                                ordered.forEach(response.topics()::add);
                            }
                        }),
                Mutant.<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData>request(
                        "describe-topic-partitions-cursor-ignored", ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "ignores the request's cursor and answers from the first topic again",
                        "KIP-966; apache/kafka DescribeTopicPartitionsRequestHandlerTest (a cursor resumes the listing)",
                        request -> request.setCursor(null)),
                Mutant.<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData>response(
                        "describe-topic-partitions-cursor-lost-at-topic-end", ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "sends no next_cursor when a page ends exactly with a whole topic although more topics remain",
                        "apache/kafka KRaftMetadataCache.getTopicMetadataForDescribeTopicResponse (cursor at the next "
                                + "topic, partition 0); KIP-966",
                        (request, response) -> {
                            if (response.nextCursor() != null && response.nextCursor().partitionIndex() == 0) {
                                response.setNextCursor(null);
                            }
                        }),
                Mutant.<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData>response(
                        "describe-topic-partitions-unknown-topic-omitted", ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "leaves an unknown topic asked for by name out of the answer instead of answering "
                                + "UNKNOWN_TOPIC_OR_PARTITION",
                        "apache/kafka DescribeTopicPartitionsRequestHandlerTest (unknown topics answered with "
                                + "UNKNOWN_TOPIC_OR_PARTITION); KIP-966",
                        (request, response) -> response.topics().removeIf(
                                t -> t.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code())),

                Mutant.<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData>response(
                        "describe-topic-partitions-leader-epoch-zero", ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "reports leader epoch 0 for every partition whatever epoch Metadata reports",
                        "redpanda-data/redpanda#27629 (a leader epoch reported as 0); KIP-966 (the same partition "
                                + "state as Metadata)",
                        (request, response) -> response.topics().forEach(
                                t -> t.partitions().forEach(p -> p.setLeaderEpoch(0)))),

                // ------------------------------------------------------------ connections
                Mutant.<MetadataRequestData, MetadataResponseData>of("request-without-client-id-closes-connection",
                        ApiKeys.METADATA, "closes the connection of a request whose header has a null (or empty) client id",
                        "KAFKA-3088 apache/kafka#866 (broker crash on a request with an empty client id); "
                                + "KAFKA-13385 apache/kafka#11385 (a null client id is served as empty)",
                        (context, request, broker) -> {
                            String clientId = context.header().clientId();
                            if (clientId == null || clientId.isEmpty()) {
                                throw new CloseConnectionException("request without a client id");
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<MetadataRequestData, MetadataResponseData>of("request-header-tagged-fields-refused",
                        ApiKeys.METADATA, "closes the connection of a request whose v2 header carries a tagged field it does not know",
                        "KIP-482 (unknown tagged fields are skipped); redpanda-data/redpanda#4513 (flexible request "
                                + "headers: tags had to be skipped)",
                        (context, request, broker) -> {
                            if (!context.header().data().unknownTaggedFields().isEmpty()) {
                                throw new CloseConnectionException("unknown tagged field in the request header");
                            }
                            return broker.handle(context, request);
                        }));
    }

    private static void replace(OffsetCommitResponseData response, Errors from, Errors to) {
        response.topics().forEach(t -> t.partitions().forEach(p -> {
            if (p.errorCode() == from.code()) {
                p.setErrorCode(to.code());
            }
        }));
    }
}
