package org.kafkatck.tck.selftest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.RequestContext;

/**
 * Mutants of leader epochs (KIP-320), incremental fetch sessions (KIP-227) and requests naming several
 * partitions (issue 11, sections 2, 5 and 6). Each reproduces a wrong behaviour a Kafka-compatible
 * broker shipped, or, where no public report was found, the behaviour a Kafka test or KIP pins.
 */
final class EpochFetchMutants {
    private EpochFetchMutants() {
    }

    static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(leaderEpochs());
        all.addAll(fetchSessions());
        all.addAll(severalPartitions());
        return all;
    }

    private static List<Mutant> leaderEpochs() {
        return List.of(
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-leader-epoch-zero",
                        ApiKeys.METADATA,
                        "reports leader epoch 0 for every partition, whatever epoch its leader stamps in batches",
                        "redpanda-data/redpanda#27629: Metadata returned term 0 as the leader epoch when the leader's"
                                + " term was not known",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p -> {
                            if (p.leaderEpoch() >= 0) {
                                p.setLeaderEpoch(0);
                            }
                        }))),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-older-leader-epoch-served", ApiKeys.FETCH,
                        "serves a fetch naming an older current_leader_epoch instead of answering FENCED_LEADER_EPOCH",
                        "apache/kafka#5661 (KAFKA-7395): KIP-320 fencing of Fetch, ListOffsets and OffsetsForLeaderEpoch;"
                                + " the reference broker's ListOffsets checked only newer epochs before issue 11",
                        (context, request, broker) -> {
                            FetchRequestData original = request.duplicate();
                            FetchResponseData response = broker.handle(context, request);
                            Set<Integer> fenced = new HashSet<>();
                            response.responses().forEach(t -> t.partitions().forEach(p -> {
                                if (p.errorCode() == Errors.FENCED_LEADER_EPOCH.code()) {
                                    fenced.add(p.partitionIndex());
                                }
                            }));
                            if (fenced.isEmpty()) {
                                return response;
                            }
                            original.topics().forEach(t -> t.partitions().forEach(p -> {
                                if (fenced.contains(p.partition())) {
                                    p.setCurrentLeaderEpoch(-1);
                                }
                            }));
                            return broker.handle(context, original);
                        }),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>of("list-offsets-older-leader-epoch-served",
                        ApiKeys.LIST_OFFSETS,
                        "answers ListOffsets naming an older current_leader_epoch instead of FENCED_LEADER_EPOCH",
                        "apache/kafka#5661 (KAFKA-7395) and Kafka's ListOffsetsRequestTest.testCurrentEpochValidation",
                        (context, request, broker) -> {
                            ListOffsetsRequestData original = request.duplicate();
                            ListOffsetsResponseData response = broker.handle(context, request);
                            if (response.topics().stream().flatMap(t -> t.partitions().stream())
                                    .noneMatch(p -> p.errorCode() == Errors.FENCED_LEADER_EPOCH.code())) {
                                return response;
                            }
                            original.topics().forEach(t -> t.partitions().forEach(p -> p.setCurrentLeaderEpoch(-1)));
                            return broker.handle(context, original);
                        }),
                Mutant.<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData>request(
                        "offset-for-leader-epoch-current-epoch-unchecked", ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        "ignores current_leader_epoch: neither fences an older one nor refuses a newer one",
                        "Kafka's OffsetsForLeaderEpochRequestTest.testCurrentEpochValidation (KIP-320); redpanda#6400:"
                                + " OffsetForLeaderEpoch answered without checking the partition's leadership",
                        request -> request.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setCurrentLeaderEpoch(-1)))),
                Mutant.<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData>of(
                        "offset-for-leader-epoch-future-epoch-answered", ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        "answers an epoch above every epoch with the current epoch and the log start offset"
                                + " instead of -1 and -1",
                        "redpanda-data/redpanda#11864: Incorrect OffsetForLeaderEpoch handling (requested epoch in"
                                + " the future)",
                        (context, request, broker) -> {
                            OffsetForLeaderEpochResponseData response = broker.handle(context, request);
                            eachEpochEnd(response, p -> {
                                if (p.errorCode() == Errors.NONE.code() && p.leaderEpoch() == -1) {
                                    OffsetForLeaderEpochResponseData.EpochEndOffset current =
                                            current(context, request, broker, p.partition());
                                    p.setLeaderEpoch(current.leaderEpoch()).setEndOffset(0);
                                }
                            });
                            return response;
                        }),
                Mutant.<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData>of(
                        "offset-for-leader-epoch-answers-current-epoch", ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        "answers an older epoch's end under the current epoch instead of the epoch asked for",
                        "redpanda-data/redpanda#11864 (fixed by #12063): OffsetForLeaderEpoch returned the current"
                                + " term instead of the requested epoch",
                        (context, request, broker) -> {
                            OffsetForLeaderEpochResponseData response = broker.handle(context, request);
                            eachEpochEnd(response, p -> {
                                if (p.errorCode() == Errors.NONE.code() && p.leaderEpoch() >= 0) {
                                    p.setLeaderEpoch(current(context, request, broker, p.partition()).leaderEpoch());
                                }
                            });
                            return response;
                        }),
                Mutant.<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData>of(
                        "offset-for-leader-epoch-older-epoch-unknown", ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        "answers -1 for an epoch older than any stored instead of the start of the first stored epoch",
                        "redpanda-data/redpanda#9264: an epoch below the local log answered offset -1, where Kafka"
                                + " answers the next available offset in a higher epoch",
                        (context, request, broker) -> {
                            OffsetForLeaderEpochResponseData response = broker.handle(context, request);
                            eachEpochEnd(response, p -> {
                                if (p.errorCode() == Errors.NONE.code() && p.leaderEpoch() >= 0 && p.endOffset() == 0
                                        && p.leaderEpoch() < current(context, request, broker, p.partition()).leaderEpoch()) {
                                    p.setLeaderEpoch(-1).setEndOffset(-1);
                                }
                            });
                            return response;
                        }),
                Mutant.<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData>response(
                        "offset-for-leader-epoch-unknown-topic-not-leader", ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        "answers a topic that does not exist with NOT_LEADER_OR_FOLLOWER instead of"
                                + " UNKNOWN_TOPIC_OR_PARTITION",
                        "redpanda-data/redpanda#6400: OffsetForLeaderEpoch answered not_leader_for_partition for a"
                                + " partition it does not host",
                        (request, response) -> eachEpochEnd(response, p -> {
                            if (p.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                                p.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
                            }
                        })));
    }

    /** The reference broker's own answer for the current epoch of one partition: the epoch above every answer. */
    private static OffsetForLeaderEpochResponseData.EpochEndOffset current(
            RequestContext context, OffsetForLeaderEpochRequestData request,
            ApiHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> broker, int partition) {
        // ask for ever larger epochs until the broker stops knowing them: the last one it knew is current
        OffsetForLeaderEpochRequestData probe = request.duplicate();
        probe.topics().forEach(t -> t.partitions().removeIf(p -> p.partition() != partition));
        OffsetForLeaderEpochResponseData.EpochEndOffset known = null;
        for (int epoch = 0; epoch < 1000; epoch++) {
            int asked = epoch;
            probe.topics().forEach(t -> t.partitions().forEach(p -> p.setCurrentLeaderEpoch(-1).setLeaderEpoch(asked)));
            OffsetForLeaderEpochResponseData.EpochEndOffset answer = broker.handle(context, probe.duplicate())
                    .topics().iterator().next().partitions().get(0);
            if (answer.leaderEpoch() < 0) {
                return known == null ? answer : known;
            }
            known = answer;
        }
        return known;
    }

    private static void eachEpochEnd(OffsetForLeaderEpochResponseData response,
                                     java.util.function.Consumer<OffsetForLeaderEpochResponseData.EpochEndOffset> edit) {
        response.topics().forEach(t -> t.partitions().forEach(edit));
    }

    private static boolean incremental(FetchRequestData request) {
        return request.sessionId() != 0 && request.sessionEpoch() > 0;
    }

    private static List<Mutant> fetchSessions() {
        Map<Integer, Integer> expectedEpochs = new ConcurrentHashMap<>();
        Map<Integer, Map<String, Long>> shadowSessions = new ConcurrentHashMap<>();
        Map<Integer, String> sessionOwners = new ConcurrentHashMap<>();
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-session-answers-unchanged-partitions",
                        ApiKeys.FETCH,
                        "answers every partition of the session in an incremental fetch, not only those with news",
                        "KIP-227 (incremental fetch responses omit unchanged partitions); redpanda-data/redpanda#2949"
                                + " implemented the session's partition bookkeeping separately",
                        (context, request, broker) -> {
                            FetchRequestData original = request.duplicate();
                            FetchResponseData response = broker.handle(context, request);
                            if (request.sessionEpoch() == 0 && response.sessionId() != 0) {
                                Map<String, Long> partitions = new LinkedHashMap<>();
                                original.topics().forEach(t -> t.partitions().forEach(p ->
                                        partitions.put(t.topic() + "\u0000" + p.partition(), p.fetchOffset())));
                                shadowSessions.put(response.sessionId(), partitions);
                                return response;
                            }
                            Map<String, Long> session = shadowSessions.get(request.sessionId());
                            if (!incremental(original) || session == null || response.errorCode() != 0) {
                                return response;
                            }
                            original.topics().forEach(t -> t.partitions().forEach(p ->
                                    session.put(t.topic() + "\u0000" + p.partition(), p.fetchOffset())));
                            original.forgottenTopicsData().forEach(t -> t.partitions().forEach(p ->
                                    session.remove(t.topic() + "\u0000" + p)));
                            FetchRequestData full = original.duplicate().setSessionId(0).setSessionEpoch(-1)
                                    .setForgottenTopicsData(new ArrayList<>()).setTopics(new ArrayList<>());
                            session.forEach((key, offset) -> {
                                String topic = key.substring(0, key.indexOf('\u0000'));
                                int partition = Integer.parseInt(key.substring(key.indexOf('\u0000') + 1));
                                full.topics().add(new FetchRequestData.FetchTopic().setTopic(topic)
                                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(partition)
                                                .setFetchOffset(offset).setPartitionMaxBytes(1024 * 1024))));
                            });
                            return broker.handle(context, full).setSessionId(response.sessionId());
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-session-ignores-forgotten", ApiKeys.FETCH,
                        "ignores forgotten_topics_data: a forgotten partition stays in the session and is still read",
                        "KIP-227; platformatic/kafka#321: a partition never forgotten is served from a frozen offset"
                                + " in every later fetch",
                        request -> request.setForgottenTopicsData(new ArrayList<>())),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-session-ignores-named-partitions",
                        ApiKeys.FETCH,
                        "ignores the partitions an incremental fetch names: added partitions are never read",
                        "KIP-227 (partitions are added to a session incrementally); apache/kafka#7970 (KAFKA-9338):"
                                + " the session did not take what later requests named for a partition",
                        request -> {
                            if (incremental(request)) {
                                request.setTopics(new ArrayList<>());
                            }
                        }),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-session-tied-to-connection", ApiKeys.FETCH,
                        "ties a fetch session to the connection that created it: the same id on another"
                                + " connection gets FETCH_SESSION_ID_NOT_FOUND",
                        "KIP-227 (a session is identified by its id; a client that reconnects keeps it) and Kafka's"
                                + " FetchSessionCache, keyed by session id alone",
                        (context, request, broker) -> {
                            String owner = sessionOwners.get(request.sessionId());
                            if (incremental(request) && owner != null && !owner.equals(context.peer())) {
                                return new FetchResponseData().setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
                            }
                            FetchResponseData response = broker.handle(context, request);
                            if (request.sessionEpoch() == 0 && response.sessionId() != 0) {
                                sessionOwners.put(response.sessionId(), context.peer());
                            }
                            return response;
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-session-leader-epoch-unchecked",
                        ApiKeys.FETCH,
                        "checks current_leader_epoch on the full fetch that creates a session but not on incremental"
                                + " fetches",
                        "apache/kafka#7970 (KAFKA-9338): the fetch session did not cache the request's leader epoch, so"
                                + " no validation was done except on the initial full fetch",
                        request -> {
                            if (incremental(request)) {
                                request.topics().forEach(t -> t.partitions().forEach(p -> p.setCurrentLeaderEpoch(-1)));
                            }
                        }),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-session-epoch-unchecked", ApiKeys.FETCH,
                        "accepts an incremental fetch at any session epoch instead of INVALID_FETCH_SESSION_EPOCH",
                        "KIP-227 and Kafka's FetchSessionTest (a wrong epoch gets INVALID_FETCH_SESSION_EPOCH)",
                        (context, request, broker) -> {
                            if (incremental(request) && expectedEpochs.containsKey(request.sessionId())) {
                                request.setSessionEpoch(expectedEpochs.get(request.sessionId()));
                            }
                            FetchResponseData response = broker.handle(context, request);
                            if (response.errorCode() == 0 && response.sessionId() != 0) {
                                expectedEpochs.put(response.sessionId(), request.sessionEpoch() + 1);
                            }
                            return response;
                        }),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-session-wrong-epoch-closes-session",
                        ApiKeys.FETCH,
                        "closes the session on a wrong epoch, so the client's next fetch at the right epoch fails",
                        "KIP-227 and Kafka's FetchSessionTest: INVALID_FETCH_SESSION_EPOCH leaves the session as it was",
                        (context, request, broker) -> {
                            FetchResponseData response = broker.handle(context, request);
                            if (response.errorCode() == Errors.INVALID_FETCH_SESSION_EPOCH.code()) {
                                broker.handle(context, new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0)
                                        .setSessionId(request.sessionId()).setSessionEpoch(-1).setRackId(""));
                            }
                            return response;
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-session-final-epoch-keeps-session",
                        ApiKeys.FETCH,
                        "does not close the session a fetch at epoch -1 names",
                        "KIP-227 (FINAL_EPOCH closes the session) and Kafka's FetchSessionTest",
                        request -> {
                            if (request.sessionEpoch() == -1) {
                                request.setSessionId(0);
                            }
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-session-granted-at-final-epoch",
                        ApiKeys.FETCH,
                        "grants a session to a fetch at session epoch -1, which asks for none",
                        "KIP-227 (epoch -1 is a fetch without a session) and Kafka's FetchSessionTest",
                        request -> {
                            if (request.sessionId() == 0 && request.sessionEpoch() == -1) {
                                request.setSessionEpoch(0);
                            }
                        }));
    }

    private static List<Mutant> severalPartitions() {
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-partitions-sorted", ApiKeys.FETCH,
                        "answers the partitions of a topic sorted by number instead of in the order requested",
                        "Kafka's FetchRequestTest.testBrokerRespectsPartitionsOrderAndSizeLimits; tulios/kafkajs#849"
                                + " (clients rely on the broker reading partitions in request order)",
                        (request, response) -> response.responses().forEach(t ->
                                t.partitions().sort(Comparator.comparingInt(FetchResponseData.PartitionData::partitionIndex)))),
                Mutant.<FetchRequestData, FetchResponseData>of("fetch-limits-per-partition-only", ApiKeys.FETCH,
                        "applies KIP-74's first-batch exception and the whole max_bytes to every partition on its own",
                        "hstreamdb/hstream#1716 (kafka fetch: handle maxBytes & partitionMaxBytes); Kafka's"
                                + " FetchRequestTest.testBrokerRespectsPartitionsOrderAndSizeLimits",
                        (context, request, broker) -> {
                            if (request.sessionEpoch() != -1) {
                                return broker.handle(context, request);
                            }
                            FetchResponseData combined = null;
                            for (FetchRequestData.FetchTopic topic : request.topics()) {
                                for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                                    FetchRequestData single = request.duplicate().setTopics(List.of(topic.duplicate()
                                            .setPartitions(List.of(partition.duplicate()))));
                                    FetchResponseData answer = broker.handle(context, single);
                                    if (combined == null) {
                                        combined = answer;
                                    } else if (!answer.responses().isEmpty()) {
                                        FetchResponseData.FetchableTopicResponse last =
                                                combined.responses().get(combined.responses().size() - 1);
                                        FetchResponseData.FetchableTopicResponse next = answer.responses().get(0);
                                        if (last.topic().equals(next.topic()) && last.topicId().equals(next.topicId())) {
                                            last.partitions().addAll(next.partitions());
                                        } else {
                                            combined.responses().add(next);
                                        }
                                    }
                                }
                            }
                            return combined != null ? combined : broker.handle(context, request);
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-one-failure-fails-all",
                        ApiKeys.PRODUCE,
                        "answers every partition of a produce with the error of one failed partition",
                        "redpanda-data/redpanda#2015: a failure of one partition masked the success of the others",
                        (request, response) -> {
                            short error = response.responses().stream().flatMap(t -> t.partitionResponses().stream())
                                    .map(ProduceResponseData.PartitionProduceResponse::errorCode)
                                    .filter(code -> code != 0).findFirst().orElse((short) 0);
                            if (error != 0) {
                                response.responses().forEach(t -> t.partitionResponses().forEach(p ->
                                        p.setErrorCode(error).setBaseOffset(-1)));
                            }
                        }),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>response("list-offsets-one-failure-fails-all",
                        ApiKeys.LIST_OFFSETS,
                        "answers every partition of a ListOffsets with the error of one failed partition",
                        "redpanda-data/redpanda#2015 (the same masking in Produce); Kafka answers each partition on"
                                + " its own (ListOffsetsRequestTest)",
                        (request, response) -> {
                            short error = response.topics().stream().flatMap(t -> t.partitions().stream())
                                    .map(ListOffsetsResponseData.ListOffsetsPartitionResponse::errorCode)
                                    .filter(code -> code != 0).findFirst().orElse((short) 0);
                            if (error != 0) {
                                response.topics().forEach(t -> t.partitions().forEach(p ->
                                        p.setErrorCode(error).setOffset(-1)));
                            }
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-duplicate-partition-first-position",
                        ApiKeys.FETCH,
                        "reads a partition named twice from the position named first",
                        "Kafka's FetchRequest.fetchData: partitions go into an insertion-ordered map, the last"
                                + " mention's position wins",
                        request -> request.topics().forEach(t -> {
                            Set<Integer> seen = new HashSet<>();
                            t.partitions().removeIf(p -> !seen.add(p.partition()));
                        })),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>of("list-offsets-duplicate-partition-answered",
                        ApiKeys.LIST_OFFSETS,
                        "answers a partition named twice twice, instead of once with INVALID_REQUEST",
                        "apache/kafka KafkaApis.handleListOffsetRequest (duplicatePartitions answered INVALID_REQUEST)",
                        (context, request, broker) -> {
                            ListOffsetsRequestData deduplicated = request.duplicate();
                            deduplicated.topics().forEach(t -> {
                                Set<Integer> seen = new HashSet<>();
                                t.partitions().removeIf(p -> !seen.add(p.partitionIndex()));
                            });
                            ListOffsetsResponseData response = broker.handle(context, deduplicated);
                            for (int i = 0; i < request.topics().size(); i++) {
                                int named = request.topics().get(i).partitions().size();
                                List<ListOffsetsResponseData.ListOffsetsPartitionResponse> answered =
                                        response.topics().get(i).partitions();
                                while (answered.size() < named) {
                                    answered.add(answered.get(0).duplicate());
                                }
                            }
                            return response;
                        }),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-duplicate-partition-appends-both",
                        ApiKeys.PRODUCE,
                        "appends both batches of a partition named twice in one produce",
                        "apache/kafka KafkaApis.handleProduceRequest (partitions collected in a map: one batch per"
                                + " partition, the last named)",
                        (context, request, broker) -> {
                            ProduceRequestData first = request.duplicate();
                            ProduceRequestData rest = request.duplicate();
                            boolean duplicates = false;
                            for (ProduceRequestData.TopicProduceData topic : first.topicData()) {
                                Set<Integer> seen = new HashSet<>();
                                duplicates |= topic.partitionData().removeIf(p -> !seen.add(p.index()));
                            }
                            if (!duplicates) {
                                return broker.handle(context, request);
                            }
                            for (ProduceRequestData.TopicProduceData topic : rest.topicData()) {
                                Set<Integer> seen = new HashSet<>();
                                topic.partitionData().removeIf(p -> seen.add(p.index()));
                            }
                            broker.handle(context, first);
                            return broker.handle(context, rest);
                        }));
    }
}
