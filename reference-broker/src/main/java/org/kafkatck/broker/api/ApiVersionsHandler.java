package org.kafkatck.broker.api;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.kafkatck.broker.BrokerIdentity;

/**
 * ApiVersions (key 18): the first request of every client, answering which APIs and versions this
 * broker serves. The list is derived from the registered handlers.
 *
 * <ul>
 *   <li>v0: the API list.</li>
 *   <li>v1: throttle time.</li>
 *   <li>v2: same as v1 (responses sent before throttling).</li>
 *   <li>v3: flexible versions; the client sends its software name and version (KIP-511), which
 *       must match {@code [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?} or INVALID_REQUEST is returned.</li>
 *   <li>v4: same as v3 (fixes KAFKA-17011 on feature min versions).</li>
 *   <li>v5: the client may name the cluster id and node id it expects (KIP-1242); when either does
 *       not match this broker, REBOOTSTRAP_REQUIRED tells it to bootstrap again.</li>
 * </ul>
 * The response header is always v0, whatever the request version. A request in a version newer
 * than v5 is answered by the dispatcher with UNSUPPORTED_VERSION in the v0 format.
 */
public final class ApiVersionsHandler extends VersionedHandler<ApiVersionsRequestData, ApiVersionsResponseData> {
    private final ApiRegistry registry;
    private final BrokerIdentity identity;

    /**
     * @param registry the handlers whose versions are advertised
     * @param identity the cluster and node a v5 client may name
     */
    public ApiVersionsHandler(ApiRegistry registry, BrokerIdentity identity) {
        super(ApiKeys.API_VERSIONS, 0, 5);
        this.registry = registry;
        this.identity = identity;
    }

    @Override
    public ApiVersionsResponseData handle(RequestContext context, ApiVersionsRequestData request) {
        ApiVersionsResponseData response = new ApiVersionsResponseData().setThrottleTimeMs(0);
        if (!new ApiVersionsRequest(request, context.apiVersion()).isValid()) {
            return response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        boolean otherCluster = request.clusterId() != null && !request.clusterId().equals(identity.clusterId());
        boolean otherNode = request.nodeId() >= 0 && request.nodeId() != identity.nodeId();
        if (context.apiVersion() >= 5 && (otherCluster || otherNode)) {
            return response.setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code());
        }
        return response.setErrorCode(Errors.NONE.code()).setApiKeys(registry.apiVersions());
    }
}
