package org.kafkatck.broker;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.kafkatck.broker.security.TlsSettings;

/**
 * One Kafka listener: where it binds, how clients secure their connection, and the endpoint clients
 * that connect to it are told about in Metadata, DescribeCluster and FindCoordinator (as in Kafka, a
 * client learns the brokers' addresses on the listener its request arrived on).
 *
 * @param name           the listener's name, upper case ({@code PLAINTEXT}, {@code SSL}, {@code CLIENTS} ...)
 * @param host           interface to bind
 * @param port           port to bind, 0 for an ephemeral one
 * @param protocol       how connections are secured: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param advertisedHost host clients are told to connect to; empty to derive it from {@code host}
 * @param advertisedPort port clients are told to connect to; 0 for the port actually bound
 * @param tls            the TLS material, present exactly when the protocol is SSL or SASL_SSL
 * @param saslMechanisms the SASL mechanisms this listener offers (Kafka's
 *                       {@code listener.name.<listener>.sasl.enabled.mechanisms}); empty for the broker's
 *                       {@code broker.sasl.enabled.mechanisms}, and on a listener without SASL
 */
public record ListenerConfig(String name, String host, int port, SecurityProtocol protocol, String advertisedHost,
                             int advertisedPort, Optional<TlsSettings> tls, List<String> saslMechanisms) {

    /** Copies the mechanisms. */
    public ListenerConfig {
        saslMechanisms = List.copyOf(saslMechanisms);
    }

    /** A listener offering the broker's SASL mechanisms (if it authenticates with SASL). */
    public ListenerConfig(String name, String host, int port, SecurityProtocol protocol, String advertisedHost,
                          int advertisedPort, Optional<TlsSettings> tls) {
        this(name, host, port, protocol, advertisedHost, advertisedPort, tls, List.of());
    }

    /** Name of the listener made of {@code broker.host}, {@code broker.port} and {@code broker.advertised.*}. */
    public static final String DEFAULT_NAME = "PLAINTEXT";

    /**
     * A PLAINTEXT listener.
     *
     * @param name the listener's name
     * @param host interface to bind
     * @param port port to bind, 0 for an ephemeral one
     * @return the listener, advertised on its bind address
     */
    public static ListenerConfig plaintext(String name, String host, int port) {
        return new ListenerConfig(name, host, port, SecurityProtocol.PLAINTEXT, "", 0, Optional.empty());
    }

    /**
     * An SSL listener.
     *
     * @param name the listener's name
     * @param host interface to bind
     * @param port port to bind, 0 for an ephemeral one
     * @param tls  its TLS material
     * @return the listener, advertised on its bind address
     */
    public static ListenerConfig ssl(String name, String host, int port, TlsSettings tls) {
        return new ListenerConfig(name, host, port, SecurityProtocol.SSL, "", 0, Optional.of(tls));
    }

    /**
     * A SASL_PLAINTEXT listener, or a SASL_SSL one when {@code tls} is given.
     *
     * @param name the listener's name
     * @param host interface to bind
     * @param port port to bind, 0 for an ephemeral one
     * @param tls  its TLS material, or {@code null} for SASL_PLAINTEXT
     * @return the listener, advertised on its bind address
     */
    public static ListenerConfig sasl(String name, String host, int port, TlsSettings tls) {
        return new ListenerConfig(name, host, port, tls == null ? SecurityProtocol.SASL_PLAINTEXT
                : SecurityProtocol.SASL_SSL, "", 0, Optional.ofNullable(tls));
    }

    /**
     * @param mechanisms the SASL mechanisms this listener offers instead of the broker's
     * @return this listener with its own mechanisms
     */
    public ListenerConfig withSaslMechanisms(List<String> mechanisms) {
        return new ListenerConfig(name, host, port, protocol, advertisedHost, advertisedPort, tls, mechanisms);
    }

    /** @return whether connections to this listener authenticate with SASL before they are served */
    public boolean authenticatesWithSasl() {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    /** @return the host clients should connect to: the advertised one, else the bind host (localhost for any interface) */
    public String effectiveAdvertisedHost() {
        if (!advertisedHost.isBlank()) {
            return advertisedHost;
        }
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }
}
