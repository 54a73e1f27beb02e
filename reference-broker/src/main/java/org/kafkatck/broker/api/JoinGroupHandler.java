package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.JoinRequest;
import org.kafkatck.broker.group.JoinResult;
import org.kafkatck.broker.group.Protocol;

/**
 * JoinGroup (key 11): a member joins a group's next generation; the answer waits for the rebalance.
 *
 * <ul>
 *   <li>v0: session timeout; v1: separate rebalance timeout (KIP-62). v2: throttle time. v3: same format.</li>
 *   <li>v4: a new member first gets MEMBER_ID_REQUIRED with its id and must join again with it (KIP-394).</li>
 *   <li>v5: group instance id for static membership (KIP-345). v6: flexible versions.</li>
 *   <li>v7: protocol type and name in the response (KIP-559). v8: a reason (KIP-800).</li>
 *   <li>v9: {@code skipAssignment}, for a static leader taking its place back (KIP-814).</li>
 * </ul>
 * Without GROUP READ the request is refused with GROUP_AUTHORIZATION_FAILED in Kafka's error response.
 */
public final class JoinGroupHandler extends VersionedHandler<JoinGroupRequestData, JoinGroupResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public JoinGroupHandler(GroupCoordinator coordinator) {
        super(ApiKeys.JOIN_GROUP, 0, 9);
        this.coordinator = coordinator;
    }

    @Override
    public JoinGroupResponseData handle(RequestContext context, JoinGroupRequestData request) {
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        short version = context.apiVersion();
        List<Protocol> protocols = new ArrayList<>();
        request.protocols().forEach(p -> protocols.add(new Protocol(p.name(), p.metadata())));
        int rebalanceTimeout = version >= 1 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        JoinResult result = coordinator.join(new JoinRequest(request.groupId(), request.memberId(),
                version >= 5 ? request.groupInstanceId() : null, context.header().clientId(), context.peer(),
                request.sessionTimeoutMs(), rebalanceTimeout, request.protocolType(), protocols, version >= 4));
        List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
        boolean skipAssignment = result.skipAssignment() && version >= 9;
        if (!result.skipAssignment() || version >= 9) {
            for (JoinResult.MemberMetadata m : result.members()) {
                members.add(new JoinGroupResponseData.JoinGroupResponseMember().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setMetadata(m.metadata()));
            }
        }
        return new JoinGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(result.error().code())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName() == null && version < 7 ? "" : result.protocolName())
                .setLeader(result.leaderId() == null ? "" : result.leaderId())
                .setSkipAssignment(skipAssignment)
                .setMemberId(result.memberId())
                .setMembers(members);
    }
}
