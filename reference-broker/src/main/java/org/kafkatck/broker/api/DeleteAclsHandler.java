package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.acl.AclValidation;

/**
 * DeleteAcls (key 31, KIP-140): removes every ACL each filter matches; one result per filter, listing the
 * ACLs it matched.
 *
 * <ul>
 *   <li>v1: pattern type filter (KIP-290); the version Kafka 4.4 serves first.</li>
 *   <li>v2: flexible versions (KIP-482).</li>
 *   <li>v3: the USER resource type (KIP-554).</li>
 * </ul>
 *
 * <p>The caller needs ALTER on the cluster: without it every filter answers CLUSTER_AUTHORIZATION_FAILED.
 * Without an authorizer every filter answers SECURITY_DISABLED. A filter naming an unknown type,
 * pattern, operation or permission answers INVALID_REQUEST; the others are applied, all in one write.
 */
public final class DeleteAclsHandler extends VersionedHandler<DeleteAclsRequestData, DeleteAclsResponseData> {
    private final AclAuthorizer authorizer;

    /** @param authorizer the authorizer whose ACLs are deleted */
    public DeleteAclsHandler(AclAuthorizer authorizer) {
        super(ApiKeys.DELETE_ACLS, 1, 3);
        this.authorizer = authorizer;
    }

    @Override
    public DeleteAclsResponseData handle(RequestContext context, DeleteAclsRequestData request) {
        DeleteAclsResponseData response = new DeleteAclsResponseData().setThrottleTimeMs(0);
        ApiException refused = !authorizer.enabled()
                ? new SecurityDisabledException("No Authorizer is configured.")
                : ClusterAccess.refusal(authorizer, context, AclOperation.ALTER);
        if (refused != null) {
            ApiError failed = ApiError.fromThrowable(refused);
            request.filters().forEach(filter -> response.filterResults().add(new DeleteAclsFilterResult()
                    .setErrorCode(failed.error().code()).setErrorMessage(failed.message())));
            return response;
        }
        List<AclBindingFilter> filters = new DeleteAclsRequest.Builder(request).build(context.apiVersion()).filters();
        List<AclBindingFilter> valid = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        for (AclBindingFilter filter : filters) {
            try {
                AclValidation.checkDeletion(filter);
                valid.add(filter);
                errors.add(null);
            } catch (ApiException e) {
                errors.add(ApiError.fromThrowable(e));
            }
        }
        List<List<AclBinding>> deleted = authorizer.store().delete(valid);
        int next = 0;
        for (ApiError error : errors) {
            DeleteAclsFilterResult result = new DeleteAclsFilterResult();
            if (error != null) {
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            } else {
                for (AclBinding binding : deleted.get(next++)) {
                    result.matchingAcls().add(DeleteAclsResponse.matchingAcl(binding, ApiError.NONE));
                }
            }
            response.filterResults().add(result);
        }
        return response;
    }
}
