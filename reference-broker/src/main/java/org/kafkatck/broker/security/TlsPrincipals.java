package org.kafkatck.broker.security;

import java.net.InetAddress;

import javax.net.ssl.SSLSession;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.PlaintextAuthenticationContext;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

/**
 * Who a client is, as Apache Kafka's default principal builder decides: over TLS with a client
 * certificate, {@code User:} followed by the certificate's subject DN (Kafka's default
 * {@code ssl.principal.mapping.rules}, {@code DEFAULT}); otherwise {@code User:ANONYMOUS}.
 * Kafka-clients' own {@link DefaultKafkaPrincipalBuilder} does the mapping.
 */
public final class TlsPrincipals {
    private static final DefaultKafkaPrincipalBuilder BUILDER =
            new DefaultKafkaPrincipalBuilder(null, SslPrincipalMapper.fromRules("DEFAULT"));

    private TlsPrincipals() {
    }

    /**
     * @param session      the handshaken TLS session
     * @param client       the client's address
     * @param listenerName the listener the client connected to
     * @return the client's principal
     */
    public static KafkaPrincipal of(SSLSession session, InetAddress client, String listenerName) {
        return BUILDER.build(new SslAuthenticationContext(session, client, listenerName));
    }

    /**
     * @param client       the client's address
     * @param listenerName the listener the client connected to
     * @return the principal of a client on a PLAINTEXT listener: {@code User:ANONYMOUS}
     */
    public static KafkaPrincipal plaintext(InetAddress client, String listenerName) {
        return BUILDER.build(new PlaintextAuthenticationContext(client, listenerName));
    }
}
