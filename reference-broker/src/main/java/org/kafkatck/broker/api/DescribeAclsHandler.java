package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.acl.AclAuthorizer;

/**
 * DescribeAcls (key 29, KIP-140): the ACLs a filter matches, grouped by resource pattern.
 *
 * <ul>
 *   <li>v1: pattern type filter (KIP-290); the version Kafka 4.4 serves first.</li>
 *   <li>v2: flexible versions (KIP-482).</li>
 *   <li>v3: the USER resource type (KIP-554).</li>
 * </ul>
 *
 * <p>The caller needs DESCRIBE on the cluster (ALTER implies it): without it the answer is
 * CLUSTER_AUTHORIZATION_FAILED. Without an authorizer it is SECURITY_DISABLED with Kafka's message.
 */
public final class DescribeAclsHandler extends VersionedHandler<DescribeAclsRequestData, DescribeAclsResponseData> {
    private final AclAuthorizer authorizer;

    /** @param authorizer the authorizer whose ACLs are described */
    public DescribeAclsHandler(AclAuthorizer authorizer) {
        super(ApiKeys.DESCRIBE_ACLS, 1, 3);
        this.authorizer = authorizer;
    }

    @Override
    public DescribeAclsResponseData handle(RequestContext context, DescribeAclsRequestData request) {
        if (!authorizer.enabled()) {
            return new DescribeAclsResponseData().setThrottleTimeMs(0)
                    .setErrorCode(Errors.SECURITY_DISABLED.code())
                    .setErrorMessage("No Authorizer is configured on the broker");
        }
        ApiException refused = ClusterAccess.refusal(authorizer, context, AclOperation.DESCRIBE);
        if (refused != null) {
            return new DescribeAclsResponseData().setThrottleTimeMs(0)
                    .setErrorCode(Errors.forException(refused).code()).setErrorMessage(refused.getMessage());
        }
        return new DescribeAclsResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code())
                .setResources(DescribeAclsResponse.aclsResources(authorizer.store().matching(filter(request))));
    }

    /** The request's filter; codes Kafka does not know become UNKNOWN, which matches nothing. */
    static AclBindingFilter filter(DescribeAclsRequestData request) {
        return new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.fromCode(request.resourceTypeFilter()), request.resourceNameFilter(),
                        PatternType.fromCode(request.patternTypeFilter())),
                new AccessControlEntryFilter(request.principalFilter(), request.hostFilter(),
                        AclOperation.fromCode(request.operation()), AclPermissionType.fromCode(request.permissionType())));
    }
}
