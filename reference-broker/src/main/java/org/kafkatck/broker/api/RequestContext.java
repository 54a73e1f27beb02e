package org.kafkatck.broker.api;

import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * What a handler knows besides the request body.
 *
 * @param header    the request header (API version, client id, correlation id)
 * @param peer      the client's address as {@code host:port}
 * @param listener  the name of the listener the request arrived on; {@code null} stands for the default one
 * @param principal who the client is ({@code User:ANONYMOUS} unless TLS or SASL established more), for authorization
 */
public record RequestContext(RequestHeader header, String peer, String listener, KafkaPrincipal principal) {

    /**
     * A request from an anonymous client on the default listener (tests and the self-test's mutants).
     *
     * @param header the request header
     * @param peer   the client's address
     */
    public RequestContext(RequestHeader header, String peer) {
        this(header, peer, null, KafkaPrincipal.ANONYMOUS);
    }

    /** @return the version the request was sent in, and the response must be written in */
    public short apiVersion() {
        return header.apiVersion();
    }

    /** @return the client's IP address, the host ACLs are matched against */
    public String clientHost() {
        int colon = peer.lastIndexOf(':');
        return colon < 0 ? peer : peer.substring(0, colon);
    }
}
