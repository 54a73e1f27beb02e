package org.kafkatck.broker.security;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.InvalidConfigException;
import org.kafkatck.broker.ListenerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS contexts from PKCS12 and PEM stores, their errors, and the principal of a handshaken client. */
class ServerTlsTest {
    @TempDir
    static Path dir;
    private static SelfSignedCertificates certs;

    @BeforeAll
    static void generate() {
        certs = SelfSignedCertificates.generate(dir);
    }

    @Test
    void pemKeystoreAndTruststoreServeAMutualTlsClientWhosePrincipalIsItsSubject() throws Exception {
        Path keyPem = pem(certs.brokerKeystore(), "broker", dir.resolve("broker.pem"));
        Path trustPem = dir.resolve("client-cert.pem");
        Files.writeString(trustPem, certificatePem(load(certs.clientKeystore()).getCertificate("client")));
        ServerTls tls = ServerTls.create(new TlsSettings("broker.listeners.0.ssl", keyPem, "PEM", "", "",
                Optional.of(trustPem), "PEM", "", ClientAuth.REQUIRED));

        assertThat(handshake(tls, true)).isEqualTo(new KafkaPrincipal("User", SelfSignedCertificates.CLIENT_DN));
    }

    @Test
    void aClientWithoutCertificateIsAnonymousWhenOneIsOnlyRequested() throws Exception {
        ServerTls tls = ServerTls.create(TlsSettings.pkcs12(certs.brokerKeystore(), SelfSignedCertificates.PASSWORD,
                certs.brokerTruststore(), ClientAuth.REQUESTED));
        assertThat(handshake(tls, false)).isEqualTo(KafkaPrincipal.ANONYMOUS);
        assertThat(handshake(tls, true)).isEqualTo(new KafkaPrincipal("User", SelfSignedCertificates.CLIENT_DN));
    }

    @Test
    void storesThatCannotBeOpenedNameTheirKey() {
        TlsSettings wrongPassword = new TlsSettings("broker.listeners.2.ssl", certs.brokerKeystore(), "PKCS12", "nope",
                "", Optional.empty(), "PKCS12", "", ClientAuth.NONE);
        assertThatThrownBy(() -> ServerTls.create(wrongPassword))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid configuration: broker.listeners.2.ssl.keystore.location = '"
                        + certs.brokerKeystore() + "', expected a readable PKCS12 keystore with the broker's private key"
                        + " and certificate, opened by broker.listeners.2.ssl.keystore.password (");
        TlsSettings wrongTrustPassword = new TlsSettings("broker.listeners.0.ssl", certs.brokerKeystore(), "PKCS12",
                SelfSignedCertificates.PASSWORD, "", Optional.of(certs.brokerTruststore()), "PKCS12", "nope",
                ClientAuth.REQUIRED);
        assertThatThrownBy(() -> ServerTls.create(wrongTrustPassword))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid configuration: broker.listeners.0.ssl.truststore.location = '"
                        + certs.brokerTruststore() + "', expected a readable PKCS12 truststore, opened by"
                        + " broker.listeners.0.ssl.truststore.password (");
        TlsSettings notPem = new TlsSettings("broker.listeners.0.ssl", certs.brokerKeystore(), "PEM", "", "",
                Optional.empty(), "PKCS12", "", ClientAuth.NONE);
        assertThatThrownBy(() -> ServerTls.create(notPem))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid configuration: broker.listeners.0.ssl.keystore.location = '"
                        + certs.brokerKeystore() + "', expected a readable PEM keystore");
    }

    @Test
    void aBrokerWhoseKeystoreCannotBeOpenedDoesNotStartAndReleasesItsOtherListeners() throws Exception {
        int plainPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            plainPort = probe.getLocalPort();
        }
        BrokerConfig config = BrokerConfig.forTests().withListeners(List.of(
                ListenerConfig.plaintext("PLAINTEXT", "127.0.0.1", plainPort),
                ListenerConfig.ssl("SSL", "127.0.0.1", 0, new TlsSettings("broker.listeners.1.ssl",
                        certs.brokerKeystore(), "PKCS12", "wrong", "", Optional.empty(), "PKCS12", "",
                        ClientAuth.NONE))));
        assertThatThrownBy(() -> ReferenceBroker.start(config))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid configuration: broker.listeners.1.ssl.keystore.location = '"
                        + certs.brokerKeystore() + "', expected a readable PKCS12 keystore");
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", plainPort)); // the PLAINTEXT listener let its port go
            assertThat(again.getLocalPort()).isEqualTo(plainPort);
        }
    }

    /** Connects a TLS client (with the client certificate or without) and returns the principal the server derives. */
    private static KafkaPrincipal handshake(ServerTls tls, boolean withCertificate) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<KafkaPrincipal> principal = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept(); SSLSocket socket = tls.wrap(accepted)) {
                    socket.startHandshake();
                    KafkaPrincipal result = TlsPrincipals.of(socket.getSession(), socket.getInetAddress(), "SSL");
                    socket.getOutputStream().write(1); // lets the client finish its side of TLS 1.3
                    return result;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext(withCertificate).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.startHandshake();
                InputStream in = client.getInputStream();
                assertThat(in.read()).isEqualTo(1);
            }
            return principal.get(10, TimeUnit.SECONDS);
        }
    }

    private static SSLContext clientContext(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certs.clientTruststore()));
        javax.net.ssl.KeyManager[] keys = null;
        if (withCertificate) {
            javax.net.ssl.KeyManagerFactory factory =
                    javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(certs.clientKeystore()), SelfSignedCertificates.PASSWORD.toCharArray());
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, SelfSignedCertificates.PASSWORD.toCharArray());
        }
        return keyStore;
    }

    /** Writes a PKCS12 entry as one PEM file, the private key then the certificate chain: Kafka's PEM keystore. */
    private static Path pem(Path keystore, String alias, Path file) throws Exception {
        KeyStore store = load(keystore);
        PrivateKey key = (PrivateKey) store.getKey(alias, SelfSignedCertificates.PASSWORD.toCharArray());
        StringBuilder text = new StringBuilder("-----BEGIN PRIVATE KEY-----\n")
                .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()))
                .append("\n-----END PRIVATE KEY-----\n");
        for (Certificate certificate : store.getCertificateChain(alias)) {
            text.append(certificatePem(certificate));
        }
        return Files.writeString(file, text);
    }

    private static String certificatePem(Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
