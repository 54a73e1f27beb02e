package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.RecoveryFault;
import org.kafkatck.tck.targets.RestartableTarget;

/**
 * Mutants of what a broker keeps across a restart (KIP-98): the transaction state of its partitions. They are
 * {@linkplain Mutant#recovery recovery mutants}: the broker answers every request right until it restarts,
 * and wrongly after, so only the scenarios that restart it ({@value RestartableTarget#TAG}) judge them.
 */
final class RecoveryMutants {
    private RecoveryMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.recovery("recovery-forgets-transactions", ApiKeys.FETCH,
                        "forgets open and aborted transactions when it restarts: the last stable offset jumps to the"
                                + " high watermark and read_committed consumers get open and aborted records",
                        "redpanda-data/redpanda#5442 (transaction state not carried across a restart); KIP-98: the"
                                + " producer-state snapshot and the transaction index (.txnindex) keep open and aborted"
                                + " transactions across restarts",
                        RecoveryFault.FORGET_TRANSACTIONS, RestartableTarget.TAG),
                Mutant.recovery("recovery-forgets-coordinator-state", ApiKeys.END_TXN,
                        "keeps the transaction coordinator's state in memory: after a restart an open transaction"
                                + " cannot be ended and a fenced producer is not told it was fenced",
                        "redpanda-data/redpanda#5442 (transactions blocked after a coordinator restart); KIP-98: every"
                                + " state change is written to __transaction_state before it takes effect",
                        RecoveryFault.FORGET_COORDINATOR_STATE, RestartableTarget.TAG));
    }
}
