package org.kafkatck.tck.selftest;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Mutants of the log's start and its deletion (DeleteRecords, retention as ListOffsets and Fetch show it),
 * of compacted topics' key rule and of the idempotence edges around the log start. Each reproduces one
 * wrong behaviour a Kafka-compatible broker shipped, or, where no public report was found, the behaviour a
 * Kafka test or KIP pins.
 */
final class LogMutants {
    private static final String DELETE_RECORDS_TEST =
            "apache/kafka core/src/test/scala/unit/kafka/server/DeleteRecordsRequestTest.scala";

    private LogMutants() {
    }

    static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(deleteRecords());
        all.addAll(readers());
        all.addAll(produce());
        return all;
    }

    private static List<Mutant> deleteRecords() {
        return List.of(
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>request("delete-records-minus-one-ignored",
                        ApiKeys.DELETE_RECORDS, "takes offset -1 literally: deletes nothing instead of up to the high"
                                + " watermark",
                        "apache/kafka#20527 (KAFKA-19699): -1 in DeleteRecords means the high watermark, which"
                                + " implementations and tools missed",
                        request -> request.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.offset() == -1) {
                                p.setOffset(0);
                            }
                        }))),
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>of("delete-records-beyond-hwm-clamped",
                        ApiKeys.DELETE_RECORDS, "deletes up to the high watermark when asked for an offset beyond it,"
                                + " instead of OFFSET_OUT_OF_RANGE",
                        "redpanda-data/redpanda#10061 review: \"DeleteRecords ahead of hwm\" must be refused; "
                                + DELETE_RECORDS_TEST,
                        (context, request, broker) -> {
                            DeleteRecordsResponseData response = broker.handle(context, request);
                            boolean outOfRange = response.topics().stream().flatMap(t -> t.partitions().stream())
                                    .anyMatch(p -> p.errorCode() == Errors.OFFSET_OUT_OF_RANGE.code());
                            if (!outOfRange) {
                                return response;
                            }
                            request.topics().forEach(t -> t.partitions().forEach(p -> p.setOffset(-1)));
                            return broker.handle(context, request);
                        }),
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>response(
                        "delete-records-low-watermark-echoed", ApiKeys.DELETE_RECORDS,
                        "answers the offset asked for as the low watermark, not the log start offset it left",
                        "redpanda-data/redpanda#10061 review: \"DeleteRecords below lwm\"; " + DELETE_RECORDS_TEST,
                        (request, response) -> request.topics().forEach(t -> t.partitions().forEach(p -> {
                            DeleteRecordsResponseData.DeleteRecordsPartitionResult result =
                                    response.topics().find(t.name()).partitions().find(p.partitionIndex());
                            if (result != null && result.errorCode() == Errors.NONE.code() && p.offset() >= 0) {
                                result.setLowWatermark(p.offset());
                            }
                        }))),
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>response(
                        "delete-records-unknown-partition-ok", ApiKeys.DELETE_RECORDS,
                        "answers DeleteRecords of a partition that does not exist with NONE",
                        "redpanda-data/redpanda#10061 review: \"DeleteRecords on a partition that doesn't exist\"",
                        (request, response) -> eachResult(response, p -> {
                            if (p.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                p.setErrorCode(Errors.NONE.code()).setLowWatermark(0);
                            }
                        })),
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>response(
                        "delete-records-ignores-cleanup-policy", ApiKeys.DELETE_RECORDS,
                        "accepts DeleteRecords on a compact-only topic",
                        "redpanda-data/documentation#1657: DeleteRecords needs cleanup.policy delete or"
                                + " compact,delete (Kafka answers POLICY_VIOLATION)",
                        (request, response) -> eachResult(response, p -> {
                            if (p.errorCode() == Errors.POLICY_VIOLATION.code()) {
                                p.setErrorCode(Errors.NONE.code()).setLowWatermark(0);
                            }
                        })),
                Mutant.<DeleteRecordsRequestData, DeleteRecordsResponseData>of("delete-records-not-applied",
                        ApiKeys.DELETE_RECORDS, "acknowledges DeleteRecords without moving the log start offset",
                        "streamnative/kop#531: the log start offset was not tracked, so deleted records stayed"
                                + " readable",
                        (context, request, broker) -> {
                            DeleteRecordsResponseData response = new DeleteRecordsResponseData();
                            request.topics().forEach(t -> {
                                DeleteRecordsResponseData.DeleteRecordsTopicResult topic =
                                        new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(t.name());
                                t.partitions().forEach(p -> topic.partitions().add(
                                        new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                                                .setPartitionIndex(p.partitionIndex())
                                                .setLowWatermark(Math.max(p.offset(), 0))));
                                response.topics().add(topic);
                            });
                            return response;
                        }));
    }

    private static List<Mutant> readers() {
        return List.of(
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>response("list-offsets-earliest-stays-zero",
                        ApiKeys.LIST_OFFSETS, "answers ListOffsets EARLIEST with 0 after records were deleted",
                        "redpanda-data/redpanda#10061: the start offset a fetch may read from (visible_start_offset)"
                                + " had to be carried to ListOffsets",
                        (request, response) -> request.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.timestamp() == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
                                response.topics().stream().filter(r -> r.name().equals(t.name()))
                                        .flatMap(r -> r.partitions().stream())
                                        .filter(r -> r.partitionIndex() == p.partitionIndex()
                                                && r.errorCode() == Errors.NONE.code())
                                        .forEach(r -> r.setOffset(0));
                            }
                        }))),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-below-log-start-served", ApiKeys.FETCH,
                        "serves a fetch below the log start offset from the log start instead of"
                                + " OFFSET_OUT_OF_RANGE",
                        "streamnative/kop#531: a fetch below the log start offset was served from the first entry",
                        (context, request, broker) -> {
                            FetchResponseData response = broker.handle(context, request);
                            boolean again = false;
                            for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
                                for (FetchResponseData.PartitionData p : topic.partitions()) {
                                    FetchRequestData.FetchPartition asked = asked(request, topic, p.partitionIndex());
                                    if (p.errorCode() == Errors.OFFSET_OUT_OF_RANGE.code() && asked != null
                                            && asked.fetchOffset() < p.logStartOffset()) {
                                        asked.setFetchOffset(p.logStartOffset());
                                        again = true;
                                    }
                                }
                            }
                            return again ? broker.handle(context, request) : response;
                        }),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-gap-answered-empty", ApiKeys.FETCH,
                        "answers a fetch from an offset that cleaning removed with no records, instead of the"
                                + " batches after the gap",
                        "kafka4beam/brod#263: a consumer halts on a compacted topic when the fetch response is empty"
                                + " at a cleaned offset; tulios/kafkajs#562",
                        (request, response) -> response.responses().forEach(t -> t.partitions().forEach(p -> {
                            FetchRequestData.FetchPartition asked = asked(request, t, p.partitionIndex());
                            if (asked != null && p.records() instanceof MemoryRecords records
                                    && records.sizeInBytes() > 0
                                    && records.batches().iterator().next().baseOffset() > asked.fetchOffset()) {
                                p.setRecords(MemoryRecords.EMPTY);
                            }
                        }))),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-log-start-offset-stale", ApiKeys.FETCH,
                        "reports log_start_offset 0 after the log start moved",
                        "redpanda-data/redpanda#995: the log start offset in fetch responses, reverted",
                        (request, response) -> response.responses().forEach(t -> t.partitions().forEach(p -> {
                            if (p.errorCode() == Errors.NONE.code() && p.logStartOffset() > 0) {
                                p.setLogStartOffset(0);
                            }
                        }))));
    }

    private static List<Mutant> produce() {
        return List.of(
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-compacted-accepts-null-key",
                        ApiKeys.PRODUCE, "stores records without a key on compacted topics (as records with an"
                                + " empty key)",
                        "redpanda-data/redpanda#2435: make Redpanda reject null keys in a compacted topic",
                        (context, request, broker) -> {
                            ProduceResponseData response = broker.handle(context, request);
                            boolean refusedForKeys = response.responses().stream()
                                    .flatMap(t -> t.partitionResponses().stream())
                                    .flatMap(p -> p.recordErrors().stream())
                                    .anyMatch(e -> e.batchIndexErrorMessage() != null
                                            && e.batchIndexErrorMessage().startsWith("Compacted topic cannot accept"));
                            if (!refusedForKeys) {
                                return response;
                            }
                            request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                                if (p.records() instanceof MemoryRecords records) {
                                    p.setRecords(withKeys(records));
                                }
                            }));
                            return broker.handle(context, request);
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-log-start-offset-stale",
                        ApiKeys.PRODUCE, "answers Produce with log_start_offset 0 after the log start moved",
                        "redpanda-data/redpanda#995: the log start offset in responses, reverted; KIP-107 adds"
                                + " log_start_offset to the Produce response",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.errorCode() == Errors.NONE.code() && p.logStartOffset() > 0) {
                                p.setLogStartOffset(0);
                            }
                        }))),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-old-retry-duplicate-sequence",
                        ApiKeys.PRODUCE, "answers DUPLICATE_SEQUENCE_NUMBER for a retry of a batch older than the"
                                + " five remembered; Kafka 4.4 answers OUT_OF_ORDER_SEQUENCE_NUMBER",
                        "apache/kafka ProducerStateManager: only the last 5 batches are cached (KAFKA-5494); an older"
                                + " retry is out of order",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.errorCode() == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code()
                                    && baseSequence(request, t.name(), p.index()) == 0) {
                                p.setErrorCode(Errors.DUPLICATE_SEQUENCE_NUMBER.code());
                            }
                        }))),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-forgets-producer-after-log-start",
                        ApiKeys.PRODUCE, "forgets a producer once the log start passed its last batch: its next"
                                + " batch gets UNKNOWN_PRODUCER_ID (Kafka before KIP-360)",
                        "KIP-360 / KAFKA-7190: UNKNOWN_PRODUCER_ID after DeleteRecords removed a producer's records",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.errorCode() == Errors.NONE.code() && p.baseOffset() > 0
                                    && p.logStartOffset() == p.baseOffset()
                                    && baseSequence(request, t.name(), p.index()) > 0) {
                                p.setErrorCode(Errors.UNKNOWN_PRODUCER_ID.code()).setBaseOffset(-1);
                            }
                        }))));
    }

    private static void eachResult(DeleteRecordsResponseData response,
                                   java.util.function.Consumer<DeleteRecordsResponseData.DeleteRecordsPartitionResult> edit) {
        response.topics().forEach(t -> t.partitions().forEach(edit));
    }

    private static FetchRequestData.FetchPartition asked(FetchRequestData request,
                                                         FetchResponseData.FetchableTopicResponse topic, int partition) {
        for (FetchRequestData.FetchTopic t : request.topics()) {
            boolean same = topic.topic() != null && !topic.topic().isEmpty() ? topic.topic().equals(t.topic())
                    : topic.topicId().equals(t.topicId());
            if (same) {
                for (FetchRequestData.FetchPartition p : t.partitions()) {
                    if (p.partition() == partition) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** @return the base sequence of the batch produced to a partition, or -1 */
    private static int baseSequence(ProduceRequestData request, String topic, int partition) {
        for (ProduceRequestData.TopicProduceData t : request.topicData()) {
            if (topic.equals(t.name())) {
                for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                    if (p.index() == partition && p.records() instanceof MemoryRecords records) {
                        for (MutableRecordBatch batch : records.batches()) {
                            return batch.baseSequence();
                        }
                    }
                }
            }
        }
        return -1;
    }

    /** @return the records re-encoded with an empty key where they had none; idempotence fields are not kept */
    private static MemoryRecords withKeys(MemoryRecords records) {
        List<SimpleRecord> rewritten = new ArrayList<>();
        boolean changed = false;
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.hasProducerId()) {
                return records;
            }
            for (Record record : batch) {
                byte[] key = new byte[0];
                if (record.hasKey()) {
                    key = new byte[record.keySize()];
                    record.key().duplicate().get(key);
                } else {
                    changed = true;
                }
                byte[] value = null;
                if (record.hasValue()) {
                    value = new byte[record.valueSize()];
                    record.value().duplicate().get(value);
                }
                rewritten.add(new SimpleRecord(record.timestamp(), key, value, record.headers()));
            }
        }
        return changed ? MemoryRecords.withRecords(Compression.NONE, rewritten.toArray(SimpleRecord[]::new)) : records;
    }
}
