package org.kafkatck.broker.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import org.kafkatck.broker.InvalidConfigException;

/**
 * The server side of TLS on one listener: an {@link SSLContext} built with the JDK from the listener's
 * {@link TlsSettings}, and the wrapping of each accepted socket into a server-mode {@link SSLSocket}.
 *
 * <p>Wrapping does no I/O: the handshake happens on the first read or {@link SSLSocket#startHandshake()},
 * on the connection's own thread, so a slow or hostile client never holds up the accept loop.
 */
public final class ServerTls {
    private final SSLSocketFactory sockets;
    private final ClientAuth clientAuth;

    private ServerTls(SSLContext context, ClientAuth clientAuth) {
        this.sockets = context.getSocketFactory();
        this.clientAuth = clientAuth;
    }

    /**
     * Loads the stores and builds the TLS context.
     *
     * @param settings the listener's TLS material
     * @return the listener's TLS
     * @throws InvalidConfigException naming the store that cannot be read, with the reason
     */
    public static ServerTls create(TlsSettings settings) {
        KeyManagerFactory keys = keyManagers(settings);
        TrustManagerFactory trust = trustManagers(settings);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new ServerTls(context, settings.clientAuth());
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException(settings.keyPrefix() + ".keystore.location",
                    settings.keystore().toString(), "a keystore the JDK's TLS can use (" + e.getMessage() + ")");
        }
    }

    /** @return whether clients are asked for a certificate */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * Layers TLS over an accepted connection, in server mode, asking for a client certificate as configured.
     *
     * @param accepted a socket just accepted
     * @return the TLS socket, not yet handshaken
     * @throws IOException when the connection is already gone
     */
    public SSLSocket wrap(Socket accepted) throws IOException {
        // autoClose: closing the TLS socket closes the TCP connection under it
        SSLSocket socket = (SSLSocket) sockets.createSocket(accepted, null, accepted.getPort(), true);
        socket.setUseClientMode(false);
        switch (clientAuth) {
            case REQUIRED -> socket.setNeedClientAuth(true);
            case REQUESTED -> socket.setWantClientAuth(true);
            case NONE -> socket.setWantClientAuth(false);
        }
        return socket;
    }

    private static KeyManagerFactory keyManagers(TlsSettings settings) {
        String key = settings.keyPrefix() + ".keystore.location";
        char[] keyPassword = (settings.keyPassword().isEmpty() ? settings.keystorePassword() : settings.keyPassword())
                .toCharArray();
        try {
            KeyStore store;
            if (isPem(settings.keystoreType())) {
                // Helidon's PEM reader: the one file holds the private key and its certificate chain, as in Kafka
                Keys pem = Keys.builder().pem(p -> {
                    p.key(Resource.create(settings.keystore())).certChain(Resource.create(settings.keystore()));
                    if (!settings.keyPassword().isEmpty()) {
                        p.keyPassphrase(settings.keyPassword().toCharArray());
                    }
                }).build();
                PrivateKey privateKey = pem.privateKey().orElseThrow(
                        () -> new IllegalArgumentException("no PRIVATE KEY block"));
                List<X509Certificate> chain = pem.certChain();
                if (chain.isEmpty()) {
                    throw new IllegalArgumentException("no CERTIFICATE block");
                }
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("broker", privateKey, keyPassword, chain.toArray(X509Certificate[]::new));
            } else {
                store = load(settings.keystore().toString(), settings.keystoreType(), settings.keystorePassword());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyPassword);
            return factory;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidConfigException(key, settings.keystore().toString(), "a readable "
                    + settings.keystoreType() + " keystore with the broker's private key and certificate, opened by "
                    + settings.keyPrefix() + ".keystore.password (" + e.getMessage() + ")");
        }
    }

    private static TrustManagerFactory trustManagers(TlsSettings settings) {
        Optional<java.nio.file.Path> location = settings.truststore();
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (location.isEmpty()) {
                factory.init((KeyStore) null); // the JDK's trusted certificate authorities
                return factory;
            }
            KeyStore store;
            if (isPem(settings.truststoreType())) {
                List<X509Certificate> certificates = Keys.builder()
                        .pem(p -> p.certificates(Resource.create(location.get()))).build().certs();
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException("no CERTIFICATE block");
                }
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("trusted-" + i, certificates.get(i));
                }
            } else {
                store = load(location.get().toString(), settings.truststoreType(), settings.truststorePassword());
            }
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidConfigException(settings.keyPrefix() + ".truststore.location",
                    location.map(Object::toString).orElse(""), "a readable " + settings.truststoreType()
                    + " truststore, opened by " + settings.keyPrefix() + ".truststore.password (" + e.getMessage() + ")");
        }
    }

    private static KeyStore load(String file, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
        try (InputStream in = Files.newInputStream(java.nio.file.Path.of(file))) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }

    private static boolean isPem(String type) {
        return type.equalsIgnoreCase("PEM");
    }
}
