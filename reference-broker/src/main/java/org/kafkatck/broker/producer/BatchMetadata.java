package org.kafkatck.broker.producer;

/**
 * What the broker remembers of a recently appended idempotent batch, to recognise a retry of it.
 *
 * @param firstSequence first sequence number of the batch
 * @param lastSequence  last sequence number of the batch
 * @param firstOffset   offset assigned to its first record
 * @param lastOffset    offset assigned to its last record
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {
}
