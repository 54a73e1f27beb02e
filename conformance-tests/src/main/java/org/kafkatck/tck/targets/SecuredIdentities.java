package org.kafkatck.tck.targets;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kafkatck.broker.security.SelfSignedCertificates;

/**
 * What the TCK makes up at run time to start an in-process target with {@code tck.security=sasl_ssl}: a
 * self-signed broker certificate for 127.0.0.1 (the JDK's {@code keytool}, via the reference broker's
 * {@link SelfSignedCertificates}) and three SCRAM-SHA-512 users with random passwords: {@value #ADMIN}, the
 * super user every client of the run authenticates as, and {@value #FIRST} and {@value #SECOND}, ordinary
 * users with no ACLs for the {@code security} profile. Nothing outlives the run.
 *
 * @param certificates the broker's keystore and the clients' truststore
 * @param passwords    each user's password, by name: {@value #ADMIN}, {@value #FIRST}, {@value #SECOND}
 */
public record SecuredIdentities(SelfSignedCertificates certificates, Map<String, String> passwords) {
    /** The super user. */
    public static final String ADMIN = "admin";
    /** The first ordinary user. */
    public static final String FIRST = "alice";
    /** The second ordinary user. */
    public static final String SECOND = "bob";
    /** The only SASL mechanism the secured in-process targets enable. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The listener name and security protocol of the secured in-process targets. */
    public static final String PROTOCOL = "SASL_SSL";

    /** Keeps an immutable copy of the passwords, in the order admin, first, second. */
    public SecuredIdentities {
        passwords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    }

    /**
     * @param dir an empty directory for the certificate stores
     * @return new certificates and new random passwords
     */
    public static SecuredIdentities generate(Path dir) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : new String[] {ADMIN, FIRST, SECOND}) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            passwords.put(user, HexFormat.of().formatHex(bytes));
        }
        return new SecuredIdentities(SelfSignedCertificates.generate(dir), passwords);
    }

    /** @return the client properties that authenticate as {@value #ADMIN} over TLS, verifying the broker's host */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", PROTOCOL);
        props.put("sasl.mechanism", MECHANISM);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", certificates.clientTruststore().toString());
        props.put("ssl.truststore.password", SelfSignedCertificates.PASSWORD);
        props.putAll(jaas(ADMIN));
        return Map.copyOf(props);
    }

    /** @return admin, first and second, each with the {@code sasl.jaas.config} that authenticates as them */
    public TargetPrincipals principals() {
        return new TargetPrincipals(principal(ADMIN), principal(FIRST), principal(SECOND));
    }

    private TargetPrincipal principal(String user) {
        return new TargetPrincipal("User:" + user, jaas(user));
    }

    /** @return {@code sasl.jaas.config} for {@code user}, as kafka-clients' SCRAM login module reads it */
    public Map<String, String> jaas(String user) {
        return Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + passwords.get(user) + "\";");
    }

    @Override
    public String toString() {
        // never the passwords
        return "SecuredIdentities" + passwords.keySet();
    }
}
