package org.kafkatck.broker.log;

/**
 * Where a leader epoch ended, as OffsetForLeaderEpoch reports it (KIP-101).
 *
 * @param epoch     the largest epoch at or below the one asked for, or -1 when it is unknown
 * @param endOffset the offset after that epoch's last record (the log end for the current epoch), or -1
 */
public record EpochEnd(int epoch, long endOffset) {
    /** The answer for an epoch that is negative or above every epoch of the partition. */
    public static final EpochEnd UNKNOWN = new EpochEnd(-1, -1);
}
