package org.kafkatck.tck.wire;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;

/**
 * The SASL exchange a Java client runs right after connecting (and after TLS on SASL_SSL): ApiVersions,
 * SaslHandshake v1 naming the mechanism, then SaslAuthenticate frames carrying the mechanism's tokens until
 * the client side is complete. The tokens come from the JDK's PLAIN client and kafka-clients' SCRAM client,
 * so the TCK's raw frames authenticate exactly as its Java clients do.
 */
final class SaslExchange {
    /** The mechanisms a raw connection can authenticate with. */
    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private SaslExchange() {
    }

    /**
     * Authenticates {@code connection} as {@code security} says.
     *
     * @throws IllegalStateException with a one-line reason when the broker refuses the mechanism or the
     *                               credentials, or answers out of turn
     */
    static void authenticate(RawConnection connection, ClientSecurity security, String host) {
        String who = "SASL " + security.mechanism() + " authentication as " + security.username() + " to "
                + connection.address();
        ApiVersionsResponseData versions = connection.apiVersions((short) 3);
        short handshakeVersion = version(versions, ApiKeys.SASL_HANDSHAKE, (short) 1, who);
        if (handshakeVersion < 1) {
            // v0 sends the tokens without SaslAuthenticate framing (pre KIP-152): no Java client of this TCK's
            // generation speaks it
            throw new IllegalStateException(who + " failed: the broker offers only SaslHandshake v0");
        }
        short authenticateVersion = version(versions, ApiKeys.SASL_AUTHENTICATE, (short) 2, who);
        SaslHandshakeResponseData handshake = connection.send(ApiKeys.SASL_HANDSHAKE, handshakeVersion,
                new SaslHandshakeRequestData().setMechanism(security.mechanism()));
        if (handshake.errorCode() != Errors.NONE.code()) {
            throw new IllegalStateException(who + " failed: SaslHandshake answered "
                    + Errors.forCode(handshake.errorCode()) + " (enabled mechanisms: " + handshake.mechanisms() + ")");
        }
        SaslClient client = client(security, host);
        try {
            byte[] token = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
            while (true) {
                SaslAuthenticateResponseData answer = connection.send(ApiKeys.SASL_AUTHENTICATE, authenticateVersion,
                        new SaslAuthenticateRequestData().setAuthBytes(token));
                if (answer.errorCode() != Errors.NONE.code()) {
                    throw new IllegalStateException(who + " failed: " + Errors.forCode(answer.errorCode())
                            + (answer.errorMessage() == null ? "" : ": " + answer.errorMessage()));
                }
                if (client.isComplete()) {
                    return;
                }
                token = client.evaluateChallenge(answer.authBytes());
                if (token == null) {
                    // the server's last message verified (SCRAM server-final): nothing more to send
                    if (client.isComplete()) {
                        return;
                    }
                    throw new IllegalStateException(who + " failed: the SASL client stopped before completing");
                }
            }
        } catch (SaslException e) {
            throw new IllegalStateException(who + " failed: " + e.getMessage(), e);
        } finally {
            try {
                client.dispose();
            } catch (SaslException ignored) {
                // nothing is held
            }
        }
    }

    private static short version(ApiVersionsResponseData versions, ApiKeys api, short cap, String who) {
        ApiVersionsResponseData.ApiVersion range = versions.apiKeys().find(api.id);
        if (range == null) {
            throw new IllegalStateException(who + " failed: the broker does not advertise " + api.name);
        }
        return (short) Math.min(Math.min(range.maxVersion(), api.latestVersion()), cap);
    }

    private static SaslClient client(ClientSecurity security, String host) {
        CallbackHandler credentials = callbacks -> {
            for (Callback callback : callbacks) {
                switch (callback) {
                    case NameCallback name -> name.setName(security.username());
                    case PasswordCallback password -> password.setPassword(security.password().toCharArray());
                    case ScramExtensionsCallback ignored -> { } // no SCRAM extensions (no delegation tokens)
                    default -> throw new UnsupportedCallbackException(callback);
                }
            }
        };
        try {
            if (security.mechanism().equals("PLAIN")) {
                SaslClient plain = Sasl.createSaslClient(new String[] {"PLAIN"}, null, "kafka", host, Map.of(),
                        credentials);
                if (plain == null) {
                    throw new IllegalStateException("This JDK has no SASL PLAIN client");
                }
                return plain;
            }
            return new ScramSaslClient(ScramMechanism.forMechanismName(security.mechanism()), credentials);
        } catch (SaslException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot create a SASL " + security.mechanism() + " client: "
                    + e.getMessage(), e);
        }
    }
}
