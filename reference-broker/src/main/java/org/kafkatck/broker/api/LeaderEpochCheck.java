package org.kafkatck.broker.api;

import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.PartitionLog;

/**
 * The KIP-320 check of the leader epoch a client believes current ({@code current_leader_epoch} of
 * Fetch, ListOffsets and OffsetForLeaderEpoch) against the partition's.
 */
final class LeaderEpochCheck {
    private LeaderEpochCheck() {
    }

    /**
     * @param clientEpoch the epoch the client names; negative when it names none
     * @return NONE when it names none or the current one; FENCED_LEADER_EPOCH when it names an older one
     *         (the client is behind); UNKNOWN_LEADER_EPOCH when it names a newer one (this broker is behind)
     */
    static Errors check(int clientEpoch, PartitionLog log) {
        if (clientEpoch < 0) {
            return Errors.NONE;
        }
        int current = log.leaderEpoch();
        if (clientEpoch < current) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        return clientEpoch > current ? Errors.UNKNOWN_LEADER_EPOCH : Errors.NONE;
    }
}
