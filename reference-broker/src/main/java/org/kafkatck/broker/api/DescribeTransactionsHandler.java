package org.kafkatck.broker.api;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.txn.Transaction;
import org.kafkatck.broker.txn.TransactionCoordinator;
import org.kafkatck.broker.txn.TransactionState;

/**
 * DescribeTransactions (key 65, v0, KIP-664): the coordinator's state of each transactional id asked for: state,
 * timeout, start time, producer id and epoch, and the partitions of its current transaction. An unknown id is
 * TRANSACTIONAL_ID_NOT_FOUND, an empty one INVALID_REQUEST.
 * A transactional id the principal may not DESCRIBE is TRANSACTIONAL_ID_AUTHORIZATION_FAILED; the partitions of
 * topics it may not DESCRIBE are left out.
 */
public final class DescribeTransactionsHandler
        extends VersionedHandler<DescribeTransactionsRequestData, DescribeTransactionsResponseData> {
    private final TransactionCoordinator coordinator;

    /** @param coordinator the transaction coordinator */
    public DescribeTransactionsHandler(TransactionCoordinator coordinator) {
        super(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0);
        this.coordinator = coordinator;
    }

    @Override
    public DescribeTransactionsResponseData handle(RequestContext context, DescribeTransactionsRequestData request) {
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData().setThrottleTimeMs(0);
        for (String id : request.transactionalIds()) {
            if (id != null && !id.isEmpty()
                    && !context.authorized(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id)) {
                response.transactionStates().add(new DescribeTransactionsResponseData.TransactionState()
                        .setTransactionalId(id).setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
                continue;
            }
            DescribeTransactionsResponseData.TransactionState state = new DescribeTransactionsResponseData
                    .TransactionState().setTransactionalId(id).setTransactionState("").setTransactionStartTimeMs(-1)
                    .setProducerId(-1).setProducerEpoch((short) -1);
            Transaction t = id == null || id.isEmpty() ? null : coordinator.describe(id).orElse(null);
            if (id == null || id.isEmpty()) {
                state.setErrorCode(Errors.INVALID_REQUEST.code());
            } else if (t == null || t.state() == TransactionState.DEAD) {
                state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
            } else {
                state.setErrorCode(Errors.NONE.code()).setTransactionState(t.state().displayName())
                        .setTransactionTimeoutMs(t.timeoutMs()).setTransactionStartTimeMs(t.startMs())
                        .setProducerId(t.producerId()).setProducerEpoch(t.producerEpoch());
                for (TopicPartition tp : t.partitions()) {
                    // Kafka leaves out the partitions of topics the principal may not describe
                    if (!context.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, tp.topic())) {
                        continue;
                    }
                    TopicData topic = state.topics().find(tp.topic());
                    if (topic == null) {
                        topic = new TopicData().setTopic(tp.topic());
                        state.topics().add(topic);
                    }
                    topic.partitions().add(tp.partition());
                }
            }
            response.transactionStates().add(state);
        }
        return response;
    }
}
