package org.kafkatck.broker.api;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
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
        return new HeartbeatResponseData().setThrottleTimeMs(0).setErrorCode(coordinator.heartbeat(request.groupId(),
                request.memberId(), context.apiVersion() >= 3 ? request.groupInstanceId() : null,
                request.generationId()).code());
    }
}
