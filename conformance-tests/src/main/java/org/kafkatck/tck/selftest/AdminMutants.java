package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** Mutants of topic administration: CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs. */
final class AdminMutants {
    private AdminMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>request("create-topics-validate-only-creates",
                        ApiKeys.CREATE_TOPICS, "creates the topic when asked only to validate the request",
                        "issue #10: topics.feature never checked that a validate-only request creates nothing",
                        request -> request.setValidateOnly(false)),
                Mutant.<DeleteTopicsRequestData, DeleteTopicsResponseData>of("delete-topics-keeps-data",
                        ApiKeys.DELETE_TOPICS, "answers DeleteTopics with success and deletes nothing",
                        "issue #10: a deleted topic must be gone from Metadata and its data unreachable",
                        (context, request, broker) -> {
                            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
                            request.topicNames().forEach(name -> response.responses().add(
                                    new DeleteTopicsResponseData.DeletableTopicResult().setName(name)
                                            .setErrorCode(Errors.NONE.code())));
                            request.topics().forEach(topic -> response.responses().add(
                                    new DeleteTopicsResponseData.DeletableTopicResult().setName(topic.name())
                                            .setTopicId(topic.topicId()).setErrorCode(Errors.NONE.code())));
                            return response;
                        }));
    }
}
