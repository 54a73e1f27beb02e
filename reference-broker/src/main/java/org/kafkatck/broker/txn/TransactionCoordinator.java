package org.kafkatck.broker.txn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The transaction coordinator of KIP-98: hands transactional producers their producer id and epoch, fences
 * older instances, tracks the partitions and groups of each transaction, and ends it by writing COMMIT or
 * ABORT markers to every partition and settling the group offsets it committed. Every state change is written
 * to the {@link TransactionLog} before it takes effect, so a broker that stops while a transaction is ending
 * finishes it on start ({@link #recover}).
 *
 * <p>Errors are those of Apache Kafka's coordinator; the handlers translate PRODUCER_FENCED to
 * INVALID_PRODUCER_EPOCH for request versions from before KIP-588.
 */
public final class TransactionCoordinator implements AutoCloseable {
    /** Writes the markers that end a transaction in one partition. */
    public interface Markers {
        /**
         * Writes a COMMIT or ABORT marker to {@code partition}; a partition that no longer exists is skipped.
         */
        void write(TopicPartition partition, long producerId, short epoch, boolean commit);
    }

    /** Settles the offsets a transaction committed for a group (TxnOffsetCommit). */
    public interface GroupOffsets {
        /** Makes the producer's pending offsets for {@code groupId} committed, or drops them. */
        void end(String groupId, long producerId, boolean commit);
    }

    /**
     * The answer to InitProducerId.
     *
     * @param error         NONE or why not
     * @param producerId    the producer id, -1 on error
     * @param producerEpoch its epoch, -1 on error
     */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult failed(Errors error) {
            return new InitResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    private final TransactionLog log;
    private final LongSupplier producerIds;
    private final Markers markers;
    private final GroupOffsets groupOffsets;
    private final int maxTimeoutMs;
    private java.util.concurrent.ScheduledExecutorService timeouts;

    /**
     * @param producerIds  source of fresh producer ids (shared with idempotent producers)
     * @param maxTimeoutMs {@code transaction.max.timeout.ms}: a producer may not ask for more
     */
    public TransactionCoordinator(TransactionLog log, LongSupplier producerIds, Markers markers,
                                  GroupOffsets groupOffsets, int maxTimeoutMs) {
        this.log = log;
        this.producerIds = producerIds;
        this.markers = markers;
        this.groupOffsets = groupOffsets;
        this.maxTimeoutMs = maxTimeoutMs;
    }

    /** Aborts transactions past their timeout every {@code interval}, on a thread of the coordinator's own. */
    public synchronized void abortExpiredEvery(java.time.Duration interval) {
        if (timeouts == null) {
            timeouts = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("transaction-timeouts").factory());
            long period = interval.toMillis();
            timeouts.scheduleAtFixedRate(() -> {
                try {
                    abortExpired(System.currentTimeMillis());
                } catch (RuntimeException e) {
                    // a failed marker write has taken the data directory offline and been logged; try again later
                    System.getLogger(TransactionCoordinator.class.getName()).log(System.Logger.Level.WARNING,
                            "Aborting timed-out transactions failed: " + e.getMessage());
                }
            }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Forces transaction log writes since the last flush to disk. */
    public void flush() {
        log.flush();
    }

    /** Stops the timeout checks and closes the transaction log. */
    @Override
    public synchronized void close() {
        if (timeouts != null) {
            timeouts.shutdownNow();
        }
        log.close();
    }

    /** Finishes the transactions the log shows ending: the broker stopped while writing their markers. */
    public synchronized void recover(long nowMs) {
        for (Transaction t : log.all().values()) {
            if (t.state() == TransactionState.PREPARE_COMMIT) {
                complete(t, true, nowMs);
            } else if (t.state() == TransactionState.PREPARE_ABORT || t.state() == TransactionState.PREPARE_EPOCH_FENCE) {
                complete(t, false, nowMs);
            }
        }
    }

    /**
     * InitProducerId with a transactional id: a first instance gets a new producer id at epoch 0; a later one
     * the next epoch, which fences the previous instance; an ongoing transaction of the previous instance is
     * aborted first (the caller retries on CONCURRENT_TRANSACTIONS). With KIP-360's {@code expectedProducerId}
     * and {@code expectedEpoch} (both -1 otherwise) a producer that hit an abortable error keeps its id.
     */
    public synchronized InitResult initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                                  short expectedEpoch, long nowMs) {
        if (transactionalId.isEmpty()) {
            return InitResult.failed(Errors.INVALID_REQUEST);
        }
        if (timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
            return InitResult.failed(Errors.INVALID_TRANSACTION_TIMEOUT);
        }
        Transaction current = log.get(transactionalId);
        if (current == null || current.state() == TransactionState.DEAD) {
            if (expectedProducerId != RecordBatch.NO_PRODUCER_ID) {
                return InitResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
            }
            Transaction fresh = new Transaction(transactionalId, producerIds.getAsLong(), (short) 0, timeoutMs,
                    TransactionState.EMPTY, Set.of(), Set.of(), -1, nowMs);
            log.put(fresh);
            return new InitResult(Errors.NONE, fresh.producerId(), fresh.producerEpoch());
        }
        boolean resume = expectedProducerId != RecordBatch.NO_PRODUCER_ID;
        if (resume && expectedProducerId != current.producerId()) {
            return InitResult.failed(Errors.PRODUCER_FENCED);
        }
        if (current.state().ending()) {
            return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
        }
        if (current.state() == TransactionState.ONGOING) {
            // the previous instance's transaction can never be committed now: abort it under a fencing epoch
            Transaction fencing = bumped(current).withLastProducerEpoch((short) -1)
                    .in(TransactionState.PREPARE_EPOCH_FENCE, nowMs);
            log.put(fencing);
            complete(fencing, false, nowMs);
            return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
        }
        if (resume && expectedEpoch != current.producerEpoch()) {
            // KIP-360: the epoch this producer bumped from is a retry whose answer was lost; any other is a zombie's
            return current.lastProducerEpoch() >= 0 && current.lastProducerEpoch() == expectedEpoch
                    ? new InitResult(Errors.NONE, current.producerId(), current.producerEpoch())
                    : InitResult.failed(Errors.PRODUCER_FENCED);
        }
        Transaction next = bumped(current);
        // a resumed producer may retry this request; a new instance ends every older bump's claim
        next = next.initialised(next.producerId(), next.producerEpoch(), timeoutMs, nowMs)
                .withLastProducerEpoch(resume && next.producerId() == current.producerId() ? current.producerEpoch() : -1);
        log.put(next);
        return new InitResult(Errors.NONE, next.producerId(), next.producerEpoch());
    }

    /** @return the state with the next epoch, or a new producer id at epoch 0 when the epochs ran out */
    private Transaction bumped(Transaction t) {
        if (t.producerEpoch() >= Short.MAX_VALUE - 1) {
            return new Transaction(t.transactionalId(), producerIds.getAsLong(), (short) 0, t.timeoutMs(), t.state(),
                    t.partitions(), t.groups(), t.startMs(), t.updateMs());
        }
        return t.withEpoch((short) (t.producerEpoch() + 1));
    }

    /** AddPartitionsToTxn: the partitions join the producer's transaction, which starts if none is ongoing. */
    public synchronized Errors addPartitions(String transactionalId, long producerId, short epoch,
                                             Collection<TopicPartition> partitions, long nowMs) {
        return add(transactionalId, producerId, epoch, Set.copyOf(partitions), Set.of(), nowMs);
    }

    /** AddOffsetsToTxn: the group's offsets will be committed or dropped with the transaction. */
    public synchronized Errors addGroup(String transactionalId, long producerId, short epoch, String groupId,
                                        long nowMs) {
        return add(transactionalId, producerId, epoch, Set.of(), Set.of(groupId), nowMs);
    }

    private Errors add(String transactionalId, long producerId, short epoch, Set<TopicPartition> partitions,
                       Set<String> groups, long nowMs) {
        Transaction current = log.get(transactionalId);
        Errors invalid = checkProducer(current, producerId, epoch);
        if (invalid != Errors.NONE) {
            return invalid;
        }
        if (current.state().ending()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        if (current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)
                && current.groups().containsAll(groups)) {
            return Errors.NONE;
        }
        log.put(current.adding(partitions, groups, nowMs));
        return Errors.NONE;
    }

    /**
     * KIP-890's check before a transactional write: is the partition part of the producer's ongoing
     * transaction?
     *
     * @return NONE when it is; the error the write gets otherwise
     */
    public synchronized Errors verify(String transactionalId, long producerId, short epoch, TopicPartition partition) {
        Transaction current = log.get(transactionalId);
        Errors invalid = checkProducer(current, producerId, epoch);
        if (invalid != Errors.NONE) {
            return invalid;
        }
        return current.state() == TransactionState.ONGOING && current.partitions().contains(partition)
                ? Errors.NONE : Errors.INVALID_TXN_STATE;
    }

    /**
     * KIP-890's check before a transactional offset commit: were the group's offsets added to the producer's
     * ongoing transaction (AddOffsetsToTxn)?
     *
     * @return NONE when they were; the error the commit gets otherwise
     */
    public synchronized Errors verifyGroup(String transactionalId, long producerId, short epoch, String groupId) {
        Transaction current = log.get(transactionalId);
        Errors invalid = checkProducer(current, producerId, epoch);
        if (invalid != Errors.NONE) {
            return invalid;
        }
        return current.state() == TransactionState.ONGOING && current.groups().contains(groupId)
                ? Errors.NONE : Errors.INVALID_TXN_STATE;
    }

    /**
     * EndTxn: writes the markers and settles the group offsets. Retrying the end that already happened answers
     * NONE; asking for the other end of a settled transaction is INVALID_TXN_STATE.
     */
    public synchronized Errors endTransaction(String transactionalId, long producerId, short epoch, boolean commit,
                                              long nowMs) {
        Transaction current = log.get(transactionalId);
        Errors invalid = checkProducer(current, producerId, epoch);
        if (invalid != Errors.NONE) {
            return invalid;
        }
        return switch (current.state()) {
            case ONGOING -> {
                Transaction preparing = current.in(commit ? TransactionState.PREPARE_COMMIT
                        : TransactionState.PREPARE_ABORT, nowMs);
                log.put(preparing);
                complete(preparing, commit, nowMs);
                yield Errors.NONE;
            }
            case COMPLETE_COMMIT -> commit ? Errors.NONE : Errors.INVALID_TXN_STATE;
            case COMPLETE_ABORT -> commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
            case PREPARE_COMMIT -> commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE;
            case PREPARE_ABORT -> commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS;
            case PREPARE_EPOCH_FENCE -> Errors.PRODUCER_FENCED;
            case EMPTY, DEAD -> Errors.INVALID_TXN_STATE;
        };
    }

    /**
     * Aborts every ongoing transaction older than its timeout, under a new epoch: the producer that started it
     * is fenced, as in Apache Kafka.
     *
     * @return how many were aborted
     */
    public synchronized int abortExpired(long nowMs) {
        int aborted = 0;
        for (Transaction t : log.all().values()) {
            if (t.state() == TransactionState.ONGOING && t.startMs() >= 0 && nowMs - t.startMs() > t.timeoutMs()) {
                Transaction fencing = bumped(t).withLastProducerEpoch((short) -1).in(TransactionState.PREPARE_ABORT, nowMs);
                log.put(fencing);
                complete(fencing, false, nowMs);
                aborted++;
            }
        }
        return aborted;
    }

    /** @return the state of {@code transactionalId}, if the coordinator knows it */
    public Optional<Transaction> describe(String transactionalId) {
        return Optional.ofNullable(log.get(transactionalId));
    }

    /** @return every transactional id's state, by id */
    public List<Transaction> list() {
        List<Transaction> all = new ArrayList<>(log.all().values());
        all.sort(java.util.Comparator.comparing(Transaction::transactionalId));
        return all;
    }

    private static Errors checkProducer(Transaction current, long producerId, short epoch) {
        if (current == null || current.state() == TransactionState.DEAD || current.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (epoch != current.producerEpoch()) {
            return Errors.PRODUCER_FENCED;
        }
        return Errors.NONE;
    }

    /** Writes the markers of a transaction in a PREPARE state, settles its groups, and records the end. */
    private void complete(Transaction preparing, boolean commit, long nowMs) {
        for (TopicPartition partition : preparing.partitions()) {
            markers.write(partition, preparing.producerId(), preparing.producerEpoch(), commit);
        }
        for (String group : preparing.groups()) {
            groupOffsets.end(group, preparing.producerId(), commit);
        }
        log.put(preparing.completed(commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT,
                nowMs));
    }
}
