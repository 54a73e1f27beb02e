package org.kafkatck.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.acl.AclStore;
import org.kafkatck.broker.api.AddOffsetsToTxnHandler;
import org.kafkatck.broker.api.CreateAclsHandler;
import org.kafkatck.broker.api.DeleteAclsHandler;
import org.kafkatck.broker.api.DescribeAclsHandler;
import org.kafkatck.broker.api.AddPartitionsToTxnHandler;
import org.kafkatck.broker.api.DescribeProducersHandler;
import org.kafkatck.broker.api.DescribeTransactionsHandler;
import org.kafkatck.broker.api.EndTxnHandler;
import org.kafkatck.broker.api.WriteTxnMarkersHandler;
import org.kafkatck.broker.api.ListTransactionsHandler;
import org.kafkatck.broker.api.TxnOffsetCommitHandler;
import org.kafkatck.broker.api.ApiRegistry;
import org.kafkatck.broker.api.ApiVersionsHandler;
import org.kafkatck.broker.api.CreatePartitionsHandler;
import org.kafkatck.broker.api.DescribeTopicPartitionsHandler;
import org.kafkatck.broker.api.CreateTopicsHandler;
import org.kafkatck.broker.api.DeleteRecordsHandler;
import org.kafkatck.broker.api.DeleteTopicsHandler;
import org.kafkatck.broker.api.DescribeClusterHandler;
import org.kafkatck.broker.api.FetchHandler;
import org.kafkatck.broker.api.InitProducerIdHandler;
import org.kafkatck.broker.api.ListOffsetsHandler;
import org.kafkatck.broker.api.MetadataHandler;
import org.kafkatck.broker.api.ProduceHandler;
import org.kafkatck.broker.api.DeleteGroupsHandler;
import org.kafkatck.broker.api.DescribeConfigsHandler;
import org.kafkatck.broker.api.DescribeGroupsHandler;
import org.kafkatck.broker.api.FindCoordinatorHandler;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.api.HeartbeatHandler;
import org.kafkatck.broker.api.JoinGroupHandler;
import org.kafkatck.broker.api.LeaveGroupHandler;
import org.kafkatck.broker.api.ListGroupsHandler;
import org.kafkatck.broker.api.OffsetCommitHandler;
import org.kafkatck.broker.api.OffsetDeleteHandler;
import org.kafkatck.broker.api.OffsetFetchHandler;
import org.kafkatck.broker.api.OffsetForLeaderEpochHandler;
import org.kafkatck.broker.api.SaslAuthenticateHandler;
import org.kafkatck.broker.api.SaslHandshakeHandler;
import org.kafkatck.broker.api.SyncGroupHandler;
import org.kafkatck.broker.api.AlterConfigsHandler;
import org.kafkatck.broker.api.DescribeLogDirsHandler;
import org.kafkatck.broker.api.IncrementalAlterConfigsHandler;
import org.kafkatck.broker.api.AlterUserScramCredentialsHandler;
import org.kafkatck.broker.api.DescribeUserScramCredentialsHandler;
import org.kafkatck.broker.security.SaslMechanisms;
import org.kafkatck.broker.security.ScramCredentialStore;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.OffsetStore;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.LogSettings;
import org.kafkatck.broker.network.KafkaListener;
import org.kafkatck.broker.network.RequestDispatcher;
import org.kafkatck.broker.observe.BrokerMetrics;
import org.kafkatck.broker.observe.BrokerMetricsObserver;
import org.kafkatck.broker.observe.LogHealthCheck;
import org.kafkatck.broker.producer.ProducerIdManager;
import org.kafkatck.broker.security.ServerTls;
import org.kafkatck.broker.storage.AtomicFile;
import org.kafkatck.broker.storage.LogDirectory;
import org.kafkatck.broker.txn.PartitionMarkers;
import org.kafkatck.broker.txn.TransactionCoordinator;
import org.kafkatck.broker.txn.TransactionLog;

import static java.lang.System.Logger.Level.INFO;

