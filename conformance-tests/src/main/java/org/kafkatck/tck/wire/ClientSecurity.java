package org.kafkatck.tck.wire;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * The transport security and SASL identity a set of Java client properties asks for, read as kafka-clients
 * reads them: {@code security.protocol}, the {@code ssl.*} stores (any type kafka-clients' own
 * {@link DefaultSslEngineFactory} loads: PKCS12, JKS, PEM), {@code ssl.endpoint.identification.algorithm},
 * {@code sasl.mechanism} and the username/password of {@code sasl.jaas.config} (parsed by kafka-clients'
 * {@link JaasContext}). A raw connection uses it to reach a secured broker exactly where the clients do.
 *
 * @param protocol               {@code security.protocol}
 * @param sslContext             the TLS context of an SSL or SASL_SSL protocol, else null
 * @param endpointIdentification the host name check ({@code https}), or blank for none
 * @param tlsProtocols           {@code ssl.enabled.protocols}
 * @param mechanism              {@code sasl.mechanism} of a SASL protocol, else null
 * @param username               the SASL username, else null
 * @param password               the SASL password, else null
 */
public record ClientSecurity(SecurityProtocol protocol, SSLContext sslContext, String endpointIdentification,
                             List<String> tlsProtocols, String mechanism, String username, String password) {

    /** Plain text, no authentication: what an empty set of client properties means. */
    public static final ClientSecurity PLAINTEXT = new ClientSecurity(SecurityProtocol.PLAINTEXT, null, "",
            List.of(), null, null, null);

    /** Loading stores is not free, and a scenario opens many raw connections with the same properties. */
    private static final Map<Map<String, String>, ClientSecurity> CACHE = new ConcurrentHashMap<>();

    /**
     * @param clientProperties Java client properties, e.g. a target's {@code clientProperties()}
     * @return what they ask for
     * @throws IllegalArgumentException naming the property when they cannot be used
     */
    public static ClientSecurity of(Map<String, String> clientProperties) {
        if (clientProperties.isEmpty()) {
            return PLAINTEXT;
        }
        return CACHE.computeIfAbsent(Map.copyOf(clientProperties), ClientSecurity::parse);
    }

    private static ClientSecurity parse(Map<String, String> properties) {
        String protocolName = properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        SecurityProtocol protocol;
        try {
            protocol = SecurityProtocol.forName(protocolName.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security.protocol '" + protocolName + "' is not one of "
                    + SecurityProtocol.names());
        }
        // typed exactly as the clients type them (passwords, lists, defaults)
        Map<String, Object> values = new ConfigDef().withClientSslSupport().withClientSaslSupport().parse(properties);
        SSLContext context = null;
        String identification = "";
        List<String> tlsProtocols = List.of();
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
            try {
                factory.configure(values);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The ssl.* client properties cannot be loaded: " + e.getMessage(), e);
            }
            context = factory.sslContext();
            Object algorithm = values.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
            identification = algorithm == null ? "" : algorithm.toString().strip();
            @SuppressWarnings("unchecked")
            List<String> enabled = (List<String>) values.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
            tlsProtocols = enabled == null ? List.of() : List.copyOf(enabled);
        }
        if (protocol != SecurityProtocol.SASL_PLAINTEXT && protocol != SecurityProtocol.SASL_SSL) {
            return new ClientSecurity(protocol, context, identification, tlsProtocols, null, null, null);
        }
        String mechanism = String.valueOf(values.get(SaslConfigs.SASL_MECHANISM));
        if (!SaslExchange.MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("sasl.mechanism " + mechanism + " is not supported on raw connections;"
                    + " use one of " + SaslExchange.MECHANISMS);
        }
        if (values.get(SaslConfigs.SASL_JAAS_CONFIG) == null) {
            throw new IllegalArgumentException("security.protocol " + protocol + " needs sasl.jaas.config with the"
                    + " username and password");
        }
        List<AppConfigurationEntry> entries;
        try {
            entries = JaasContext.loadClientContext(values).configurationEntries();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sasl.jaas.config cannot be parsed: " + e.getMessage(), e);
        }
        String username = JaasContext.configEntryOption(entries, "username", null);
        String password = JaasContext.configEntryOption(entries, "password", null);
        if (username == null || password == null) {
            throw new IllegalArgumentException("sasl.jaas.config names no username and password");
        }
        return new ClientSecurity(protocol, context, identification, tlsProtocols, mechanism, username, password);
    }

    /** @return whether connections run TLS */
    public boolean tls() {
        return sslContext != null;
    }

    /** @return whether connections authenticate with SASL after connecting */
    public boolean sasl() {
        return mechanism != null;
    }

    /**
     * Runs the TLS handshake over a connected socket, verifying the broker's certificate (and its host name,
     * as {@code ssl.endpoint.identification.algorithm} says).
     *
     * @return the TLS socket
     * @throws IOException when the handshake fails
     */
    Socket secure(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        if (!endpointIdentification.isEmpty()) {
            parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
        }
        if (!tlsProtocols.isEmpty()) {
            parameters.setProtocols(tlsProtocols.toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    @Override
    public String toString() {
        // never the password
        return protocol + (sasl() ? " " + mechanism + " as " + username : "");
    }
}
