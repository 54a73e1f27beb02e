package org.kafkatck.broker.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.security.SaslAuthenticator.Admission;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole SASL exchange of one connection, driven by kafka-clients' and the JDK's SASL clients (the ones a
 * Kafka producer uses), against {@link SaslAuthenticator}: exact error codes, messages and principals.
 */
class SaslAuthenticatorTest {
    private static final List<String> ALL = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final long NOW = 1_000_000L;

    private final ScramCredentialStore store = ScramCredentialStore.inMemory();

    @BeforeAll
    static void registerScramClient() {
        ScramSaslClientProvider.initialize();
    }

    private SaslMechanisms mechanisms(Duration maxReauth) throws Exception {
        for (ScramMechanism m : ScramMechanism.values()) {
            store.put("alice", m, new ScramFormatter(m).generateCredential("alice-secret", 4096));
            store.put("bob", m, new ScramFormatter(m).generateCredential("bob-secret", 4096));
        }
        return new SaslMechanisms(new SaslSettings(ALL, List.of(new SaslUser("alice", "alice-secret", List.of("PLAIN")),
                new SaslUser("bob", "bob-secret", List.of("PLAIN"))), 4096, maxReauth), store);
    }

    private static SaslClient client(String mechanism, String user, String password) throws SaslException {
        CallbackHandler handler = callbacks -> {
            for (Callback callback : callbacks) {
                switch (callback) {
                    case NameCallback name -> name.setName(user);
                    case PasswordCallback pass -> pass.setPassword(password.toCharArray());
                    case ScramExtensionsCallback ignored -> { }
                    default -> throw new UnsupportedCallbackException(callback);
                }
            }
        };
        SaslClient client = Sasl.createSaslClient(new String[] {mechanism}, null, "kafka", "localhost", Map.of(), handler);
        assertThat(client).as("a SASL client for " + mechanism).isNotNull();
        return client;
    }

    /** Runs SaslAuthenticate rounds until the client is done or the server answers an error. */
    private static SaslAuthenticateResponseData exchange(SaslAuthenticator authenticator, SaslClient client, short version)
            throws SaslException {
        byte[] token = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
        while (true) {
            assertThat(authenticator.admit(ApiKeys.SASL_AUTHENTICATE, NOW)).isEqualTo(Admission.AUTHENTICATOR);
            SaslAuthenticateResponseData response = authenticator.authenticate(
                    new SaslAuthenticateRequestData().setAuthBytes(token), version, NOW);
            if (response.errorCode() != Errors.NONE.code()) {
                return response;
            }
            if (authenticator.authenticated()) {
                if (!client.isComplete()) {
                    client.evaluateChallenge(response.authBytes());
                }
                assertThat(client.isComplete()).as("the client accepts the server's final message").isTrue();
                return response;
            }
            token = client.evaluateChallenge(response.authBytes());
        }
    }

    private static SaslHandshakeResponseData handshake(SaslAuthenticator authenticator, String mechanism) {
        assertThat(authenticator.admit(ApiKeys.SASL_HANDSHAKE, NOW)).isEqualTo(Admission.AUTHENTICATOR);
        return authenticator.handshake(new SaslHandshakeRequestData().setMechanism(mechanism));
    }

