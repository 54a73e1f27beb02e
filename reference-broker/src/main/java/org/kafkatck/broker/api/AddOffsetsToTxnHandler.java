package org.kafkatck.broker.api;

import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * AddOffsetsToTxn (key 25, KIP-98): a consumer group's offsets join a producer's transaction, before the
 * producer commits them with TxnOffsetCommit.
 *
 * <ul>
 *   <li>v0-v1: group id. v2: PRODUCER_FENCED (KIP-588; INVALID_PRODUCER_EPOCH before). v3: flexible versions.
 *       v4: same format (TRANSACTION_ABORTABLE, KIP-890).</li>
 * </ul>
 */
public final class AddOffsetsToTxnHandler extends VersionedHandler<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData> {
    private final TransactionCoordinator coordinator;

    /** @param coordinator the transaction coordinator */
    public AddOffsetsToTxnHandler(TransactionCoordinator coordinator) {
        super(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4);
        this.coordinator = coordinator;
    }

    @Override
    public AddOffsetsToTxnResponseData handle(RequestContext context, AddOffsetsToTxnRequestData request) {
        return new AddOffsetsToTxnResponseData().setThrottleTimeMs(0).setErrorCode(TransactionErrors.forVersion(
                coordinator.addGroup(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.groupId(), System.currentTimeMillis()), context.apiVersion(), 2).code());
    }
}
