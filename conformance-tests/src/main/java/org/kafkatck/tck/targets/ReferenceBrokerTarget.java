package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ListenerConfig;
import org.kafkatck.broker.RecoveryFault;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.acl.AclSettings;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.security.ClientAuth;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;
import org.kafkatck.broker.security.SelfSignedCertificates;
import org.kafkatck.broker.security.TlsSettings;

/**
 * The bundled reference broker, started in this JVM on an ephemeral port, with its data in a temporary
 * directory (removed on close) so that it can be {@linkplain #restart restarted} on the same data and port.
 * With {@link TargetSecurity#SASL_SSL} its only Kafka listener is SASL_SSL, its authorizer is on, and clients
 * authenticate as the super user {@code admin} (see {@link SecuredIdentities}).
 */
public final class ReferenceBrokerTarget implements RestartableTarget {
    private final HandlerDecorator decorator;
    private final RecoveryFault fault;
    private final TargetSecurity security;
    private SecuredIdentities identities;
    private Path certificatesDir;
    private Path dataDir;
    private BrokerConfig config;
    private ReferenceBroker broker;

    /** The reference broker as it ships. */
    public ReferenceBrokerTarget() {
        this(HandlerDecorator.NONE);
    }

    /** @param security how the broker is secured ({@code tck.security}) */
    public ReferenceBrokerTarget(TargetSecurity security) {
        this(HandlerDecorator.NONE, RecoveryFault.NONE, security);
    }

    /** @param decorator wraps the broker's API handlers (the self-test's mutants) */
    public ReferenceBrokerTarget(HandlerDecorator decorator) {
        this(decorator, RecoveryFault.NONE);
    }

    /**
     * @param decorator wraps the broker's API handlers (the self-test's mutants)
     * @param fault     a deliberately wrong recovery (the self-test's recovery mutants); kept across restarts
     */
    public ReferenceBrokerTarget(HandlerDecorator decorator, RecoveryFault fault) {
        this(decorator, fault, TargetSecurity.PLAINTEXT);
    }

    /**
     * @param decorator wraps the broker's API handlers (the self-test's mutants)
     * @param fault     a deliberately wrong recovery (the self-test's recovery mutants); kept across restarts
     * @param security  how the broker is secured
     */
    public ReferenceBrokerTarget(HandlerDecorator decorator, RecoveryFault fault, TargetSecurity security) {
        this.decorator = decorator;
        this.fault = fault;
        this.security = security;
    }

    @Override
    public String kind() {
        return "reference";
    }

    @Override
    public String description() {
        return (broker == null ? "in-process" : broker.bootstrapServers()) + " (reference broker, in-process"
                + (security == TargetSecurity.PLAINTEXT ? "" : ", " + SecuredIdentities.PROTOCOL) + ")";
    }

    @Override
    public void start() {
        try {
            dataDir = Files.createTempDirectory("kafka-tck-reference-");
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot create the reference broker's data directory: "
                    + e.getMessage(), e);
        }
        // retention, cleaning and transaction timeouts within the spec's bounded waits, as
        // docs/grading-a-broker.md asks of every broker
        config = BrokerConfig.forTests()
                .withDiskStorage(dataDir)
                .withLogRetentionCheckInterval(java.time.Duration.ofMillis(200))
                .withTransactions(new org.kafkatck.broker.txn.TransactionSettings(
                        org.kafkatck.broker.txn.TransactionSettings.DEFAULTS.maxTimeoutMs(),
                        java.time.Duration.ofMillis(200)));
        if (security == TargetSecurity.SASL_SSL) {
            config = secured(config, 0);
        }
        broker = ReferenceBroker.start(config, decorator, fault);
        // a restart comes back on the same port: clients keep their bootstrap address and reconnect
        config = security == TargetSecurity.SASL_SSL ? secured(config, broker.kafkaPort())
                : config.withKafkaPort(broker.kafkaPort());
    }

    /**
     * Only a SASL_SSL listener on {@code port}, the three SCRAM users, the authorizer on with {@code admin} its
     * super user and Kafka's default for resources without ACLs (denied).
     */
    private BrokerConfig secured(BrokerConfig base, int port) {
        if (identities == null) {
            try {
                // beside the data directory, not in it: the broker owns what is in there
                certificatesDir = Files.createTempDirectory("kafka-tck-reference-certificates-");
                identities = SecuredIdentities.generate(certificatesDir);
            } catch (IOException e) {
                throw new TargetUnavailableException("Cannot create the certificates' directory: " + e.getMessage(), e);
            }
        }
        List<SaslUser> users = identities.passwords().entrySet().stream()
                .map(user -> new SaslUser(user.getKey(), user.getValue(), List.of(SecuredIdentities.MECHANISM)))
                .toList();
        TlsSettings tls = TlsSettings.pkcs12(identities.certificates().brokerKeystore(), SelfSignedCertificates.PASSWORD,
                null, ClientAuth.NONE);
        return base
                .withSasl(new SaslSettings(List.of(SecuredIdentities.MECHANISM), users,
                        SaslSettings.DEFAULTS.scramIterations(), SaslSettings.DEFAULTS.maxReauth()))
                .withAuthorization(new AclSettings(true,
                        Set.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, SecuredIdentities.ADMIN)), false))
                .withListeners(List.of(ListenerConfig.sasl(SecuredIdentities.PROTOCOL, "127.0.0.1", port, tls)));
    }

    @Override
    public synchronized void restart(Stop how) {
        if (how == Stop.CRASH) {
            // as a killed process: with the directory offline the broker writes nothing more on close (no index,
            // no producer snapshot, no clean-shutdown marker), so the next start recovers as after a crash
            broker.logs().directory().fail("Killing the broker (the TCK simulates a crash)",
                    new IOException("kill -9"));
        }
        broker.close();
        broker = ReferenceBroker.start(config, decorator, fault);
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public Map<String, String> clientProperties() {
        return identities == null ? Map.of() : identities.clientProperties();
    }

    @Override
    public Optional<TargetPrincipals> principals() {
        return identities == null ? Optional.empty() : Optional.of(identities.principals());
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
        ChildProcesses.deleteRecursively(dataDir);
        ChildProcesses.deleteRecursively(certificatesDir);
    }

}
