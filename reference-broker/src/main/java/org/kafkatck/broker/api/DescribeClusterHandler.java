package org.kafkatck.broker.api;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.BrokerIdentity;

/**
 * DescribeCluster (key 60, KIP-700): cluster id, controller and brokers, used by
 * {@code Admin.describeCluster()}.
 *
 * <ul>
 *   <li>v0: brokers, cluster id, controller id, authorized operations.</li>
 *   <li>v1: endpoint type (KIP-919); a broker answers for brokers (1) only, other types get
 *       UNSUPPORTED_ENDPOINT_TYPE.</li>
 *   <li>v2: {@code includeFencedBrokers} and the broker's fenced flag (never fenced here).</li>
 * </ul>
 * With an authorizer, {@code cluster_authorized_operations} is computed when asked for (0 without CLUSTER DESCRIBE).
 */
public final class DescribeClusterHandler extends VersionedHandler<DescribeClusterRequestData, DescribeClusterResponseData> {
    private static final byte BROKER_ENDPOINTS = 1;

    private final BrokerIdentity identity;

    /** @param identity the node to report */
    public DescribeClusterHandler(BrokerIdentity identity) {
        super(ApiKeys.DESCRIBE_CLUSTER, 0, 2);
        this.identity = identity;
    }

    @Override
    public DescribeClusterResponseData handle(RequestContext context, DescribeClusterRequestData request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setEndpointType(request.endpointType())
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        if (context.apiVersion() >= 1 && request.endpointType() != BROKER_ENDPOINTS) {
            return response.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Brokers only describe broker endpoints (endpoint type 1), got "
                            + request.endpointType());
        }
        // Kafka's broker checks nothing here, but reports the cluster's operations only to whom may describe it
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(context.authorizedCluster(AclOperation.DESCRIBE)
                    ? context.authorizedOperations(ResourceType.CLUSTER, Resource.CLUSTER_NAME) : 0);
        }
        BrokerIdentity.Endpoint endpoint = identity.endpoint(context.listener());
        response.brokers().add(new DescribeClusterBroker()
                .setBrokerId(identity.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(null)
                .setIsFenced(false));
        return response.setErrorCode(Errors.NONE.code());
    }
}
