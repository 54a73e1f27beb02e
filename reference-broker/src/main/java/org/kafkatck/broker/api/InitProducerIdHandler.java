package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.producer.ProducerIdManager;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * InitProducerId (key 22, KIP-98): gives an idempotent producer its producer id and epoch.
 *
 * <ul>
 *   <li>v0-v1: transactional id and timeout.</li>
 *   <li>v2: flexible versions.</li>
 *   <li>v3: the producer may send its current id and epoch to recover (KIP-360).</li>
 *   <li>v4: same format (producer fencing semantics, KIP-588).</li>
 *   <li>v5: same format (transactions v2, KIP-890).</li>
 * </ul>
 * v6 (two-phase commit, KIP-939) is not offered: Apache Kafka does not advertise it either.
 * Like Apache Kafka, a producer without a transactional id always gets a fresh id with epoch 0. A
 * transactional producer is the transaction coordinator's ({@link TransactionCoordinator#initProducerId}):
 * the same id at the next epoch for each new instance, which fences the previous one (PRODUCER_FENCED from v4,
 * INVALID_PRODUCER_EPOCH before, KIP-588). A request naming only one of producer id and epoch is
 * INVALID_REQUEST. A transactional id the principal may not WRITE is TRANSACTIONAL_ID_AUTHORIZATION_FAILED; an
 * idempotent producer needs CLUSTER IDEMPOTENT_WRITE or WRITE on some topic, else CLUSTER_AUTHORIZATION_FAILED.
 */
public final class InitProducerIdHandler extends VersionedHandler<InitProducerIdRequestData, InitProducerIdResponseData> {
    private final ProducerIdManager producerIds;
    private final TransactionCoordinator transactions;

    /**
     * @param producerIds  source of fresh producer ids
     * @param transactions the coordinator of transactional producers
     */
    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator transactions) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 5);
        this.producerIds = producerIds;
        this.transactions = transactions;
    }

    @Override
    public InitProducerIdResponseData handle(RequestContext context, InitProducerIdRequestData request) {
        // Kafka: a transactional id needs WRITE on it; an idempotent producer CLUSTER IDEMPOTENT_WRITE or WRITE on
        // some topic (KIP-679)
        if (request.transactionalId() != null) {
            if (!context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
                return Refusal.of(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            }
        } else if (!context.authorizedCluster(AclOperation.IDEMPOTENT_WRITE)
                && !context.authorizedAny(AclOperation.WRITE, ResourceType.TOPIC)) {
            return Refusal.of(context, request, Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        InitProducerIdResponseData response = new InitProducerIdResponseData().setThrottleTimeMs(0);
        boolean resume = context.apiVersion() >= 3;
        long expectedId = resume ? request.producerId() : -1;
        short expectedEpoch = resume ? request.producerEpoch() : -1;
        if ((expectedId == -1) != (expectedEpoch == -1)) {
            return response.setErrorCode(Errors.INVALID_REQUEST.code()).setProducerId(-1).setProducerEpoch((short) -1);
        }
        if (request.transactionalId() != null) {
            TransactionCoordinator.InitResult result = transactions.initProducerId(request.transactionalId(),
                    request.transactionTimeoutMs(), expectedId, expectedEpoch, System.currentTimeMillis());
            return response.setErrorCode(TransactionErrors.forVersion(result.error(), context.apiVersion(), 4).code())
                    .setProducerId(result.producerId()).setProducerEpoch(result.producerEpoch());
        }
        return response.setErrorCode(Errors.NONE.code())
                .setProducerId(producerIds.nextProducerId())
                .setProducerEpoch((short) 0);
    }
}
