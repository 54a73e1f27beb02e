package org.kafkatck.broker.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Serves one Kafka API. A handler declares the versions it implements once, in its constructor
 * ({@link VersionedHandler}: {@code super(ApiKeys.FETCH, 4, 18)}); ApiVersions is
 * derived from the registered handlers, so what the broker advertises is exactly what it serves.
 *
 * <p>A handler translates: it turns the request message into calls on the domain (logs, producers)
 * and their results or exceptions into the response message. Errors go into the response as Kafka
 * error codes; an exception escaping a handler becomes the API's generic error response.
 *
 * @param <Q> request message type
 * @param <R> response message type
 */
public interface ApiHandler<Q extends ApiMessage, R extends ApiMessage> {

    /** @return the API served */
    ApiKeys apiKey();

    /** @return the oldest version served */
    short minVersion();

    /** @return the newest version served */
    short maxVersion();

    /**
     * @param context the request header and connection
     * @param request the decoded request body
     * @return the response body, or {@code null} when the API sends none (Produce with acks=0)
     */
    R handle(RequestContext context, Q request);

    /** @return whether {@code version} is served */
    default boolean supports(short version) {
        return version >= minVersion() && version <= maxVersion();
    }
}
