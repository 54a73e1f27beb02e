package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * EndTxn (key 26, KIP-98): commits or aborts a producer's transaction. The COMMIT or ABORT markers are written
 * to every partition of the transaction, and the offsets it committed are settled, before the answer.
 *
 * <ul>
 *   <li>v0-v1: commit or abort. v2: PRODUCER_FENCED (KIP-588; INVALID_PRODUCER_EPOCH before).
 *       v3: flexible versions. v4: same format (TRANSACTION_ABORTABLE, KIP-890).</li>
 * </ul>
 * v5 (transactions v2, KIP-890: an epoch bump at every end) is not offered: this broker does not finalize
 * {@code transaction.version} 2, so clients end transactions with v4 or older. Without TRANSACTIONAL_ID WRITE the
 * answer is TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
 */
public final class EndTxnHandler extends VersionedHandler<EndTxnRequestData, EndTxnResponseData> {
    private final TransactionCoordinator coordinator;

    /** @param coordinator the transaction coordinator */
    public EndTxnHandler(TransactionCoordinator coordinator) {
        super(ApiKeys.END_TXN, 0, 4);
        this.coordinator = coordinator;
    }

    @Override
    public EndTxnResponseData handle(RequestContext context, EndTxnRequestData request) {
        if (!context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return Refusal.of(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        }
        Errors error = coordinator.endTransaction(request.transactionalId(), request.producerId(),
                request.producerEpoch(), request.committed(), System.currentTimeMillis());
        return new EndTxnResponseData().setThrottleTimeMs(0)
                .setErrorCode(TransactionErrors.forVersion(error, context.apiVersion(), 2).code())
                .setProducerId(-1).setProducerEpoch((short) -1);
    }
}
