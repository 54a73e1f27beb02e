package org.kafkatck.broker.network;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.ApiRegistry;
import org.kafkatck.broker.api.CloseConnectionException;
import org.kafkatck.broker.api.RequestContext;
import org.kafkatck.broker.observe.BrokerMetrics;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Decodes a request frame with kafka-clients' message classes, hands it to the API's handler and
 * encodes the response frame.
 *
 * <p>As in Apache Kafka: an ApiVersions request in a version the broker does not know is answered
 * with UNSUPPORTED_VERSION in the v0 format (KIP-511), so any client can learn what to use; any other
 * request that names an unknown API, an unsupported version, or does not parse, has no response
 * format and closes its connection.
 */
public final class RequestDispatcher {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());

    private final ApiRegistry registry;
    private final BrokerMetrics metrics;
    private final AclAuthorizer authorizer;

    /**
     * A dispatcher whose handlers check no ACLs.
     *
     * @param registry the handlers
     * @param metrics  where served requests are counted
     */
    public RequestDispatcher(ApiRegistry registry, BrokerMetrics metrics) {
        this(registry, metrics, AclAuthorizer.NONE);
    }

    /**
     * @param registry   the handlers
     * @param metrics    where served requests are counted
     * @param authorizer what each request's principal may do, handed to the handlers in {@link RequestContext}
     */
    public RequestDispatcher(ApiRegistry registry, BrokerMetrics metrics, AclAuthorizer authorizer) {
        this.registry = registry;
        this.metrics = metrics;
        this.authorizer = authorizer;
    }

    /**
     * @param peer  the client's address, for logs
     * @param frame one request frame without its size prefix
     * @return the response frame with its size prefix, or {@code null} when none is sent
     * @throws InvalidFrameException when the connection must be closed
     */
    public ResponseFrame dispatch(String peer, ByteBuffer frame) {
        return dispatch(peer, null, KafkaPrincipal.ANONYMOUS, frame);
    }

    /**
     * @param peer      the client's address, for logs
     * @param listener  the name of the listener the connection arrived on ({@code null} for the default one)
     * @param principal who the client is, as its connection established
     * @param frame     one request frame without its size prefix
     * @return the response frame with its size prefix, or {@code null} when none is sent
     * @throws InvalidFrameException when the connection must be closed
     */
    public ResponseFrame dispatch(String peer, String listener, KafkaPrincipal principal, ByteBuffer frame) {
        long start = System.nanoTime();
        int requestBytes = frame.remaining() + 4;
        if (frame.remaining() < 8) {
            throw rejected("request frame of " + frame.remaining() + " bytes is too short for a request header");
        }
        short apiId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(apiId)) {
            throw rejected("unknown API key " + apiId);
        }
        ApiKeys api = ApiKeys.forId(apiId);
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            throw rejected("unparseable " + api.name + " v" + version + " request header: " + e.getMessage());
        }
        ApiHandler<?, ?> handler = registry.handler(api);
        if (handler == null) {
            throw rejected(api.name + " (API key " + apiId + ") is not served by this broker");
        }
        if (!handler.supports(version)) {
            if (api == ApiKeys.API_VERSIONS) {
                ApiVersionsResponseData unsupported = new ApiVersionsResponseData()
                        .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                        .setApiKeys(registry.apiVersions());
                return finish(api, start, requestBytes, ResponseFrame.encode(header.correlationId(), (short) 0, unsupported,
                        (short) 0));
            }
            throw rejected(api.name + " v" + version + " is not supported (this broker serves v"
                    + handler.minVersion() + " to v" + handler.maxVersion() + ")");
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw rejected("unparseable " + api.name + " v" + version + " request body: " + e.getMessage());
        }
        ApiMessage response;
        try {
            response = handle(handler, new RequestContext(header, peer, listener, principal, authorizer), request.data());
        } catch (CloseConnectionException e) {
            throw new InvalidFrameException(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(WARNING, "Unexpected failure serving " + api.name + " v" + version + " from " + peer, e);
            response = request.getErrorResponse(e).data();
        }
        if (response == null) {
            metrics.requestServed(api, System.nanoTime() - start, requestBytes, 0);
            return null;
        }
        short responseHeaderVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        ResponseFrame encoded;
        try {
            encoded = ResponseFrame.encode(header.correlationId(), responseHeaderVersion, response, version);
        } catch (RuntimeException e) {
            // a handler set a field this version cannot carry: a broker bug, answered with the API's error response
            LOG.log(WARNING, "Cannot encode the " + api.name + " v" + version + " response to " + peer, e);
            encoded = ResponseFrame.encode(header.correlationId(), responseHeaderVersion,
                    request.getErrorResponse(e).data(), version);
        }
        return finish(api, start, requestBytes, encoded);
    }

    /**
     * Counts a request answered outside {@link #dispatch} (SaslHandshake and SaslAuthenticate on a SASL listener),
     * as {@link #dispatch} counts the others.
     *
     * @param api          the request's API
     * @param startNanos   {@link System#nanoTime()} when it arrived
     * @param requestBytes its frame's size, size prefix included
     * @param response     its response frame
     * @return {@code response}
     */
    public ResponseFrame served(ApiKeys api, long startNanos, int requestBytes, ResponseFrame response) {
        return finish(api, startNanos, requestBytes, response);
    }

    /**
     * @param api     an API
     * @param version one of its versions
     * @return whether the broker serves that version of that API
     */
    public boolean serves(ApiKeys api, short version) {
        ApiHandler<?, ?> handler = registry.handler(api);
        return handler != null && handler.supports(version);
    }

    @SuppressWarnings("unchecked")
    private static ApiMessage handle(ApiHandler<?, ?> handler, RequestContext context, ApiMessage request) {
        return ((ApiHandler<ApiMessage, ApiMessage>) handler).handle(context, request);
    }

    private ResponseFrame finish(ApiKeys api, long start, int requestBytes, ResponseFrame response) {
        metrics.requestServed(api, System.nanoTime() - start, requestBytes, response.size());
        return response;
    }

    private InvalidFrameException rejected(String reason) {
        metrics.connectionRejected();
        return new InvalidFrameException(reason);
    }
}
