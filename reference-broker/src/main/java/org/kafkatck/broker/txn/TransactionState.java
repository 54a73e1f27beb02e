package org.kafkatck.broker.txn;

/**
 * Where a transactional id's current transaction stands (KIP-98), with the names DescribeTransactions and
 * ListTransactions use.
 */
public enum TransactionState {
    /** No transaction since the producer was initialised. */
    EMPTY("Empty"),
    /** Partitions or a group were added: records may be written. */
    ONGOING("Ongoing"),
    /** EndTxn(commit) accepted; markers are being written. */
    PREPARE_COMMIT("PrepareCommit"),
    /** EndTxn(abort), a timeout or a new producer instance ends it; markers are being written. */
    PREPARE_ABORT("PrepareAbort"),
    /** Markers written: committed. */
    COMPLETE_COMMIT("CompleteCommit"),
    /** Markers written: aborted. */
    COMPLETE_ABORT("CompleteAbort"),
    /** Expired; the id is forgotten. */
    DEAD("Dead"),
    /** A newer producer instance fenced this one; its transaction is being aborted. */
    PREPARE_EPOCH_FENCE("PrepareEpochFence");

    private final String displayName;

    TransactionState(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name on the wire, e.g. {@code Ongoing} */
    public String displayName() {
        return displayName;
    }

    /** @return whether markers are being written and the transaction cannot change */
    public boolean ending() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT || this == PREPARE_EPOCH_FENCE;
    }

    /** @return whether a new transaction may start from here */
    public boolean settled() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }
}
