package org.kafkatck.tck.selftest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
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
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * Mutants of topic configuration and produce validation: IncrementalAlterConfigs, AlterConfigs,
 * DescribeConfigs (sources, synonyms, documentation), DescribeLogDirs, and the Produce checks that depend on
 * topic configs (timestamp bounds, KIP-467 record errors, compression.type, zstd below v7). Each reproduces a
 * wrong behaviour a Kafka-compatible broker shipped, or the behaviour a Kafka test or KIP pins where no
 * public report of a broker getting it wrong was found.
 */
final class ConfigMutants {
    /** Kafka's defaults of the topic configs the spec sets to their default value. */
    private static final Map<String, String> KAFKA_DEFAULTS = Map.of("cleanup.policy", "delete",
            "retention.ms", "604800000", "max.message.bytes", "1048588", "compression.type", "producer");
    /** What redpanda's DescribeConfigs listed for a topic before it listed every config (redpanda#978). */
    private static final Set<String> FEW_CONFIGS = Set.of("compression.type", "cleanup.policy",
            "message.timestamp.type", "segment.bytes", "retention.ms", "retention.bytes");

    private ConfigMutants() {
    }

    static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(incrementalAlterConfigs());
        all.addAll(alterConfigs());
        all.addAll(describeConfigs());
        all.addAll(describeLogDirs());
        all.addAll(produce());
        return all;
    }

    private static List<Mutant> incrementalAlterConfigs() {
        return List.of(
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>of(
                        "incremental-alter-configs-ignored", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers every resource NONE and changes nothing",
                        "redpanda-data/redpanda#7921 (a topic config accepted through one alter API but not applied);"
                                + " KIP-339",
                        (context, request, broker) -> {
                            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
                            request.resources().forEach(r -> response.responses().add(
                                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                                            .setResourceType(r.resourceType()).setResourceName(r.resourceName())
                                            .setErrorCode(Errors.NONE.code())));
                            return response;
                        }),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>request(
                        "incremental-alter-configs-append-as-set", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "treats APPEND to a list config as SET, replacing the list",
                        "redpanda-data/redpanda#3267 (APPEND and SUBTRACT not supported as KIP-339 defines them)",
                        request -> request.resources().forEach(r -> r.configs().forEach(c -> {
                            if (c.configOperation() == AlterConfigOp.OpType.APPEND.id()) {
                                c.setConfigOperation(AlterConfigOp.OpType.SET.id());
                            }
                        }))),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>request(
                        "incremental-alter-configs-subtract-ignored", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers SUBTRACT with NONE and leaves the list as it was",
                        "redpanda-data/redpanda#3267 (APPEND and SUBTRACT not supported as KIP-339 defines them)",
                        request -> request.resources().forEach(r -> r.configs().removeIf(
                                c -> c.configOperation() == AlterConfigOp.OpType.SUBTRACT.id()))),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>request(
                        "incremental-alter-configs-delete-ignored", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers DELETE with NONE and keeps the topic's own value",
                        "redpanda-data/redpanda#23220 (alter-config --delete did not return a property to its default)",
                        request -> request.resources().forEach(r -> r.configs().removeIf(
                                c -> c.configOperation() == AlterConfigOp.OpType.DELETE.id()))),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>request(
                        "incremental-alter-configs-null-set-deletes", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "takes a SET without a value for a DELETE instead of refusing it with INVALID_REQUEST",
                        "apache/kafka ConfigAdminManager (\"Null value not supported\", INVALID_REQUEST); KAFKA-19931"
                                + " apache/kafka#21005",
                        request -> request.resources().forEach(r -> r.configs().forEach(c -> {
                            if (c.configOperation() == AlterConfigOp.OpType.SET.id() && c.value() == null) {
                                c.setConfigOperation(AlterConfigOp.OpType.DELETE.id());
                            }
                        }))),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>request(
                        "incremental-alter-configs-validate-only-applies", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "applies the change when asked only to validate it",
                        "KIP-339 validate_only; KAFKA-13324 apache/kafka#11361 (KRaft ignored validateOnly, in CreateTopics)",
                        request -> request.setValidateOnly(false)),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>response(
                        "incremental-alter-configs-invalid-accepted", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers NONE instead of INVALID_CONFIG to an unknown config or an invalid value",
                        "redpanda-data/redpanda#896 (invalid topic property values accepted); apache/kafka"
                                + " PlaintextAdminIntegrationTest testInvalidIncrementalAlterConfigs",
                        (request, response) -> response.responses().forEach(r -> {
                            if (r.errorCode() == Errors.INVALID_CONFIG.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>response(
                        "incremental-alter-configs-one-fails-all", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers every resource of a request with the error of one of them",
                        "KIP-339 per-resource errors (apache/kafka#6247 review: other resources are still processed)",
                        (request, response) -> response.responses().stream().filter(r -> r.errorCode() != 0)
                                .findFirst().ifPresent(failed -> response.responses().forEach(r -> r
                                        .setErrorCode(failed.errorCode()).setErrorMessage(failed.errorMessage())))),
                Mutant.<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData>response(
                        "incremental-alter-configs-unknown-topic-answered-none", ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        "answers NONE instead of UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist",
                        "apache/kafka ControllerConfigurationValidator (UNKNOWN_TOPIC_OR_PARTITION for a missing topic)",
                        (request, response) -> response.responses().forEach(r -> {
                            if (r.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })));
    }

    private static List<Mutant> alterConfigs() {
        return List.of(
                Mutant.<AlterConfigsRequestData, AlterConfigsResponseData>request(
                        "alter-configs-validate-only-applies", ApiKeys.ALTER_CONFIGS,
                        "applies the new set of configs when asked only to validate it",
                        "KIP-133 validate_only; KAFKA-13324 apache/kafka#11361 (KRaft ignored validateOnly, in CreateTopics)",
                        request -> request.setValidateOnly(false)),
                Mutant.<AlterConfigsRequestData, AlterConfigsResponseData>response(
                        "alter-configs-invalid-accepted", ApiKeys.ALTER_CONFIGS,
                        "answers NONE instead of INVALID_CONFIG to an invalid value",
                        "redpanda-data/redpanda#896 (invalid topic property values accepted)",
                        (request, response) -> response.responses().forEach(r -> {
                            if (r.errorCode() == Errors.INVALID_CONFIG.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<AlterConfigsRequestData, AlterConfigsResponseData>request(
                        "alter-configs-ignores-named", ApiKeys.ALTER_CONFIGS,
                        "resets the topic's configs but drops the ones the request names",
                        "redpanda-data/redpanda#7921: a topic config set through AlterConfigs was not applied (it was through"
                                + " IncrementalAlterConfigs)",
                        request -> request.resources().forEach(r -> r.configs().clear())),
                Mutant.<AlterConfigsRequestData, AlterConfigsResponseData>response(
                        "alter-configs-unknown-topic-answered-none", ApiKeys.ALTER_CONFIGS,
                        "answers NONE instead of UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist",
                        "apache/kafka ControllerConfigurationValidator (UNKNOWN_TOPIC_OR_PARTITION for a missing topic)",
                        (request, response) -> response.responses().forEach(r -> {
                            if (r.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })));
    }

    private static List<Mutant> describeConfigs() {
        return List.of(
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-synonyms-omitted", ApiKeys.DESCRIBE_CONFIGS,
                        "sends no synonyms even when asked for them",
                        "redpanda-data/redpanda#978: ConfigSynonyms always nil in DescribeConfigs",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .forEach(c -> c.synonyms().clear()))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-few-configs", ApiKeys.DESCRIBE_CONFIGS,
                        "describes only a handful of a topic's configs",
                        "redpanda-data/redpanda#978: DescribeConfigs returned only 3-6 config entries",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .removeIf(c -> !FEW_CONFIGS.contains(c.name())))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-documentation-omitted", ApiKeys.DESCRIBE_CONFIGS,
                        "sends no documentation even when asked for it (v3+)",
                        "KIP-569: DescribeConfigs v3 documentation of each config on request",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .forEach(c -> c.setDocumentation(null)))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-type-unknown", ApiKeys.DESCRIBE_CONFIGS,
                        "sends config_type UNKNOWN for every config (v3+)",
                        "KIP-569: DescribeConfigs v3 config_type",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .forEach(c -> c.setConfigType((byte) 0)))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-default-value-reported-default", ApiKeys.DESCRIBE_CONFIGS,
                        "reports a config set on the topic to its default value as DEFAULT_CONFIG",
                        "redpanda-data/redpanda#21360: altering a topic config to the inherited default is lost",
                        (request, response) -> response.results().forEach(r -> r.configs().forEach(c -> {
                            if (c.configSource() == ConfigSource.TOPIC_CONFIG.id()
                                    && c.value().equals(KAFKA_DEFAULTS.get(c.name()))) {
                                c.setConfigSource(ConfigSource.DEFAULT_CONFIG.id());
                                c.synonyms().removeIf(s -> s.source() == ConfigSource.TOPIC_CONFIG.id());
                            }
                        }))));
    }

    private static List<Mutant> describeLogDirs() {
        return List.of(
                Mutant.<DescribeLogDirsRequestData, DescribeLogDirsResponseData>response(
                        "describe-log-dirs-size-zero", ApiKeys.DESCRIBE_LOG_DIRS,
                        "reports every partition with size 0",
                        "redpanda-data/redpanda#10910 (partition sizes reported without part of the data);"
                                + " KIP-113: partition_size is the size of the partition's segments",
                        (request, response) -> response.results().forEach(d -> d.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setPartitionSize(0))))),
                Mutant.<DescribeLogDirsRequestData, DescribeLogDirsResponseData>response(
                        "describe-log-dirs-no-volume-bytes", ApiKeys.DESCRIBE_LOG_DIRS,
                        "leaves total_bytes and usable_bytes at -1 in v4+",
                        "redpanda-data/redpanda#18279: DescribeLogDirs v4 total and usable bytes not supported",
                        (request, response) -> response.results().forEach(d -> d.setTotalBytes(-1).setUsableBytes(-1))),
                Mutant.<DescribeLogDirsRequestData, DescribeLogDirsResponseData>response(
                        "describe-log-dirs-null-topics-empty", ApiKeys.DESCRIBE_LOG_DIRS,
                        "describes no partition when the request's topic list is null (meaning all)",
                        "KIP-113: a null topic list queries every partition (apache/kafka DescribeLogDirsRequest)",
                        (request, response) -> {
                            if (request.topics() == null) {
                                response.results().forEach(d -> d.topics().clear());
                            }
                        }),
                Mutant.<DescribeLogDirsRequestData, DescribeLogDirsResponseData>response(
                        "describe-log-dirs-lists-missing", ApiKeys.DESCRIBE_LOG_DIRS,
                        "lists the partitions asked for even when their topic does not exist",
                        "apache/kafka ReplicaManager.describeLogDirs: only logs that exist are listed",
                        (request, response) -> {
                            if (request.topics() != null) {
                                response.results().forEach(d -> request.topics().forEach(t -> {
                                    if (d.topics().stream().noneMatch(x -> x.name().equals(t.topic()))) {
                                        DescribeLogDirsResponseData.DescribeLogDirsTopic missing =
                                                new DescribeLogDirsResponseData.DescribeLogDirsTopic().setName(t.topic());
                                        missing.partitions().add(new DescribeLogDirsResponseData.DescribeLogDirsPartition()
                                                .setPartitionIndex(0));
                                        d.topics().add(missing);
                                    }
                                }));
                            }
                        }));
    }

    private static List<Mutant> produce() {
        return List.of(
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-record-errors-omitted",
                        ApiKeys.PRODUCE, "refuses a batch without naming its offending records in record_errors",
                        "KIP-467 / KAFKA-8729 apache/kafka#7167; apache/kafka ProduceRequestTest"
                                + " testProduceWithInvalidTimestamp",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses()
                                .forEach(p -> p.recordErrors().clear()))),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-record-errors-first-only",
                        ApiKeys.PRODUCE, "names only the first offending record of a refused batch",
                        "KAFKA-8729 apache/kafka#7612: only the culprit record appeared in record_errors",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (p.recordErrors().size() > 1) {
                                p.setRecordErrors(new ArrayList<>(p.recordErrors().subList(0, 1)));
                            }
                        }))),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-error-message-omitted",
                        ApiKeys.PRODUCE, "refuses a batch for its records without an error_message",
                        "KIP-467; apache/kafka ProduceRequestTest testProduceWithInvalidTimestamp (error_message)",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses().forEach(p -> {
                            if (!p.recordErrors().isEmpty()) {
                                p.setErrorMessage(null);
                            }
                        }))),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-timestamp-lower-bound-ignored",
                        ApiKeys.PRODUCE, "accepts records older than message.timestamp.before.max.ms (stored as if"
                                + " current)",
                        "redpanda-data/redpanda#27419: message.timestamp.before.max.ms (KIP-937) not enforced before",
                        request -> {
                            long recent = System.currentTimeMillis() - 60_000;
                            rebuild(request, record -> Math.max(record.timestamp(), recent), null);
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-timestamp-upper-bound-fixed",
                        ApiKeys.PRODUCE, "refuses timestamps more than an hour ahead whatever the topic's"
                                + " message.timestamp.after.max.ms",
                        "redpanda-data/redpanda#27419: message.timestamp.after.max.ms not configurable per topic before",
                        (context, request, broker) -> {
                            long limit = System.currentTimeMillis() + 3_600_000L;
                            boolean ahead = request.topicData().stream().flatMap(t -> t.partitionData().stream())
                                    .anyMatch(p -> p.records() instanceof MemoryRecords r && wellFormed(r)
                                            && r.batches().iterator().next().maxTimestamp() > limit);
                            if (!ahead) {
                                return broker.handle(context, request);
                            }
                            ProduceResponseData response = new ProduceResponseData();
                            request.topicData().forEach(t -> {
                                ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse()
                                        .setName(t.name()).setTopicId(t.topicId());
                                t.partitionData().forEach(p -> topic.partitionResponses().add(
                                        new ProduceResponseData.PartitionProduceResponse().setIndex(p.index())
                                                .setErrorCode(Errors.INVALID_TIMESTAMP.code()).setBaseOffset(-1)));
                                response.responses().add(topic);
                            });
                            return response;
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-zstd-accepted-below-v7", ApiKeys.PRODUCE,
                        "accepts (and stores) a zstd batch in a Produce request older than v7",
                        "KIP-110; apache/kafka ProduceRequestTest testZSTDProduceRequest (UNSUPPORTED_COMPRESSION_TYPE"
                                + " below v7)",
                        (context, request, broker) -> {
                            if (context.apiVersion() < 7) {
                                request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                                    if (p.records() instanceof MemoryRecords r && wellFormed(r)
                                            && r.batches().iterator().next().compressionType() == CompressionType.ZSTD) {
                                        p.setRecords(reencode(r, Compression.gzip().build()));
                                    }
                                }));
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>request("produce-decompressed-size-unbounded",
                        ApiKeys.PRODUCE, "accepts a compressed batch holding a record above"
                                + " max.decompressed.message.bytes (stored here decompressed, which the limit spares)",
                        "apache/kafka#23429: Kafka 4.4 bounds the decompressed record size on produce",
                        request -> request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                            if (p.records() instanceof MemoryRecords r && wellFormed(r)
                                    && r.batches().iterator().next().compressionType() != CompressionType.NONE) {
                                p.setRecords(reencode(r, Compression.NONE));
                            }
                        }))),
                Mutant.<FetchRequestData, FetchResponseData>response("topic-compression-type-ignored", ApiKeys.FETCH,
                        "keeps uncompressed batches uncompressed on a topic whose compression.type names a codec"
                                + " (served here as stored by a broker that ignores the config)",
                        "redpanda-data/redpanda#866 (fixed by #31253): compression.type never controlled anything",
                        (request, response) -> response.responses().forEach(t -> t.partitions().forEach(p -> {
                            if (p.records() instanceof MemoryRecords r && r.sizeInBytes() > 0 && wellFormed(r)) {
                                p.setRecords(reencode(r, Compression.NONE));
                            }
                        }))));
    }

    // --- helpers -------------------------------------------------------------------------------

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

    /** Rebuilds each well-formed batch of a Produce request with new record timestamps, in its own codec. */
    private static void rebuild(ProduceRequestData request, java.util.function.ToLongFunction<Record> timestamp,
                                Compression compression) {
        request.topicData().forEach(t -> t.partitionData().forEach(p -> {
            if (p.records() instanceof MemoryRecords records && wellFormed(records)) {
                p.setRecords(rebuild(records, timestamp, compression));
            }
        }));
    }

    private static MemoryRecords reencode(MemoryRecords records, Compression compression) {
        return rebuild(records, Record::timestamp, compression);
    }

    /**
     * @param compression the codec of the rebuilt batches, or null to keep each batch's own
     * @return the batches rebuilt record by record, keeping offsets, timestamp type and producer fields
     */
    private static MemoryRecords rebuild(MemoryRecords records, java.util.function.ToLongFunction<Record> timestamp,
                                         Compression compression) {
        List<MemoryRecords> rebuilt = new ArrayList<>();
        int size = 0;
        for (MutableRecordBatch batch : records.batches()) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(Math.max(1024, batch.sizeInBytes())),
                    RecordBatch.MAGIC_VALUE_V2,
                    compression != null ? compression : Compression.of(batch.compressionType()).build(),
                    batch.timestampType(), batch.baseOffset(),
                    batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP,
                    batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(),
                    batch.partitionLeaderEpoch());
            for (Record record : batch) {
                builder.appendWithOffset(record.offset(), timestamp.applyAsLong(record), record.key(), record.value(),
                        record.headers());
            }
            MemoryRecords one = builder.build();
            rebuilt.add(one);
            size += one.sizeInBytes();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        rebuilt.forEach(one -> all.put(one.buffer().duplicate()));
        all.flip();
        return MemoryRecords.readableRecords(all);
    }
}
