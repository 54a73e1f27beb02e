package org.kafkatck.broker.security;

import java.util.List;

/**
 * A user given in the broker's config ({@code broker.sasl.users}).
 *
 * @param name       the user name; the authenticated principal is {@code User:<name>}
 * @param password   the password; PLAIN checks it as given (as Kafka's JAAS {@code user_<name>} entries), the
 *                   SCRAM mechanisms get a salted credential derived from it
 * @param mechanisms the mechanisms the user may log in with (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)
 */
public record SaslUser(String name, String password, List<String> mechanisms) {

    /** Copies the mechanism list. */
    public SaslUser {
        mechanisms = List.copyOf(mechanisms);
    }

    @Override
    public String toString() {
        // never the password, in a log line or an exception
        return "SaslUser[name=" + name + ", mechanisms=" + mechanisms + "]";
    }
}
