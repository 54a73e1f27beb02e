package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.BrokerIdentity;

/**
 * FindCoordinator (key 10): which broker coordinates a group. On a single node, this one.
 *
 * <ul>
 *   <li>v0: a group id. v1: key type (group or transaction, KIP-98), error message, throttle time.</li>
 *   <li>v2: same format. v3: flexible versions.</li>
 *   <li>v4: several keys per request (KIP-699), answered in a list of coordinators.</li>
 *   <li>v5: same format (transactions v2). v6: share-group keys (KIP-932).</li>
 * </ul>
 * Group and transaction keys are served, both by this node. Share groups are not implemented here, so their keys
 * get INVALID_REQUEST with a message that says so (rather than a coordinator that cannot serve them).
 * A group key needs GROUP DESCRIBE (else GROUP_AUTHORIZATION_FAILED), a transaction key TRANSACTIONAL_ID DESCRIBE
 * (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), per key from v4, for the whole response before.
 */
public final class FindCoordinatorHandler extends VersionedHandler<FindCoordinatorRequestData, FindCoordinatorResponseData> {
    private final BrokerIdentity identity;

    /** @param identity this node, the coordinator of every group */
    public FindCoordinatorHandler(BrokerIdentity identity) {
        super(ApiKeys.FIND_COORDINATOR, 0, 6);
        this.identity = identity;
    }

    @Override
    public FindCoordinatorResponseData handle(RequestContext context, FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator single = coordinator(context, request.key(), request.keyType());
            return response.setErrorCode(single.errorCode()).setErrorMessage(single.errorMessage())
                    .setNodeId(single.nodeId()).setHost(single.host()).setPort(single.port());
        }
        List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
        for (String key : request.coordinatorKeys()) {
            coordinators.add(coordinator(context, key, request.keyType()));
        }
        return response.setCoordinators(coordinators);
    }

    private FindCoordinatorResponseData.Coordinator coordinator(RequestContext context, String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator coordinator = new FindCoordinatorResponseData.Coordinator().setKey(key);
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()
                && keyType != FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code()).setNodeId(-1).setHost("").setPort(-1)
                    .setErrorMessage("This broker coordinates consumer groups (key type 0) and transactions (key type 1),"
                            + " not key type " + keyType);
        }
        // Kafka asks DESCRIBE on the group or the transactional id the key names
        if (keyType == FindCoordinatorRequest.CoordinatorType.GROUP.id()
                && !context.authorized(AclOperation.DESCRIBE, ResourceType.GROUP, key)) {
            return FindCoordinatorResponse.prepareCoordinatorResponse(Errors.GROUP_AUTHORIZATION_FAILED, key,
                    Node.noNode());
        }
        if (keyType == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()
                && !context.authorized(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key)) {
            return FindCoordinatorResponse.prepareCoordinatorResponse(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    key, Node.noNode());
        }
        // the coordinator's address on the listener the request arrived on
        BrokerIdentity.Endpoint endpoint = identity.endpoint(context.listener());
        return coordinator.setErrorCode(Errors.NONE.code()).setNodeId(identity.nodeId()).setHost(endpoint.host())
                .setPort(endpoint.port()).setErrorMessage(null);
    }
}
