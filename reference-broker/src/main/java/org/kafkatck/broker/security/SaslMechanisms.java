package org.kafkatck.broker.security;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.sasl.SaslServer;

import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;

/**
 * The broker's SASL mechanisms: which are enabled, and a fresh kafka-clients {@link SaslServer} for each
 * exchange (PLAIN checks the configured passwords, SCRAM the credential store). Shared by every connection;
 * each connection's {@link SaslAuthenticator} holds its own exchange.
 */
public final class SaslMechanisms {
    private final List<String> enabled;
    private final PlainCallbackHandler plain;
    private final ScramCredentialStore credentials;
    private final Duration maxReauth;
    private final Duration failedAuthenticationDelay;
    private final int maxReceiveBytes;

    /**
     * @param settings    the enabled mechanisms, the configured users, {@code connections.max.reauth.ms} and
     *                    {@code connection.failed.authentication.delay.ms}
     * @param credentials the SCRAM credentials
     */
    public SaslMechanisms(SaslSettings settings, ScramCredentialStore credentials) {
        this.enabled = settings.enabledMechanisms();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (SaslUser user : settings.users()) {
            if (user.mechanisms().contains(PlainSaslServer.PLAIN_MECHANISM)) {
                passwords.put(user.name(), user.password());
            }
        }
        this.plain = new PlainCallbackHandler(passwords);
        this.credentials = credentials;
        this.maxReauth = settings.maxReauth();
        this.failedAuthenticationDelay = settings.failedAuthenticationDelay();
        this.maxReceiveBytes = settings.maxReceiveBytes();
    }

    private SaslMechanisms(SaslMechanisms broker, List<String> enabled) {
        this.enabled = List.copyOf(enabled);
        this.plain = broker.plain;
        this.credentials = broker.credentials;
        this.maxReauth = broker.maxReauth;
        this.failedAuthenticationDelay = broker.failedAuthenticationDelay;
        this.maxReceiveBytes = broker.maxReceiveBytes;
    }

    /**
     * The mechanisms of one listener that names its own (Kafka's
     * {@code listener.name.<listener>.sasl.enabled.mechanisms}), with the broker's users and credentials.
     *
     * @param listenerMechanisms the listener's mechanisms, among {@link SaslSettings#SUPPORTED_MECHANISMS}; empty
     *                           for the broker's
     * @return mechanisms for that listener
     */
    public SaslMechanisms forListener(List<String> listenerMechanisms) {
        return listenerMechanisms.isEmpty() ? this : new SaslMechanisms(this, listenerMechanisms);
    }

    /** @return Kafka's {@code sasl.server.max.receive.size}: the largest frame accepted before authentication */
    public int maxReceiveBytes() {
        return maxReceiveBytes;
    }

    /** @return Kafka's {@code connection.failed.authentication.delay.ms}; zero for no delay */
    public Duration failedAuthenticationDelay() {
        return failedAuthenticationDelay;
    }

    /** @return the enabled mechanisms, in the order SaslHandshake lists them */
    public List<String> enabled() {
        return enabled;
    }

    /** @return Kafka's {@code connections.max.reauth.ms}; zero when sessions do not expire */
    public Duration maxReauth() {
        return maxReauth;
    }

    /**
     * @param mechanism an enabled mechanism
     * @return a server for one exchange of {@code mechanism}
     */
    SaslServer newServer(String mechanism) {
        if (PlainSaslServer.PLAIN_MECHANISM.equals(mechanism)) {
            return new PlainSaslServer(plain);
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(mechanism);
        if (scram == null) {
            throw new IllegalArgumentException("Not a mechanism the broker serves: " + mechanism);
        }
        try {
            return new ScramSaslServer(scram, Map.of(), new ScramCallbackHandler(credentials, scram));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + scram.hashAlgorithm() + " for " + mechanism, e);
        }
    }
}
