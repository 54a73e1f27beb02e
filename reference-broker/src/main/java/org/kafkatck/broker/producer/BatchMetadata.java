package org.kafkatck.broker.producer;

/**
 * What the broker remembers of a recently appended idempotent batch, to recognise a retry of it.
 *
 * @param firstSequence first sequence number of the batch
 * @param lastSequence  last sequence number of the batch
 * @param firstOffset   offset assigned to its first record
 * @param lastOffset    offset assigned to its last record
 * @param maxTimestamp  the batch's max timestamp as stored (the append time on LogAppendTime topics): Apache
 *                      Kafka answers a retry of the batch with it as log_append_time, or -1 when unknown
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset,
                            long maxTimestamp) {

    /** A batch whose timestamp is not known (-1). */
    public BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {
        this(firstSequence, lastSequence, firstOffset, lastOffset, -1L);
    }
}
