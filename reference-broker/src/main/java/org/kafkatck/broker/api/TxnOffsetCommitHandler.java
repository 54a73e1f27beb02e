package org.kafkatck.broker.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.CommittedOffset;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * TxnOffsetCommit (key 28, KIP-98): a transactional producer commits a consumer group's offsets as part of its
 * transaction; they stay pending, invisible to OffsetFetch, until the transaction commits, and are dropped if it
 * aborts.
 *
 * <ul>
 *   <li>v0-v1: offsets. v2: committed leader epoch.</li>
 *   <li>v3: member id, generation and group instance id (KIP-447): a commit from a member that is no longer
 *       current is ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID; flexible versions.</li>
 *   <li>v4: TRANSACTION_ABORTABLE (KIP-890) when the group was not added to the transaction (INVALID_TXN_STATE
 *       before).</li>
 *   <li>v5: the commit adds the group to the transaction itself (transactions v2).</li>
 *   <li>v6: topics by id (KIP-1319); a group that does not exist is GROUP_ID_NOT_FOUND (ILLEGAL_GENERATION
 *       before).</li>
 * </ul>
 * A producer fenced by a newer instance gets INVALID_PRODUCER_EPOCH, as from Kafka's offsets partition.
 * Without TRANSACTIONAL_ID WRITE the request is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED, without GROUP
 * READ with GROUP_AUTHORIZATION_FAILED; a topic without TOPIC READ is TOPIC_AUTHORIZATION_FAILED.
 */
public final class TxnOffsetCommitHandler
        extends VersionedHandler<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData> {
    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;
    private final LogManager logs;

    /**
     * @param transactions the transaction coordinator
     * @param groups       the group coordinator, which keeps the pending offsets
     * @param logs         the topics, to resolve topic ids
     */
    public TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups, LogManager logs) {
        super(ApiKeys.TXN_OFFSET_COMMIT, 0, 6);
        this.transactions = transactions;
        this.groups = groups;
        this.logs = logs;
    }

    @Override
    public TxnOffsetCommitResponseData handle(RequestContext context, TxnOffsetCommitRequestData request) {
        short version = context.apiVersion();
        // Kafka checks the transactional id, then the group, before anything joins the transaction
        if (!context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return Refusal.of(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        }
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        Errors transactionError = verify(request, version);
        Map<TopicPartition, CommittedOffset> commits = new HashMap<>();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        long now = System.currentTimeMillis();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            Optional<Topic> found = version >= 6 ? logs.topic(topic.topicId()) : logs.topic(topic.name());
            String name = found.map(Topic::name).orElse(topic.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(name, p.partitionIndex());
                if (found.isEmpty() && version >= 6) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_ID);
                } else if (!context.authorized(AclOperation.READ, ResourceType.TOPIC, name)) {
                    errors.put(tp, Errors.TOPIC_AUTHORIZATION_FAILED);
                } else {
                    commits.put(tp, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(),
                            p.committedMetadata(), now));
                }
            }
        }
        if (transactionError != Errors.NONE) {
            commits.keySet().forEach(tp -> errors.put(tp, transactionError));
        } else if (!commits.isEmpty()) {
            Map<TopicPartition, Errors> committed = groups.commitTransactional(request.groupId(), request.producerId(),
                    version >= 3 ? request.generationIdOrMemberEpoch() : -1, version >= 3 ? request.memberId() : "",
                    version >= 3 ? request.groupInstanceId() : null, commits);
            committed.forEach((tp, e) -> errors.put(tp, e == Errors.GROUP_ID_NOT_FOUND && version < 6
                    ? Errors.ILLEGAL_GENERATION : e));
        }
        return response(request, errors, version);
    }

    /** Was the group added to the producer's transaction (or, from v5, can it be added now)? */
    private Errors verify(TxnOffsetCommitRequestData request, short version) {
        Errors error = version >= 5
                ? transactions.addGroup(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.groupId(), System.currentTimeMillis())
                : transactions.verifyGroup(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.groupId());
        return switch (error) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case INVALID_TXN_STATE -> version >= 4 ? Errors.TRANSACTION_ABORTABLE : Errors.INVALID_TXN_STATE;
            default -> error;
        };
    }

    private TxnOffsetCommitResponseData response(TxnOffsetCommitRequestData request, Map<TopicPartition, Errors> errors,
                                                 short version) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData().setThrottleTimeMs(0);
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            String name = version >= 6 ? logs.topic(topic.topicId()).map(Topic::name).orElse(topic.name()) : topic.name();
            TxnOffsetCommitResponseTopic answer = new TxnOffsetCommitResponseTopic().setName(topic.name())
                    .setTopicId(topic.topicId());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = errors.getOrDefault(new TopicPartition(name, p.partitionIndex()),
                        Errors.UNKNOWN_TOPIC_OR_PARTITION);
                answer.partitions().add(new TxnOffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            response.topics().add(answer);
        }
        return response;
    }
}
