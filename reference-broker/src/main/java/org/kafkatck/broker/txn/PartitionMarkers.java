package org.kafkatck.broker.txn;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;

/**
 * Writes transaction markers into this broker's partition logs: on a single node the coordinator is also the
 * leader of every partition, so Kafka's WriteTxnMarkers round trip becomes a local append.
 */
public final class PartitionMarkers implements TransactionCoordinator.Markers {
    /** Kafka stamps the coordinator's epoch (its transaction-log partition's leader epoch) in each marker. */
    private static final int COORDINATOR_EPOCH = 0;

    private final LogManager logs;

    /** @param logs the partitions to write to */
    public PartitionMarkers(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public void write(TopicPartition partition, long producerId, short epoch, boolean commit) {
        PartitionLog log = logs.topic(partition.topic()).map(t -> t.partition(partition.partition())).orElse(null);
        if (log == null) {
            return;
        }
        try {
            log.appendMarker(producerId, epoch, commit, COORDINATOR_EPOCH, System.currentTimeMillis());
        } catch (TransactionCoordinatorFencedException e) {
            // an operator's marker (WriteTxnMarkers) named a newer coordinator epoch: as Kafka's coordinator does
            // on this answer, give up on this partition, whose transaction that marker already ended
            System.getLogger(PartitionMarkers.class.getName()).log(System.Logger.Level.WARNING,
                    "Not writing a marker to " + partition + ": " + e.getMessage());
        }
    }
}
