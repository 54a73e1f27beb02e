package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;

/**
 * DeleteGroups (key 42, KIP-229): deletes groups without members, with their committed offsets.
 *
 * <ul>
 *   <li>v0: group ids. v1: same format. v2: flexible versions. v3: same format.</li>
 * </ul>
 * A group with members gets NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND, one the principal may not DELETE
 * GROUP_AUTHORIZATION_FAILED.
 */
public final class DeleteGroupsHandler extends VersionedHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        super(ApiKeys.DELETE_GROUPS, 0, 3);
        this.coordinator = coordinator;
    }

    @Override
    public DeleteGroupsResponseData handle(RequestContext context, DeleteGroupsRequestData request) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData().setThrottleTimeMs(0);
        for (String groupId : request.groupsNames()) {
            if (response.results().find(groupId) == null) {
                Errors error = context.authorized(AclOperation.DELETE, ResourceType.GROUP, groupId)
                        ? coordinator.delete(groupId) : Errors.GROUP_AUTHORIZATION_FAILED;
                response.results().add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId)
                        .setErrorCode(error.code()));
            }
        }
        return response;
    }
}
