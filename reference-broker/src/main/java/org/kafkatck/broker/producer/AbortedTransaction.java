package org.kafkatck.broker.producer;

/**
 * A transaction that ended with an ABORT marker in one partition. A {@code read_committed} fetch lists the
 * aborted transactions its records overlap, and the consumer drops their records (KIP-98).
 *
 * @param producerId       the producer that aborted
 * @param firstOffset      offset of the transaction's first record in this partition
 * @param lastOffset       offset of the ABORT marker
 * @param lastStableOffset the partition's last stable offset once the marker was written
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
