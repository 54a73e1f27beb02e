package org.kafkatck.broker.api;

import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a handler knows besides the request body.
 *
 * @param header the request header (API version, client id, correlation id)
 * @param peer   the client's address as {@code host:port}
 */
public record RequestContext(RequestHeader header, String peer) {

    /** @return the version the request was sent in, and the response must be written in */
    public short apiVersion() {
        return header.apiVersion();
    }
}
