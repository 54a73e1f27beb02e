package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.acl.AclValidation;

/**
 * CreateAcls (key 30, KIP-140): adds ACLs, one result per creation in request order.
 *
 * <ul>
 *   <li>v1: the version Kafka 4.4 serves first (v0 was removed by KIP-896).</li>
 *   <li>v2: flexible versions (KIP-482).</li>
 *   <li>v3: the USER resource type (KIP-554).</li>
 * </ul>
 *
 * <p>The caller needs ALTER on the cluster: without it every creation answers CLUSTER_AUTHORIZATION_FAILED.
 * Without an authorizer every creation answers SECURITY_DISABLED. A creation Kafka refuses gets
 * INVALID_REQUEST with Kafka's message ({@link AclValidation}) while the others are stored; an ACL that
 * exists already succeeds and is stored once. A creation that cannot be an ACL at all (ANY or MATCH where a
 * concrete value is needed) fails the request: every result is UNKNOWN_SERVER_ERROR, as from Kafka.
 */
public final class CreateAclsHandler extends VersionedHandler<CreateAclsRequestData, CreateAclsResponseData> {
    private final AclAuthorizer authorizer;

    /** @param authorizer the authorizer whose ACLs are created */
    public CreateAclsHandler(AclAuthorizer authorizer) {
        super(ApiKeys.CREATE_ACLS, 1, 3);
        this.authorizer = authorizer;
    }

    @Override
    public CreateAclsResponseData handle(RequestContext context, CreateAclsRequestData request) {
        CreateAclsResponseData response = new CreateAclsResponseData().setThrottleTimeMs(0);
        ApiException refused = !authorizer.enabled()
                ? new SecurityDisabledException("No Authorizer is configured.")
                : ClusterAccess.refusal(authorizer, context, AclOperation.ALTER);
        if (refused != null) {
            AclCreationResult failed = result(refused);
            request.creations().forEach(creation -> response.results().add(failed.duplicate()));
            return response;
        }
        // an IllegalArgumentException here (ANY, MATCH) escapes: the dispatcher answers the request's error response
        List<AclBinding> bindings = request.creations().stream().map(CreateAclsRequest::aclBinding).toList();
        List<AclBinding> valid = new ArrayList<>();
        for (AclBinding binding : bindings) {
            try {
                AclValidation.checkCreation(binding);
                valid.add(binding);
                response.results().add(new AclCreationResult());
            } catch (ApiException e) {
                response.results().add(result(e));
            }
        }
        authorizer.store().add(valid);
        return response;
    }

    private static AclCreationResult result(ApiException e) {
        ApiError error = ApiError.fromThrowable(e);
        return new AclCreationResult().setErrorCode(error.error().code()).setErrorMessage(error.message());
    }
}
