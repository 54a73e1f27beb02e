package org.kafkatck.broker.api;

import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

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

    /**
     * @return who sent the request: {@code User:ANONYMOUS}, Kafka's principal of an unauthenticated
     *         (PLAINTEXT) connection, until the listeners authenticate clients
     */
    public KafkaPrincipal principal() {
        return KafkaPrincipal.ANONYMOUS;
    }

    /** @return the client's IP address, the host ACLs are matched against */
    public String clientHost() {
        int colon = peer.lastIndexOf(':');
        return colon < 0 ? peer : peer.substring(0, colon);
    }
}
