package org.kafkatck.tck.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * The real Apache Kafka broker ({@code org.apache.kafka:kafka_2.13}: the version on the TCK's
 * classpath, or another released version resolved by {@link KafkaDistribution}) in KRaft mode, as a
 * single combined broker+controller node in a child JVM. No Docker is needed; the broker's storage is
 * formatted in a temporary directory removed on close.
 *
 * <p>Settings are Kafka's defaults except those a single-node cluster needs (replication factors 1)
 * and {@code group.initial.rebalance.delay.ms=0}, which only shortens a wait; retention runs every 500 ms
 * from the start ({@code log.retention.check.interval.ms}, {@code log.initial.task.delay.ms}) and the log
 * cleaner backs off 500 ms ({@code log.cleaner.backoff.ms}), as the retention and compaction scenarios
 * require of every graded broker.
 */
public final class ApacheKafkaTarget implements RestartableTarget {
    private static final long START_TIMEOUT_MS = 180_000;

    private final String heap;
    private final String version;
    private final Path cache;
    private final TargetSecurity security;
    private final Map<String, String> extraServerProperties;
    private final List<String> extraJvmArgs;
    private SecuredIdentities identities;
    private KafkaDistribution distribution;
    private Path workDir;
    private Process process;
    private Path config;
    private Path log4j;
    private int port;
    private long startupMillis = -1;

    /** The bundled Kafka with a heap large enough for the TCK. */
    public ApacheKafkaTarget() {
        this("768m");
    }

    /** @param heap the broker JVM's maximum heap, e.g. {@code 1g} */
    public ApacheKafkaTarget(String heap) {
        this(heap, "", KafkaDistribution.defaultCache());
    }

    /**
     * @param heap    the broker JVM's maximum heap, e.g. {@code 1g}
     * @param version the Kafka version to run, or blank for the bundled one
     * @param cache   where other versions are resolved to (see {@link KafkaDistribution})
     */
    public ApacheKafkaTarget(String heap, String version, Path cache) {
        this(heap, version, cache, TargetSecurity.PLAINTEXT);
    }

    /**
     * @param heap     the broker JVM's maximum heap, e.g. {@code 1g}
     * @param version  the Kafka version to run, or blank for the bundled one
     * @param cache    where other versions are resolved to (see {@link KafkaDistribution})
     * @param security how the broker is secured ({@code tck.security})
     */
    public ApacheKafkaTarget(String heap, String version, Path cache, TargetSecurity security) {
        this(heap, version, cache, security, Map.of(), List.of());
    }

    /**
     * @param heap                  the broker JVM's maximum heap, e.g. {@code 1g}
     * @param version               the Kafka version to run, or blank for the bundled one
     * @param cache                 where other versions are resolved to (see {@link KafkaDistribution})
     * @param security              how the broker is secured ({@code tck.security})
     * @param extraServerProperties server.properties settings added after the target's own (a later line wins),
     *                              e.g. {@code message.max.bytes}
     * @param extraJvmArgs          options of the broker's JVM added before its main class (e.g. the profiler's)
     */
    public ApacheKafkaTarget(String heap, String version, Path cache, TargetSecurity security,
                             Map<String, String> extraServerProperties, List<String> extraJvmArgs) {
        this.heap = heap;
        this.version = version == null ? "" : version.strip();
        this.cache = cache;
        this.security = security;
        this.extraServerProperties = new java.util.TreeMap<>(extraServerProperties);
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
    }

    @Override
    public java.util.Optional<String> kafkaVersion() {
        return java.util.Optional.of(distribution != null ? distribution.version()
                : version.isEmpty() ? KafkaDistribution.bundledVersion() : version);
    }

    @Override
    public String kind() {
        return "apache-kafka";
    }

    @Override
    public String description() {
        return "127.0.0.1:" + port + " (Apache Kafka " + kafkaVersion().orElseThrow() + ", KRaft, child JVM"
                + (security == TargetSecurity.PLAINTEXT ? "" : ", " + SecuredIdentities.PROTOCOL) + ")";
    }

    @Override
    public void start() {
        distribution = KafkaDistribution.of(version, cache);
        try {
            workDir = Files.createTempDirectory("kafka-tck-apache-kafka-");
            port = freePort();
            int controllerPort = freePort();
            config = workDir.resolve("server.properties");
            String listener = security == TargetSecurity.PLAINTEXT ? "PLAINTEXT" : SecuredIdentities.PROTOCOL;
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=" + listener,
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + listener + ":" + listener,
                    securedSettings(),
                    "log.dirs=" + workDir.resolve("logs"),
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=4",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    // a few partitions start faster than the 50 of the default; timed-out transactions are
                    // looked for every half second, so the spec's transaction timeouts show within its waits
                    "transaction.state.log.num.partitions=4",
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms=500",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    // retention and cleaning within the spec's bounded waits (docs/grading-a-broker.md)
                    "log.retention.check.interval.ms=500",
                    "log.initial.task.delay.ms=0",
                    "log.cleaner.backoff.ms=500",
                    extraServerProperties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(java.util.stream.Collectors.joining("\n")),
                    ""), StandardCharsets.UTF_8);
            log4j = workDir.resolve("log4j2.properties");
            Files.writeString(log4j, String.join("\n",
                    "appender.out.type=Console",
                    "appender.out.name=out",
                    "appender.out.layout.type=PatternLayout",
                    "appender.out.layout.pattern=%d %p %c{1}: %m%n",
                    "rootLogger.level=WARN",
                    "rootLogger.appenderRef.out.ref=out",
                    ""), StandardCharsets.UTF_8);
            // Kafka before 4.0 logs with log4j 1 (reload4j), which reads a file of its own
            Files.writeString(workDir.resolve("log4j.properties"), String.join("\n",
                    "log4j.rootLogger=WARN, out",
                    "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.out.layout.ConversionPattern=%d %p %c{1}: %m%n",
                    ""), StandardCharsets.UTF_8);