    @Test
    void eachMechanismAuthenticatesTheRightPasswordAsTheUser() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ZERO);
        for (String mechanism : ALL) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            assertThat(authenticator.admit(ApiKeys.API_VERSIONS, NOW)).isEqualTo(Admission.SERVE);
            authenticator.apiVersionsAnswered(Errors.NONE);
            SaslHandshakeResponseData handshake = handshake(authenticator, mechanism);
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

            SaslAuthenticateResponseData done = exchange(authenticator, client(mechanism, "alice", "alice-secret"),
                    (short) 2);

            assertThat(done.errorCode()).as(mechanism).isEqualTo(Errors.NONE.code());
            assertThat(done.sessionLifetimeMs()).isZero();
            assertThat(authenticator.principal()).contains(new KafkaPrincipal("User", "alice"));
            assertThat(authenticator.closeAfterResponse()).isFalse();
            assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.SERVE);
            assertThat(authenticator.admit(ApiKeys.PRODUCE, NOW + 10_000_000)).isEqualTo(Admission.SERVE);
        }
    }

    /** Runs the raw-token rounds of a SaslHandshake v0 exchange until the client is done. */
    private static void rawExchange(SaslAuthenticator authenticator, SaslClient client) throws SaslException {
        byte[] token = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
        while (true) {
            assertThat(authenticator.awaitsRawToken()).isTrue();
            byte[] challenge = authenticator.rawToken(token, NOW);
            if (authenticator.authenticated()) {
                if (!client.isComplete()) {
                    client.evaluateChallenge(challenge);
                }
                assertThat(client.isComplete()).as("the client accepts the server's final message").isTrue();
                return;
            }
            token = client.evaluateChallenge(challenge);
        }
    }

    @Test
    void afterSaslHandshakeV0TheTokensAreRawFramesAndEachMechanismAuthenticates() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ofMinutes(5));
        for (String mechanism : ALL) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            assertThat(authenticator.admit(ApiKeys.SASL_HANDSHAKE, NOW)).isEqualTo(Admission.AUTHENTICATOR);
            SaslHandshakeResponseData handshake = authenticator.handshake(
                    new SaslHandshakeRequestData().setMechanism(mechanism), (short) 0);
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            assertThat(authenticator.mechanism()).isEqualTo(mechanism);

            rawExchange(authenticator, client(mechanism, "alice", "alice-secret"));

            assertThat(authenticator.awaitsRawToken()).as(mechanism).isFalse();
            assertThat(authenticator.principal()).contains(new KafkaPrincipal("User", "alice"));
            assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.SERVE);
            // a v0 client never sent SaslAuthenticate v1+, so it cannot re-authenticate: KafkaApis' answer
            assertThat(authenticator.admit(ApiKeys.SASL_HANDSHAKE, NOW)).isEqualTo(Admission.AUTHENTICATOR);
            assertThat(authenticator.handshake(new SaslHandshakeRequestData().setMechanism(mechanism), (short) 0)
                    .errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        }
    }

    @Test
    void aBadPasswordAfterSaslHandshakeV0FailsWithoutAnAnswer() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ZERO);
        Map<String, String> expected = Map.of(
                "PLAIN", "Authentication failed: Invalid username or password",
                "SCRAM-SHA-256", "Authentication failed during authentication due to invalid credentials with SASL"
                        + " mechanism SCRAM-SHA-256",
                "SCRAM-SHA-512", "Authentication failed during authentication due to invalid credentials with SASL"
                        + " mechanism SCRAM-SHA-512");
        for (String mechanism : ALL) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            authenticator.handshake(new SaslHandshakeRequestData().setMechanism(mechanism), (short) 0);

            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> rawExchange(authenticator, client(mechanism, "alice", "wrong")))
                    .isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class)
                    .hasMessage(expected.get(mechanism));

            assertThat(authenticator.closeReason()).isEqualTo(expected.get(mechanism));
            assertThat(authenticator.awaitsRawToken()).isFalse();
            assertThat(authenticator.principal()).isEmpty();
            assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.CLOSE);
        }
    }

    @Test
    void garbageAfterSaslHandshakeV0FailsAuthentication() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms(Duration.ZERO));
        authenticator.handshake(new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256"), (short) 0);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> authenticator.rawToken("garbage".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class)
                .hasMessage("Authentication failed during authentication due to invalid credentials with SASL"
                        + " mechanism SCRAM-SHA-256");
    }

    @Test
    void aBadPasswordFailsWithKafkasMessageAndClosesTheConnection() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ZERO);
        Map<String, String> expected = Map.of(
                "PLAIN", "Authentication failed: Invalid username or password",
                "SCRAM-SHA-256", "Authentication failed during authentication due to invalid credentials with SASL"
                        + " mechanism SCRAM-SHA-256",
                "SCRAM-SHA-512", "Authentication failed during authentication due to invalid credentials with SASL"
                        + " mechanism SCRAM-SHA-512");
        for (String mechanism : ALL) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            handshake(authenticator, mechanism);

            SaslAuthenticateResponseData failed = exchange(authenticator, client(mechanism, "alice", "wrong"), (short) 2);

            assertThat(failed.errorCode()).as(mechanism).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(failed.errorMessage()).isEqualTo(expected.get(mechanism));
            assertThat(authenticator.closeAfterResponse()).isTrue();
            assertThat(authenticator.principal()).isEmpty();
            assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.CLOSE);
        }
    }

    @Test
    void anUnknownUserFailsExactlyAsABadPasswordDoes() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ZERO);
        for (String mechanism : ALL) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            handshake(authenticator, mechanism);

            SaslAuthenticateResponseData failed = exchange(authenticator, client(mechanism, "mallory", "x"), (short) 2);

            assertThat(failed.errorCode()).as(mechanism).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(failed.errorMessage()).isEqualTo(mechanism.equals("PLAIN")
                    ? "Authentication failed: Invalid username or password"
                    : "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                            + mechanism);
            assertThat(authenticator.closeAfterResponse()).isTrue();
        }
    }

    @Test
    void anUnsupportedMechanismIsRefusedWithTheEnabledList() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(new SaslMechanisms(new SaslSettings(
                List.of("SCRAM-SHA-512"), List.of(), 4096, Duration.ZERO), store));

        SaslHandshakeResponseData response = handshake(authenticator, "PLAIN");

        assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        assertThat(response.mechanisms()).containsExactly("SCRAM-SHA-512");
        assertThat(authenticator.closeAfterResponse()).isTrue();
        assertThat(authenticator.closeReason()).isEqualTo("Unsupported SASL mechanism PLAIN");
        assertThat(handshake(new SaslAuthenticator(new SaslMechanisms(SaslSettings.DEFAULTS, store)), "GSSAPI")
                .errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
    }

    @Test
    void onlyApiVersionsAndSaslHandshakeAreServedBeforeTheHandshake() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ZERO);
        for (ApiKeys api : List.of(ApiKeys.SASL_AUTHENTICATE, ApiKeys.METADATA, ApiKeys.PRODUCE)) {
            SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
            assertThat(authenticator.admit(api, NOW)).as(api.name).isEqualTo(Admission.CLOSE);
            assertThat(authenticator.closeReason())
                    .isEqualTo("Unexpected Kafka request of type " + api + " during SASL handshake.");
        }
        SaslAuthenticator retried = new SaslAuthenticator(mechanisms);
        assertThat(retried.admit(ApiKeys.API_VERSIONS, NOW)).isEqualTo(Admission.SERVE);
        retried.apiVersionsAnswered(Errors.UNSUPPORTED_VERSION);
        assertThat(retried.admit(ApiKeys.API_VERSIONS, NOW)).as("a retry in an older version").isEqualTo(Admission.SERVE);
        retried.apiVersionsAnswered(Errors.NONE);
        assertThat(retried.admit(ApiKeys.API_VERSIONS, NOW)).as("a second answered ApiVersions").isEqualTo(Admission.CLOSE);
    }

    @Test
    void anotherRequestDuringTheExchangeGetsIllegalSaslStateThenTheConnectionCloses() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms(Duration.ZERO));
        handshake(authenticator, "SCRAM-SHA-256");

        assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.ERROR_THEN_CLOSE);
        assertThat(SaslAuthenticator.illegalState(ApiKeys.METADATA).getMessage())
                .isEqualTo("Unexpected Kafka request of type METADATA during SASL authentication.");
        assertThat(Errors.forException(SaslAuthenticator.illegalState(ApiKeys.METADATA)))
                .isEqualTo(Errors.ILLEGAL_SASL_STATE);
        assertThat(authenticator.admit(ApiKeys.SASL_AUTHENTICATE, NOW)).isEqualTo(Admission.CLOSE);
    }

    @Test
    void sessionsLastConnectionsMaxReauthMsAndReauthenticationRenewsThem() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms(Duration.ofSeconds(30)));
        handshake(authenticator, "SCRAM-SHA-512");
        SaslAuthenticateResponseData done = exchange(authenticator, client("SCRAM-SHA-512", "alice", "alice-secret"),
                (short) 2);
        assertThat(done.sessionLifetimeMs()).isEqualTo(30_000L);
        assertThat(authenticator.admit(ApiKeys.METADATA, NOW + 29_999)).isEqualTo(Admission.SERVE);

        assertThat(handshake(authenticator, "SCRAM-SHA-512").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(authenticator.principal()).as("still alice while re-authenticating")
                .contains(new KafkaPrincipal("User", "alice"));
        assertThat(exchange(authenticator, client("SCRAM-SHA-512", "alice", "alice-secret"), (short) 2).errorCode())
                .isEqualTo(Errors.NONE.code());
        assertThat(authenticator.admit(ApiKeys.METADATA, NOW + 29_999)).isEqualTo(Admission.SERVE);
        assertThat(authenticator.admit(ApiKeys.METADATA, NOW + 30_000)).as("expired").isEqualTo(Admission.CLOSE);
    }

    @Test
    void reauthenticationKeepsThePrincipalAndTheMechanism() throws Exception {
        SaslMechanisms mechanisms = mechanisms(Duration.ofSeconds(30));
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms);
        handshake(authenticator, "PLAIN");
        exchange(authenticator, client("PLAIN", "alice", "alice-secret"), (short) 2);
        handshake(authenticator, "PLAIN");

        SaslAuthenticateResponseData changed = exchange(authenticator, client("PLAIN", "bob", "bob-secret"), (short) 2);

        assertThat(changed.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        assertThat(changed.errorMessage()).isEqualTo("Cannot change principals during re-authentication from User.alice:"
                + " User.bob");
        assertThat(authenticator.closeAfterResponse()).isTrue();

        SaslAuthenticator other = new SaslAuthenticator(mechanisms);
        handshake(other, "PLAIN");
        exchange(other, client("PLAIN", "alice", "alice-secret"), (short) 2);
        assertThat(handshake(other, "SCRAM-SHA-256").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(other.admit(ApiKeys.SASL_AUTHENTICATE, NOW)).isEqualTo(Admission.CLOSE);
        assertThat(other.closeReason()).isEqualTo("SASL mechanism 'SCRAM-SHA-256' requested by client is not supported"
                + " for re-authentication of mechanism 'PLAIN'");
    }

    @Test
    void afterAuthenticationSaslRequestsFromAnOldClientGetIllegalSaslStateAndTheConnectionStays() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms(Duration.ZERO));
        handshake(authenticator, "PLAIN");
        exchange(authenticator, client("PLAIN", "alice", "alice-secret"), (short) 0);

        SaslHandshakeResponseData handshake = handshake(authenticator, "PLAIN");
        assertThat(handshake.errorCode()).as("v0 client: no re-authentication").isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        assertThat(handshake.mechanisms()).isEmpty();
        SaslAuthenticateResponseData again = authenticator.authenticate(new SaslAuthenticateRequestData()
                .setAuthBytes("x".getBytes(StandardCharsets.UTF_8)), (short) 2, NOW);
        assertThat(again.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        assertThat(again.errorMessage()).isEqualTo("SaslAuthenticate request received after successful authentication");
        assertThat(authenticator.closeAfterResponse()).isFalse();
        assertThat(authenticator.admit(ApiKeys.METADATA, NOW)).isEqualTo(Admission.SERVE);
    }

    @Test
    void garbageInSaslAuthenticateFailsTheExchange() throws Exception {
        SaslAuthenticator authenticator = new SaslAuthenticator(mechanisms(Duration.ZERO));
        handshake(authenticator, "SCRAM-SHA-256");

        SaslAuthenticateResponseData response = authenticator.authenticate(new SaslAuthenticateRequestData()
                .setAuthBytes(new byte[] {0, (byte) 0xff, 42}), (short) 2, NOW);

        assertThat(response.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        assertThat(response.errorMessage()).isEqualTo("Authentication failed during authentication due to invalid"
                + " credentials with SASL mechanism SCRAM-SHA-256");
        assertThat(authenticator.closeAfterResponse()).isTrue();
    }
}
