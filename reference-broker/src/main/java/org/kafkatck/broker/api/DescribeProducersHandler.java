package org.kafkatck.broker.api;

import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.producer.ProducerStateManager;

/**
 * DescribeProducers (key 61, v0, KIP-664): the producers a partition keeps idempotence and transaction state
 * for: id, epoch, last sequence, the timestamp of its last batch or marker, the coordinator epoch of its last
 * marker (-1 before one) and the first offset of an open transaction ({@code current_txn_start_offset}, -1 when
 * none), which is how an operator finds a hanging transaction (and what Admin.abortTransaction needs). An
 * unknown partition is UNKNOWN_TOPIC_OR_PARTITION.
 * A partition of a topic the principal may not READ is TOPIC_AUTHORIZATION_FAILED.
 */
public final class DescribeProducersHandler
        extends VersionedHandler<DescribeProducersRequestData, DescribeProducersResponseData> {
    private final LogManager logs;

    /** @param logs the partitions */
    public DescribeProducersHandler(LogManager logs) {
        super(ApiKeys.DESCRIBE_PRODUCERS, 0, 0);
        this.logs = logs;
    }

    @Override
    public DescribeProducersResponseData handle(RequestContext context, DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData().setThrottleTimeMs(0);
        for (DescribeProducersRequestData.TopicRequest topic : request.topics()) {
            DescribeProducersResponseData.TopicResponse answer = new DescribeProducersResponseData.TopicResponse()
                    .setName(topic.name());
            for (int partition : topic.partitionIndexes()) {
                PartitionLog log = logs.topic(topic.name()).map(t -> t.partition(partition)).orElse(null);
                PartitionResponse result = new PartitionResponse().setPartitionIndex(partition);
                if (!context.authorized(AclOperation.READ, ResourceType.TOPIC, topic.name())) {
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message());
                } else if (log == null) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
                } else {
                    result.setErrorCode(Errors.NONE.code());
                    for (ProducerStateManager.ActiveProducer p : log.activeProducers()) {
                        result.activeProducers().add(new ProducerState().setProducerId(p.producerId())
                                .setProducerEpoch(p.epoch()).setLastSequence(p.lastSequence()).setLastTimestamp(p.lastTimestamp())
                                .setCoordinatorEpoch(p.coordinatorEpoch()).setCurrentTxnStartOffset(p.currentTxnStartOffset()));
                    }
                }
                answer.partitions().add(result);
            }
            response.topics().add(answer);
        }
        return response;
    }
}
