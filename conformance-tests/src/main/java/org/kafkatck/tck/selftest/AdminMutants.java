package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Mutants of topic administration: CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs.
 * Each reproduces a wrong behaviour a Kafka-compatible broker shipped, or the behaviour a Kafka test
 * pins where no public report of a broker getting it wrong was found.
 */
final class AdminMutants {
    /** DescribeConfigs config_source of a config set on the topic. */
    private static final byte DYNAMIC_TOPIC_CONFIG = 1;
    /** DescribeConfigs config_source of a default. */
    private static final byte DEFAULT_CONFIG = 5;

    private AdminMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                // ------------------------------------------------------------ CreateTopics
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>request("create-topics-validate-only-creates",
                        ApiKeys.CREATE_TOPICS, "creates the topic when asked only to validate the request",
                        "KAFKA-13324 apache/kafka#11361: KRaft ignored validateOnly in CreateTopics",
                        request -> request.setValidateOnly(false)),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>response(
                        "create-topics-validate-only-skips-existence", ApiKeys.CREATE_TOPICS,
                        "answers NONE to a validate-only creation of a topic that already exists",
                        "redpanda-data/redpanda#16413 (issue #7946): validate-only did not report an existing topic",
                        (request, response) -> {
                            if (request.validateOnly()) {
                                response.topics().forEach(t -> {
                                    if (t.errorCode() == Errors.TOPIC_ALREADY_EXISTS.code()) {
                                        t.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                                    }
                                });
                            }
                        }),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>request("create-topics-ignores-partition-count",
                        ApiKeys.CREATE_TOPICS, "creates every topic with one partition, whatever count was asked for",
                        "redpanda-data/redpanda#5284 (topics created with another partition count than configured); "
                                + "apache/kafka CreateTopicsRequestTest",
                        request -> request.topics().forEach(t -> {
                            if (t.numPartitions() > 1) {
                                t.setNumPartitions(1);
                            }
                        })),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>response("create-topics-existing-answered-none",
                        ApiKeys.CREATE_TOPICS, "answers NONE instead of TOPIC_ALREADY_EXISTS and keeps the old topic",
                        "apache/kafka CreateTopicsRequestTest testErrorCreateTopicsRequests (TOPIC_ALREADY_EXISTS)",
                        (request, response) -> response.topics().forEach(t -> {
                            if (t.errorCode() == Errors.TOPIC_ALREADY_EXISTS.code()) {
                                t.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>response("create-topics-accepts-invalid-names",
                        ApiKeys.CREATE_TOPICS, "answers NONE instead of INVALID_TOPIC_EXCEPTION for an illegal topic name",
                        "dpkp/kafka-python#961 and allegro/hermes#671 (invalid names accepted); Kafka's Topic.validate",
                        (request, response) -> response.topics().forEach(t -> {
                            if (t.errorCode() == Errors.INVALID_TOPIC_EXCEPTION.code()) {
                                t.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>request("create-topics-drops-configs",
                        ApiKeys.CREATE_TOPICS, "creates topics without the configs the request set",
                        "redpanda-data/redpanda#896 (topic properties misparsed: retention.ms, retention.bytes)",
                        request -> request.topics().forEach(t -> t.configs().clear())),

                // ------------------------------------------------------------ DeleteTopics
                Mutant.<DeleteTopicsRequestData, DeleteTopicsResponseData>of("delete-topics-keeps-data",
                        ApiKeys.DELETE_TOPICS, "answers DeleteTopics with success and deletes nothing",
                        "AutoMQ/automq#1263 (a deleted topic left its group offsets behind); apache/kafka DeleteTopicsRequestTest",
                        (context, request, broker) -> {
                            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
                            request.topicNames().forEach(name -> response.responses().add(
                                    new DeleteTopicsResponseData.DeletableTopicResult().setName(name)
                                            .setErrorCode(Errors.NONE.code())));
                            request.topics().forEach(topic -> response.responses().add(
                                    new DeleteTopicsResponseData.DeletableTopicResult().setName(topic.name())
                                            .setTopicId(topic.topicId()).setErrorCode(Errors.NONE.code())));
                            return response;
                        }),
                Mutant.<DeleteTopicsRequestData, DeleteTopicsResponseData>response("delete-topics-unknown-answered-none",
                        ApiKeys.DELETE_TOPICS, "answers NONE instead of UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist",
                        "apache/kafka DeleteTopicsRequestTest testErrorDeleteTopicRequests (UNKNOWN_TOPIC_OR_PARTITION)",
                        (request, response) -> response.responses().forEach(t -> {
                            if (t.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                t.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),

                // ------------------------------------------------------------ CreatePartitions
                Mutant.<CreatePartitionsRequestData, CreatePartitionsResponseData>request(
                        "create-partitions-validate-only-applies", ApiKeys.CREATE_PARTITIONS,
                        "adds the partitions when asked only to validate the request",
                        "KAFKA-13861 apache/kafka#12106: KRaft ignored validateOnly in CreatePartitions",
                        request -> request.setValidateOnly(false)),
                Mutant.<CreatePartitionsRequestData, CreatePartitionsResponseData>response("create-partitions-shrink-accepted",
                        ApiKeys.CREATE_PARTITIONS, "answers NONE instead of INVALID_PARTITIONS to a count that does not grow the topic",
                        "redpanda-data/redpanda#17368 (INVALID_PARTITIONS for a decrease); KAFKA-20021 apache/kafka#21245",
                        (request, response) -> response.results().forEach(r -> {
                            if (r.errorCode() == Errors.INVALID_PARTITIONS.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                            }
                        })),
                Mutant.<CreatePartitionsRequestData, CreatePartitionsResponseData>of("create-partitions-ignored",
                        ApiKeys.CREATE_PARTITIONS, "answers CreatePartitions with success and adds no partition",
                        "KAFKA-12471 apache/kafka#10343 (createPartitions in KRaft); apache/kafka PlaintextAdminIntegrationTest",
                        (context, request, broker) -> {
                            CreatePartitionsResponseData response = new CreatePartitionsResponseData();
                            request.topics().forEach(t -> response.results().add(
                                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name())
                                            .setErrorCode(Errors.NONE.code())));
                            return response;
                        }),

                // ------------------------------------------------------------ DescribeConfigs
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response("describe-configs-omits-defaults",
                        ApiKeys.DESCRIBE_CONFIGS, "describes only the configs set on the topic, not the defaults",
                        "redpanda-data/redpanda#896: DescribeConfigs sent only some of the topic's properties",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .removeIf(c -> c.configSource() != DYNAMIC_TOPIC_CONFIG))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response("describe-configs-source-lost",
                        ApiKeys.DESCRIBE_CONFIGS, "reports every config as a default, the topic's own included",
                        "KAFKA-13718 apache/kafka#12246 (a config's source reported wrong)",
                        (request, response) -> response.results().forEach(r -> r.configs()
                                .forEach(c -> c.setConfigSource(DEFAULT_CONFIG)))),
                Mutant.<DescribeConfigsRequestData, DescribeConfigsResponseData>response(
                        "describe-configs-unknown-topic-answered-none", ApiKeys.DESCRIBE_CONFIGS,
                        "describes a topic that does not exist as having no configs",
                        "apache/kafka DescribeConfigs handling (UNKNOWN_TOPIC_OR_PARTITION for an unknown topic)",
                        (request, response) -> response.results().forEach(r -> {
                            if (r.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                r.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                                r.configs().clear();
                            }
                        })));
    }
}
