package org.kafkatck.tck.selftest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.kafkatck.broker.api.RequestContext;

/**
 * Mutants of the data path of transactions (KIP-98, KIP-890): control batches and their attributes, the last
 * stable offset and aborted transactions a Fetch reports, and the partition leader's checks of transactional
 * writes. Caught by {@code features/transactions/markers.feature} (TXN-030..039).
 */
final class TransactionDataMutants {
    /** Where a v2 record batch keeps its attributes (int16); the CRC-32C covers from here to the end. */
    private static final int ATTRIBUTES_OFFSET = 21;
    /** The transactional bit of the attributes (KIP-98). */
    private static final short TRANSACTIONAL_FLAG = 0x10;
    private static final byte READ_COMMITTED = 1;

    private TransactionDataMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-omits-control-batches", ApiKeys.FETCH,
                        "leaves the transaction markers (control batches) out of what Fetch returns, so the offsets"
                                + " they take vanish",
                        "KIP-98: markers are returned like any batch and skipped by consumers, which advance past"
                                + " them by their offsets (consumers stuck without them: tulios/kafkajs#403,"
                                + " kafkaex/kafka_ex#557)",
                        (request, response) -> eachPartition(response, p ->
                                p.setRecords(keep((MemoryRecords) p.records(), b -> !b.isControlBatch())))),
                Mutant.<FetchRequestData, FetchResponseData>response("control-batch-not-transactional", ApiKeys.FETCH,
                        "returns transaction markers without the transactional attribute",
                        "KIP-98 record batch format: a control batch is transactional; the Java consumer ends an"
                                + " aborted range only at a transactional ABORT marker",
                        (request, response) -> eachPartition(response, p ->
                                p.setRecords(controlNotTransactional((MemoryRecords) p.records())))),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-lso-is-high-watermark", ApiKeys.FETCH,
                        "reports last_stable_offset = high watermark in Fetch, open transactions or not",
                        "KIP-98: Fetch reports the last stable offset; read_committed clients take their end offset"
                                + " from it (confluentinc/librdkafka#2377)",
                        (request, response) -> eachPartition(response, p -> p.setLastStableOffset(p.highWatermark()))),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-read-uncommitted-lists-aborted", ApiKeys.FETCH,
                        "sends the aborted transactions list to read_uncommitted fetches too",
                        "redpanda-data/redpanda#18852 and twmb/franz-go#758: an aborted list in read_uncommitted"
                                + " fetches made clients drop records",
                        (context, request, broker) -> {
                            // served as read_committed: the same records when no transaction is open, plus the list
                            request.setIsolationLevel(READ_COMMITTED);
                            return broker.handle(context, request);
                        }),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-read-uncommitted-hides-aborted", ApiKeys.FETCH,
                        "drops aborted transactions' records from read_uncommitted fetches",
                        "redpanda-data/redpanda#6630: read_uncommitted consumers did not see aborted records",
                        (context, request, broker) -> {
                            boolean uncommitted = request.isolationLevel() != READ_COMMITTED;
                            request.setIsolationLevel(READ_COMMITTED);
                            FetchResponseData response = broker.handle(context, request);
                            if (uncommitted && response != null) {
                                eachPartition(response, p -> {
                                    p.setRecords(withoutAborted((MemoryRecords) p.records(), p.abortedTransactions()));
                                    p.setAbortedTransactions(null);
                                });
                            }
                            return response;
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-unadded-partition-accepted", ApiKeys.PRODUCE,
                        "accepts a transactional write to a partition never added to the transaction, whatever the"
                                + " Produce version (no verification before v12)",
                        "KIP-890 part 1 (transaction verification, KAFKA-14402); hanging transactions without it:"
                                + " https://jepsen.io/analyses/bufstream-0.1.0",
                        (context, request, broker) -> {
                            if (request.transactionalId() == null || context.apiVersion() >= 12) {
                                return broker.handle(context, request);
                            }
                            // served as Produce v12, where the write adds its partition to the transaction
                            RequestHeader header = context.header();
                            return broker.handle(new RequestContext(new RequestHeader(ApiKeys.PRODUCE, (short) 12,
                                    header.clientId(), header.correlationId()), context.peer()), request);
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-v12-transactional-unsupported",
                        ApiKeys.PRODUCE, "advertises Produce v12+ but answers UNSUPPORTED_VERSION to a transactional"
                                + " write in it instead of adding the partition to the transaction (KIP-890 part 2)",
                        "twmb/franz-go#1017: a broker advertising Produce v12 answered transactional v12 writes with"
                                + " UNSUPPORTED_VERSION",
                        (context, request, broker) -> {
                            if (request.transactionalId() == null || context.apiVersion() < 12) {
                                return broker.handle(context, request);
                            }
                            ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
                            request.topicData().forEach(t -> {
                                ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData
                                        .TopicProduceResponse().setName(t.name()).setTopicId(t.topicId());
                                t.partitionData().forEach(p -> topic.partitionResponses().add(new ProduceResponseData
                                        .PartitionProduceResponse().setIndex(p.index())
                                        .setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setBaseOffset(-1)
                                        .setLogAppendTimeMs(-1).setLogStartOffset(-1)));
                                response.responses().add(topic);
                            });
                            return response;
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-fenced-transactional-write-accepted",
                        ApiKeys.PRODUCE, "appends a transactional write of a fenced instance (an older epoch of the"
                                + " transactional id) as if it came from the current one",
                        "KIP-98 zombie fencing; redpanda-data/redpanda#3232 and #18120 (fencing bugs)",
                        fencedWritesAccepted()),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-transactional-without-id-misanswered",
                        ApiKeys.PRODUCE, "answers a transactional batch sent without a transactional id with"
                                + " INVALID_TXN_STATE, as if the partition were only missing from the transaction",
                        "Apache Kafka's KafkaApis.handleProduceRequest: transactional records without a transactional id"
                                + " fail the whole request with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (this broker's own"
                                + " answer before issue 13)",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.errorCode() == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()) {
                                p.setErrorCode(Errors.INVALID_TXN_STATE.code());
                            }
                        }))));
    }

    private static void eachPartition(FetchResponseData response,
                                      java.util.function.Consumer<FetchResponseData.PartitionData> edit) {
        response.responses().forEach(t -> t.partitions().forEach(p -> {
            if (p.records() instanceof MemoryRecords) {
                edit.accept(p);
            }
        }));
    }

    /** @return a copy of the batches of {@code records} that {@code kept} accepts */
    private static MemoryRecords keep(MemoryRecords records, Predicate<RecordBatch> kept) {
        if (records == null || records.sizeInBytes() == 0) {
            return records;
        }
        ByteBuffer out = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            if (kept.test(batch)) {
                batch.writeTo(out);
            }
        }
        return MemoryRecords.readableRecords(out.flip());
    }

    /** @return a copy of {@code records} whose control batches lost the transactional bit (CRC made right again) */
    private static MemoryRecords controlNotTransactional(MemoryRecords records) {
        if (records == null || records.sizeInBytes() == 0) {
            return records;
        }
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        int position = 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(copy.duplicate()).batches()) {
            int size = batch.sizeInBytes();
            if (batch.isControlBatch()) {
                short attributes = copy.getShort(position + ATTRIBUTES_OFFSET);
                copy.putShort(position + ATTRIBUTES_OFFSET, (short) (attributes & ~TRANSACTIONAL_FLAG));
                CRC32C crc = new CRC32C();
                crc.update(copy.duplicate().position(position + ATTRIBUTES_OFFSET).limit(position + size));
                copy.putInt(position + DefaultRecordBatch.CRC_OFFSET, (int) crc.getValue());
            }
            position += size;
        }
        return MemoryRecords.readableRecords(copy);
    }

    /**
     * @return {@code records} without the transactional data batches of the producers with an aborted transaction
     *         listed, from its first offset on (crude, but all a read_uncommitted reader must never lose)
     */
    private static MemoryRecords withoutAborted(MemoryRecords records,
                                                List<FetchResponseData.AbortedTransaction> aborted) {
        if (records == null || aborted == null || aborted.isEmpty()) {
            return records;
        }
        Map<Long, Long> abortedFrom = new HashMap<>();
        aborted.forEach(a -> abortedFrom.merge(a.producerId(), a.firstOffset(), Math::min));
        return keep(records, batch -> batch.isControlBatch() || !batch.isTransactional()
                || abortedFrom.getOrDefault(batch.producerId(), Long.MAX_VALUE) > batch.baseOffset());
    }

    /**
     * On INVALID_PRODUCER_EPOCH for a transactional batch, writes it again under the next epoch, which is the
     * current one after one fencing, and answers that.
     */
    private static Mutant.Mutation<ProduceRequestData, ProduceResponseData> fencedWritesAccepted() {
        return RefusedBatches.accepted(Errors.INVALID_PRODUCER_EPOCH, original -> {
            RecordBatch batch = original.batches().iterator().next();
            if (!batch.isTransactional()) {
                return null;
            }
            List<SimpleRecord> records = new ArrayList<>();
            for (Record record : batch) {
                records.add(new SimpleRecord(record.timestamp(), record.key(), record.value(), record.headers()));
            }
            return MemoryRecords.withTransactionalRecords(Compression.NONE, batch.producerId(),
                    (short) (batch.producerEpoch() + 1), batch.baseSequence(), records.toArray(SimpleRecord[]::new));
        });
    }
}
