package org.kafkatck.broker.group;

/**
 * An offset a group committed for one partition.
 *
 * @param offset          the next offset the group will consume
 * @param leaderEpoch     the leader epoch of the record before it, or -1
 * @param metadata        free text the committer attached
 * @param commitTimestamp broker time of the commit
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
}
