package org.kafkatck.broker.api;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.producer.ProducerIdManager;

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
 * Like Apache Kafka, a producer without a transactional id always gets a fresh id with epoch 0.
 * Transactions are not implemented, so a transactional id is refused with INVALID_REQUEST.
 */
public final class InitProducerIdHandler extends VersionedHandler<InitProducerIdRequestData, InitProducerIdResponseData> {
    private final ProducerIdManager producerIds;

    /** @param producerIds source of fresh producer ids */
    public InitProducerIdHandler(ProducerIdManager producerIds) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 5);
        this.producerIds = producerIds;
    }

    @Override
    public InitProducerIdResponseData handle(RequestContext context, InitProducerIdRequestData request) {
        InitProducerIdResponseData response = new InitProducerIdResponseData().setThrottleTimeMs(0);
        if (request.transactionalId() != null) {
            return response.setErrorCode(Errors.INVALID_REQUEST.code()).setProducerId(-1).setProducerEpoch((short) -1);
        }
        return response.setErrorCode(Errors.NONE.code())
                .setProducerId(producerIds.nextProducerId())
                .setProducerEpoch((short) 0);
    }
}