/**
 * The Kafka TCK reference broker: a single-node Kafka-protocol broker hosted with a Helidon SE
 * {@link WebServer}. The Kafka protocol runs on a {@link KafkaListener}, whose connections are served
 * through Helidon's connection SPI on an accept loop of its own (Helidon's listener ends for good on a
 * failed accept, see there); health and metrics are served over HTTP by the WebServer.
 *
 * <p>Start it from the command line ({@code java -jar reference-broker.jar [config.yaml]}) or
 * in-process with {@link #start(BrokerConfig)}; it is stopped by {@link #close()}.
 */
public final class ReferenceBroker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReferenceBroker.class.getName());
    /**
     * Send and receive buffer of Kafka connections. Kafka requests and responses run to megabytes: with
     * the OS's default socket buffers a produce arrives in many small segments, each costing a wake-up
     * and an ACK. 1 MiB buffers halved the broker's CPU per record in the benchmark.
     */
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    /** How often the recovery points are checkpointed and idle segment files are looked for. */
    private static final Duration STORAGE_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
    /** A closed segment file unread for this long gives its file handle back. */
    private static final Duration IDLE_SEGMENT_FILE = Duration.ofMinutes(1);

    private final BrokerConfig config;
    private final BrokerIdentity identity;
    private final LogManager logs;
    private final GroupCoordinator groups;
    private final BrokerMetrics metrics;
    /** The Kafka listeners by name, in configuration order. */
    private final Map<String, KafkaListener> kafka;
    private final WebServer server;
    private final ScheduledExecutorService flusher;
    private final TransactionCoordinator transactions;
    private final ScramCredentialStore credentials;
    private final SaslMechanisms sasl;
    private final AclStore acls;
    private boolean closed;

    private ReferenceBroker(BrokerConfig config, BrokerIdentity identity, LogManager logs, GroupCoordinator groups,
                            TransactionCoordinator transactions, AclStore acls, BrokerMetrics metrics,
                            Map<String, KafkaListener> kafka, WebServer server, ScheduledExecutorService flusher,
                            ScramCredentialStore credentials, SaslMechanisms sasl) {
        this.config = config;
        this.identity = identity;
        this.logs = logs;
        this.groups = groups;
        this.transactions = transactions;
        this.acls = acls;
        this.metrics = metrics;
        this.kafka = kafka;
        this.server = server;
        this.flusher = flusher;
        this.credentials = credentials;
        this.sasl = sasl;
    }

    /**
     * Command-line entry: {@code java -jar reference-broker.jar [config.yaml]}.
     *
     * @param args an optional YAML file overriding the defaults (system properties and environment
     *             variables override both)
     */
    public static void main(String[] args) {
        // Start-up is mostly class loading and one-time initialisation; the metrics classes and the
        // protocol schemas are independent of the configuration, so they warm up on the second core
        // while the main thread reads the configuration and opens the logs.
        Thread.ofPlatform().daemon().name("startup-protocol").start(ApiKeys::values);
        Thread.ofPlatform().daemon().name("startup-metrics").start(BrokerMetrics::warmUp);
        LogConfig.configureRuntime();
        BrokerCommand.run(args, "Broker", Map.of(), ReferenceBroker::start);
    }

    /**
     * Reads the configuration layers: built-in defaults, an optional file, environment variables and
     * system properties.
     */
    static Config loadConfig(Path file) {
        return BrokerCommand.loadConfig(file, Map.of());
    }

    /**
     * Starts a broker: loads (and recovers) the logs, binds the Kafka and HTTP listeners.
     *
     * @param config validated configuration
     * @return the running broker
     */
    public static ReferenceBroker start(BrokerConfig config) {
        return start(config, HandlerDecorator.NONE);
    }

    /**
     * Starts a broker whose API handlers are wrapped by {@code decorator} (the TCK's self-test runs the
     * spec against deliberately broken brokers this way).
     *
     * @param config    validated configuration
     * @param decorator wraps each API handler as it is registered
     * @return the running broker
     */
    public static ReferenceBroker start(BrokerConfig config, HandlerDecorator decorator) {
        return start(config, decorator, RecoveryFault.NONE);
    }

    /**
     * Starts a broker with a deliberately wrong recovery (the TCK's self-test only; see {@link RecoveryFault}).
     *
     * @param config    validated configuration
     * @param decorator wraps each API handler as it is registered
     * @param fault     how recovery goes wrong, {@link RecoveryFault#NONE} for the broker as it ships
     * @return the running broker
     */
    public static ReferenceBroker start(BrokerConfig config, HandlerDecorator decorator, RecoveryFault fault) {
        long started = System.nanoTime();
        boolean durable = config.storage() == BrokerConfig.Storage.DISK;
        Path dataDir = durable ? config.dataDir().toAbsolutePath() : null;
        String clusterId = durable ? clusterId(dataDir, config.nodeId()) : Uuid.randomUuid().toString();
        List<ListenerConfig> listenerConfigs = config.effectiveListeners();
        ListenerConfig first = listenerConfigs.getFirst();
        BrokerIdentity identity = new BrokerIdentity(clusterId, config.nodeId(), first.effectiveAdvertisedHost(),
                first.advertisedPort());
        LogDirectory directory = durable ? LogDirectory.of(dataDir) : LogDirectory.memory();
        // the partitions open once Kafka clients are answered; a request for one not yet open opens it first
        LogManager logs = LogManager.openLazily(new LogSettings(dataDir, config.segmentBytes(), config.maxMessageBytes(),
                config.flushPolicy() == BrokerConfig.FlushPolicy.ALWAYS,
                config.flushPolicy() == BrokerConfig.FlushPolicy.INTERVAL ? config.flushInterval() : null,
                fault == RecoveryFault.FORGET_TRANSACTIONS), directory);
        ProducerIdManager producerIds = durable
                ? ProducerIdManager.persistent(dataDir.resolve("producer-ids"), directory) : ProducerIdManager.inMemory();

        OffsetStore offsetStore = durable
                ? OffsetStore.open(dataDir.resolve("__consumer_offsets"),
                        config.flushPolicy() == BrokerConfig.FlushPolicy.ALWAYS, directory)
                : OffsetStore.inMemory();
        logs.startRetention(config.logRetentionCheckInterval());
        GroupCoordinator groups = new GroupCoordinator(config.groups(), offsetStore, logs::exists);
        logs.onTopicDeleted(groups::topicDeleted);
        // the self-test's RecoveryFault.FORGET_COORDINATOR_STATE is the broker whose coordinator is not durable
        TransactionLog transactionLog = durable && fault != RecoveryFault.FORGET_COORDINATOR_STATE
                ? TransactionLog.open(dataDir.resolve("__transaction_state"),
                        config.flushPolicy() == BrokerConfig.FlushPolicy.ALWAYS, directory)
                : TransactionLog.inMemory();
        TransactionCoordinator transactions = new TransactionCoordinator(transactionLog, producerIds::nextProducerId,
                new PartitionMarkers(logs), groups::endTransaction, config.transactions().maxTimeoutMs());
        transactions.recover(System.currentTimeMillis());
        // ACLs are kept only with an authorizer, as Kafka keeps them only in a cluster that has one
        AclStore acls = durable && config.authorization().enabled()
                ? AclStore.open(dataDir, config.flushPolicy() == BrokerConfig.FlushPolicy.ALWAYS, directory)
                : AclStore.inMemory();
        AclAuthorizer authorizer = new AclAuthorizer(config.authorization(), acls);

        // written rarely (an operator's change), so each change is forced to disk before it is acknowledged
        ScramCredentialStore credentials = durable
                ? ScramCredentialStore.open(dataDir.resolve("__scram_credentials"), true, directory)
                : ScramCredentialStore.inMemory();
        credentials.seed(config.sasl().users(), config.sasl().scramIterations());
        SaslMechanisms sasl = new SaslMechanisms(config.sasl(), credentials);

        ApiRegistry registry = new ApiRegistry(decorator);
        registry.register(new ApiVersionsHandler(registry, identity))
                .register(new MetadataHandler(identity, logs, config.autoCreateTopics(), config.defaultPartitions()))
                .register(new DescribeClusterHandler(identity))
                .register(new DescribeTopicPartitionsHandler(identity, logs))
                .register(new ProduceHandler(logs, transactions))
                .register(new FetchHandler(logs, config.fetchSessionsMax()))
                .register(new ListOffsetsHandler(logs))
                .register(new OffsetForLeaderEpochHandler(logs))
                .register(new CreateTopicsHandler(logs, identity, config.defaultPartitions()))
                .register(new DeleteTopicsHandler(logs))
                .register(new DeleteRecordsHandler(logs))
                .register(new CreatePartitionsHandler(logs, identity))
                .register(new InitProducerIdHandler(producerIds, transactions))
                .register(new AddPartitionsToTxnHandler(transactions, logs))
                .register(new AddOffsetsToTxnHandler(transactions))
                .register(new TxnOffsetCommitHandler(transactions, groups, logs))
                .register(new EndTxnHandler(transactions))
                .register(new DescribeTransactionsHandler(transactions))
                .register(new ListTransactionsHandler(transactions))
                .register(new DescribeProducersHandler(logs))
                .register(new WriteTxnMarkersHandler(logs))
                .register(new FindCoordinatorHandler(identity))
                .register(new JoinGroupHandler(groups))
                .register(new SyncGroupHandler(groups))
                .register(new HeartbeatHandler(groups))
                .register(new LeaveGroupHandler(groups))
                .register(new OffsetCommitHandler(groups, logs))
                .register(new OffsetFetchHandler(groups, logs))
                .register(new DescribeGroupsHandler(groups))
                .register(new ListGroupsHandler(groups))
                .register(new DeleteGroupsHandler(groups))
                .register(new OffsetDeleteHandler(groups))
                .register(new DescribeConfigsHandler(logs, config))
                .register(new IncrementalAlterConfigsHandler(logs, identity))
                .register(new AlterConfigsHandler(logs, identity))
                .register(new DescribeLogDirsHandler(logs, config.dataDir()))
                .register(new DescribeUserScramCredentialsHandler(credentials))
                .register(new AlterUserScramCredentialsHandler(credentials))
                .register(new DescribeAclsHandler(authorizer))
                .register(new CreateAclsHandler(authorizer))
                .register(new DeleteAclsHandler(authorizer));
        // Kafka advertises SaslHandshake and SaslAuthenticate on every listener; these handlers answer them on a
        // listener without SASL (ILLEGAL_SASL_STATE), a SASL listener hands them to the connection's authenticator
        registry.register(new SaslHandshakeHandler()).register(new SaslAuthenticateHandler());
        BrokerMetrics metrics = new BrokerMetrics(logs);
        RequestDispatcher dispatcher = new RequestDispatcher(registry, metrics, authorizer);

        Map<String, KafkaListener> kafka = new LinkedHashMap<>();
        WebServer server;
        try {
            for (ListenerConfig listener : listenerConfigs) {
                // an SSL listener's stores are read here: a bad one fails the start, naming its key
                ServerTls tls = listener.tls().map(ServerTls::create).orElse(null);
                KafkaListener bound = KafkaListener.bind(new KafkaListener.Settings(listener.host(), listener.port(),
                        SOCKET_BUFFER_BYTES, config.maxRequestBytes(), config.connectionsMaxIdle(), listener.name(), tls,
                        listener.authenticatesWithSasl() ? sasl.forListener(listener.saslMechanisms()) : null),
                        dispatcher);
                kafka.put(listener.name(), bound);
                identity.advertise(listener.name(), listener.effectiveAdvertisedHost(),
                        listener.advertisedPort() == 0 ? bound.port() : listener.advertisedPort());
            }
        } catch (RuntimeException e) {
            kafka.values().forEach(KafkaListener::close);
            acls.close();
            transactions.close();
            groups.close();
            logs.close();
            credentials.close();
            throw e;
        }
        if (first.advertisedPort() == 0) {
            identity.port(kafka.get(first.name()).port());
        }
        // Kafka clients are answered from here on, while the HTTP server starts and then the logs open
        kafka.values().forEach(KafkaListener::start);
        metrics.bindJvmMeters();
        try {
            server = WebServer.builder()
                    .host(config.host())
                    .port(config.httpPort())
                    .shutdownHook(false)
                    .addFeature(ObserveFeature.builder()
                            // only the observers below: Helidon's own metrics observer would serve the
                            // JVM-wide registry instead of this broker's
                            .observersDiscoverServices(false)
                            .addObserver(HealthObserver.builder()
                                    .details(true)
                                    .addCheck(new LogHealthCheck(logs,
                                            () -> kafka.values().stream().allMatch(KafkaListener::accepting)))
                                    .build())
                            .addObserver(new BrokerMetricsObserver(metrics))
                            .build())
                    .routing(routing -> routing.get("/", (req, res) -> res.send(
                            "Kafka TCK reference broker; Kafka protocol on port " + identity.port())))
                    .build()
                    .start();
            if (!server.isRunning()) {
                // Helidon logs why and returns a stopped server instead of throwing (e.g. the port is in use)
                throw new IllegalStateException("Cannot start the HTTP listener on " + config.host() + ":"
                        + config.httpPort());
            }
            // the loaders start only now: on few cores they would slow the first answers and the HTTP start,
            // and a partition a client asks for meanwhile is opened for it anyway
            logs.loadInBackground();
            // a log that cannot be opened fails the start, as when it is found before the listeners start
            logs.awaitLoaded();
        } catch (RuntimeException e) {
            kafka.values().forEach(KafkaListener::close);
            metrics.close();
            acls.close();
            transactions.close();
            groups.close();
            logs.close();
            credentials.close();
            throw e;
        }
        ScheduledExecutorService flusher = durable ? storageMaintenance(config, logs, offsetStore, transactions, acls)
                : null;
        transactions.abortExpiredEvery(config.transactions().abortCheckInterval());
        ReferenceBroker broker = new ReferenceBroker(config, identity, logs, groups, transactions, acls, metrics, kafka,
                server, flusher, credentials, sasl);
        LOG.log(INFO, "Kafka TCK reference broker {0} ready in {1} ms: kafka {2}, http {3}:{4}, storage {5}, cluster {6}",
                config.nodeId(), (System.nanoTime() - started) / 1_000_000, broker.describeListeners(), config.host(),
                Integer.toString(broker.httpPort()), durable ? dataDir.toString() : "memory", clusterId);
        return broker;
    }

    /** @return the port the first Kafka listener is bound to (the only one unless {@code broker.listeners} is set) */
    public int kafkaPort() {
        return kafka.values().iterator().next().port();
    }

    /**
     * @param listener a listener's name, as configured (upper case)
     * @return the port that listener is bound to
     * @throws IllegalArgumentException when the broker has no such listener
     */
    public int kafkaPort(String listener) {
        KafkaListener bound = kafka.get(listener);
        if (bound == null) {
            throw new IllegalArgumentException("No Kafka listener named " + listener + "; listeners: " + kafka.keySet());
        }
        return bound.port();
    }

    /**
     * @param listener a listener's name, as configured (upper case)
     * @return {@code host:port} of that listener, for a client's {@code bootstrap.servers}
     */
    public String bootstrapServers(String listener) {
        kafkaPort(listener); // names the listeners when there is no such one
        BrokerIdentity.Endpoint endpoint = identity.endpoint(listener);
        return endpoint.host() + ":" + endpoint.port();
    }

    /**
     * For the start-up line. The single default listener keeps the line it always had ({@code host:port
     * (advertised host:port)}: scripts read it); configured listeners read {@code NAME://host:port (PROTOCOL,
     * advertised host:port)}.
     */
    private String describeListeners() {
        if (config.listeners().isEmpty()) {
            return config.host() + ":" + kafkaPort() + " (advertised " + identity.host() + ":" + identity.port() + ")";
        }
        StringBuilder text = new StringBuilder();
        for (ListenerConfig listener : config.listeners()) {
            BrokerIdentity.Endpoint endpoint = identity.endpoint(listener.name());
            text.append(text.isEmpty() ? "" : ", ").append(listener.name()).append("://").append(listener.host())
                    .append(':').append(kafkaPort(listener.name())).append(" (").append(listener.protocol())
                    .append(", advertised ").append(endpoint.host()).append(':').append(endpoint.port()).append(')');
        }
        return text.toString();
    }

    /** @return the port of the HTTP listener (health, metrics) */
    public int httpPort() {
        return server.port();
    }

    /** @return {@code host:port} for a client's {@code bootstrap.servers} */
    public String bootstrapServers() {
        return identity.host() + ":" + identity.port();
    }

    /** @return the cluster id reported to clients */
    public String clusterId() {
        return identity.clusterId();
    }

    /** @return the configuration this broker runs with */
    public BrokerConfig config() {
        return config;
    }

    /** @return the SASL mechanisms and credentials, for the listeners that authenticate */
    public SaslMechanisms sasl() {
        return sasl;
    }

    /** @return the broker's logs, for tests that inspect storage */
    public LogManager logs() {
        return logs;
    }

    /** Stops the listeners (requests in progress are answered first), then flushes and closes every log. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kafka.values().forEach(KafkaListener::close);
        server.stop();
        if (flusher != null) {
            flusher.shutdownNow();
        }
        acls.close();
        transactions.close();
        groups.close();
        logs.close();
        credentials.close();
        metrics.close();
        LOG.log(INFO, "Kafka TCK reference broker {0} stopped", identity.nodeId());
    }

    /**
     * Background upkeep of the data directory: the interval flush of every store, the recovery-point
     * checkpoint that bounds recovery after a crash, and closing segment files nobody reads. A failure
     * has already taken the directory offline and been logged; the tasks go on (and do nothing offline).
     */
    private static ScheduledExecutorService storageMaintenance(BrokerConfig config, LogManager logs, OffsetStore offsets,
                                                               TransactionCoordinator transactions, AclStore acls) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("storage-maintenance").factory());
        if (config.flushPolicy() == BrokerConfig.FlushPolicy.INTERVAL) {
            long period = config.flushInterval().toMillis();
            maintenance.scheduleAtFixedRate(quietly(() -> {
                logs.flushAll();
                offsets.flush();
                transactions.flush();
                acls.flush();
            }), period, period, TimeUnit.MILLISECONDS);
        }
        long checkpointMs = STORAGE_CHECKPOINT_INTERVAL.toMillis();
        maintenance.scheduleAtFixedRate(quietly(() -> {
            logs.checkpointRecoveryPoints();
            logs.closeIdleFiles(IDLE_SEGMENT_FILE);
        }), checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
        return maintenance;
    }

    private static Runnable quietly(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a storage failure: LogDirectory has logged it once and health reports it
            }
        };
    }

    private static String clusterId(Path dataDir, int nodeId) {
        Path meta = dataDir.resolve("meta.properties");
        Properties props = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(meta)) {
                try (InputStream in = Files.newInputStream(meta)) {
                    props.load(in);
                }
                String stored = props.getProperty("cluster.id");
                if (stored != null && !stored.isBlank()) {
                    return stored;
                }
            }
            String id = Uuid.randomUuid().toString();
            props.setProperty("cluster.id", id);
            props.setProperty("node.id", Integer.toString(nodeId));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            props.store(bytes, "Kafka TCK reference broker");
            AtomicFile.write(meta, bytes.toByteArray());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
