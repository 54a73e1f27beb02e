package org.kafkatck.broker.group;

import java.util.List;

import org.apache.kafka.common.protocol.Errors;

/**
 * The answer to a JoinGroup.
 *
 * @param error          NONE or the reason the join failed
 * @param generationId   the generation the member joined, -1 on error
 * @param protocolType   the group's protocol type
 * @param protocolName   the protocol chosen for this generation
 * @param leaderId       the member that computes the assignment
 * @param memberId       the member's id (also sent with MEMBER_ID_REQUIRED)
 * @param members        for the leader: every member with its metadata for the chosen protocol
 * @param skipAssignment the leader need not assign again (a static leader rejoining, KIP-814)
 */
public record JoinResult(Errors error, int generationId, String protocolType, String protocolName, String leaderId,
                         String memberId, List<MemberMetadata> members, boolean skipAssignment) {

    /**
     * A member as the leader sees it.
     *
     * @param memberId        the member
     * @param groupInstanceId its static instance id, or {@code null}
     * @param metadata        its metadata for the chosen protocol
     */
    public record MemberMetadata(String memberId, String groupInstanceId, byte[] metadata) {
    }

    static JoinResult failed(Errors error, String memberId) {
        return new JoinResult(error, -1, null, null, "", memberId, List.of(), false);
    }
}
