package org.kafkatck.tck.selftest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.RequestContext;

/**
 * Mutants of the core data path: Produce, Fetch, ListOffsets, Metadata, ApiVersions, InitProducerId
 * and DescribeCluster. Each reproduces one wrong behaviour a Kafka-compatible broker shipped (or,
 * where no public report was found, the behaviour a Kafka test or KIP pins).
 */
final class CoreMutants {
    private CoreMutants() {
    }

    static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(fetch());
        all.addAll(produce());
        all.addAll(listOffsets());
        all.addAll(metadata());
        all.addAll(others());
        return all;
    }

    private static List<Mutant> fetch() {
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-offset", ApiKeys.FETCH,
                        "serves every fetch from the start of the log, whatever offset was asked for",
                        "tulios/kafkajs#100, SOHU-Co/kafka-node#312: clients drop records below the fetch offset,"
                                + " hiding a broker that serves from too early (issue #10: graded COMPATIBLE 147/147)",
                        request -> request.topics().forEach(t -> t.partitions().forEach(p -> p.setFetchOffset(0)))),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-batch-leader-epoch-unset", ApiKeys.FETCH,
                        "serves batches whose partition leader epoch is -1 instead of the epoch that appended them",
                        "redpanda-data/redpanda#1181: leader epochs (KIP-320) not carried to clients",
                        (request, response) -> eachPartition(response, p -> p.setRecords(
                                withBatches((MemoryRecords) p.records(), b -> b.setPartitionLeaderEpoch(-1))))),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-answers-at-once", ApiKeys.FETCH,
                        "ignores max_wait_ms: answers every fetch at once, empty when there is no data",
                        "redpanda-data/redpanda#1115: Fetch max_wait_ms is not being respected",
                        request -> request.setMaxWaitMs(0)),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-waits-full-max-wait", ApiKeys.FETCH,
                        "holds every fetch for the whole max_wait_ms, even once min_bytes of data has arrived",
                        "confluentinc/confluent-kafka-dotnet#1115: a record produced during a long poll arrives"
                                + " only when fetch.max.wait.ms expires",
                        request -> request.setMinBytes(Integer.MAX_VALUE)),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-min-bytes", ApiKeys.FETCH,
                        "answers as soon as any data is there, ignoring min_bytes",
                        "apache/kafka#20111 (KAFKA-19460): the broker waits for fetch.min.bytes, up to max wait",
                        request -> request.setMinBytes(1)),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-partition-max-bytes",
                        ApiKeys.FETCH, "ignores partition_max_bytes: returns a partition's data up to max_bytes",
                        "tulios/kafkajs#1677: maxBytesPerPartition not honoured",
                        request -> request.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setPartitionMaxBytes(Integer.MAX_VALUE)))),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-max-bytes", ApiKeys.FETCH,
                        "ignores the response-wide max_bytes",
                        "apache/kafka#21211 (KAFKA-20019): Fetch responses can exceed maxBytes",
                        request -> request.setMaxBytes(Integer.MAX_VALUE)),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-first-batch-withheld", ApiKeys.FETCH,
                        "returns nothing when the first batch alone exceeds the byte limits (no KIP-74), so the"
                                + " consumer is stuck",
                        "redpanda-data/redpanda#1532: return at least one batch even if it exceeds max_bytes (KIP-74)",
                        (request, response) -> {
                            Map<Integer, Integer> limits = new HashMap<>();
                            request.topics().forEach(t -> t.partitions().forEach(p ->
                                    limits.put(p.partition(), Math.min(p.partitionMaxBytes(), request.maxBytes()))));
                            eachPartition(response, p -> {
                                Integer limit = limits.get(p.partitionIndex());
                                if (limit != null && p.records() != null && p.records().sizeInBytes() > limit) {
                                    p.setRecords(MemoryRecords.EMPTY);
                                }
                            });
                        }),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-out-of-range-as-empty", ApiKeys.FETCH,
                        "answers a fetch beyond the log with an empty partition instead of OFFSET_OUT_OF_RANGE",
                        "apache/kafka#118 (KAFKA-2390): consumers reset only on OFFSET_OUT_OF_RANGE",
                        (request, response) -> eachPartition(response, p -> {
                            if (p.errorCode() == Errors.OFFSET_OUT_OF_RANGE.code()) {
                                p.setErrorCode(Errors.NONE.code()).setRecords(MemoryRecords.EMPTY);
                            }
                        })),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-high-watermark-last-offset", ApiKeys.FETCH,
                        "reports the offset of the last record as the high watermark, not the offset after it",
                        "zendesk/ruby-kafka#486: the high watermark is the next offset, not the last written",
                        (request, response) -> eachPartition(response, p -> {
                            if (p.errorCode() == Errors.NONE.code() && p.highWatermark() > 0) {
                                p.setHighWatermark(p.highWatermark() - 1);
                            }
                        })),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-log-start-offset-unset", ApiKeys.FETCH,
                        "reports log_start_offset -1 (Fetch v5+)",
                        "platformatic/kafka#303: a Fetch response reporting logStartOffset -1 wedged a consumer",
                        (request, response) -> eachPartition(response, p -> p.setLogStartOffset(-1))),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-unknown-topic-as-not-leader",
                        ApiKeys.FETCH, "answers a fetch of an unknown topic with NOT_LEADER_OR_FOLLOWER",
                        "apache/kafka#4883 (KAFKA-6796): UNKNOWN_TOPIC_OR_PARTITION and NOT_LEADER are distinct",
                        (request, response) -> eachPartition(response, p -> {
                            if (p.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                p.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
                            }
                        })),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-topic-id-zero", ApiKeys.FETCH,
                        "answers fetches by topic id (v13+) under the zero topic id",
                        "confluentinc/librdkafka#4735: a request by topic id must be answered with that id",
                        (request, response) -> response.responses().forEach(t -> t.setTopicId(Uuid.ZERO_UUID))),
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-unknown-topic-id-as-unknown-topic",
                        ApiKeys.FETCH, "answers an unknown topic id with UNKNOWN_TOPIC_OR_PARTITION",
                        "KIP-516: a fetch naming an unknown topic id gets UNKNOWN_TOPIC_ID (Kafka FetchRequestTest)",
                        (request, response) -> eachPartition(response, p -> {
                            if (p.errorCode() == Errors.UNKNOWN_TOPIC_ID.code()) {
                                p.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                            }
                        })),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-current-leader-epoch",
                        ApiKeys.FETCH, "ignores the current_leader_epoch a fetch names (KIP-320, Fetch v9+)",
                        "redpanda-data/redpanda#1181: KIP-320 leader epochs not supported",
                        request -> request.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setCurrentLeaderEpoch(-1)))));
    }

    private static List<Mutant> produce() {
        return List.of(
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-log-append-time-unset",
                        ApiKeys.PRODUCE, "answers log_append_time_ms = -1 on LogAppendTime topics",
                        "redpanda-data/redpanda#29189: LogAppendTimeMs always -1 in ProduceResponse",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses()
                                .forEach(p -> p.setLogAppendTimeMs(-1)))),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-log-append-time-from-producer",
                        ApiKeys.PRODUCE, "answers the producer's timestamp as log_append_time_ms on LogAppendTime"
                                + " topics, not the time it stamped on the stored batch",
                        "redpanda-data/redpanda#29286: log_append_time_ms must be the stored batch's max timestamp",
                        (context, request, broker) -> {
                            // read before the broker stamps the batch in place with its own clock
                            Map<Integer, Long> producerTimes = new HashMap<>();
                            request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                                if (p.records() instanceof MemoryRecords records
                                        && records.batches().iterator().hasNext()) {
                                    producerTimes.put(p.index(), records.batches().iterator().next().maxTimestamp());
                                }
                            }));
                            ProduceResponseData response = broker.handle(context, request);
                            if (response != null) {
                                response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                                    if (p.logAppendTimeMs() != -1 && producerTimes.containsKey(p.index())) {
                                        p.setLogAppendTimeMs(producerTimes.get(p.index()));
                                    }
                                }));
                            }
                            return response;
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-log-append-time-on-create-time",
                        ApiKeys.PRODUCE, "answers a log_append_time_ms on CreateTime topics, where it must be -1",
                        "aiven/inkless#179: producers expect logAppendTime -1 on CreateTime topics",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.errorCode() == Errors.NONE.code() && p.logAppendTimeMs() == -1) {
                                p.setLogAppendTimeMs(System.currentTimeMillis());
                            }
                        }))),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-into-partition-zero", ApiKeys.PRODUCE,
                        "appends every batch to partition 0 but answers for the partition asked for",
                        "alm0ra/mockafka-py#27: partition index ignored on produce (a mock broker);"
                                + " RecordMetadata.partition() is filled in by the client",
                        CoreMutants::produceIntoPartitionZero),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-headers-dropped", ApiKeys.PRODUCE,
                        "stores records without their headers",
                        "apache/pulsar-adapters#45: Kafka record headers are not being handled",
                        request -> rewriteRecords(request, r -> new SimpleRecord(r.timestamp(), r.key(), r.value(),
                                new Header[0]))),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-null-value-stored-empty",
                        ApiKeys.PRODUCE, "stores a null value (a tombstone) as an empty value",
                        "platformatic/kafka#217: null encoded as varint(0), an empty value, instead of -1",
                        request -> rewriteRecords(request, r -> new SimpleRecord(r.timestamp(), r.key(),
                                r.value() == null ? ByteBuffer.allocate(0) : r.value(), r.headers()))),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-keys-dropped", ApiKeys.PRODUCE,
                        "stores records without their keys",
                        "KIP-32/KIP-98 record format: a record's key is stored and served as sent (Kafka"
                                + " PlaintextConsumerTest round-trips keys)",
                        request -> rewriteRecords(request, r -> new SimpleRecord(r.timestamp(), null, r.value(),
                                r.headers()))),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-create-time-rewritten",
                        ApiKeys.PRODUCE, "replaces the producer's timestamps with the broker's clock on CreateTime"
                                + " topics",
                        "KIP-32: CreateTime topics keep the producer's timestamp (Kafka LogValidatorTest)",
                        request -> {
                            long now = System.currentTimeMillis();
                            rewriteRecords(request, r -> new SimpleRecord(now, r.key(), r.value(), r.headers()));
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-stored-uncompressed",
                        ApiKeys.PRODUCE, "decompresses batches and stores them uncompressed, although the topic's"
                                + " compression.type is producer",
                        "robot-head/crabka#122: compression.type=producer re-encoded batches instead of keeping them",
                        request -> rewriteRecords(request, UnaryOperator.identity(), Compression.NONE)),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-duplicate-stored-twice", ApiKeys.PRODUCE,
                        "writes a retried idempotent batch again instead of answering its original offset",
                        "AutoMQ/automq#1868: retried batches not recognised as duplicates",
                        duplicatesStoredTwice()),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-sequence-gap-accepted", ApiKeys.PRODUCE,
                        "appends an idempotent batch whose sequence number skips ahead (or restarts a new epoch"
                                + " above 0) instead of refusing it",
                        "aiven/inkless#120: sequence-out-of-order checks missing until re-implemented",
                        acceptRefused(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER)),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-stale-epoch-accepted", ApiKeys.PRODUCE,
                        "appends a batch from an older producer epoch instead of refusing it",
                        "aiven/inkless#120: invalid (decreasing) producer epoch checks missing until re-implemented",
                        acceptRefused(Errors.INVALID_PRODUCER_EPOCH)));
    }

    private static List<Mutant> listOffsets() {
        return List.of(
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>response("list-offsets-leader-epoch-unset",
                        ApiKeys.LIST_OFFSETS, "answers leader_epoch = -1 for every offset found (ListOffsets v4+)",
                        "confluentinc/librdkafka#4735: offset leader epoch fix in ListOffsets (mock broker)",
                        (request, response) -> response.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setLeaderEpoch(-1)))),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>of("list-offsets-max-timestamp-last-offset",
                        ApiKeys.LIST_OFFSETS, "answers MAX_TIMESTAMP (-3) with the last offset of the log, not the"
                                + " offset of the record with the largest timestamp",
                        "apache/kafka#15621 (KAFKA-16310): ListOffsets doesn't report the offset with maxTimestamp",
                        answerFromLatest(ListOffsetsRequest.MAX_TIMESTAMP, -1)),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>response("list-offsets-latest-last-offset",
                        ApiKeys.LIST_OFFSETS, "answers LATEST (-1) with the offset of the last record, not the offset"
                                + " after it",
                        "zendesk/ruby-kafka#486: the latest offset (high watermark) is the next offset, not the last",
                        (request, response) -> matching(request, response, ListOffsetsRequest.LATEST_TIMESTAMP, p -> {
                            if (p.offset() > 0) {
                                p.setOffset(p.offset() - 1);
                            }
                        })),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>request("list-offsets-by-time-answers-latest",
                        ApiKeys.LIST_OFFSETS, "answers a lookup by timestamp with the latest offset (no time index)",
                        "apache/kafka ListOffsetsIntegrationTest: a time finds the first record at or after it",
                        request -> request.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.timestamp() >= 0) {
                                p.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP);
                            }
                        }))),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>of("list-offsets-earliest-is-latest",
                        ApiKeys.LIST_OFFSETS, "answers EARLIEST (-2) with the latest offset, as if the log were empty",
                        "apache/kafka ListOffsetsRequestTest: EARLIEST answers the log start offset",
                        answerFromLatest(ListOffsetsRequest.EARLIEST_TIMESTAMP, 0)),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>response("list-offsets-unknown-topic-as-not-leader",
                        ApiKeys.LIST_OFFSETS, "answers an unknown topic with NOT_LEADER_OR_FOLLOWER",
                        "apache/kafka#4883 (KAFKA-6796): UNKNOWN_TOPIC_OR_PARTITION and NOT_LEADER are distinct",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                p.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
                            }
                        }))));
    }

    private static List<Mutant> metadata() {
        return List.of(
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-leader-epoch-unknown",
                        ApiKeys.METADATA, "answers leader_epoch = -1 for every partition (Metadata v7+)",
                        "redpanda-data/redpanda#1181: leader epoch not returned in metadata",
                        (request, response) -> response.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setLeaderEpoch(-1)))),
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-topic-id-zero", ApiKeys.METADATA,
                        "answers the zero topic id for existing topics (Metadata v10+)",
                        "confluentinc/librdkafka#4300: topic ids missing from Metadata responses (KIP-516)",
                        (request, response) -> response.topics().forEach(t -> {
                            if (t.errorCode() == Errors.NONE.code()) {
                                t.setTopicId(Uuid.ZERO_UUID);
                            }
                        })),
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-unknown-topic-leader-not-available",
                        ApiKeys.METADATA, "answers an unknown topic with LEADER_NOT_AVAILABLE",
                        "oleksiyk/kafka#225: LeaderNotAvailable and UnknownTopicOrPartition confused",
                        (request, response) -> response.topics().forEach(t -> {
                            if (t.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                t.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
                            }
                        })),
                Mutant.<MetadataRequestData, MetadataResponseData>response(
                        "metadata-authorized-operations-not-computed", ApiKeys.METADATA,
                        "leaves a topic's authorized operations at -2147483648 (\"not computed\") when asked for them",
                        "KIP-430, apache/kafka#6812: the unset value tells clients the broker does not know, so tools"
                                + " cannot offer what the user may do (confluentinc/vscode#99)",
                        (request, response) -> response.topics()
                                .forEach(t -> t.setTopicAuthorizedOperations(Integer.MIN_VALUE))),
                Mutant.<org.apache.kafka.common.message.DescribeTopicPartitionsRequestData,
                        org.apache.kafka.common.message.DescribeTopicPartitionsResponseData>response(
                        "describe-topic-partitions-authorized-operations-not-computed",
                        ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                        "leaves a topic's authorized operations at -2147483648 (\"not computed\")",
                        "KIP-430 and KAFKA-16865 (apache/kafka#16136): the Admin client's describeTopics reads them from"
                                + " DescribeTopicPartitions",
                        (request, response) -> response.topics()
                                .forEach(t -> t.setTopicAuthorizedOperations(Integer.MIN_VALUE))),
                Mutant.<MetadataRequestData, MetadataResponseData>request("metadata-ignores-allow-auto-create",
                        ApiKeys.METADATA, "creates unknown topics even when the request disallows auto-creation",
                        "streamnative/kop#274: allowAutoTopicCreation of the Metadata request ignored",
                        request -> request.setAllowAutoTopicCreation(true)));
    }

    private static List<Mutant> others() {
        return List.of(
                Mutant.<ApiVersionsRequestData, ApiVersionsResponseData>response("api-versions-inverted-range",
                        ApiKeys.API_VERSIONS, "advertises a range whose minimum is above its maximum (Fetch v18 to v4)",
                        "IBM/sarama#1088: ApiVersions does not reflect the versions really supported",
                        (request, response) -> {
                            ApiVersionsResponseData.ApiVersion fetch = response.apiKeys().find(ApiKeys.FETCH.id);
                            if (fetch != null) {
                                short min = fetch.minVersion();
                                fetch.setMinVersion(fetch.maxVersion()).setMaxVersion(min);
                            }
                        }),
                Mutant.<ApiVersionsRequestData, ApiVersionsResponseData>response("api-versions-omits-list-offsets",
                        ApiKeys.API_VERSIONS, "leaves ListOffsets out of the advertised APIs although it serves it",
                        "KIP-35: clients use only the APIs advertised (Kafka ApiVersionsRequestTest)",
                        (request, response) -> response.apiKeys().remove(
                                response.apiKeys().find(ApiKeys.LIST_OFFSETS.id))),
                Mutant.<ApiVersionsRequestData, ApiVersionsResponseData>response("api-versions-accepts-invalid-software-name",
                        ApiKeys.API_VERSIONS, "accepts an invalid client software name (ApiVersions v3+)",
                        "KIP-511: invalid client software names get INVALID_REQUEST (Kafka ApiVersionsRequestTest)",
                        (request, response) -> {
                            if (response.errorCode() == Errors.INVALID_REQUEST.code()) {
                                response.setErrorCode(Errors.NONE.code());
                            }
                        }),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>of("init-producer-id-reused",
                        ApiKeys.INIT_PRODUCER_ID, "hands every producer the same producer id",
                        "KIP-98: each InitProducerId without a transactional id gets a new producer id"
                                + " (Kafka ProducerIdsIntegrationTest)",
                        sameProducerId()),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>response("init-producer-id-epoch-unset",
                        ApiKeys.INIT_PRODUCER_ID, "hands out producer ids with epoch -1",
                        "KIP-98: a new producer id starts at epoch 0 (Kafka TransactionCoordinatorTest)",
                        (request, response) -> response.setProducerEpoch((short) -1)),
                Mutant.<DescribeClusterRequestData, DescribeClusterResponseData>response("describe-cluster-other-cluster-id",
                        ApiKeys.DESCRIBE_CLUSTER, "answers DescribeCluster with a cluster id that is not the cluster's",
                        "KIP-700: DescribeCluster describes the same cluster as Metadata (Kafka"
                                + " DescribeClusterRequestTest)",
                        (request, response) -> response.setClusterId(Uuid.randomUuid().toString())),
                Mutant.<DescribeClusterRequestData, DescribeClusterResponseData>response("describe-cluster-wrong-port",
                        ApiKeys.DESCRIBE_CLUSTER, "advertises brokers at a port they do not listen on",
                        "KIP-700: DescribeCluster's brokers are Metadata's brokers (Kafka DescribeClusterRequestTest)",
                        (request, response) -> response.brokers().forEach(b -> b.setPort(b.port() + 1))));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void eachPartition(FetchResponseData response,
                                      java.util.function.Consumer<FetchResponseData.PartitionData> edit) {
        response.responses().forEach(t -> t.partitions().forEach(edit));
    }

    /** @return a copy of {@code records} with {@code edit} applied to each batch (the broker's log stays untouched) */
    private static MemoryRecords withBatches(MemoryRecords records,
                                             java.util.function.Consumer<MutableRecordBatch> edit) {
        if (records == null || records.sizeInBytes() == 0) {
            return records;
        }
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        MemoryRecords copied = MemoryRecords.readableRecords(copy);
        for (MutableRecordBatch batch : copied.batches()) {
            edit.accept(batch);
        }
        return copied;
    }

    /**
     * Rebuilds every batch of the request with {@code edit} applied to each record, in its own codec.
     * Only well-formed batches (magic v2, valid CRC) are rebuilt: repairing a broken one would be another bug.
     */
    private static void rewriteRecords(ProduceRequestData request, UnaryOperator<SimpleRecord> edit) {
        rewriteRecords(request, edit, null);
    }

    private static void rewriteRecords(ProduceRequestData request, UnaryOperator<SimpleRecord> edit,
                                       Compression compression) {
        request.topicData().forEach(t -> t.partitionData().forEach(p -> {
            if (p.records() instanceof MemoryRecords records && wellFormed(records)) {
                p.setRecords(rebuild(records, edit, compression));
            }
        }));
    }

    private static boolean wellFormed(MemoryRecords records) {
        try {
            for (RecordBatch batch : records.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !batch.isValid()) {
                    return false;
                }
            }
            return records.batches().iterator().hasNext();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param compression the codec of the rebuilt batches, or null to keep each batch's own
     * @return the batches rebuilt record by record, keeping producer id, epoch and sequence
     */
    private static MemoryRecords rebuild(MemoryRecords records, UnaryOperator<SimpleRecord> edit,
                                         Compression compression) {
        return rebuild(records, edit, compression, false);
    }

    private static MemoryRecords rebuild(MemoryRecords records, UnaryOperator<SimpleRecord> edit,
                                         Compression compression, boolean dropProducer) {
        ByteBuffer out = ByteBuffer.allocate(Math.max(1024, records.sizeInBytes() * 2));
        MemoryRecordsBuilder builder = null;
        List<MemoryRecords> built = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            Compression codec = compression != null ? compression
                    : batch.compressionType() == CompressionType.NONE ? Compression.NONE
                    : Compression.of(batch.compressionType()).build();
            builder = MemoryRecords.builder(ByteBuffer.allocate(Math.max(1024, batch.sizeInBytes() * 2)),
                    RecordBatch.MAGIC_VALUE_V2, codec, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP,
                    dropProducer ? RecordBatch.NO_PRODUCER_ID : batch.producerId(),
                    dropProducer ? RecordBatch.NO_PRODUCER_EPOCH : batch.producerEpoch(),
                    dropProducer ? RecordBatch.NO_SEQUENCE : batch.baseSequence(),
                    batch.isTransactional() && !dropProducer, RecordBatch.NO_PARTITION_LEADER_EPOCH);
            for (Record record : batch) {
                builder.append(edit.apply(new SimpleRecord(record.timestamp(), record.key(), record.value(),
                        record.headers())));
            }
            built.add(builder.build());
        }
        for (MemoryRecords batch : built) {
            if (out.remaining() < batch.sizeInBytes()) {
                ByteBuffer bigger = ByteBuffer.allocate((out.position() + batch.sizeInBytes()) * 2);
                bigger.put(out.flip());
                out = bigger;
            }
            out.put(batch.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(out.flip());
    }

    private static ProduceResponseData produceIntoPartitionZero(RequestContext context, ProduceRequestData request,
                                                                ApiHandler<ProduceRequestData, ProduceResponseData> broker) {
        List<List<Integer>> asked = new ArrayList<>();
        request.topicData().forEach(t -> {
            List<Integer> indexes = new ArrayList<>();
            t.partitionData().forEach(p -> {
                indexes.add(p.index());
                p.setIndex(0);
            });
            asked.add(indexes);
        });
        ProduceResponseData response = broker.handle(context, request);
        if (response != null) {
            int t = 0;
            for (var topic : response.responses()) {
                int p = 0;
                for (var partition : topic.partitionResponses()) {
                    partition.setIndex(asked.get(t).get(p++));
                }
                t++;
            }
        }
        return response;
    }

    /** Remembers every idempotent batch seen; a batch seen before is appended again as a plain batch. */
    private static Mutant.Mutation<ProduceRequestData, ProduceResponseData> duplicatesStoredTwice() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return (context, request, broker) -> {
            request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                if (p.records() instanceof MemoryRecords records && records.batches().iterator().hasNext()) {
                    RecordBatch batch = records.batches().iterator().next();
                    if (batch.hasProducerId()) {
                        String key = t.name() + t.topicId() + "-" + p.index() + ":" + batch.producerId() + ":"
                                + batch.producerEpoch() + ":" + batch.baseSequence();
                        if (!seen.add(key)) {
                            p.setRecords(rebuild(records, UnaryOperator.identity(), null, true));
                        }
                    }
                }
            }));
            return broker.handle(context, request);
        };
    }

    /** Appends, as a plain batch, each batch the broker refused with {@code refusal}, and answers success. */
    private static Mutant.Mutation<ProduceRequestData, ProduceResponseData> acceptRefused(Errors refusal) {
        return RefusedBatches.accepted(refusal, original -> rebuild(original, UnaryOperator.identity(), null, true));
    }

    /** Runs {@code edit} on each answered partition whose request asked for {@code timestamp}. */
    private static void matching(ListOffsetsRequestData request, ListOffsetsResponseData response, long timestamp,
                                 java.util.function.Consumer<ListOffsetsResponseData.ListOffsetsPartitionResponse> edit) {
        Set<String> asked = ConcurrentHashMap.newKeySet();
        request.topics().forEach(t -> t.partitions().forEach(p -> {
            if (p.timestamp() == timestamp) {
                asked.add(t.name() + "-" + p.partitionIndex());
            }
        }));
        response.topics().forEach(t -> t.partitions().forEach(p -> {
            if (p.errorCode() == Errors.NONE.code() && asked.contains(t.name() + "-" + p.partitionIndex())) {
                edit.accept(p);
            }
        }));
    }

    /** Answers the partitions asked for {@code which} with the latest offset plus {@code delta}. */
    private static Mutant.Mutation<ListOffsetsRequestData, ListOffsetsResponseData> answerFromLatest(long which,
                                                                                                    long delta) {
        return (context, request, broker) -> {
            ListOffsetsRequestData latest = request.duplicate();
            latest.topics().forEach(t -> t.partitions()
                    .forEach(p -> p.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP)));
            Map<String, Long> ends = new HashMap<>();
            broker.handle(context, latest).topics().forEach(t -> t.partitions()
                    .forEach(p -> ends.put(t.name() + "-" + p.partitionIndex(), p.offset())));
            ListOffsetsResponseData response = broker.handle(context, request);
            Set<String> asked = new java.util.HashSet<>();
            request.topics().forEach(t -> t.partitions().forEach(p -> {
                if (p.timestamp() == which) {
                    asked.add(t.name() + "-" + p.partitionIndex());
                }
            }));
            response.topics().forEach(t -> t.partitions().forEach(p -> {
                String key = t.name() + "-" + p.partitionIndex();
                Long end = ends.get(key);
                if (asked.contains(key) && p.errorCode() == Errors.NONE.code() && end != null && end + delta >= 0) {
                    p.setOffset(end + delta);
                }
            }));
            return response;
        };
    }

    private static Mutant.Mutation<InitProducerIdRequestData, InitProducerIdResponseData> sameProducerId() {
        AtomicLong first = new AtomicLong(-1);
        return (context, request, broker) -> {
            InitProducerIdResponseData response = broker.handle(context, request);
            if (response.errorCode() == Errors.NONE.code()) {
                first.compareAndSet(-1, response.producerId());
                response.setProducerId(first.get());
            }
            return response;
        };
    }
}
