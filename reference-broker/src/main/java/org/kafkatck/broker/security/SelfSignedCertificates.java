package org.kafkatck.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at run time with the running JDK's {@code keytool} (no certificate library
 * needed): a broker key pair for {@code localhost}/127.0.0.1, a client key pair, and PKCS12 truststores that
 * trust each other's. Used by the broker's tests and by the TCK's secured in-process targets; nothing is
 * checked in, and every store is protected by {@link #PASSWORD} (the stores live only as long as a test run).
 *
 * @param dir               where the stores are
 * @param brokerKeystore    the broker's key and certificate
 * @param brokerTruststore  the client's certificate, for mutual TLS
 * @param clientKeystore    the client's key and certificate
 * @param clientTruststore  the broker's certificate, for the clients' truststore
 */
public record SelfSignedCertificates(Path dir, Path brokerKeystore, Path brokerTruststore, Path clientKeystore,
                               Path clientTruststore) {
    /** Password of every store and key. */
    public static final String PASSWORD = "tck-secret";
    /** Subject of the client's certificate. */
    public static final String CLIENT_DN = "CN=alice,OU=tck,O=kafkatck";

    /**
     * @param dir an empty directory
     * @return the stores, generated in {@code dir}
     */
    public static SelfSignedCertificates generate(Path dir) {
        SelfSignedCertificates certs = new SelfSignedCertificates(dir, dir.resolve("broker.p12"), dir.resolve("broker-trust.p12"),
                dir.resolve("client.p12"), dir.resolve("client-trust.p12"));
        keyPair(certs.brokerKeystore, "broker", "CN=localhost,O=kafkatck", "SAN=dns:localhost,ip:127.0.0.1");
        keyPair(certs.clientKeystore, "client", CLIENT_DN, null);
        trust(certs.brokerKeystore, "broker", dir.resolve("broker.crt"), certs.clientTruststore);
        trust(certs.clientKeystore, "client", dir.resolve("client.crt"), certs.brokerTruststore);
        return certs;
    }

    /** @return the broker's certificate, PEM: the CA a client trusts (librdkafka's ssl.ca.location, KafkaJS's ssl.ca) */
    public Path brokerCertificatePem() {
        return dir.resolve("broker.crt");
    }

    private static void keyPair(Path keystore, String alias, String dn, String extension) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dn, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
    }

    private static void trust(Path keystore, String alias, Path certificate, Path truststore) {
        keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD));
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.getFirst() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
