package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.kafkatck.broker.security.ScramCredentialStore;

/**
 * DescribeUserScramCredentials (key 50, KIP-554), v0: each user's SCRAM mechanisms and iteration counts,
 * never a salt or key. As Kafka's {@code ScramImage.describe}: no users (null or empty) describes every user
 * with a credential; a named user without one gets RESOURCE_NOT_FOUND ("Attempt to describe a user credential
 * that does not exist: NAME"), a user named twice DUPLICATE_RESOURCE ("Cannot describe SCRAM credentials for
 * the same user twice in a single request: NAME"), once in the results.
 * Without CLUSTER DESCRIBE the answer is CLUSTER_AUTHORIZATION_FAILED.
 */
public final class DescribeUserScramCredentialsHandler
        extends VersionedHandler<DescribeUserScramCredentialsRequestData, DescribeUserScramCredentialsResponseData> {
    private final ScramCredentialStore credentials;

    /** @param credentials the broker's SCRAM credentials */
    public DescribeUserScramCredentialsHandler(ScramCredentialStore credentials) {
        super(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0, 0);
        this.credentials = credentials;
    }

    @Override
    public DescribeUserScramCredentialsResponseData handle(RequestContext context,
                                                           DescribeUserScramCredentialsRequestData request) {
        if (!context.authorizedCluster(AclOperation.DESCRIBE)) {
            Errors refused = Errors.CLUSTER_AUTHORIZATION_FAILED;
            // Kafka's error response, which names each user asked for (none when all are)
            return request.users() == null
                    ? new DescribeUserScramCredentialsResponseData().setErrorCode(refused.code())
                            .setErrorMessage(refused.message())
                    : Refusal.of(context, request, refused);
        }
        Map<String, Map<ScramMechanism, Integer>> all = credentials.describe();
        Map<String, Boolean> duplicated = new LinkedHashMap<>();
        if (request.users() == null || request.users().isEmpty()) {
            all.keySet().forEach(user -> duplicated.put(user, false));
        } else {
            request.users().forEach(user -> duplicated.merge(user.name(), false, (a, b) -> true));
        }
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData()
                .setErrorCode(Errors.NONE.code());
        duplicated.forEach((user, twice) -> {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
            Map<ScramMechanism, Integer> mechanisms = all.get(user);
            if (twice) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(
                        "Cannot describe SCRAM credentials for the same user twice in a single request: " + user);
            } else if (mechanisms == null) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + user);
            } else {
                List<CredentialInfo> infos = new ArrayList<>();
                mechanisms.forEach((mechanism, iterations) -> infos.add(new CredentialInfo()
                        .setMechanism(mechanism.type()).setIterations(iterations)));
                result.setErrorCode(Errors.NONE.code()).setCredentialInfos(infos);
            }
            response.results().add(result);
        });
        return response;
    }
}
