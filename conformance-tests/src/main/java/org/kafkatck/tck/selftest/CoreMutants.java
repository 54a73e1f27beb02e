package org.kafkatck.tck.selftest;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/** Mutants of the core data path: Produce, Fetch, ListOffsets, Metadata, ApiVersions, InitProducerId. */
final class CoreMutants {
    private CoreMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-ignores-offset", ApiKeys.FETCH,
                        "serves every fetch from the start of the log, whatever offset was asked for",
                        "issue #10: graded COMPATIBLE 147/147 before the spec read fetched offsets raw",
                        request -> request.topics().forEach(t -> t.partitions().forEach(p -> p.setFetchOffset(0)))),
                Mutant.<ProduceRequestData, ProduceResponseData>response("produce-log-append-time-unset",
                        ApiKeys.PRODUCE, "answers log_append_time_ms = -1 on LogAppendTime topics",
                        "issue #10: a broker with log_append_time_ms = -1 passed the ±300 s window check",
                        (request, response) -> response.responses().forEach(t -> t.partitionResponses()
                                .forEach(p -> p.setLogAppendTimeMs(-1)))),
                Mutant.<ProduceRequestData, ProduceResponseData>of("produce-into-partition-zero", ApiKeys.PRODUCE,
                        "appends every batch to partition 0 but answers for the partition asked for",
                        "issue #10: produce.feature asserted RecordMetadata.partition(), which the client fills in",
                        (context, request, broker) -> {
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
                        }),
                Mutant.<MetadataRequestData, MetadataResponseData>response("metadata-leader-epoch-unknown",
                        ApiKeys.METADATA, "answers leader_epoch = -1 for every partition (Metadata v7+)",
                        "redpanda-data/redpanda#1181: leader epoch not returned in metadata",
                        (request, response) -> response.topics().forEach(t -> t.partitions()
                                .forEach(p -> p.setLeaderEpoch(-1)))));
    }
}
