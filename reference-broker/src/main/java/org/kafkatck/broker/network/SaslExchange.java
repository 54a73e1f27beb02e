package org.kafkatck.broker.network;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.security.SaslAuthenticator;

import static java.lang.System.Logger.Level.INFO;

/**
 * One connection's requests on a SASL listener: asks the connection's {@link SaslAuthenticator} what to do with
 * each frame, and answers SaslHandshake and SaslAuthenticate with it (and the raw token frames that follow a
 * SaslHandshake v0); everything it admits is served by the {@link RequestDispatcher} as the authenticated
 * principal.
 *
 * <p>A failed authentication is logged at INFO with the client's address, the listener and the mechanism (as
 * Kafka's {@code Selector} logs "Failed authentication with /address"), never with a password; its answer (or,
 * where there is none, the close) is held back by {@code connection.failed.authentication.delay.ms} (KIP-306), so
 * a client guessing passwords gains nothing by reconnecting at once. The wait holds only this connection's
 * thread.
 */
final class SaslExchange {
    private static final System.Logger LOG = System.getLogger(SaslExchange.class.getName());

    private final SaslAuthenticator authenticator;
    private final RequestDispatcher dispatcher;
    private final Duration failedAuthenticationDelay;
    private boolean closeAfterResponse;

    /**
     * @param authenticator             the connection's authentication
     * @param dispatcher                serves what the authenticator admits
     * @param failedAuthenticationDelay how long the answer to (or the close after) a failed authentication waits
     */
    SaslExchange(SaslAuthenticator authenticator, RequestDispatcher dispatcher, Duration failedAuthenticationDelay) {
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
        this.failedAuthenticationDelay = failedAuthenticationDelay;
    }

    /**
     * @param peer      the client's address
     * @param listener  the listener's name
     * @param principal who the connection's transport says the client is (TLS), until SASL says more
     * @param frame     one request frame without its size prefix
     * @return the response frame, or {@code null} when none is sent
     * @throws InvalidFrameException when the connection is closed without a response
     */
    ResponseFrame serve(String peer, String listener, KafkaPrincipal principal, ByteBuffer frame) {
        if (authenticator.awaitsRawToken()) {
            return rawToken(peer, listener, frame);
        }
        if (frame.remaining() < 4 || !ApiKeys.hasId(frame.getShort(frame.position()))) {
            return dispatcher.dispatch(peer, listener, principal, frame); // rejects it, closing the connection
        }
        long start = System.nanoTime();
        int requestBytes = frame.remaining() + 4;
        ApiKeys api = ApiKeys.forId(frame.getShort(frame.position()));
        short version = frame.getShort(frame.position() + 2);
        return switch (authenticator.admit(api, System.currentTimeMillis())) {
            case SERVE -> {
                ResponseFrame response = dispatcher.dispatch(peer, listener,
                        authenticator.principal().orElse(principal), frame);
                if (api == ApiKeys.API_VERSIONS) {
                    // an unsupported version was answered UNSUPPORTED_VERSION, and the client may retry
                    authenticator.apiVersionsAnswered(dispatcher.serves(api, version)
                            ? Errors.NONE : Errors.UNSUPPORTED_VERSION);
                }
                yield response;
            }
            case AUTHENTICATOR -> {
                ResponseFrame response = authenticate(api, version, frame);
                if (authenticator.closeAfterResponse()) {
                    failed(peer, listener);
                }
                yield dispatcher.served(api, start, requestBytes, response);
            }
            case ERROR_THEN_CLOSE -> {
                closeAfterResponse = true;
                ResponseFrame response = answer(api, version, frame, request ->
                        request.getErrorResponse(SaslAuthenticator.illegalState(api)).data());
                failed(peer, listener);
                yield dispatcher.served(api, start, requestBytes, response);
            }
            case CLOSE -> {
                if (authenticator.sessionExpired()) {
                    // an expired session: Kafka closes it at once, it is no failed authentication
                    throw new InvalidFrameException(authenticator.closeReason());
                }
                closeAfterResponse = true;
                failed(peer, listener);
                yield null;
            }
        };
    }

    /** A token of an exchange begun by SaslHandshake v0: the challenge goes back as a raw size-prefixed frame. */
    private ResponseFrame rawToken(String peer, String listener, ByteBuffer frame) {
        byte[] token = new byte[frame.remaining()];
        frame.get(token);
        try {
            byte[] challenge = authenticator.rawToken(token, System.currentTimeMillis());
            ByteBuffer framed = ByteBuffer.allocate(4 + challenge.length).putInt(challenge.length).put(challenge).flip();
            return new ResponseFrame(List.of(framed));
        } catch (SaslAuthenticationException e) {
            closeAfterResponse = true;
            failed(peer, listener);
            return null;
        }
    }

    /** Logs a failed authentication, then waits out the delay before its answer or close. */
    private void failed(String peer, String listener) {
        String mechanism = authenticator.mechanism();
        LOG.log(INFO, "Failed authentication with {0} on listener {1} ({2}): {3}", peer, listener,
                mechanism == null ? "no SASL mechanism chosen" : "SASL mechanism " + mechanism,
                authenticator.closeReason());
        if (failedAuthenticationDelay.isPositive()) {
            try {
                Thread.sleep(failedAuthenticationDelay);
            } catch (InterruptedException e) {
                // the broker is stopping or the connection was closed: answer (or close) at once
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param otherwise the largest frame once authenticated
     * @return the largest frame the connection may send now (smaller until it has authenticated)
     */
    int maxFrameBytes(int otherwise) {
        return authenticator.maxFrameBytes(otherwise);
    }

    /**
     * Fails the authentication of a connection that announced a frame larger than {@link #maxFrameBytes}; it is
     * then closed without an answer, after the delay.
     */
    void frameTooLarge(String peer, String listener) {
        authenticator.frameTooLarge();
        closeAfterResponse = true;
        failed(peer, listener);
    }

    /** @return whether the connection is closed after the response just returned */
    boolean closeAfterResponse() {
        return closeAfterResponse || authenticator.closeAfterResponse();
    }

    private ResponseFrame authenticate(ApiKeys api, short version, ByteBuffer frame) {
        if (!dispatcher.serves(api, version)) {
            throw new InvalidFrameException(api.name + " v" + version + " is not supported on a SASL listener");
        }
        return answer(api, version, frame, request -> api == ApiKeys.SASL_HANDSHAKE
                ? authenticator.handshake((SaslHandshakeRequestData) request.data(), version)
                : authenticator.authenticate((SaslAuthenticateRequestData) request.data(), version,
                        System.currentTimeMillis()));
    }

    private static ResponseFrame answer(ApiKeys api, short version, ByteBuffer frame,
                                        java.util.function.Function<AbstractRequest, ApiMessage> respond) {
        RequestHeader header;
        AbstractRequest request;
        try {
            header = RequestHeader.parse(frame);
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new InvalidFrameException("unparseable " + api.name + " v" + version + " request: " + e.getMessage());
        }
        short headerVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        return ResponseFrame.encode(header.correlationId(), headerVersion, respond.apply(request), version);
    }
}