            List<String> formatArgs = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()));
            if (identities != null) {
                // KIP-900: the SCRAM users exist in the metadata before the broker starts, the broker's own
                // inter-broker identity (admin) among them
                identities.passwords().forEach((user, password) -> formatArgs.addAll(List.of("--add-scram",
                        SecuredIdentities.MECHANISM + "=[name=" + user + ",password=" + password + "]")));
            }
            Process format = java(log4j, "kafka.tools.StorageTool", formatArgs.toArray(String[]::new)).redirectOutput(workDir.resolve("format.log").toFile())
                    .redirectErrorStream(true).start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new TargetUnavailableException("Formatting Apache Kafka storage failed: "
                        + tail(workDir.resolve("format.log")));
            }
            startupMillis = launch();
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot start Apache Kafka: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while starting Apache Kafka", e);
        }
    }

    /**
     * With {@link TargetSecurity#SASL_SSL}: new certificates and users (see {@link SecuredIdentities}), SASL_SSL
     * with SCRAM-SHA-512 for clients and between brokers, and the standard authorizer with {@code admin} as
     * super user. {@code User:ANONYMOUS} is a super user too: it is the broker half's principal on the PLAINTEXT
     * controller listener, which needs CLUSTER_ACTION (that port is bound to 127.0.0.1 and not advertised).
     *
     * @return the lines for server.properties, or an empty line for a plain-text broker
     */
    private String securedSettings() throws IOException {
        if (security == TargetSecurity.PLAINTEXT) {
            return "";
        }
        identities = SecuredIdentities.generate(Files.createDirectories(workDir.resolve("certificates")));
        String password = org.kafkatck.broker.security.SelfSignedCertificates.PASSWORD;
        return String.join("\n",
                "sasl.enabled.mechanisms=" + SecuredIdentities.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + SecuredIdentities.MECHANISM,
                "listener.name.sasl_ssl." + SecuredIdentities.MECHANISM.toLowerCase(java.util.Locale.ROOT)
                        + ".sasl.jaas.config=" + identities.jaas(SecuredIdentities.ADMIN).get("sasl.jaas.config"),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + identities.certificates().brokerKeystore(),
                "ssl.keystore.password=" + password,
                "ssl.key.password=" + password,
                // the broker connects to itself on the inter-broker listener and must trust its own certificate
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + identities.certificates().clientTruststore(),
                "ssl.truststore.password=" + password,
                "ssl.client.auth=none",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + SecuredIdentities.ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false");
    }

    /** Starts the broker on the formatted storage and waits until it serves clients. */
    private long launch() throws IOException {
        long started = System.nanoTime();
        process = java(log4j, "kafka.Kafka", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("kafka.log").toFile()))
                .redirectErrorStream(true)
                .start();
        long millis;
        try {
            millis = Readiness.awaitMetadata(bootstrapServers(), clientProperties(), started, process,
                    java.time.Duration.ofMillis(START_TIMEOUT_MS));
        } catch (TargetUnavailableException e) {
            // the work directory goes on close: say why here
            throw new TargetUnavailableException(e.getMessage() + ": " + tail(workDir.resolve("kafka.log")), e);
        }
        awaitReady();
        return millis;
    }

    /**
     * Stops the child JVM (SIGTERM for a clean shutdown, SIGKILL for a crash) and starts it again on the same log
     * directory, ports and cluster id; Kafka recovers its logs and reloads the transaction and group
     * coordinators' state before it answers again. {@link #startupMillis()} is then the new start's time to its
     * first Metadata answer.
     */
    @Override
    public synchronized void restart(Stop how) {
        if (how == Stop.CRASH) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetUnavailableException("Interrupted while killing Apache Kafka", e);
            }
        } else {
            ChildProcesses.stop(process);
        }
        try {
            startupMillis = launch();
        } catch (IOException e) {
            throw new TargetUnavailableException("Cannot restart Apache Kafka: " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new TargetUnavailableException("Apache Kafka exited with " + process.exitValue() + ": "
                        + tail(workDir.resolve("kafka.log")));
            }
            try {
                ExternalTarget.awaitReady(this, 5_000);
                return;
            } catch (TargetUnavailableException e) {
                // not yet
            }
        }
        throw new TargetUnavailableException("Apache Kafka did not become ready within " + START_TIMEOUT_MS + " ms: "
                + tail(workDir.resolve("kafka.log")));
    }

    ProcessBuilder java(Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseG1GC");
        if (mainClass.equals("kafka.Kafka")) {
            command.addAll(extraJvmArgs);
        }
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-Dlog4j.configuration=" + workDir.resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(distribution.classpathString());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public java.util.Optional<ProcessHandle> process() {
        return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
    }

    @Override
    public Map<String, String> clientProperties() {
        return identities == null ? Map.of() : identities.clientProperties();
    }

    @Override
    public java.util.Optional<TargetPrincipals> principals() {
        return identities == null ? java.util.Optional.empty() : java.util.Optional.of(identities.principals());
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        if (workDir != null && Boolean.getBoolean("tck.keep.logs")) {
            System.out.println("Apache Kafka's files are kept in " + workDir);
        } else {
            ChildProcesses.deleteRecursively(workDir);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
