package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * AddOffsetsToTxn (key 25, KIP-98): a consumer group's offsets join a producer's transaction, before the
 * producer commits them with TxnOffsetCommit.
 *
 * <ul>
 *   <li>v0-v1: group id. v2: PRODUCER_FENCED (KIP-588; INVALID_PRODUCER_EPOCH before). v3: flexible versions.
 *       v4: same format (TRANSACTION_ABORTABLE, KIP-890).</li>
 * </ul>
 * The principal needs TRANSACTIONAL_ID WRITE (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), then GROUP READ (else
 * GROUP_AUTHORIZATION_FAILED).
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
        if (!context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return Refusal.of(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        }
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        return new AddOffsetsToTxnResponseData().setThrottleTimeMs(0).setErrorCode(TransactionErrors.forVersion(
                coordinator.addGroup(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.groupId(), System.currentTimeMillis()), context.apiVersion(), 2).code());
    }
}
