package org.kafkatck.broker.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.security.SaslAuthenticator;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCRAM credentials through the Java Admin client ({@code describeUserScramCredentials},
 * {@code alterUserScramCredentials}) and raw requests: Kafka's errors, credentials seeded from config, and
 * credentials that survive a restart and log a user in.
 */
class ScramCredentialsIT {
    private static final SaslSettings SASL = new SaslSettings(SaslSettings.SUPPORTED_MECHANISMS,
            List.of(new SaslUser("bob", "bob-secret", List.of("SCRAM-SHA-256"))), 4096, Duration.ZERO);

    @Test
    void credentialsAreDescribedAlteredAndSurviveARestart(@TempDir Path dir) throws Exception {
        BrokerConfig config = BrokerConfig.forTests().withDiskStorage(dir).withSasl(SASL);
        try (ReferenceBroker broker = ReferenceBroker.start(config);
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(describeAll(admin)).as("seeded from config").isEqualTo(Map.of(
                    "bob", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096))));

            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("alice", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            "alice-password"))).all().get();
            assertThat(describeAll(admin)).isEqualTo(Map.of(
                    "alice", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192)),
                    "bob", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096))));

            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4095), "x"))).all().get())
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(UnacceptableCredentialException.class).hasMessage("Too few iterations");
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 16385), "x"))).all().get())
                    .cause().isInstanceOf(UnacceptableCredentialException.class).hasMessage("Too many iterations");
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("bob",
                    ScramMechanism.SCRAM_SHA_512))).all().get())
                    .cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessage("Attempt to delete a user credential that does not exist");
            assertThatThrownBy(() -> admin.describeUserScramCredentials(List.of("carol")).description("carol").get())
                    .cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessage("Attempt to describe a user credential that does not exist: carol");
        }

        byte[] stored = Files.readAllBytes(dir.resolve("__scram_credentials").resolve("credentials.log"));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("alice-password")
                .doesNotContain("bob-secret");

        try (ReferenceBroker broker = ReferenceBroker.start(config);
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(describeAll(admin)).as("after a restart").isEqualTo(Map.of(
                    "alice", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192)),
                    "bob", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096))));
            assertThat(logIn(broker, "SCRAM-SHA-512", "alice", "alice-password")).isEqualTo(Errors.NONE);
            assertThat(logIn(broker, "SCRAM-SHA-512", "alice", "wrong")).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
            assertThat(logIn(broker, "SCRAM-SHA-256", "bob", "bob-secret")).isEqualTo(Errors.NONE);

            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("bob", ScramMechanism.SCRAM_SHA_256),
                    new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_512))).all().get();
            assertThat(describeAll(admin)).isEmpty();
        }
        try (ReferenceBroker broker = ReferenceBroker.start(config);
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(describeAll(admin)).as("alice's deletion survives; bob, a config user, gets his configured"
                    + " credential back at start").isEqualTo(Map.of(
                    "bob", List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096))));
        }
    }

    @Test
    void rawRequestsGetKafkasPerUserErrors() throws Exception {
        try (ReferenceBroker broker = ReferenceBroker.start(BrokerConfig.forTests().withSasl(SASL));
             RawClient raw = new RawClient(broker.kafkaPort())) {
            DescribeUserScramCredentialsResponseData described = raw.send(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS,
                    (short) 0, new DescribeUserScramCredentialsRequestData().setUsers(List.of(
                            new DescribeUserScramCredentialsRequestData.UserName().setName("bob"),
                            new DescribeUserScramCredentialsRequestData.UserName().setName("carol"),
                            new DescribeUserScramCredentialsRequestData.UserName().setName("bob"))));
            assertThat(described.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(described.results()).extracting(r -> r.user() + " " + r.errorCode() + " " + r.errorMessage())
                    .containsExactly(
                            "bob " + Errors.DUPLICATE_RESOURCE.code() + " Cannot describe SCRAM credentials for the same"
                                    + " user twice in a single request: bob",
                            "carol " + Errors.RESOURCE_NOT_FOUND.code() + " Attempt to describe a user credential that"
                                    + " does not exist: carol");

            byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);
            byte[] salted = new byte[32];
            AlterUserScramCredentialsResponseData altered = raw.send(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, (short) 0,
                    new AlterUserScramCredentialsRequestData()
                            .setDeletions(List.of(new AlterUserScramCredentialsRequestData.ScramCredentialDeletion()
                                    .setName("dave").setMechanism((byte) 1)))
                            .setUpsertions(List.of(
                                    upsert("dave", (byte) 2, 4096, salt, salted),
                                    upsert("erin", (byte) 1, 4096, salt, salted),
                                    upsert("erin", (byte) 2, 4096, salt, salted),
                                    upsert("frank", (byte) 3, 4096, salt, salted),
                                    upsert("", (byte) 1, 4096, salt, salted),
                                    upsert("grace", (byte) 1, 4096, salt, salted))));
            assertThat(altered.results()).extracting(r -> r.user() + " " + r.errorCode() + " " + r.errorMessage())
                    .containsExactly(
                            "grace 0 null",
                            "dave " + Errors.RESOURCE_NOT_FOUND.code() + " Attempt to delete a user credential that does"
                                    + " not exist",
                            "erin " + Errors.DUPLICATE_RESOURCE.code() + " A user credential cannot be altered twice in"
                                    + " the same request",
                            "frank " + Errors.UNSUPPORTED_SASL_MECHANISM.code() + " Unknown SCRAM mechanism",
                            " " + Errors.UNACCEPTABLE_CREDENTIAL.code() + " Username must not be empty");
            DescribeUserScramCredentialsResponseData all = raw.send(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, (short) 0,
                    new DescribeUserScramCredentialsRequestData().setUsers(null));
            assertThat(all.results()).extracting(r -> r.user()).containsExactly("bob", "grace");
        }
    }

    private static AlterUserScramCredentialsRequestData.ScramCredentialUpsertion upsert(String name, byte mechanism,
                                                                                      int iterations, byte[] salt,
                                                                                      byte[] saltedPassword) {
        return new AlterUserScramCredentialsRequestData.ScramCredentialUpsertion().setName(name).setMechanism(mechanism)
                .setIterations(iterations).setSalt(salt).setSaltedPassword(saltedPassword);
    }

    private static Map<String, List<ScramCredentialInfo>> describeAll(Admin admin) throws Exception {
        Map<String, UserScramCredentialsDescription> all = admin.describeUserScramCredentials().all().get();
        return all.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().credentialInfos()));
    }

    /** One SASL exchange against the broker's mechanisms, with kafka-clients' SCRAM client. */
    private static Errors logIn(ReferenceBroker broker, String mechanism, String user, String password) throws Exception {
        ScramSaslClientProvider.initialize();
        SaslClient client = Sasl.createSaslClient(new String[] {mechanism}, null, "kafka", "localhost", Map.of(),
                callbacks -> {
                    for (Callback callback : callbacks) {
                        switch (callback) {
                            case NameCallback name -> name.setName(user);
                            case PasswordCallback pass -> pass.setPassword(password.toCharArray());
                            case ScramExtensionsCallback ignored -> { }
                            default -> throw new UnsupportedCallbackException(callback);
                        }
                    }
                });
        SaslAuthenticator authenticator = new SaslAuthenticator(broker.sasl());
        assertThat(authenticator.handshake(new SaslHandshakeRequestData().setMechanism(mechanism)).errorCode())
                .isEqualTo(Errors.NONE.code());
        byte[] token = client.evaluateChallenge(new byte[0]);
        while (true) {
            SaslAuthenticateResponseData response = authenticator.authenticate(
                    new SaslAuthenticateRequestData().setAuthBytes(token), (short) 2, System.currentTimeMillis());
            if (response.errorCode() != Errors.NONE.code()) {
                return Errors.forCode(response.errorCode());
            }
            if (authenticator.authenticated()) {
                client.evaluateChallenge(response.authBytes());
                assertThat(client.isComplete()).isTrue();
                assertThat(authenticator.principal()).contains(new KafkaPrincipal("User", user));
                return Errors.NONE;
            }
            token = client.evaluateChallenge(response.authBytes());
        }
    }
}
