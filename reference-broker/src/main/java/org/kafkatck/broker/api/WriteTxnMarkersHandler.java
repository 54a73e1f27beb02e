package org.kafkatck.broker.api;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;

/**
 * WriteTxnMarkers (key 27, v1-v2, KIP-98): writes COMMIT or ABORT markers into partitions. In a cluster the
 * transaction coordinator sends it to each partition leader; on this single node the coordinator writes its
 * markers itself, so what arrives here comes from an operator: {@code Admin.abortTransaction} and
 * {@code kafka-transactions.sh abort} (KIP-664) end a hanging transaction on one partition with the producer
 * id, epoch and coordinator epoch that DescribeProducers reported.
 *
 * <p>Per partition: an unknown partition is UNKNOWN_TOPIC_OR_PARTITION; a producer epoch older than the
 * partition's (or, for a transaction-v2 marker, not newer) is INVALID_PRODUCER_EPOCH; a coordinator epoch
 * older than the one of the producer's last marker is TRANSACTION_COORDINATOR_FENCED. v0 was removed in
 * Kafka 4.0 (KIP-896); v2 adds the transaction version of the marker.
 * Without CLUSTER ALTER or CLUSTER_ACTION every partition is CLUSTER_AUTHORIZATION_FAILED.
 */
public final class WriteTxnMarkersHandler
        extends VersionedHandler<WriteTxnMarkersRequestData, WriteTxnMarkersResponseData> {
    private final LogManager logs;

    /** @param logs the partitions */
    public WriteTxnMarkersHandler(LogManager logs) {
        super(ApiKeys.WRITE_TXN_MARKERS, 1, 2);
        this.logs = logs;
    }

    @Override
    public WriteTxnMarkersResponseData handle(RequestContext context, WriteTxnMarkersRequestData request) {
        // a transaction coordinator's call (CLUSTER_ACTION), or an operator's aborting a hanging transaction (ALTER)
        if (!context.authorizedCluster(AclOperation.ALTER) && !context.authorizedCluster(AclOperation.CLUSTER_ACTION)) {
            return Refusal.of(context, request, Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        for (WriteTxnMarkersRequestData.WritableTxnMarker marker : request.markers()) {
            WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            for (WriteTxnMarkersRequestData.WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult topicResult = new WritableTxnMarkerTopicResult().setName(topic.name());
                for (int partition : topic.partitionIndexes()) {
                    topicResult.partitions().add(new WritableTxnMarkerPartitionResult().setPartitionIndex(partition)
                            .setErrorCode(write(marker, topic.name(), partition).code()));
                }
                result.topics().add(topicResult);
            }
            response.markers().add(result);
        }
        return response;
    }

    private Errors write(WriteTxnMarkersRequestData.WritableTxnMarker marker, String topic, int partition) {
        PartitionLog log = logs.topic(topic).map(t -> t.partition(partition)).orElse(null);
        if (log == null) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        try {
            log.appendMarker(marker.producerId(), marker.producerEpoch(), marker.transactionResult(),
                    marker.coordinatorEpoch(), System.currentTimeMillis(), marker.transactionVersion() >= 2);
            return Errors.NONE;
        } catch (InvalidProducerEpochException e) {
            return Errors.INVALID_PRODUCER_EPOCH;
        } catch (TransactionCoordinatorFencedException e) {
            return Errors.TRANSACTION_COORDINATOR_FENCED;
        } catch (KafkaStorageException e) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }
}
