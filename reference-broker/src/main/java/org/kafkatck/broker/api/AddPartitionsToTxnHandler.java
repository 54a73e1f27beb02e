package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * AddPartitionsToTxn (key 24, KIP-98): partitions join a producer's transaction before it writes to them.
 *
 * <ul>
 *   <li>v0-v1: one transaction. v2: PRODUCER_FENCED (KIP-588; INVALID_PRODUCER_EPOCH before). v3: flexible
 *       versions. Versions up to 3 are the clients'.</li>
 *   <li>v4: several transactions per request and {@code verify_only} (KIP-890), sent by partition leaders to
 *       the coordinator; a partition not in the transaction verifies as TRANSACTION_ABORTABLE. v5: same format.</li>
 * </ul>
 * A partition that does not exist is UNKNOWN_TOPIC_OR_PARTITION and the others of the same transaction are
 * OPERATION_NOT_ATTEMPTED: nothing is added, as in Kafka. Up to v3 the principal needs TRANSACTIONAL_ID WRITE (else
 * every partition is TRANSACTIONAL_ID_AUTHORIZATION_FAILED) and TOPIC WRITE per topic (else TOPIC_AUTHORIZATION_FAILED
 * and the others OPERATION_NOT_ATTEMPTED); v4+ needs CLUSTER CLUSTER_ACTION (else CLUSTER_AUTHORIZATION_FAILED).
 */
public final class AddPartitionsToTxnHandler
        extends VersionedHandler<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData> {
    private final TransactionCoordinator coordinator;
    private final LogManager logs;

    /**
     * @param coordinator the transaction coordinator
     * @param logs        the topics, to tell partitions that exist
     */
    public AddPartitionsToTxnHandler(TransactionCoordinator coordinator, LogManager logs) {
        super(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 5);
        this.coordinator = coordinator;
        this.logs = logs;
    }

    @Override
    public AddPartitionsToTxnResponseData handle(RequestContext context, AddPartitionsToTxnRequestData request) {
        short version = context.apiVersion();
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData().setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        if (version <= 3) {
            if (!context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.v3AndBelowTransactionalId())) {
                return Refusal.of(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            }
            return response.setResultsByTopicV3AndBelow(topicResults(add(context, request.v3AndBelowTransactionalId(),
                    request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch(), false,
                    request.v3AndBelowTopics(), version)));
        }
        // v4+ is a partition leader's call to the coordinator: Kafka asks the cluster's CLUSTER_ACTION
        if (!context.authorizedCluster(AclOperation.CLUSTER_ACTION)) {
            return Refusal.of(context, request, Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction t : request.transactions()) {
            response.resultsByTransaction().add(new AddPartitionsToTxnResult().setTransactionalId(t.transactionalId())
                    .setTopicResults(topicResults(add(context, t.transactionalId(), t.producerId(), t.producerEpoch(),
                            t.verifyOnly(), t.topics(), version))));
        }
        return response;
    }

    private Map<TopicPartition, Errors> add(RequestContext context, String transactionalId, long producerId, short epoch, boolean verifyOnly,
                                            Iterable<AddPartitionsToTxnTopic> topics, short version) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (AddPartitionsToTxnTopic topic : topics) {
            for (int partition : topic.partitions()) {
                partitions.add(new TopicPartition(topic.name(), partition));
            }
        }
        boolean unknown = false;
        for (TopicPartition tp : partitions) {
            boolean exists = logs.topic(tp.topic()).map(t -> t.partition(tp.partition()) != null).orElse(false);
            Errors error = !context.authorized(AclOperation.WRITE, ResourceType.TOPIC, tp.topic())
                    ? Errors.TOPIC_AUTHORIZATION_FAILED : exists ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            results.put(tp, error);
            unknown |= error != Errors.NONE;
        }
        if (unknown) {
            results.replaceAll((tp, e) -> e == Errors.NONE ? Errors.OPERATION_NOT_ATTEMPTED : e);
            return results;
        }
        long now = System.currentTimeMillis();
        if (verifyOnly) {
            for (TopicPartition tp : partitions) {
                Errors error = coordinator.verify(transactionalId, producerId, epoch, tp);
                results.put(tp, error == Errors.INVALID_TXN_STATE ? Errors.TRANSACTION_ABORTABLE : error);
            }
            return results;
        }
        Errors error = TransactionErrors.forVersion(coordinator.addPartitions(transactionalId, producerId, epoch,
                partitions, now), version, 2);
        results.replaceAll((tp, e) -> error);
        return results;
    }

    private static AddPartitionsToTxnTopicResultCollection topicResults(Map<TopicPartition, Errors> results) {
        AddPartitionsToTxnTopicResultCollection topics = new AddPartitionsToTxnTopicResultCollection();
        results.forEach((tp, error) -> {
            AddPartitionsToTxnTopicResult topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopicResult().setName(tp.topic())
                        .setResultsByPartition(new AddPartitionsToTxnPartitionResultCollection());
                topics.add(topic);
            }
            topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(tp.partition())
                    .setPartitionErrorCode(error.code()));
        });
        return topics;
    }
}
