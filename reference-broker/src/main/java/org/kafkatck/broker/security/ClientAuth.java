package org.kafkatck.broker.security;

/**
 * Whether an SSL listener asks clients for a certificate (Kafka's {@code ssl.client.auth}).
 */
public enum ClientAuth {
    /** No client certificate is asked for; every TLS client is {@code User:ANONYMOUS}. */
    NONE,
    /** A certificate is asked for; a client without one is still served, as {@code User:ANONYMOUS}. */
    REQUESTED,
    /** A client without a certificate the truststore trusts fails the handshake (mutual TLS). */
    REQUIRED
}
