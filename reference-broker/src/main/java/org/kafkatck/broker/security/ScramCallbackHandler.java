package org.kafkatck.broker.security;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Gives kafka-clients' {@code ScramSaslServer} the stored credential of the user logging in (none for an
 * unknown user, which the server then fails), as Kafka's {@code ScramServerCallbackHandler} does from its
 * credential cache. Delegation tokens are not served: their callback is unsupported, which fails the exchange.
 */
final class ScramCallbackHandler implements CallbackHandler {
    private final ScramCredentialStore store;
    private final ScramMechanism mechanism;

    ScramCallbackHandler(ScramCredentialStore store, ScramMechanism mechanism) {
        this.store = store;
        this.mechanism = mechanism;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            switch (callback) {
                case NameCallback name -> user = name.getDefaultName();
                case ScramCredentialCallback credential ->
                        credential.scramCredential(user == null ? null : store.get(user, mechanism));
                default -> throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
