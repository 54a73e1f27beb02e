package org.kafkatck.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;

/**
 * Checks PLAIN passwords for kafka-clients' {@code PlainSaslServer} against the users of the broker's config,
 * as Kafka's {@code PlainServerCallbackHandler} checks them against the JAAS {@code user_<name>} options.
 */
final class PlainCallbackHandler implements CallbackHandler {
    private final Map<String, String> passwords;

    /** @param passwords password by user name */
    PlainCallbackHandler(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            switch (callback) {
                case NameCallback name -> user = name.getDefaultName();
                case PlainAuthenticateCallback check -> check.authenticated(matches(user, check.password()));
                default -> throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private boolean matches(String user, char[] password) {
        String expected = user == null ? null : passwords.get(user);
        if (expected == null) {
            return false;
        }
        // constant time, so the time taken tells nothing of how much of the password was right
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                new String(password).getBytes(StandardCharsets.UTF_8));
    }
}
