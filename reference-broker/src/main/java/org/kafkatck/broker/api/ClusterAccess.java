package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.kafkatck.broker.acl.AclAuthorizer;

/** The check Kafka's {@code AuthHelper.authorizeClusterOperation} makes before a cluster-wide API. */
final class ClusterAccess {
    private ClusterAccess() {
    }

    /**
     * @return {@code null} when the caller may perform {@code operation} on the cluster (always, without an
     *         authorizer), otherwise the CLUSTER_AUTHORIZATION_FAILED to answer
     */
    static ApiException refusal(AclAuthorizer authorizer, RequestContext context, AclOperation operation) {
        AuthorizationResult result = authorizer.authorize(context.principal(), context.clientHost(), operation,
                ResourceType.CLUSTER, Resource.CLUSTER_NAME);
        return result == AuthorizationResult.ALLOWED ? null
                : new ClusterAuthorizationException("Principal " + context.principal() + " is not authorized to "
                        + operation + " the cluster.");
    }
}
