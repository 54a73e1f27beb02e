package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;

/**
 * LeaveGroup (key 13): members leave a group at once, without waiting for their session to expire.
 *
 * <ul>
 *   <li>v0: one member id. v1: throttle time. v2: same format.</li>
 *   <li>v3: several members, by member id or group instance id, each answered on its own (KIP-345).</li>
 *   <li>v4: flexible versions. v5: a reason per member (KIP-800).</li>
 * </ul>
 * Without GROUP READ the request is refused with GROUP_AUTHORIZATION_FAILED in Kafka's error response.
 */
public final class LeaveGroupHandler extends VersionedHandler<LeaveGroupRequestData, LeaveGroupResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public LeaveGroupHandler(GroupCoordinator coordinator) {
        super(ApiKeys.LEAVE_GROUP, 0, 5);
        this.coordinator = coordinator;
    }

    @Override
    public LeaveGroupResponseData handle(RequestContext context, LeaveGroupRequestData request) {
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        LeaveGroupResponseData response = new LeaveGroupResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() < 3) {
            Errors error = coordinator.leave(request.groupId(), request.memberId(), null);
            return response.setErrorCode((error == null ? Errors.UNKNOWN_MEMBER_ID : error).code());
        }
        List<LeaveGroupResponseData.MemberResponse> members = new ArrayList<>();
        for (LeaveGroupRequestData.MemberIdentity identity : request.members()) {
            Errors error = coordinator.leave(request.groupId(), identity.memberId(), identity.groupInstanceId());
            if (error == null) {
                return response.setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
            }
            members.add(new LeaveGroupResponseData.MemberResponse().setMemberId(identity.memberId())
                    .setGroupInstanceId(identity.groupInstanceId()).setErrorCode(error.code()));
        }
        return response.setErrorCode(Errors.NONE.code()).setMembers(members);
    }
}
