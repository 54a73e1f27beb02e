package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.log.AppendResult;
import org.kafkatck.broker.log.DecompressedRecordSize;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.RecordTimestamps;
import org.kafkatck.broker.log.RecordValidationException;
import org.kafkatck.broker.log.Topic;
import org.kafkatck.broker.log.TopicCompression;
import org.kafkatck.broker.log.TopicSettings;
import org.kafkatck.broker.txn.TransactionCoordinator;

/**
 * Produce (key 0): appends one record batch per partition and acknowledges it with its base offset.
 *
 * <ul>
 *   <li>v3: transactional id; record batches of magic v2 only (the oldest version Kafka 4 keeps, KIP-896).</li>
 *   <li>v4-v6: same format (new error codes, throttling before response).</li>
 *   <li>v5: log start offset in the response.</li>
 *   <li>v7: zstd compression (KIP-110).</li>
 *   <li>v8: per-record errors and an error message (KIP-467).</li>
 *   <li>v9: flexible versions.</li>
 *   <li>v10-v11: current-leader hints for NOT_LEADER errors (KIP-951), never needed on a single node.</li>
 *   <li>v12: same format (transactions v2, KIP-890).</li>
 *   <li>v13: topics by id instead of name (KIP-516); an unknown id gets UNKNOWN_TOPIC_ID.</li>
 * </ul>
 * A batch refused for some of its records (a CreateTime outside the topic's
 * {@code message.timestamp.before.max.ms} / {@code message.timestamp.after.max.ms}, KIP-937) names each of
 * them in {@code record_errors} with a summary in {@code error_message} (v8+, KIP-467).
 * A compressed batch with a record above the topic's {@code max.decompressed.message.bytes} is INVALID_RECORD.
 * A topic whose {@code compression.type} names a codec gets every batch in that codec (TopicCompression).
 * A request with transactional batches but no transactional id is refused as a whole with
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED, before anything else is checked (Apache Kafka's KafkaApis), and so is one
 * whose principal may not WRITE its transactional id; a partition of a topic the principal may not WRITE is
 * TOPIC_AUTHORIZATION_FAILED (no CLUSTER IDEMPOTENT_WRITE check since Kafka 3.0, KIP-679).
 * {@code acks} must be 0, 1 or -1 (INVALID_REQUIRED_ACKS otherwise). With acks=0 nothing is answered,
 * and, as in Apache Kafka, a failed append closes the connection so the producer notices. A partition
 * named twice in one request is appended to once, with the batch named last.
 */
public final class ProduceHandler extends VersionedHandler<ProduceRequestData, ProduceResponseData> {
    private final LogManager logs;
    private final TransactionCoordinator transactions;

    /** @param logs the topics to append to; transactional batches are refused */
    public ProduceHandler(LogManager logs) {
        this(logs, null);
    }

    /**
     * @param logs         the topics to append to
     * @param transactions the coordinator that tells whether a transactional batch's partition is in its
     *                     transaction, or {@code null} to refuse transactional batches
     */
    public ProduceHandler(LogManager logs, TransactionCoordinator transactions) {
        super(ApiKeys.PRODUCE, 3, 13);
        this.logs = logs;
        this.transactions = transactions;
    }

    @Override
    public ProduceResponseData handle(RequestContext context, ProduceRequestData request) {
        short version = context.apiVersion();
        short acks = request.acks();
        if (hasTransactionalBatch(request) && (request.transactionalId() == null
                || !context.authorized(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId()))) {
            // Apache Kafka authorizes the transactional id of a request with transactional batches before anything
            // else; a missing one counts as refused
            if (acks == 0) {
                throw new CloseConnectionException("Produce with acks=0 has transactional batches but no transactional id");
            }
            return refusedWhole(request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        }
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        long now = System.currentTimeMillis();
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        List<String> failures = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name())
                    .setTopicId(topicData.topicId());
            Topic topic = version >= 13 ? logs.topic(topicData.topicId()).orElse(null)
                    : logs.topic(topicData.name()).orElse(null);
            Errors topicError = version >= 13 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            // Kafka resolves a topic id first, then authorizes the name, then looks for the partition
            String name = version >= 13 ? (topic == null ? null : topic.name()) : topicData.name();
            if (name != null && !context.authorized(AclOperation.WRITE, ResourceType.TOPIC, name)) {
                topicError = Errors.TOPIC_AUTHORIZATION_FAILED;
                topic = null;
            }
            for (ProduceRequestData.PartitionProduceData partitionData : lastOfEachPartition(topicData.partitionData())) {
                PartitionProduceResponse result;
                if (!validAcks) {
                    result = failed(partitionData.index(), Errors.INVALID_REQUIRED_ACKS, null);
                } else if (topic == null) {
                    result = failed(partitionData.index(), topicError, null);
                } else {
                    PartitionLog log = topic.partition(partitionData.index());
                    result = log == null
                            ? failed(partitionData.index(), Errors.UNKNOWN_TOPIC_OR_PARTITION, null)
                            : append(log, topic, partitionData, now, version, request.transactionalId());
                }
                if (result.errorCode() != Errors.NONE.code()) {
                    failures.add(topicData.name() + "-" + partitionData.index() + ": " + Errors.forCode(result.errorCode()));
                }
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            if (!failures.isEmpty()) {
                throw new CloseConnectionException("Produce with acks=0 failed for " + String.join(", ", failures));
            }
            return null;
        }
        return response;
    }

