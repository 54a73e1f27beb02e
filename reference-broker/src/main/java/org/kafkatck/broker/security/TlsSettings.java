package org.kafkatck.broker.security;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The TLS material of an SSL listener, named as in Apache Kafka ({@code ssl.keystore.*},
 * {@code ssl.truststore.*}, {@code ssl.client.auth}).
 *
 * <p>A store of type {@code PEM} is one PEM file, as in Kafka: the keystore holds the private key
 * (unencrypted, or encrypted with {@code ssl.key.password}) and its certificate chain, the truststore
 * the trusted certificates. Other types ({@code PKCS12}, {@code JKS}) are read by the JDK's
 * {@link java.security.KeyStore}.
 *
 * @param keyPrefix          the config key of this listener's {@code ssl} section, for error messages
 * @param keystore           the broker's private key and certificate chain
 * @param keystoreType       {@code PKCS12}, {@code JKS} or {@code PEM}
 * @param keystorePassword   password of the keystore (empty for PEM)
 * @param keyPassword        password of the private key; empty to use the keystore's
 * @param truststore         certificates that client certificates are checked against; empty for the JDK's
 * @param truststoreType     {@code PKCS12}, {@code JKS} or {@code PEM}
 * @param truststorePassword password of the truststore (empty for PEM, or to skip the integrity check)
 * @param clientAuth         whether clients are asked for a certificate
 */
public record TlsSettings(String keyPrefix,
                          Path keystore,
                          String keystoreType,
                          String keystorePassword,
                          String keyPassword,
                          Optional<Path> truststore,
                          String truststoreType,
                          String truststorePassword,
                          ClientAuth clientAuth) {

    /** The store types this broker reads. */
    public static final java.util.List<String> STORE_TYPES = java.util.List.of("PKCS12", "JKS", "PEM");

    /**
     * A listener's TLS with PKCS12 stores: the usual shape of tests.
     *
     * @param keystore   the broker's key and certificate
     * @param password   password of both stores and of the key
     * @param truststore trusted client certificates, or {@code null} for the JDK's
     * @param clientAuth whether clients are asked for a certificate
     * @return the settings
     */
    public static TlsSettings pkcs12(Path keystore, String password, Path truststore, ClientAuth clientAuth) {
        return new TlsSettings("ssl", keystore, "PKCS12", password, "", Optional.ofNullable(truststore), "PKCS12",
                password, clientAuth);
    }
}
