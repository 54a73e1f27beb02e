package org.kafkatck.broker.network;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.security.SaslAuthenticator;

/**
 * One connection's requests on a SASL listener: asks the connection's {@link SaslAuthenticator} what to do with
 * each frame, and answers SaslHandshake and SaslAuthenticate with it; everything it admits is served by the
 * {@link RequestDispatcher} as the authenticated principal.
 */
final class SaslExchange {
    private final SaslAuthenticator authenticator;
    private final RequestDispatcher dispatcher;
    private boolean closeAfterResponse;

    SaslExchange(SaslAuthenticator authenticator, RequestDispatcher dispatcher) {
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
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
            case AUTHENTICATOR -> dispatcher.served(api, start, requestBytes, authenticate(api, version, frame));
            case ERROR_THEN_CLOSE -> {
                closeAfterResponse = true;
                yield dispatcher.served(api, start, requestBytes, answer(api, version, frame, request ->
                        request.getErrorResponse(SaslAuthenticator.illegalState(api)).data()));
            }
            case CLOSE -> throw new InvalidFrameException(authenticator.closeReason());
        };
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
                ? authenticator.handshake((SaslHandshakeRequestData) request.data())
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
