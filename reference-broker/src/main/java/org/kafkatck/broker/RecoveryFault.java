package org.kafkatck.broker;

/**
 * A test seam: one deliberately wrong way for the broker to recover its state on start, for the TCK's
 * self-test to prove that the spec's restart scenarios catch it. Handler decorators cannot reach recovery,
 * which happens before any request is served, so the self-test passes a fault to
 * {@link ReferenceBroker#start(BrokerConfig, org.kafkatck.broker.api.HandlerDecorator, RecoveryFault)}.
 *
 * <p>Only that in-process overload takes a fault: {@link BrokerConfig} does not carry it, so no configuration
 * file, environment variable or command line can switch one on, and every other way to start the broker uses
 * {@link #NONE}.
 */
public enum RecoveryFault {
    /** The broker as it ships: recovery restores every partition's producer and transaction state. */
    NONE,
    /**
     * Each partition log forgets its transactions when it is opened: the open ones (so the last stable offset
     * jumps to the high watermark and an open transaction's records become readable under read_committed) and
     * the aborted ones (so read_committed fetches no longer name them and aborted records are delivered). This
     * is the broker that keeps transaction state in memory only, the "markers/transaction index missing after
     * restart" class of bugs.
     */
    FORGET_TRANSACTIONS,
    /**
     * The transaction coordinator keeps its state in memory only: after a restart it knows no transactional id,
     * so an open transaction can never be ended by its producer (INVALID_PRODUCER_ID_MAPPING), a fenced producer
     * is no longer told it was fenced, and the partitions' open transactions hang until an operator aborts them.
     */
    FORGET_COORDINATOR_STATE
}
