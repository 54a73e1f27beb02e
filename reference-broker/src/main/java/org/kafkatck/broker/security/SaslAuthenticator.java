package org.kafkatck.broker.security;

import java.util.Optional;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * One connection's SASL authentication, as Apache Kafka's {@code SaslServerAuthenticator} (clients module,
 * {@code org.apache.kafka.common.security.authenticator}) runs it on a SASL listener, with the SASL exchange
 * itself done by kafka-clients' {@code PlainSaslServer} and {@code ScramSaslServer}.
 *
 * <p>The connection asks {@link #admit} before serving each request, and hands SaslHandshake and
 * SaslAuthenticate to {@link #handshake} and {@link #authenticate}. Kafka's rules, state by state:
 * <ol>
 *   <li><b>Before the handshake</b> ({@code HANDSHAKE_OR_VERSIONS_REQUEST}): ApiVersions is served (once:
 *       after a successful answer, {@link #apiVersionsAnswered}, only SaslHandshake is accepted; an ApiVersions
 *       answered with an error, e.g. UNSUPPORTED_VERSION, may be retried) and SaslHandshake is handled; any
 *       other request, SaslAuthenticate included, closes the connection without a response (Kafka: "Unexpected
 *       Kafka request of type X during SASL handshake.", an {@code IllegalSaslStateException} that fails the
 *       channel).</li>
 *   <li><b>SaslHandshake</b> (v0 and v1): a mechanism that is enabled is answered NONE with the enabled list and
 *       the exchange begins; any other gets UNSUPPORTED_SASL_MECHANISM with the enabled list, then the connection
 *       is closed. After v1 the tokens travel in SaslAuthenticate requests; after v0 (clients from before
 *       KIP-152, such as kafka-python 2.0 and librdkafka's SCRAM) each token is a raw size-prefixed frame without
 *       a Kafka header, handed to {@link #rawToken}, and each challenge goes back the same way. A failure there
 *       has no response to carry it: the connection is closed (Kafka's {@code enableKafkaSaslAuthenticateHeaders}
 *       false).</li>
 *   <li><b>During the exchange</b> ({@code AUTHENTICATE}): each SaslAuthenticate's bytes go to the SASL server.
 *       Any other request is answered with its API's error response carrying ILLEGAL_SASL_STATE ("Unexpected
 *       Kafka request of type X during SASL authentication.") and the connection is closed. A bad password or
 *       unknown user is answered SASL_AUTHENTICATION_FAILED and the connection closed; the message is the
 *       SASL server's own when it raised a {@code SaslAuthenticationException} (PLAIN: "Authentication failed:
 *       Invalid username or password"), and otherwise Kafka's generic "Authentication failed during
 *       authentication due to invalid credentials with SASL mechanism M", which names neither the user nor
 *       whether it exists.</li>
 *   <li><b>Authenticated</b>: the principal is {@code User:<authorization id>} (Kafka's default principal
 *       builder). The last SaslAuthenticate response carries {@code session_lifetime_ms} =
 *       {@code connections.max.reauth.ms} (KIP-368; 0 when unset, and 0 on every intermediate response).
 *       Every request is then served, except: once the session has expired, any request but SaslHandshake
 *       closes the connection; a SaslHandshake from a client that can re-authenticate (one that sent
 *       SaslAuthenticate v1 or later) starts a re-authentication, which must keep the mechanism (else the
 *       next request closes the connection: "SASL mechanism 'X' requested by client is not supported for
 *       re-authentication of mechanism 'Y'") and the principal (else SASL_AUTHENTICATION_FAILED, "Cannot
 *       change principals during re-authentication from User.a: User.b"); from an older client it is answered
 *       ILLEGAL_SASL_STATE with no mechanisms and the connection stays open (KafkaApis); a SaslAuthenticate is answered
 *       ILLEGAL_SASL_STATE, "SaslAuthenticate request received after successful authentication", and the
 *       connection stays open (KafkaApis).</li>
 * </ol>
 * Where a response is followed by closing the connection, {@link #closeAfterResponse()} says so.
 *
 * <p>Not thread-safe: a connection serves one request at a time.
 */
public final class SaslAuthenticator {

    /** What the connection does with a request. */
    public enum Admission {
        /** Serve it as usual. */
        SERVE,
        /** Hand it to {@link #handshake} or {@link #authenticate}. */
        AUTHENTICATOR,
        /**
         * Answer it with its API's error response for {@link #illegalState(ApiKeys)} (ILLEGAL_SASL_STATE), then
         * close the connection.
         */
        ERROR_THEN_CLOSE,
        /** Close the connection without a response. */
        CLOSE
    }

    private enum State { HANDSHAKE_OR_VERSIONS, HANDSHAKE, AUTHENTICATE, REAUTH_BAD_MECHANISM, COMPLETE, FAILED }

    private final SaslMechanisms mechanisms;
    private State state = State.HANDSHAKE_OR_VERSIONS;
    private SaslServer server;
    private String mechanism;
    private KafkaPrincipal principal;
    private boolean reauthenticating;
    private boolean clientSupportsReauthentication;
    /** Whether the exchange's tokens are raw frames (after a SaslHandshake v0). */
    private boolean rawTokens;
    private boolean sessionExpired;
    private long sessionExpiresAtMs = Long.MAX_VALUE;
    private boolean closeAfterResponse;
    private String closeReason;

    /** @param mechanisms the broker's mechanisms */
    public SaslAuthenticator(SaslMechanisms mechanisms) {
        this.mechanisms = mechanisms;
    }

    /**
     * @param api   the request's API
     * @param nowMs the current time, for the session's expiry
     * @return how the connection handles the request; {@link #closeReason()} says why when it closes
     */
    public Admission admit(ApiKeys api, long nowMs) {
        return switch (state) {
            case HANDSHAKE_OR_VERSIONS -> api == ApiKeys.API_VERSIONS ? Admission.SERVE
                    : api == ApiKeys.SASL_HANDSHAKE ? Admission.AUTHENTICATOR
                    : close("Unexpected Kafka request of type " + api + " during SASL handshake.");
            case HANDSHAKE -> api == ApiKeys.SASL_HANDSHAKE ? Admission.AUTHENTICATOR
                    : close("Unexpected Kafka request of type " + api + " during SASL handshake.");
            case AUTHENTICATE -> {
                if (api == ApiKeys.SASL_AUTHENTICATE) {
                    yield Admission.AUTHENTICATOR;
                }
                state = State.FAILED;
                closeReason = illegalState(api).getMessage();
                yield Admission.ERROR_THEN_CLOSE;
            }
            case REAUTH_BAD_MECHANISM -> close(closeReason);
            case COMPLETE -> {
                if (api == ApiKeys.SASL_HANDSHAKE || api == ApiKeys.SASL_AUTHENTICATE) {
                    yield Admission.AUTHENTICATOR;
                }
                if (nowMs < sessionExpiresAtMs) {
                    yield Admission.SERVE;
                }
                sessionExpired = true;
                yield close("The session of " + principal + " expired; it did not re-authenticate in time");
            }
            case FAILED -> close(closeReason == null ? "Authentication failed" : closeReason);
        };
    }

    /**
     * Called after ApiVersions was answered before the handshake.
     *
     * @param error the response's error; only a successful answer moves on to the handshake
     */
    public void apiVersionsAnswered(Errors error) {
        if (state == State.HANDSHAKE_OR_VERSIONS && error == Errors.NONE) {
            state = State.HANDSHAKE;
        }
    }

    /**
     * @param request a SaslHandshake v1 request
     * @return its response; {@link #closeAfterResponse()} tells whether the connection closes after it
     */
    public SaslHandshakeResponseData handshake(SaslHandshakeRequestData request) {
        return handshake(request, (short) 1);
    }

    /**
     * @param request a SaslHandshake request
     * @param version its version: after v0 the tokens are raw frames ({@link #awaitsRawToken()})
     * @return its response; {@link #closeAfterResponse()} tells whether the connection closes after it
     */
    public SaslHandshakeResponseData handshake(SaslHandshakeRequestData request, short version) {
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(mechanisms.enabled());
        if (state == State.COMPLETE) {
            if (!clientSupportsReauthentication) {
                // KafkaApis' answer, which lists no mechanisms
                return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setMechanisms(java.util.List.of());
            }
            reauthenticating = true;
        }
        String requested = request.mechanism();
        if (!mechanisms.enabled().contains(requested)) {
            fail("Unsupported SASL mechanism " + requested);
            return response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        }
        if (reauthenticating && !requested.equals(mechanism)) {
            // Kafka answers the handshake and fails on the next request
            state = State.REAUTH_BAD_MECHANISM;
            closeReason = "SASL mechanism '" + requested + "' requested by client is not supported for"
                    + " re-authentication of mechanism '" + mechanism + "'";
            return response.setErrorCode(Errors.NONE.code());
        }
        mechanism = requested;
        server = mechanisms.newServer(requested);
        state = State.AUTHENTICATE;
        rawTokens = version == 0;
        return response.setErrorCode(Errors.NONE.code());
    }

    /**
     * @param request a SaslAuthenticate request
     * @param version its version: v1+ tells that the client can re-authenticate (KIP-368)
     * @param nowMs   the current time, the start of the session when this completes the exchange
     * @return its response; {@link #closeAfterResponse()} tells whether the connection closes after it
     */
    public SaslAuthenticateResponseData authenticate(SaslAuthenticateRequestData request, short version, long nowMs) {
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        if (state == State.COMPLETE) {
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate request received after successful authentication");
        }
        if (state != State.AUTHENTICATE) {
            throw new IllegalStateException("SaslAuthenticate admitted in state " + state);
        }
        clientSupportsReauthentication |= version > 0;
        try {
            byte[] challenge = server.evaluateResponse(request.authBytes());
            response.setErrorCode(Errors.NONE.code()).setAuthBytes(challenge == null ? new byte[0] : challenge)
                    .setSessionLifetimeMs(0);
            if (server.isComplete()) {
                response.setSessionLifetimeMs(complete(nowMs));
            }
            return response;
        } catch (SaslAuthenticationException e) {
            fail(e.getMessage());
            return response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(e.getMessage());
        } catch (SaslException e) {
            // Kafka never sends the SASL server's own message here: it may tell whether the user exists
            String message = invalidCredentials();
            fail(message);
            return response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(message);
        }
    }

    /**
     * @return whether the next frame is a raw SASL token (the exchange after a SaslHandshake v0), not a request
     */
    public boolean awaitsRawToken() {
        return state == State.AUTHENTICATE && rawTokens;
    }

    /**
     * One token of an exchange begun by a SaslHandshake v0 (pre-KIP-152 framing).
     *
     * @param token the frame's bytes
     * @param nowMs the current time, the start of the session when this completes the exchange
     * @return the challenge to send back as a raw size-prefixed frame (possibly empty, as Kafka sends it)
     * @throws SaslAuthenticationException when authentication failed: the connection closes without a response
     */
    public byte[] rawToken(byte[] token, long nowMs) {
        if (!awaitsRawToken()) {
            throw new IllegalStateException("A raw SASL token in state " + state);
        }
        try {
            byte[] challenge = server.evaluateResponse(token);
            if (server.isComplete()) {
                complete(nowMs);
            }
            return challenge == null ? new byte[0] : challenge;
        } catch (SaslAuthenticationException e) {
            fail(e.getMessage());
            throw e;
        } catch (SaslException e) {
            String message = invalidCredentials();
            fail(message);
            throw new SaslAuthenticationException(message);
        }
    }

    /**
     * @param otherwise the largest frame once authenticated ({@code request.max.bytes})
     * @return the largest frame the connection may send now: Kafka's {@code sasl.server.max.receive.size} until
     *         it has authenticated and while it re-authenticates
     */
    public int maxFrameBytes(int otherwise) {
        return state == State.COMPLETE ? otherwise : Math.min(otherwise, mechanisms.maxReceiveBytes());
    }

    /**
     * Fails the authentication of a connection that announced a frame larger than {@link #maxFrameBytes}: it is
     * closed without reading the frame or answering (Kafka: "Failing SASL authentication due to invalid receive
     * size").
     */
    public void frameTooLarge() {
        state = State.FAILED;
        closeReason = "Failing SASL authentication due to invalid receive size";
        dispose();
    }

    /** @return the mechanism of the exchange, once a SaslHandshake chose one; {@code null} before */
    public String mechanism() {
        return mechanism;
    }

    /**
     * @param api a request other than SaslAuthenticate received during the exchange
     * @return the error its API's error response carries
     */
    public static IllegalSaslStateException illegalState(ApiKeys api) {
        return new IllegalSaslStateException("Unexpected Kafka request of type " + api + " during SASL authentication.");
    }

    /** @return the authenticated principal, once the exchange has completed */
    public Optional<KafkaPrincipal> principal() {
        return Optional.ofNullable(state == State.COMPLETE || reauthenticating ? principal : null);
    }

    /** @return whether the connection is authenticated (and not failed) */
    public boolean authenticated() {
        return state == State.COMPLETE;
    }

    /**
     * @return whether the connection is closed because its session expired (KIP-368), which is no failed
     *         authentication
     */
    public boolean sessionExpired() {
        return sessionExpired;
    }

    /** @return whether the response just built is the connection's last */
    public boolean closeAfterResponse() {
        return closeAfterResponse;
    }

    /** @return why the connection is (to be) closed, or {@code null} */
    public String closeReason() {
        return closeReason;
    }

    /**
     * Ends a successful exchange.
     *
     * @return the session's lifetime in milliseconds, 0 when it does not expire
     * @throws SaslAuthenticationException when a re-authentication changed the principal
     */
    private long complete(long nowMs) {
        KafkaPrincipal authenticated = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, server.getAuthorizationID());
        if (reauthenticating && !authenticated.equals(principal)) {
            throw new SaslAuthenticationException("Cannot change principals during re-authentication from "
                    + principal.getPrincipalType() + "." + principal.getName() + ": "
                    + authenticated.getPrincipalType() + "." + authenticated.getName());
        }
        principal = authenticated;
        long lifetimeMs = Math.max(0, mechanisms.maxReauth().toMillis());
        sessionExpiresAtMs = lifetimeMs > 0 ? nowMs + lifetimeMs : Long.MAX_VALUE;
        reauthenticating = false;
        state = State.COMPLETE;
        dispose();
        return lifetimeMs;
    }

    private String invalidCredentials() {
        return "Authentication failed during " + (reauthenticating ? "re-authentication" : "authentication")
                + " due to invalid credentials with SASL mechanism " + mechanism;
    }

    private Admission close(String reason) {
        state = State.FAILED;
        closeReason = reason;
        return Admission.CLOSE;
    }

    private void fail(String reason) {
        state = State.FAILED;
        closeReason = reason;
        closeAfterResponse = true;
        dispose();
    }

    private void dispose() {
        if (server != null) {
            try {
                server.dispose();
            } catch (SaslException ignored) {
                // nothing is held that needs releasing
            }
            server = null;
        }
    }
}
