package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Mutants of transactions (KIP-98, KIP-447, KIP-664): what Kafka-compatible brokers shipped wrong about
 * read_committed reads, the last stable offset, transaction ends, transactional offsets and the admin view of
 * transactions. Sources are public bug reports where one exists, else the KIP that pins the behaviour.
 */
final class TransactionMutants {
    private TransactionMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<FetchRequestData, FetchResponseData>response("fetch-read-committed-no-aborted-list",
                        ApiKeys.FETCH, "answers read_committed fetches without the aborted transactions they overlap,"
                                + " so consumers deliver aborted records",
                        "AutoMQ/automq#754 and streamnative/kop#1283: aborted_transactions missing from read_committed"
                                + " fetches",
                        (request, response) -> {
                            if (request.isolationLevel() == 1) {
                                response.responses().forEach(t -> t.partitions().forEach(p ->
                                        p.setAbortedTransactions(new java.util.ArrayList<>())));
                            }
                        }),
                Mutant.<FetchRequestData, FetchResponseData>request("fetch-read-committed-ignores-lso", ApiKeys.FETCH,
                        "serves read_committed fetches like read_uncommitted: up to the high watermark, open and"
                                + " aborted transactions included",
                        "streamnative/kop#1856: the last stable offset ignored, open transactions readable",
                        request -> request.setIsolationLevel((byte) 0)),
                Mutant.<ListOffsetsRequestData, ListOffsetsResponseData>request("list-offsets-lso-is-high-watermark",
                        ApiKeys.LIST_OFFSETS, "answers the latest offset under read_committed with the high watermark,"
                                + " not the last stable offset",
                        "streamnative/kop#1856; KIP-98: ListOffsets LATEST under read_committed is the last stable offset",
                        request -> request.setIsolationLevel((byte) 0)),
                Mutant.<EndTxnRequestData, EndTxnResponseData>request("end-txn-abort-commits", ApiKeys.END_TXN,
                        "commits a transaction the producer aborts",
                        "KIP-98: EndTxn(abort) writes ABORT markers; a broker that ignores the result commits what the"
                                + " producer gave up",
                        request -> request.setCommitted(true)),
                Mutant.<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData>of("txn-offset-commit-dropped",
                        ApiKeys.TXN_OFFSET_COMMIT, "acknowledges a transaction's offsets and stores nothing",
                        "Jepsen, Redpanda 21.10.1: transactional offset commits lost",
                        (context, request, broker) -> {
                            TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData().setThrottleTimeMs(0);
                            request.topics().forEach(t -> {
                                TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic topic =
                                        new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(t.name())
                                                .setTopicId(t.topicId());
                                t.partitions().forEach(p -> topic.partitions().add(new TxnOffsetCommitResponseData
                                        .TxnOffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                                        .setErrorCode(Errors.NONE.code())));
                                response.topics().add(topic);
                            });
                            return response;
                        }),
                Mutant.<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData>request(
                        "txn-offset-commit-ignores-generation", ApiKeys.TXN_OFFSET_COMMIT,
                        "accepts a transaction's offsets whatever generation and member they come from",
                        "KIP-447: TxnOffsetCommit carries the group's generation and member so that a zombie producer"
                                + " is fenced (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID)",
                        request -> request.setGenerationIdOrMemberEpoch(-1).setMemberId("").setGroupInstanceId(null)),
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>request("offset-fetch-ignores-require-stable",
                        ApiKeys.OFFSET_FETCH, "answers OffsetFetch with require_stable as if it were not set, while a"
                                + " transaction's offsets are pending",
                        "redpanda-data/redpanda#6423; KIP-447: UNSTABLE_OFFSET_COMMIT while offsets are pending",
                        request -> request.setRequireStable(false)),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>request("init-producer-id-timeout-unchecked",
                        ApiKeys.INIT_PRODUCER_ID, "accepts any transaction timeout, above transaction.max.timeout.ms too",
                        "KIP-98: INVALID_TRANSACTION_TIMEOUT for a timeout above transaction.max.timeout.ms",
                        request -> request.setTransactionTimeoutMs(Math.min(request.transactionTimeoutMs(), 60_000))),
                Mutant.<DescribeTransactionsRequestData, DescribeTransactionsResponseData>response(
                        "describe-transactions-no-partitions", ApiKeys.DESCRIBE_TRANSACTIONS,
                        "describes an ongoing transaction without its partitions",
                        "KIP-664: DescribeTransactions lists the partitions of the current transaction",
                        (request, response) -> response.transactionStates().forEach(s -> s.topics().clear())),
                Mutant.<ListTransactionsRequestData, ListTransactionsResponseData>response("list-transactions-empty",
                        ApiKeys.LIST_TRANSACTIONS, "lists no transactions",
                        "KIP-664: ListTransactions lists the transactional ids the coordinator knows",
                        (request, response) -> response.transactionStates().clear()),
                Mutant.<DescribeProducersRequestData, DescribeProducersResponseData>response(
                        "describe-producers-no-txn-start", ApiKeys.DESCRIBE_PRODUCERS,
                        "describes every producer as outside any transaction (current_txn_start_offset -1)",
                        "KIP-664: current_txn_start_offset is how operators find hanging transactions",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p ->
                                p.activeProducers().forEach(s -> s.setCurrentTxnStartOffset(-1))))),
                Mutant.<DescribeProducersRequestData, DescribeProducersResponseData>response(
                        "describe-producers-no-coordinator-epoch", ApiKeys.DESCRIBE_PRODUCERS,
                        "describes every producer's coordinator epoch as -1, even after a marker",
                        "redpanda-data/redpanda#11949: DescribeProducers does not return CoordinatorEpoch (which"
                                + " Admin.abortTransaction passes back in WriteTxnMarkers)",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p ->
                                p.activeProducers().forEach(s -> s.setCoordinatorEpoch(-1))))),
                Mutant.<DescribeProducersRequestData, DescribeProducersResponseData>response(
                        "describe-producers-no-last-timestamp", ApiKeys.DESCRIBE_PRODUCERS,
                        "describes every producer's last timestamp as -1 instead of its last batch's or marker's",
                        "redpanda-data/redpanda#11949: DescribeProducers returns an incorrect LastTimestamp; KAFKA-9144:"
                                + " markers' timestamps count",
                        (request, response) -> response.topics().forEach(t -> t.partitions().forEach(p ->
                                p.activeProducers().forEach(s -> s.setLastTimestamp(-1))))),
                Mutant.<WriteTxnMarkersRequestData, WriteTxnMarkersResponseData>of("write-txn-markers-ignored",
                        ApiKeys.WRITE_TXN_MARKERS, "answers an operator's abort as written without writing a marker,"
                                + " so the hanging transaction keeps the last stable offset where it was",
                        "KIP-664: hanging transactions are ended by WriteTxnMarkers on the partition; KAFKA-12671 (a"
                                + " hanging transaction blocks read_committed consumers for good)",
                        (context, request, broker) -> {
                            WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
                            request.markers().forEach(m -> {
                                var result = new WriteTxnMarkersResponseData.WritableTxnMarkerResult()
                                        .setProducerId(m.producerId());
                                m.topics().forEach(t -> {
                                    var topic = new WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult()
                                            .setName(t.name());
                                    t.partitionIndexes().forEach(p -> topic.partitions().add(
                                            new WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult()
                                                    .setPartitionIndex(p)));
                                    result.topics().add(topic);
                                });
                                response.markers().add(result);
                            });
                            return response;
                        }),
                Mutant.<WriteTxnMarkersRequestData, WriteTxnMarkersResponseData>request("write-txn-markers-abort-commits",
                        ApiKeys.WRITE_TXN_MARKERS, "writes a COMMIT marker when the operator aborts, publishing the"
                                + " hanging transaction's records",
                        "KIP-664: Admin.abortTransaction writes an ABORT marker; the records of the aborted transaction"
                                + " stay hidden from read_committed consumers",
                        request -> request.markers().forEach(m -> m.setTransactionResult(true))));
    }
}
