package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.GroupDescription;

/**
 * DescribeGroups (key 15): state, protocol and members (with metadata and assignment) of groups.
 *
 * <ul>
 *   <li>v0: groups. v1: throttle time. v2: same format. v3: authorized operations (KIP-430).</li>
 *   <li>v4: group instance id of members (KIP-345). v5: flexible versions.</li>
 *   <li>v6: an unknown group gets GROUP_ID_NOT_FOUND and an error message (KIP-1043); before v6 it is
 *       described as Dead with no error.</li>
 * </ul>
 * A group the principal may not DESCRIBE is GROUP_AUTHORIZATION_FAILED. With an authorizer, the operations the
 * principal may perform on a group are answered when asked for (without one, as before, they are omitted).
 */
public final class DescribeGroupsHandler extends VersionedHandler<DescribeGroupsRequestData, DescribeGroupsResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        super(ApiKeys.DESCRIBE_GROUPS, 0, 6);
        this.coordinator = coordinator;
    }

    @Override
    public DescribeGroupsResponseData handle(RequestContext context, DescribeGroupsRequestData request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData().setThrottleTimeMs(0);
        for (String groupId : request.groups()) {
            if (!context.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                response.groups().add(DescribeGroupsResponse.groupError(groupId, Errors.GROUP_AUTHORIZATION_FAILED));
                continue;
            }
            GroupDescription group = coordinator.describe(groupId);
            DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId).setAuthorizedOperations(Integer.MIN_VALUE);
            if (group == null) {
                boolean notFound = context.apiVersion() >= 6;
                described.setErrorCode((notFound ? Errors.GROUP_ID_NOT_FOUND : Errors.NONE).code())
                        .setErrorMessage(notFound ? "Group " + groupId + " not found." : null)
                        .setGroupState("Dead").setProtocolType("").setProtocolData("");
            } else {
                described.setErrorCode(Errors.NONE.code()).setGroupState(group.state().wireName())
                        .setProtocolType(group.protocolType()).setProtocolData(group.protocolName());
                for (GroupDescription.Member m : group.members()) {
                    described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                            .setClientId(m.clientId()).setClientHost(m.clientHost())
                            .setMemberMetadata(m.metadata()).setMemberAssignment(m.assignment()));
                }
            }
            if (context.apiVersion() >= 3 && request.includeAuthorizedOperations()) {
                described.setAuthorizedOperations(context.authorizedOperations(ResourceType.GROUP, groupId));
            }
            response.groups().add(described);
        }
        return response;
    }
}
