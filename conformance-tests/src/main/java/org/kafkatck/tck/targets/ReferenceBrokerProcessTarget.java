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
public final class ReferenceBrokerProcessTarget implements RestartableTarget {
    /** How long a start or restart may take before the target is unusable (10,000 partitions on disk included). */
    private static final java.time.Duration START_TIMEOUT = java.time.Duration.ofMinutes(5);

    /**
     * What the child JVM runs: the reference broker, or a variant started from the same jar (the bench's
     * {@code sink} ceiling) with the same command line, environment and data directory.
     *
     * @param kind        {@link #kind()} of the target
     * @param mainClass   the child JVM's main class
     * @param description what {@link #description()} says it is
     * @param storageMode the broker's {@code storage.mode}: {@code disk} or {@code memory}
     */
    public record Variant(String kind, String mainClass, String description, String storageMode) {
        /** The reference broker with durable (disk) storage. */
        public static final Variant REFERENCE = new Variant("reference", "org.kafkatck.broker.ReferenceBroker",
                "reference broker, child JVM, disk storage", "disk");
        /**
         * The sink: the reference broker whose Produce, Fetch, ListOffsets and OffsetForLeaderEpoch acknowledge and
         * serve from memory without storing, the bench's ceiling (it serves no transactions).
         */
        public static final Variant SINK = new Variant("sink", "org.kafkatck.broker.sink.SinkBroker",
                "sink: reference broker storing nothing, child JVM, memory", "memory");
    }

    private final String heap;
    private final TargetSecurity security;
    private final Variant variant;
    private final Map<String, String> extraEnv;
    private final List<String> extraJvmArgs;
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
        this(heap, security, Variant.REFERENCE, Map.of(), List.of());
    }

    /**
     * @param heap         the broker JVM's maximum heap, e.g. {@code 1g}
     * @param security     how the broker is secured
     * @param variant      what the child JVM runs
     * @param extraEnv     environment overrides of the broker's settings (e.g. {@code BROKER_MESSAGE_MAX_BYTES}),
     *                     applied after the target's own
     * @param extraJvmArgs JVM options added before the main class (e.g. the profiler's)
     */
    public ReferenceBrokerProcessTarget(String heap, TargetSecurity security, Variant variant,
                                        Map<String, String> extraEnv, List<String> extraJvmArgs) {
        this.heap = heap;
        this.security = security;
        this.variant = variant;
        this.extraEnv = Map.copyOf(extraEnv);
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
    }

    /**
     * The sink instead of the broker (see {@link Variant#SINK}), kind {@code sink}.
     *
     * @param heap     the sink JVM's maximum heap, e.g. {@code 1g}
     * @param security how the sink is secured
     * @return the target
     */
    public static ReferenceBrokerProcessTarget sink(String heap, TargetSecurity security) {
        return new ReferenceBrokerProcessTarget(heap, security, Variant.SINK, Map.of(), List.of());
    }

    @Override
    public String kind() {
        return variant.kind();
    }

    @Override
    public String description() {
        return "127.0.0.1:" + port + " (" + variant.description()
                + (security == TargetSecurity.PLAINTEXT ? "" : ", " + SecuredIdentities.PROTOCOL) + ")";
    }

    @Override
    public void start() {
        try {
            dataDir = Files.createTempDirectory("kafka-tck-" + variant.kind() + "-");
            port = ApacheKafkaTarget.freePort();
            if (security == TargetSecurity.SASL_SSL) {
                identities = SecuredIdentities.generate(Files.createDirectories(dataDir.resolve("certificates")));
                Files.writeString(dataDir.resolve("broker.yaml"), securedConfig(identities, port), StandardCharsets.UTF_8);
            }
            startupMillis = launch();
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot start the " + variant.kind() + " broker: " + e.getMessage(), e);
        }
    }

    /** Starts the child JVM on the target's data directory and port; returns once it serves clients. */
    private long launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(extraJvmArgs);
        command.addAll(List.of("-cp", ChildClasspath.current(), variant.mainClass()));
        if (security == TargetSecurity.SASL_SSL) {
            command.add(dataDir.resolve("broker.yaml").toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("BROKER_HOST", "127.0.0.1");
        env.put("BROKER_PORT", Integer.toString(port));
        env.put("BROKER_HTTP_PORT", "0");
        env.put("BROKER_STORAGE_DIR", dataDir.resolve("data").toString());
        env.put("BROKER_STORAGE_MODE", variant.storageMode());
        env.put("BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("BROKER_LOG_RETENTION_CHECK_INTERVAL_MS", "500");
        env.putAll(extraEnv);
        long started = System.nanoTime();
        process = builder.start();
        long millis;
        try {
            millis = Readiness.awaitMetadata(bootstrapServers(), clientProperties(), started, process, START_TIMEOUT);
        } catch (TargetUnavailableException e) {
            throw process.isAlive() ? e : exited();
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw exited();
            }
            try {
                ExternalTarget.awaitReady(this, 2_000);
                return millis;
            } catch (TargetUnavailableException e) {
                // not yet
            }
        }
        throw new TargetUnavailableException("The " + variant.kind() + " broker did not become ready in "
                + START_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Stops the child JVM (SIGTERM for a clean shutdown, SIGKILL for a crash) and starts it again on the same data
     * directory and port, as {@link ApacheKafkaTarget#restart} does; returns once it serves clients again.
     * {@link #startupMillis()} is then the new start's time to its first Metadata answer.
     */
    @Override
    public synchronized void restart(Stop how) {
        if (how == Stop.CRASH) {
            process.destroyForcibly();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetUnavailableException("Interrupted while killing the " + variant.kind() + " broker", e);
            }
        } else {
            ChildProcesses.stop(process);
        }
        try {
            startupMillis = launch();
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot restart the " + variant.kind() + " broker: " + e.getMessage(), e);
        }
    }

    private TargetUnavailableException exited() throws IOException {
        return new TargetUnavailableException("The " + variant.kind() + " broker exited: "
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
