package org.kafkatck.broker.security;

import java.time.Duration;
import java.util.List;

/**
 * SASL settings of the broker ({@code broker.sasl.*}, {@code broker.connections.max.reauth.ms} and
 * {@code broker.connection.failed.authentication.delay.ms}).
 *
 * @param enabledMechanisms the mechanisms offered in SaslHandshake, in order (Kafka's
 *                          {@code sasl.enabled.mechanisms})
 * @param users             users from the config: PLAIN checks their passwords, and their SCRAM credentials
 *                          are added to the credential store at start when the store has none for that user
 *                          and mechanism (as {@code kafka-storage format --add-scram} seeds a new cluster)
 * @param scramIterations   iterations of the SCRAM credentials derived from config passwords
 * @param maxReauth         Kafka's {@code connections.max.reauth.ms} (KIP-368): the session lifetime returned
 *                          in SaslAuthenticate, after which a connection must re-authenticate; zero for none
 * @param failedAuthenticationDelay Kafka's {@code connection.failed.authentication.delay.ms} (KIP-306): how long
 *                          the answer to a failed authentication, or the close that ends it, is held back; zero
 *                          for none
 * @param maxReceiveBytes   Kafka's {@code sasl.server.max.receive.size}: the largest frame a connection may send
 *                          before it has authenticated (and while it re-authenticates); a larger one fails the
 *                          authentication, so an unauthenticated client cannot make the broker allocate
 *                          {@code request.max.bytes}
 */
public record SaslSettings(List<String> enabledMechanisms, List<SaslUser> users, int scramIterations,
                           Duration maxReauth, Duration failedAuthenticationDelay, int maxReceiveBytes) {

    /** Kafka's default {@code sasl.server.max.receive.size} (512 KiB). */
    public static final int DEFAULT_MAX_RECEIVE_BYTES = 524288;

    /** Kafka's default {@code connection.failed.authentication.delay.ms}. */
    public static final Duration DEFAULT_FAILED_AUTHENTICATION_DELAY = Duration.ofMillis(100);

    /** The mechanisms the broker can serve. */
    public static final List<String> SUPPORTED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** Kafka's defaults ({@code sasl.enabled.mechanisms=GSSAPI} aside): every mechanism, no users, no re-auth. */
    public static final SaslSettings DEFAULTS = new SaslSettings(SUPPORTED_MECHANISMS, List.of(), 4096, Duration.ZERO);

    /** Copies the lists. */
    public SaslSettings {
        enabledMechanisms = List.copyOf(enabledMechanisms);
        users = List.copyOf(users);
    }

    /** Settings with Kafka's default delay after a failed authentication (100 ms) and pre-authentication frame limit. */
    public SaslSettings(List<String> enabledMechanisms, List<SaslUser> users, int scramIterations, Duration maxReauth) {
        this(enabledMechanisms, users, scramIterations, maxReauth, DEFAULT_FAILED_AUTHENTICATION_DELAY,
                DEFAULT_MAX_RECEIVE_BYTES);
    }

    /** @return these settings with another delay after a failed authentication */
    public SaslSettings withFailedAuthenticationDelay(Duration delay) {
        return new SaslSettings(enabledMechanisms, users, scramIterations, maxReauth, delay, maxReceiveBytes);
    }
}
