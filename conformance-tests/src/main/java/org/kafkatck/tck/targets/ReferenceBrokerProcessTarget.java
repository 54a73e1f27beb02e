package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kafkatck.broker.security.SelfSignedCertificates;

/**
 * The reference broker in a JVM of its own, with durable (disk) storage in a temporary directory: how
 * the benchmark runs it, so that it is measured like Apache Kafka (same kind of process, own heap, own
 * resident memory) rather than sharing the load generator's JVM.
 *
 * <p>With {@link TargetSecurity#SASL_SSL} it is secured as the in-process {@link ReferenceBrokerTarget} and the
 * {@link ApacheKafkaTarget} are: new {@link SecuredIdentities}, a SASL_SSL-only listener with SCRAM-SHA-512, the
 * authorizer on with {@code admin} its super user. The child JVM reads those settings from a YAML file in its
 * data directory (see {@link #securedConfig}), so that no password appears on its command line.
 */
public final class ReferenceBrokerProcessTarget implements BrokerTarget {
    private final String heap;
    private final TargetSecurity security;
    /** Whether this is the sink ({@code org.kafkatck.broker.sink.SinkBroker}) rather than the broker. */
    private final boolean sink;
    private SecuredIdentities identities;
    private Path dataDir;
    private Process process;
    private int port;
    private long startupMillis = -1;

    /** @param heap the broker JVM's maximum heap, e.g. {@code 1g} */
    public ReferenceBrokerProcessTarget(String heap) {
        this(heap, TargetSecurity.PLAINTEXT);
    }

    /**
     * @param heap     the broker JVM's maximum heap, e.g. {@code 1g}
     * @param security how the broker is secured
     */
    public ReferenceBrokerProcessTarget(String heap, TargetSecurity security) {
        this(heap, security, false);
    }

    private ReferenceBrokerProcessTarget(String heap, TargetSecurity security, boolean sink) {
        this.heap = heap;
        this.security = security;
        this.sink = sink;
    }

    /**
     * The sink instead of the broker: the reference broker whose Produce, Fetch, ListOffsets and
     * OffsetForLeaderEpoch acknowledge and serve from memory without storing, the benchmark's ceiling (kind
     * {@code sink}; it serves no transactions).
     *
     * @param heap     the sink JVM's maximum heap, e.g. {@code 1g}
     * @param security how the sink is secured
     * @return the target
     */
    public static ReferenceBrokerProcessTarget sink(String heap, TargetSecurity security) {
        return new ReferenceBrokerProcessTarget(heap, security, true);
    }

    @Override
    public String kind() {
        return sink ? "sink" : "reference";
    }

    @Override
    public String description() {
        return "127.0.0.1:" + port + (sink ? " (sink: reference broker storing nothing, child JVM, memory"
                : " (reference broker, child JVM, disk storage")
                + (security == TargetSecurity.PLAINTEXT ? "" : ", " + SecuredIdentities.PROTOCOL) + ")";
    }

    @Override
    public void start() {
        try {
            dataDir = Files.createTempDirectory("kafka-tck-reference-");
            port = ApacheKafkaTarget.freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED", "-cp",
                    ChildClasspath.current(),
                    sink ? "org.kafkatck.broker.sink.SinkBroker" : "org.kafkatck.broker.ReferenceBroker"));
            if (security == TargetSecurity.SASL_SSL) {
                identities = SecuredIdentities.generate(Files.createDirectories(dataDir.resolve("certificates")));
                Path config = dataDir.resolve("broker.yaml");
                Files.writeString(config, securedConfig(identities, port), StandardCharsets.UTF_8);
                command.add(config.toString());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("broker.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("BROKER_HOST", "127.0.0.1");
            env.put("BROKER_PORT", Integer.toString(port));
            env.put("BROKER_HTTP_PORT", "0");
            env.put("BROKER_STORAGE_DIR", dataDir.resolve("data").toString());
            env.put("BROKER_STORAGE_MODE", sink ? "memory" : "disk");
            env.put("BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            env.put("BROKER_LOG_RETENTION_CHECK_INTERVAL_MS", "500");
            long started = System.nanoTime();
            process = builder.start();
            try {
                startupMillis = Readiness.awaitMetadata(bootstrapServers(), clientProperties(), started, process,
                        java.time.Duration.ofSeconds(60));
            } catch (TargetUnavailableException e) {
                throw process.isAlive() ? e : exited();
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw exited();
                }
                try {
                    ExternalTarget.awaitReady(this, 2_000);
                    return;
                } catch (TargetUnavailableException e) {
                    // not yet
                }
            }
            throw new TargetUnavailableException("The reference broker did not become ready in 60 s");
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot start the reference broker: " + e.getMessage(), e);
        }
    }

    private TargetUnavailableException exited() throws IOException {
        return new TargetUnavailableException("The reference broker exited: "
                + Files.readString(dataDir.resolve("broker.log")));
    }

    /**
     * The broker's configuration file for {@link TargetSecurity#SASL_SSL}: what {@link ReferenceBrokerTarget} sets
     * in code, in the keys of the broker's {@code application.yaml}. Its one listener replaces the PLAINTEXT
     * listener of {@code broker.port}; the environment still sets everything else. Resources without ACLs are
     * denied, by the broker's default ({@code broker.allow.everyone.if.no.acl.found: false}), as on the other
     * secured targets.
     *
     * @param identities the certificates and users
     * @param port       the listener's port
     * @return the YAML text
     */
    static String securedConfig(SecuredIdentities identities, int port) {
        StringBuilder yaml = new StringBuilder()
                .append("broker:\n")
                .append("  listeners:\n")
                .append("    - name: ").append(SecuredIdentities.PROTOCOL).append('\n')
                .append("      host: 127.0.0.1\n")
                .append("      port: ").append(port).append('\n')
                .append("      security:\n")
                .append("        protocol: ").append(SecuredIdentities.PROTOCOL).append('\n')
                .append("      ssl:\n")
                .append("        keystore:\n")
                .append("          location: ").append(quoted(identities.certificates().brokerKeystore().toString()))
                .append('\n')
                .append("          type: PKCS12\n")
                .append("          password: ").append(quoted(SelfSignedCertificates.PASSWORD)).append('\n')
                .append("        client:\n")
                .append("          auth: none\n")
                .append("  sasl:\n")
                .append("    enabled:\n")
                .append("      mechanisms: ").append(SecuredIdentities.MECHANISM).append('\n')
                .append("    users:\n");
        identities.passwords().forEach((user, password) -> yaml
                .append("      - name: ").append(quoted(user)).append('\n')
                .append("        password: ").append(quoted(password)).append('\n')
                .append("        mechanisms: ").append(SecuredIdentities.MECHANISM).append('\n'));
        return yaml
                .append("  authorizer:\n")
                .append("    enabled: true\n")
                .append("  super:\n")
                .append("    users: ").append(quoted("User:" + SecuredIdentities.ADMIN)).append('\n')
                .toString();
    }

    /** A YAML double-quoted scalar: backslashes and quotes escaped, so a path or password is taken as written. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process == null ? Optional.empty() : Optional.of(process.toHandle());
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteRecursively(dataDir);
    }
}
