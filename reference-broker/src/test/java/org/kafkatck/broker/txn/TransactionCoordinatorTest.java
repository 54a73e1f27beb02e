package org.kafkatck.broker.txn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.LogDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator's state machine, with Kafka's errors, against recording markers and groups. */
class TransactionCoordinatorTest {
    private static final TopicPartition A = new TopicPartition("a", 0);
    private static final TopicPartition B = new TopicPartition("b", 1);
    private static final int MAX_TIMEOUT = 900_000;

    @TempDir
    Path dir;

    private final List<String> written = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);

    private TransactionCoordinator coordinator(TransactionLog log) {
        return new TransactionCoordinator(log, ids::getAndIncrement,
                (tp, pid, epoch, commit) -> written.add((commit ? "COMMIT " : "ABORT ") + tp + " " + pid + "/" + epoch),
                (group, pid, commit) -> written.add((commit ? "COMMIT " : "ABORT ") + "group " + group + " " + pid),
                MAX_TIMEOUT);
    }

    @Test
    void aFirstInstanceGetsANewIdAtEpochZeroAndTheNextOneTheNextEpoch() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        TransactionCoordinator.InitResult first = c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        assertThat(first).isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 0));
        assertThat(c.initProducerId("tx", 60_000, -1, (short) -1, 1))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
        assertThat(c.addPartitions("tx", 1000, (short) 0, List.of(A), 2)).as("the fenced instance")
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(c.initProducerId("other", 60_000, -1, (short) -1, 3).producerId()).isEqualTo(1001);
    }

    @Test
    void badRequestsGetKafkasErrors() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        assertThat(c.initProducerId("", 60_000, -1, (short) -1, 0).error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(c.initProducerId("tx", MAX_TIMEOUT + 1, -1, (short) -1, 0).error())
                .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
        assertThat(c.initProducerId("tx", 0, -1, (short) -1, 0).error()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
        assertThat(c.addPartitions("unknown", 1, (short) 0, List.of(A), 0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        assertThat(c.addPartitions("tx", 999, (short) 0, List.of(A), 0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(c.endTransaction("tx", 1000, (short) 0, true, 0)).as("nothing to end")
                .isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void aCommitWritesAMarkerToEveryPartitionAndSettlesTheGroups() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        assertThat(c.addPartitions("tx", 1000, (short) 0, List.of(A), 1)).isEqualTo(Errors.NONE);
        assertThat(c.addPartitions("tx", 1000, (short) 0, List.of(A, B), 2)).isEqualTo(Errors.NONE);
        assertThat(c.addGroup("tx", 1000, (short) 0, "g", 3)).isEqualTo(Errors.NONE);
        assertThat(c.describe("tx")).get().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(t.partitions()).containsExactly(A, B);
            assertThat(t.startMs()).as("started by the first add").isEqualTo(1);
        });
        assertThat(c.verify("tx", 1000, (short) 0, B)).isEqualTo(Errors.NONE);
        assertThat(c.verify("tx", 1000, (short) 0, new TopicPartition("c", 0))).isEqualTo(Errors.INVALID_TXN_STATE);

        assertThat(c.endTransaction("tx", 1000, (short) 0, true, 4)).isEqualTo(Errors.NONE);
        assertThat(written).containsExactly("COMMIT a-0 1000/0", "COMMIT b-1 1000/0", "COMMIT group g 1000");
        assertThat(c.describe("tx").orElseThrow().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(c.describe("tx").orElseThrow().partitions()).isEmpty();
        assertThat(c.endTransaction("tx", 1000, (short) 0, true, 5)).as("a retried commit").isEqualTo(Errors.NONE);
        assertThat(c.endTransaction("tx", 1000, (short) 0, false, 5)).as("an abort after the commit")
                .isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(written).hasSize(3);
    }

    @Test
    void aNewInstanceAbortsThePreviousOnesOngoingTransactionUnderAFencingEpoch() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        c.addPartitions("tx", 1000, (short) 0, List.of(A), 1);
        assertThat(c.initProducerId("tx", 60_000, -1, (short) -1, 2).error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(written).containsExactly("ABORT a-0 1000/1");
        assertThat(c.initProducerId("tx", 60_000, -1, (short) -1, 3))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 2));
        assertThat(c.endTransaction("tx", 1000, (short) 0, true, 4)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void anExpiredTransactionIsAbortedAndItsProducerFenced() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        c.initProducerId("tx", 1_000, -1, (short) -1, 0);
        c.addPartitions("tx", 1000, (short) 0, List.of(A), 100);
        assertThat(c.abortExpired(1_100)).as("not yet: exactly the timeout").isZero();
        assertThat(c.abortExpired(1_101)).isEqualTo(1);
        assertThat(written).containsExactly("ABORT a-0 1000/1");
        assertThat(c.describe("tx").orElseThrow().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(c.endTransaction("tx", 1000, (short) 0, true, 1_200)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void kip360AProducerThatKnowsItsIdAndEpochKeepsItsId() {
        TransactionCoordinator c = coordinator(TransactionLog.inMemory());
        c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 0, 1))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 0, 2)).as("a retry after a lost answer: no second bump")
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 5, 3).error()).as("an epoch it never had")
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(c.initProducerId("tx", 60_000, 1001, (short) 1, 4).error()).as("another producer id")
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 1, 5))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 2));
        assertThat(c.initProducerId("tx", 60_000, -1, (short) -1, 6))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 3));
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 1, 7).error())
                .as("a new instance came in between: the old bump's retry is a zombie's")
                .isEqualTo(Errors.PRODUCER_FENCED);
    }

    /** KAFKA-20357: the epoch a KIP-360 bump left is stored, so a retry after a coordinator restart is no zombie. */
    @Test
    void kip360ARetryAfterARestartStillGetsTheSameEpoch() {
        TransactionLog log = TransactionLog.open(dir, true, LogDirectory.of(dir));
        TransactionCoordinator c = coordinator(log);
        c.initProducerId("tx", 60_000, -1, (short) -1, 0);
        assertThat(c.initProducerId("tx", 60_000, 1000, (short) 0, 1))
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
        log.close();

        TransactionLog reopened = TransactionLog.open(dir, true, LogDirectory.of(dir));
        TransactionCoordinator restarted = coordinator(reopened);
        restarted.recover(2);
        assertThat(restarted.initProducerId("tx", 60_000, 1000, (short) 0, 3))
                .as("the retry of the bump whose answer was lost, after the restart")
                .isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
        assertThat(restarted.initProducerId("tx", 60_000, 1000, (short) 5, 4).error()).isEqualTo(Errors.PRODUCER_FENCED);
        reopened.close();
    }

    @Test
    void aTransactionEndingWhenTheBrokerStoppedIsFinishedOnStart() {
        TransactionLog log = TransactionLog.open(dir, true, LogDirectory.of(dir));
        log.put(new Transaction("tx", 1000, (short) 3, 60_000, TransactionState.PREPARE_COMMIT, Set.of(A, B),
                Set.of("g"), 10, 20));
        log.put(new Transaction("open", 1001, (short) 0, 60_000, TransactionState.ONGOING, Set.of(B), Set.of(), 10, 20));
        log.close();

        TransactionLog reopened = TransactionLog.open(dir, true, LogDirectory.of(dir));
        TransactionCoordinator c = coordinator(reopened);
        c.recover(30);
        assertThat(written).containsExactlyInAnyOrder("COMMIT a-0 1000/3", "COMMIT b-1 1000/3", "COMMIT group g 1000");
        assertThat(c.describe("tx").orElseThrow().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(c.describe("open").orElseThrow().state()).as("an ongoing one waits for its producer")
                .isEqualTo(TransactionState.ONGOING);
        assertThat(c.describe("open").orElseThrow().partitions()).containsExactly(B);
        reopened.close();
    }
}
