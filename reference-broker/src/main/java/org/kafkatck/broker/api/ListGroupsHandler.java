package org.kafkatck.broker.api;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.GroupDescription;

/**
 * ListGroups (key 16): every group of the coordinator.
 *
 * <ul>
 *   <li>v0: groups with protocol type. v1: throttle time. v2: same format. v3: flexible versions.</li>
 *   <li>v4: filter by state, and the state in the answer (KIP-518).</li>
 *   <li>v5: filter by type, and the type in the answer (KIP-848); every group here is {@code classic}.</li>
 * </ul>
 * Without CLUSTER DESCRIBE only the groups the principal may DESCRIBE are listed, with no error.
 */
public final class ListGroupsHandler extends VersionedHandler<ListGroupsRequestData, ListGroupsResponseData> {
    private static final String CLASSIC = "classic";

    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public ListGroupsHandler(GroupCoordinator coordinator) {
        super(ApiKeys.LIST_GROUPS, 0, 5);
        this.coordinator = coordinator;
    }

    @Override
    public ListGroupsResponseData handle(RequestContext context, ListGroupsRequestData request) {
        short version = context.apiVersion();
        Set<String> states = version >= 4 ? lower(request.statesFilter()) : Set.of();
        Set<String> types = version >= 5 ? lower(request.typesFilter()) : Set.of();
        ListGroupsResponseData response = new ListGroupsResponseData().setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        // Kafka lists every group to whom may describe the cluster, otherwise only the groups one may describe
        boolean all = context.authorizedCluster(AclOperation.DESCRIBE);
        for (GroupDescription group : coordinator.list()) {
            if (!all && !context.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, group.groupId())) {
                continue;
            }
            if (!states.isEmpty() && !states.contains(group.state().wireName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!types.isEmpty() && !types.contains(CLASSIC)) {
                continue;
            }
            response.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(group.groupId())
                    .setProtocolType(group.protocolType()).setGroupState(group.state().wireName())
                    .setGroupType(CLASSIC));
        }
        return response;
    }

    private static Set<String> lower(java.util.List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
