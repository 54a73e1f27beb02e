package org.kafkatck.broker.api;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.SyncResult;

/**
 * SyncGroup (key 14): the leader hands in the assignment; every member gets its part.
 *
 * <ul>
 *   <li>v0: assignments. v1: throttle time. v2: same format. v3: group instance id (KIP-345).</li>
 *   <li>v4: flexible versions. v5: protocol type and name, checked against the group's (KIP-559).</li>
 * </ul>
 * Without GROUP READ the request is refused with GROUP_AUTHORIZATION_FAILED in Kafka's error response.
 */
public final class SyncGroupHandler extends VersionedHandler<SyncGroupRequestData, SyncGroupResponseData> {
    private static final int WAIT_FOR_LEADER_MS = 300_000;

    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public SyncGroupHandler(GroupCoordinator coordinator) {
        super(ApiKeys.SYNC_GROUP, 0, 5);
        this.coordinator = coordinator;
    }

    @Override
    public SyncGroupResponseData handle(RequestContext context, SyncGroupRequestData request) {
        short version = context.apiVersion();
        // Kafka answers v5+ without protocol type or name with INCONSISTENT_GROUP_PROTOCOL before authorizing
        boolean mandatoryPresent = version < 5 || (request.protocolType() != null && request.protocolName() != null);
        if (mandatoryPresent && !context.authorized(AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        SyncResult result = coordinator.sync(request.groupId(), request.memberId(),
                version >= 3 ? request.groupInstanceId() : null, request.generationId(),
                version >= 5 ? request.protocolType() : null, version >= 5 ? request.protocolName() : null,
                assignments, WAIT_FOR_LEADER_MS);
        return new SyncGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(result.error().code())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setAssignment(result.assignment());
    }
}
