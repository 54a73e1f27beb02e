package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;

/**
 * Heartbeat (key 12): a member says it is alive; the answer says whether a rebalance started
 * (REBALANCE_IN_PROGRESS) or the member is out of date (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
 * FENCED_INSTANCE_ID).
 *
 * <ul>
 *   <li>v0: group, generation, member. v1: throttle time. v2: same format.</li>
 *   <li>v3: group instance id (KIP-345). v4: flexible versions.</li>
 * </ul>
 * Without GROUP READ the request is refused with GROUP_AUTHORIZATION_FAILED in Kafka's error response.
 */
public final class HeartbeatHandler extends VersionedHandler<HeartbeatRequestData, HeartbeatResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public HeartbeatHandler(GroupCoordinator coordinator) {
        super(ApiKeys.HEARTBEAT, 0, 4);
        this.coordinator = coordinator;
    }

    @Override
    public HeartbeatResponseData handle(RequestContext context, HeartbeatRequestData request) {
        if (!context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        return new HeartbeatResponseData().setThrottleTimeMs(0).setErrorCode(coordinator.heartbeat(request.groupId(),
                request.memberId(), context.apiVersion() >= 3 ? request.groupInstanceId() : null,
                request.generationId()).code());
    }
}
