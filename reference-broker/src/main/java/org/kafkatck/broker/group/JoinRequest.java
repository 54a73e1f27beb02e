package org.kafkatck.broker.group;

import java.util.List;

/**
 * A JoinGroup, in the coordinator's terms.
 *
 * @param groupId              the group
 * @param memberId             the member's id, or empty for a member joining for the first time
 * @param groupInstanceId      the static member's instance id (KIP-345), or {@code null}
 * @param clientId             the client's id, for DescribeGroups
 * @param clientHost           the client's address, for DescribeGroups
 * @param sessionTimeoutMs     how long the member may go without heartbeating
 * @param rebalanceTimeoutMs   how long the coordinator waits for the member to rejoin in a rebalance
 * @param protocolType         for consumers, {@code consumer}
 * @param protocols            the protocols the member supports, in order of preference
 * @param requireKnownMemberId whether a new member must first get its id (JoinGroup v4+, KIP-394)
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                          int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols,
                          boolean requireKnownMemberId) {
}
