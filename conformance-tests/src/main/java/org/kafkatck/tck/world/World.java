package org.kafkatck.tck.world;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kafkatck.tck.wire.RawConnection;

/**
 * The state of one scenario, injected into every step class of that scenario: the clients it opened
 * (closed after it), the unique physical names behind its logical names, and what its steps
 * observed. Nothing here is shared between scenarios, so scenarios can run in parallel.
 */
public final class World implements AutoCloseable {
    /** Bound on every wait of a step; a broker that never answers fails the step, not the run. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    private final TckRun run = TckRun.current();
    private final String scenarioTag = run.runId() + "-" + SCENARIOS.incrementAndGet();
    private final Map<String, String> names = new HashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Admin admin;
    private boolean tagFirst;
    private final Principals principals = new Principals(this);
    private final RequestTrail trail = new RequestTrail(run.preflight().rows());

    private final List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

    /** @return every record the scenario sent through the Java producer, in send order */
    public List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> sent() {
        return sent;
    }

    /** Records acknowledged by the last send, in send order. */
    public final List<RecordMetadata> acknowledged = new ArrayList<>();
    /** Records received by the last read, in receive order. */
    public final List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
    /** The failure of the last step expected to fail. */
    public Throwable failure;
    /** The error code of the last raw request. */
    public org.apache.kafka.common.protocol.Errors lastError;
    /** Values worth remembering between steps, by name. */
    public final Map<String, Object> remembered = new HashMap<>();

    /** @return the principals of a secured target, and clients that authenticate as each */
    public Principals principals() {
        return principals;
    }

    /** @return the requests this scenario sent, newest last, for the diagnosis of a failure */
    public RequestTrail trail() {
        return trail;
    }

    /** @return the run this scenario belongs to */
    public TckRun run() {
        return run;
    }

    /**
     * Maps a logical topic name of the spec to a physical name unique to this scenario and run, so
     * runs never collide and a shared, long-lived broker can be graded again and again.
     */
    public String topic(String logical) {
        return names.computeIfAbsent(logical, l -> tagFirst ? "tck-" + scenarioTag + "-" + l : l + "-" + scenarioTag);
    }

    /**
     * Has every logical name of this scenario map to a physical name that starts with the scenario's tag
     * instead of ending with it, so that a prefix of a logical name ("sales.") maps to a prefix of the physical
     * names it starts ("sales.eu"), and a PREFIXED ACL on it names this scenario's resources and no others.
     *
     * @throws IllegalStateException when a name was mapped already
     */
    public void nameWithTagFirst() {
        if (!names.isEmpty()) {
            throw new IllegalStateException("names were mapped before the naming scheme was chosen: " + names.keySet());
        }
        tagFirst = true;
    }

    /** Consumers of the scenario by their logical name ("c1"), with what each has received. */
    public final Map<String, KafkaConsumer<byte[], byte[]>> members = new java.util.LinkedHashMap<>();
    /** Records each named consumer received, in order. */
    public final Map<String, List<ConsumerRecord<byte[], byte[]>>> receivedBy = new HashMap<>();

    /** Maps any logical name of the spec (a group, an instance id) to its unique physical name. */
    public String name(String logical) {
        return topic(logical);
    }

    /**
     * @return a raw connection to the coordinator of {@code physicalGroup}, found with FindCoordinator;
     *         retried while the coordinator is starting up (COORDINATOR_NOT_AVAILABLE), as clients do
     */
    public RawConnection rawToCoordinator(String physicalGroup) {
        RawConnection any = raw();
        short version = any.version(org.apache.kafka.common.protocol.ApiKeys.FIND_COORDINATOR, (short) 3);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            org.apache.kafka.common.message.FindCoordinatorResponseData response = any.send(
                    org.apache.kafka.common.protocol.ApiKeys.FIND_COORDINATOR, version,
                    new org.apache.kafka.common.message.FindCoordinatorRequestData().setKey(physicalGroup)
                            .setKeyType((byte) 0));
            org.apache.kafka.common.protocol.Errors error =
                    org.apache.kafka.common.protocol.Errors.forCode(response.errorCode());
            if (error == org.apache.kafka.common.protocol.Errors.NONE) {
                return rawTo(response.host() + ":" + response.port());
            }
            if (!(error.exception() instanceof org.apache.kafka.common.errors.RetriableException)
                    || System.nanoTime() > deadline) {
                throw new IllegalStateException("FindCoordinator for " + physicalGroup + " failed: " + error);
            }
            pause();
        }
    }

    /** A short pause between retries of a retriable error, as a client's retry backoff. */
    public static void pause() {
        try {
            // a retriable error names no moment to wait for; clients back off and ask again, and so do we
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return the Admin client of this scenario */
    public Admin admin() {
        if (admin == null) {
            Properties props = baseProperties();
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
            admin = AdminTrail.recording(track(Admin.create(props)), trail);
        }
        return admin;
    }

    /** @return a new producer with the Java client's defaults plus {@code overrides} */
    public KafkaProducer<byte[], byte[]> producer(Map<String, String> overrides) {
        Properties props = baseProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.putAll(overrides);
        recordedBy(props);
        return track(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @return a new consumer without a group, reading from the earliest offset by default */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, String> overrides) {
        Properties props = baseProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(overrides);
        recordedBy(props);
        return track(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** @return a raw connection to the first bootstrap server */
    public RawConnection raw() {
        return rawTo(run.target().bootstrapServers().split(",")[0].trim());
    }

    /**
     * @param hostPort one broker's address, e.g. a coordinator's or a leader's as the broker named it
     * @return a raw connection to it, authenticated as the target's clients are, its requests traced
     */
    public RawConnection rawTo(String hostPort) {
        return traced(RawConnection.open(hostPort, STEP_TIMEOUT, run.target().clientProperties()));
    }

    /** @return a raw connection to the leader of a partition */
    public RawConnection rawToLeader(String physicalTopic, int partition) {
        try {
            TopicDescription description = admin().describeTopics(List.of(physicalTopic)).allTopicNames()
                    .get().get(physicalTopic);
            Node leader = description.partitions().get(partition).leader();
            return rawTo(leader.host() + ":" + leader.port());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the leader of " + physicalTopic + "-" + partition + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the properties every client of this scenario starts from: the target's, its address, a client id */
    Properties baseProperties() {
        Properties props = new Properties();
        props.putAll(run.target().clientProperties());
        props.put("bootstrap.servers", run.target().bootstrapServers());
        props.put("client.id", "kafka-tck-" + scenarioTag);
        return props;
    }

    /** Has the client record its sends and commits on the trail (see {@link TrailInterceptor}). */
    void recordedBy(Properties props) {
        Object configured = props.get("interceptor.classes");
        String interceptors = TrailInterceptor.class.getName();
        if (configured instanceof String classes && !classes.isBlank()) {
            interceptors = classes + "," + interceptors;
        }
        props.put("interceptor.classes", interceptors);
        props.put(TrailInterceptor.TRAIL, trail);
    }

    RawConnection traced(RawConnection connection) {
        return track(connection.onRequest(trail::sent));
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes every client of the scenario. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                AutoCloseable resource = resources.get(i);
                if (resource instanceof KafkaProducer<?, ?> producer) {
                    producer.close(Duration.ofSeconds(5));
                } else if (resource instanceof KafkaConsumer<?, ?> consumer) {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
                } else if (resource instanceof Admin a) {
                    a.close(Duration.ofSeconds(5));
                } else {
                    resource.close();
                }
            } catch (Exception e) {
                // closing is best effort; the scenario's verdict is already decided
            }
        }
        resources.clear();
    }
}