    private PartitionProduceResponse append(PartitionLog log, Topic topic, ProduceRequestData.PartitionProduceData data,
                                            long now, short version, String transactionalId) {
        if (!(data.records() instanceof MemoryRecords records)) {
            return failed(data.index(), Errors.INVALID_RECORD, "Missing records");
        }
        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
            if (batch.isTransactional()) {
                Errors error = inTransaction(transactionalId, batch.producerId(), batch.producerEpoch(),
                        new org.apache.kafka.common.TopicPartition(topic.name(), data.index()), version, now);
                if (error != Errors.NONE) {
                    return failed(data.index(), error, error == Errors.INVALID_TXN_STATE
                            ? "Partition was not added to the transaction" : null);
                }
            }
        }
        try {
            TopicSettings settings = topic.settings();
            RecordTimestamps.check(records, settings, now);
            DecompressedRecordSize.check(records, settings);
            boolean allowZstd = version >= 7;
            AppendResult appended = log.append(TopicCompression.toTopicCodec(records, settings, allowZstd),
                    settings.timestampType(), settings.maxMessageBytes(), now, allowZstd);
            return new PartitionProduceResponse()
                    .setIndex(data.index())
                    .setErrorCode(Errors.NONE.code())
                    .setBaseOffset(appended.baseOffset())
                    .setLogAppendTimeMs(appended.logAppendTime())
                    .setLogStartOffset(appended.logStartOffset());
        } catch (RecordValidationException e) {
            PartitionProduceResponse refused = failed(data.index(), e.error(), e.getMessage());
            e.recordErrors().forEach(r -> refused.recordErrors().add(new BatchIndexAndErrorMessage()
                    .setBatchIndex(r.batchIndex()).setBatchIndexErrorMessage(r.message())));
            return refused;
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            return failed(data.index(), error, e.getMessage());
        }
    }

    /**
     * KIP-890's check before a transactional write, as Apache Kafka's partition leader makes it: from v12
     * (transactions v2) the write adds its partition to the transaction; before, the partition must have been
     * added (AddPartitionsToTxn), else INVALID_TXN_STATE (TRANSACTION_ABORTABLE from v11) and nothing is
     * written. A fenced producer gets INVALID_PRODUCER_EPOCH.
     */
    private Errors inTransaction(String transactionalId, long producerId, short epoch,
                                 org.apache.kafka.common.TopicPartition partition, short version, long now) {
        if (transactions == null || transactionalId == null) {
            return Errors.INVALID_TXN_STATE;
        }
        Errors error = version >= 12
                ? transactions.addPartitions(transactionalId, producerId, epoch, List.of(partition), now)
                : transactions.verify(transactionalId, producerId, epoch, partition);
        return switch (error) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case CONCURRENT_TRANSACTIONS -> Errors.NOT_ENOUGH_REPLICAS;
            case INVALID_TXN_STATE -> version >= 11 ? Errors.TRANSACTION_ABORTABLE : Errors.INVALID_TXN_STATE;
            default -> error;
        };
    }

    /** @return whether any partition of the request carries a transactional batch (KIP-98) */
    private static boolean hasTransactionalBatch(ProduceRequestData request) {
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() instanceof MemoryRecords records) {
                    try {
                        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
                            if (batch.isTransactional()) {
                                return true;
                            }
                        }
                    } catch (RuntimeException corrupt) {
                        // a batch that cannot be read is refused later, with the error its validation gives
                    }
                }
            }
        }
        return false;
    }

    /** Every partition of the request refused with {@code error} and no message, as Kafka's error response has it. */
    private static ProduceResponseData refusedWhole(ProduceRequestData request, Errors error) {
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name())
                    .setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                topicResponse.partitionResponses().add(failed(partition.index(), error, null).setErrorMessage(null));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    /** A partition named twice is appended to once, with the batch named last, and answered once, as Kafka does. */
    private static java.util.Collection<ProduceRequestData.PartitionProduceData> lastOfEachPartition(
            List<ProduceRequestData.PartitionProduceData> partitions) {
        java.util.Map<Integer, ProduceRequestData.PartitionProduceData> last = new java.util.LinkedHashMap<>();
        partitions.forEach(p -> last.put(p.index(), p));
        return last.values();
    }

    private static PartitionProduceResponse failed(int partition, Errors error, String message) {
        return new PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(error.code())
                .setErrorMessage(message != null ? message : error.message())
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }

}
