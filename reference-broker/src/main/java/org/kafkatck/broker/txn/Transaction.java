package org.kafkatck.broker.txn;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * One transactional id's state, as the transaction log stores it: each change writes the whole state again.
 *
 * @param transactionalId the id the producer chose
 * @param producerId      the producer id the coordinator gave it
 * @param producerEpoch   the producer's current epoch; a request with an older one comes from a fenced instance
 * @param timeoutMs       the transaction timeout the producer asked for
 * @param state           where its current transaction stands
 * @param partitions      the partitions of the current transaction
 * @param groups          the consumer groups whose offsets the current transaction commits
 * @param startMs         when the current transaction started, or -1
 * @param updateMs        when the state last changed
 * @param lastProducerEpoch the epoch a KIP-360 InitProducerId bumped from, or -1: a retry of that request (its
 *                        answer lost) names it and gets the current epoch instead of being fenced. Stored, so
 *                        that this holds after a restart too (KAFKA-20357)
 */
public record Transaction(String transactionalId, long producerId, short producerEpoch, int timeoutMs,
                          TransactionState state, Set<TopicPartition> partitions, Set<String> groups, long startMs,
                          long updateMs, short lastProducerEpoch) {

    /** A state no KIP-360 bump led to. */
    public Transaction(String transactionalId, long producerId, short producerEpoch, int timeoutMs,
                       TransactionState state, Set<TopicPartition> partitions, Set<String> groups, long startMs,
                       long updateMs) {
        this(transactionalId, producerId, producerEpoch, timeoutMs, state, partitions, groups, startMs, updateMs,
                (short) -1);
    }

    /** Copies the sets so that a stored state never changes under a reader. */
    public Transaction {
        partitions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(partitions));
        groups = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    }

    /** @return this state moved to {@code next} at {@code nowMs} */
    Transaction in(TransactionState next, long nowMs) {
        return new Transaction(transactionalId, producerId, producerEpoch, timeoutMs, next, partitions, groups, startMs,
                nowMs, lastProducerEpoch);
    }

    /** @return this state with {@code more} partitions, started now if it was settled */
    Transaction adding(Set<TopicPartition> more, Set<String> moreGroups, long nowMs) {
        Set<TopicPartition> allPartitions = new LinkedHashSet<>(partitions);
        allPartitions.addAll(more);
        Set<String> allGroups = new LinkedHashSet<>(groups);
        allGroups.addAll(moreGroups);
        return new Transaction(transactionalId, producerId, producerEpoch, timeoutMs, TransactionState.ONGOING,
                allPartitions, allGroups, state == TransactionState.ONGOING ? startMs : nowMs, nowMs, lastProducerEpoch);
    }

    /** @return the settled state after its markers were written: no partitions, no groups */
    Transaction completed(TransactionState complete, long nowMs) {
        return new Transaction(transactionalId, producerId, producerEpoch, timeoutMs, complete, Set.of(), Set.of(), -1,
                nowMs, lastProducerEpoch);
    }

    /** @return a fresh producer id or epoch for a new instance, settled */
    Transaction initialised(long newProducerId, short newEpoch, int newTimeoutMs, long nowMs) {
        return new Transaction(transactionalId, newProducerId, newEpoch, newTimeoutMs, TransactionState.EMPTY, Set.of(),
                Set.of(), -1, nowMs, lastProducerEpoch);
    }

    /** @return the same transaction, carried on under {@code epoch} */
    Transaction withEpoch(short epoch) {
        return new Transaction(transactionalId, producerId, epoch, timeoutMs, state, partitions, groups, startMs,
                updateMs, lastProducerEpoch);
    }

    /** @return the same state, remembering {@code epoch} as the one a KIP-360 bump left (-1: none) */
    Transaction withLastProducerEpoch(short epoch) {
        return new Transaction(transactionalId, producerId, producerEpoch, timeoutMs, state, partitions, groups, startMs,
                updateMs, epoch);
    }
}
