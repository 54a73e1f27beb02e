package org.kafkatck.broker.sink;

import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.PartitionLog;

/** KIP-320's check of a client's {@code current_leader_epoch}, as the broker's handlers make it. */
final class EpochCheck {
    private EpochCheck() {
    }

    /** @return NONE for none or the current epoch, FENCED_LEADER_EPOCH for an older, UNKNOWN_LEADER_EPOCH for a newer */
    static Errors check(int clientEpoch, PartitionLog log) {
        if (clientEpoch < 0 || clientEpoch == log.leaderEpoch()) {
            return Errors.NONE;
        }
        return clientEpoch < log.leaderEpoch() ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }
}
