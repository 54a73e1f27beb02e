package org.kafkatck.broker.api;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.kafkatck.broker.security.ScramCredentialStore;

/**
 * AlterUserScramCredentials (key 51, KIP-554), v0: upserts and deletes SCRAM credentials. The client sends the
 * salt and the salted password (never the password); the broker keeps the stored and server keys derived from
 * it with kafka-clients' {@link ScramFormatter}, as Kafka's controller does. The rules are those of Kafka's
 * {@code ScramControlManager}, per user:
 * <ul>
 *   <li>a user altered twice in one request (two deletions, two upsertions, or one of each, whatever the
 *       mechanisms) gets DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request",
 *       and none of its alterations is applied;</li>
 *   <li>an empty name gets UNACCEPTABLE_CREDENTIAL "Username must not be empty"; a mechanism other than
 *       SCRAM-SHA-256 (1) and SCRAM-SHA-512 (2) UNSUPPORTED_SASL_MECHANISM "Unknown SCRAM mechanism";</li>
 *   <li>an upsertion with fewer than 4096 iterations gets UNACCEPTABLE_CREDENTIAL "Too few iterations", more
 *       than 16384 "Too many iterations";</li>
 *   <li>deleting a credential that does not exist gets RESOURCE_NOT_FOUND "Attempt to delete a user credential
 *       that does not exist".</li>
 * </ul>
 * The alterations that pass are written to the store together, then the results are listed: successful
 * deletions, successful upsertions, then failures.
 * Without CLUSTER ALTER every user is CLUSTER_AUTHORIZATION_FAILED.
 */
public final class AlterUserScramCredentialsHandler
        extends VersionedHandler<AlterUserScramCredentialsRequestData, AlterUserScramCredentialsResponseData> {
    /** Kafka's {@code ScramControlManager.MAX_ITERATIONS}. */
    static final int MAX_ITERATIONS = 16384;

    private final ScramCredentialStore credentials;

    /** @param credentials the broker's SCRAM credentials */
    public AlterUserScramCredentialsHandler(ScramCredentialStore credentials) {
        super(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0, 0);
        this.credentials = credentials;
    }

    @Override
    public AlterUserScramCredentialsResponseData handle(RequestContext context,
                                                        AlterUserScramCredentialsRequestData request) {
        if (!context.authorizedCluster(AclOperation.ALTER)) {
            return Refusal.of(context, request, Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        Map<String, ScramCredentialDeletion> deletions = new LinkedHashMap<>();
        Map<String, ScramCredentialUpsertion> upsertions = new LinkedHashMap<>();
        Map<String, ApiError> errors = new LinkedHashMap<>();
        for (ScramCredentialDeletion deletion : request.deletions()) {
            String user = deletion.name();
            if (errors.containsKey(user)) {
                continue;
            }
            if (deletions.remove(user) != null) {
                errors.put(user, duplicate());
                continue;
            }
            ApiError error = validate(user, deletion.mechanism());
            if (error == null && credentials.get(user, mechanism(deletion.mechanism())) == null) {
                error = new ApiError(Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            }
            if (error != null) {
                errors.put(user, error);
            } else {
                deletions.put(user, deletion);
            }
        }
        for (ScramCredentialUpsertion upsertion : request.upsertions()) {
            String user = upsertion.name();
            if (errors.containsKey(user)) {
                continue;
            }
            if (deletions.remove(user) != null || upsertions.remove(user) != null) {
                errors.put(user, duplicate());
                continue;
            }
            ApiError error = validate(user, upsertion.mechanism());
            if (error == null && upsertion.iterations() < mechanism(upsertion.mechanism()).minIterations()) {
                error = new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
            } else if (error == null && upsertion.iterations() > MAX_ITERATIONS) {
                error = new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
            }
            if (error != null) {
                errors.put(user, error);
            } else {
                upsertions.put(user, upsertion);
            }
        }

        List<ScramCredentialStore.Change> changes = new ArrayList<>();
        AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
        deletions.forEach((user, deletion) -> {
            changes.add(new ScramCredentialStore.Remove(user, mechanism(deletion.mechanism())));
            response.results().add(ok(user));
        });
        upsertions.forEach((user, upsertion) -> {
            try {
                changes.add(new ScramCredentialStore.Put(user, mechanism(upsertion.mechanism()), derive(upsertion)));
                response.results().add(ok(user));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                errors.put(user, new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, e.getMessage()));
            }
        });
        credentials.apply(changes);
        errors.forEach((user, error) -> response.results().add(new AlterUserScramCredentialsResult().setUser(user)
                .setErrorCode(error.error().code()).setErrorMessage(error.message())));
        return response;
    }

    private static ScramCredential derive(ScramCredentialUpsertion upsertion) throws GeneralSecurityException {
        ScramFormatter formatter = new ScramFormatter(mechanism(upsertion.mechanism()));
        byte[] saltedPassword = upsertion.saltedPassword();
        return new ScramCredential(upsertion.salt(), formatter.storedKey(formatter.clientKey(saltedPassword)),
                formatter.serverKey(saltedPassword), upsertion.iterations());
    }

    private static ApiError validate(String user, byte mechanismType) {
        if (user.isEmpty()) {
            return new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        if (mechanism(mechanismType) == null) {
            return new ApiError(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        return null;
    }

    private static ScramMechanism mechanism(byte type) {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            if (mechanism.type() == type) {
                return mechanism;
            }
        }
        return null;
    }

    private static ApiError duplicate() {
        return new ApiError(Errors.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request");
    }

    private static AlterUserScramCredentialsResult ok(String user) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(Errors.NONE.code()).setErrorMessage(null);
    }
}
