package org.kafkatck.tck.targets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the TCK secures the brokers it starts itself ({@code reference}, {@code apache-kafka}): the setting
 * {@code tck.security}. Targets the TCK does not start are secured however their client properties say.
 */
public enum TargetSecurity {
    /** One PLAINTEXT listener, no authentication, no authorizer: the default. */
    PLAINTEXT,
    /**
     * Only a SASL_SSL client listener (a self-signed certificate, SCRAM-SHA-512 users {@code admin},
     * {@code alice}, {@code bob}), the authorizer on and {@code admin} its super user; every client of the run
     * authenticates as {@code admin}. See {@link SecuredIdentities}.
     */
    SASL_SSL;

    /** @return the setting's values, as written in {@code tck.security} */
    public static List<String> names() {
        return Arrays.stream(values()).map(TargetSecurity::configName).toList();
    }

    /** @return this value as written in {@code tck.security}, e.g. {@code sasl_ssl} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a {@code tck.security} value, in any case
     * @throws TargetUnavailableException naming the setting when {@code text} is none of {@link #names()}
     */
    public static TargetSecurity parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        for (TargetSecurity security : values()) {
            if (security.configName().equals(value)) {
                return security;
            }
        }
        throw new TargetUnavailableException("tck.security must be one of " + names() + ", got '" + text + "'");
    }
}
