package org.kafkatck.broker.group;

import java.util.List;

/**
 * A group as DescribeGroups reports it.
 *
 * @param groupId      the group
 * @param state        its state
 * @param protocolType its protocol type, or empty
 * @param protocolName the current generation's protocol, or empty
 * @param members      its members
 */
public record GroupDescription(String groupId, GroupState state, String protocolType, String protocolName,
                               List<Member> members) {

    /**
     * A member as DescribeGroups reports it.
     *
     * @param memberId        the member
     * @param groupInstanceId its static instance id, or {@code null}
     * @param clientId        its client id
     * @param clientHost      its address
     * @param metadata        its metadata for the current protocol
     * @param assignment      its current assignment
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost, byte[] metadata,
                         byte[] assignment) {
    }
}
