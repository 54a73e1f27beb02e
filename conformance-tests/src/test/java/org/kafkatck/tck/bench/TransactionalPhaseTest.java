package org.kafkatck.tck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.tck.selftest.Mutant;
import org.kafkatck.tck.targets.ReferenceBrokerTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bench's "produce transactional" phase: Kafka's ProducerPerformance with transactions, then a
 * read_committed count, so a broker that loses transactional data fails the phase instead of looking fast.
 */
class TransactionalPhaseTest {
    private static final int RECORDS = 5_000;

    @Test
    void theToolsFiguresWhenEveryRecordIsCommitted() throws Exception {
        List<String> summary = new ArrayList<>();
        PhaseResult result = run(HandlerDecorator.NONE, summary);
        assertThat(result.records()).isEqualTo(RECORDS);
        assertThat(result.bytes()).isEqualTo(RECORDS * 100L);
        assertThat(result.recordsPerSecond()).isPositive();
        assertThat(result.p50Ms()).isNotNegative();
        assertThat(summary).singleElement().asString().startsWith(RECORDS + " records sent, ").endsWith(" ms 99.9th.");
    }

    @Test
    void aBrokerThatAbortsWhatTheProducerCommitsFailsThePhase() {
        // EndTxn(commit) acknowledged, ABORT markers written: every record acknowledged, none readable committed
        Mutant commitAborts = Mutant.<EndTxnRequestData, EndTxnResponseData>request("bench-end-txn-commit-aborts",
                ApiKeys.END_TXN, "aborts a transaction the producer commits", "KIP-98: EndTxn(commit) writes COMMIT"
                        + " markers", request -> request.setCommitted(false));
        assertThatThrownBy(() -> run(commitAborts.decorator(), new ArrayList<>()))
                .hasMessageStartingWith("read_committed: 0 of " + RECORDS + " records within 3000 ms");
    }

    @Test
    void aBrokerThatNeverWritesTheMarkersFailsThePhase() {
        // EndTxn answered NONE and nothing done: the transaction stays open, the last stable offset stays put
        Mutant noMarkers = Mutant.<EndTxnRequestData, EndTxnResponseData>of("bench-end-txn-no-markers",
                ApiKeys.END_TXN, "acknowledges EndTxn and writes no markers", "KIP-98: the last stable offset moves"
                        + " only when the markers are written",
                (context, request, broker) -> new EndTxnResponseData().setErrorCode(Errors.NONE.code())
                        .setProducerId(-1).setProducerEpoch((short) -1));
        assertThatThrownBy(() -> run(noMarkers.decorator(), new ArrayList<>()))
                .hasMessageStartingWith("read_committed: 0 of " + RECORDS + " records within 3000 ms");
    }

    private static PhaseResult run(HandlerDecorator decorator, List<String> summary) throws Exception {
        try (ReferenceBrokerTarget broker = new ReferenceBrokerTarget(decorator)) {
            broker.start();
            LoadGenerator load = new LoadGenerator(broker.bootstrapServers(), Map.of(), 100, Duration.ofSeconds(3));
            load.createTopic("txn", 2);
            return load.produceTransactional("txn", 2, RECORDS, 100, "bench-test", summary::add);
        }
    }
}
