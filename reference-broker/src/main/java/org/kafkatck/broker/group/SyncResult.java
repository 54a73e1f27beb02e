package org.kafkatck.broker.group;

import org.apache.kafka.common.protocol.Errors;

/**
 * The answer to a SyncGroup.
 *
 * @param error        NONE or the reason
 * @param protocolType the group's protocol type
 * @param protocolName the generation's protocol
 * @param assignment   the member's assignment, as the leader encoded it
 */
public record SyncResult(Errors error, String protocolType, String protocolName, byte[] assignment) {

    static SyncResult failed(Errors error) {
        return new SyncResult(error, null, null, new byte[0]);
    }
}
