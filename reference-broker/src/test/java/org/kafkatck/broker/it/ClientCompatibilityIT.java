package org.kafkatck.broker.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.RecordBatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Clients of other ecosystems against the reference broker: KafkaJS, kcat (librdkafka), kafka-python
 * and confluent-kafka-python (librdkafka). Each runs its check script from {@code src/test/clients}
 * against a broker started here on an ephemeral port.
 *
 * <p>These clients are part of what the project promises, so a client that is not installed fails
 * its test, with the command that installs it ({@code .ci/run} installs them all). A developer
 * without some of them may pass {@code -Dclients.allowMissing=true}: a missing client is then
 * skipped, with a warning on the console, and the run no longer checks it.
 *
 * <p>Each client also meets a moved log start offset and a compacted topic ({@code log_check} scripts,
 * run in phases): the client deletes records where it has DeleteRecords (KafkaJS; Debian's kafka-python
 * 2.0.2 and confluent-kafka-python 1.7.0 lack it, kcat has none, so this test deletes them through the
 * Java Admin), then its earliest-offset lookup and a read from the beginning must start at the new log
 * start, and a read below it must meet OFFSET_OUT_OF_RANGE and reset there. On a compacted topic it produces keyed records with repeated keys, one segment each; this test
 * awaits the cleaning (the broker's cleaner runs every {@link #CLEANER_PASS}), then the client must read
 * only the latest value of each key at its original offset, across the gaps (the first gap holds an
 * idempotent producer's batch that cleaning keeps empty), and must see a record without a key refused. The API versions each client sent are asserted, as the broker received them.
 */
class ClientCompatibilityIT {
    /** The explicit opt-out; never set by {@code .ci/run}. */
    private static final String ALLOW_MISSING = "clients.allowMissing";
    static final Path CLIENTS = Path.of("src", "test", "clients");
    static final String PYTHON = "/usr/bin/python3";
    /** Period of the broker's retention pass and log cleaner: short, so that a cleaning is prompt. */
    private static final Duration CLEANER_PASS = Duration.ofMillis(200);
    /** What every client's compact-produce phase leaves once cleaned: key=value@offset, gaps at 0 and 3. */
    private static final List<String> CLEANED = List.of("bob=v1@1", "alice=v2@2", "carol=v2@4", "dave=v1@5");
    /** The librdkafka clients' default client id (kcat, confluent-kafka-python). */
    private static final Set<String> LIBRDKAFKA = Set.of("rdkafka");
    /** The client id log_check.js sets. */
    private static final Set<String> KAFKAJS = Set.of("kafka-tck-kafkajs");
    /** kafka-python's default client ids. */
    private static final Set<String> KAFKA_PYTHON = Set.of("kafka-python-producer-1", "kafka-python-2.0.2");
    /** What librdkafka 2.0 sends to read (ListOffsets v2, Fetch v11), and to write (Produce v7). */
    private static final Map<ApiKeys, Set<Integer>> LIBRDKAFKA_2_0_READS =
            Map.of(ApiKeys.LIST_OFFSETS, Set.of(2), ApiKeys.FETCH, Set.of(11));
    private static final Map<ApiKeys, Set<Integer>> LIBRDKAFKA_2_0_WRITES_AND_READS =
            Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.LIST_OFFSETS, Set.of(2), ApiKeys.FETCH, Set.of(11));
    /** What kafka-python 2.0.2 sends: its consumer stays at ListOffsets v1 and Fetch v4, its producer uses v7. */
    private static final Map<ApiKeys, Set<Integer>> KAFKA_PYTHON_2_0_READS =
            Map.of(ApiKeys.LIST_OFFSETS, Set.of(1), ApiKeys.FETCH, Set.of(4));
    private static final Map<ApiKeys, Set<Integer>> KAFKA_PYTHON_2_0_WRITES_AND_READS =
            Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.LIST_OFFSETS, Set.of(1), ApiKeys.FETCH, Set.of(4));
    private static final RequestVersions versions = new RequestVersions();
    private static ReferenceBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = ReferenceBroker.start(BrokerConfig.forTests().withLogRetentionCheckInterval(CLEANER_PASS), versions);
        admin = ClientRoundTripIT.Clients.admin(broker);
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    /** The outcome of a command. */
    record Run(int exitCode, String output) {
    }

    static Run run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-check", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        return new Run(finished ? process.exitValue() : -1, finished ? output : output + "\n(timed out)");
    }

    private static boolean available(String... probe) {
        try {
            return run(Path.of("."), 30, probe).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Fails the test, or with {@value #ALLOW_MISSING} skips it loudly, when a client is missing.
     *
     * @param client  what is missing, as a person names it
     * @param install the command that installs it
     * @param probe   a command that succeeds only when the client is there
     */
    static void require(String client, String install, String... probe) {
        if (!available(probe)) {
            missing(client + " is not installed (`" + String.join(" ", probe) + "` failed)", install);
        }
    }

    private static void missing(String problem, String install) {
        String message = problem + "; the client-compatibility tests need it. Install it with `" + install
                + "` (.ci/run does).";
        if (Boolean.getBoolean(ALLOW_MISSING)) {
            System.err.println("WARNING: " + message + " SKIPPED because -D" + ALLOW_MISSING
                    + "=true: this run does not check that client.");
            Assumptions.abort(message + " Skipped on request (-D" + ALLOW_MISSING + "=true).");
        }
        fail(message + " (Only on a developer machine: -D" + ALLOW_MISSING + "=true skips a missing client.)");
    }

    static void assertPassed(Run run, int expectedChecks) {
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        List<String> passed = new ArrayList<>(run.output().lines().filter(l -> l.startsWith("ok - ")).toList());
        assertThat(passed).as("checks passed; output:%n%s", run.output()).hasSizeGreaterThanOrEqualTo(expectedChecks);
    }

    @Test
    void kafkaJs() throws Exception {
        Path dir = requireKafkaJs();
        versions.clear();
        assertPassed(run(dir, 180, "node", "check.js", broker.bootstrapServers()), 8);
        assertSentVersions(KAFKAJS, Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.FETCH, Set.of(11),
                ApiKeys.METADATA, Set.of(6), ApiKeys.JOIN_GROUP, Set.of(5), ApiKeys.SYNC_GROUP, Set.of(3),
                ApiKeys.LEAVE_GROUP, Set.of(3), ApiKeys.OFFSET_COMMIT, Set.of(5), ApiKeys.OFFSET_FETCH, Set.of(4),
                ApiKeys.FIND_COORDINATOR, Set.of(2), ApiKeys.CREATE_TOPICS, Set.of(3)));
    }

    /** @return the KafkaJS directory, with KafkaJS installed in it */
    static Path requireKafkaJs() throws IOException, InterruptedException {
        require("Node.js", "apt-get install nodejs npm", "node", "--version");
        Path dir = CLIENTS.resolve("kafkajs");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("kafkajs"))) {
            require("npm", "apt-get install npm", "npm", "--version");
            Run install = run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
            if (install.exitCode() != 0) {
                missing("KafkaJS could not be installed: `npm ci` in " + dir + " exited with " + install.exitCode()
                        + ": " + install.output().lines().reduce((a, b) -> b).orElse(""),
                        "cd " + dir + " && npm ci (needs the npm registry)");
            }
        }
        return dir;
    }

    @Test
    void kcat() throws Exception {
        require("kcat", "apt-get install kcat", "kcat", "-V");
        versions.clear();
        assertPassed(run(CLIENTS.resolve("kcat"), 180, "bash", "kcat_check.sh", broker.bootstrapServers()), 5);
        assertSentVersions(LIBRDKAFKA, Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.FETCH, Set.of(11),
                ApiKeys.METADATA, Set.of(4), ApiKeys.JOIN_GROUP, Set.of(5), ApiKeys.SYNC_GROUP, Set.of(3),
                ApiKeys.LEAVE_GROUP, Set.of(1), ApiKeys.OFFSET_COMMIT, Set.of(7),
                ApiKeys.FIND_COORDINATOR, Set.of(2)));
    }

    @Test
    void kafkaPython() throws Exception {
        require("kafka-python (for " + PYTHON + ")", "apt-get install python3-kafka", PYTHON, "-c", "import kafka");
        versions.clear();
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "kafka_python_check.py", broker.bootstrapServers()), 5);
        // kafka-python 2.0.2 stays at old versions, all still served by Apache Kafka 4 (KIP-896 removed older ones).
        assertSentVersions(KAFKA_PYTHON, Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.FETCH, Set.of(4),
                ApiKeys.METADATA, Set.of(0, 1), ApiKeys.API_VERSIONS, Set.of(0), ApiKeys.JOIN_GROUP, Set.of(2),
                ApiKeys.SYNC_GROUP, Set.of(1), ApiKeys.LEAVE_GROUP, Set.of(1), ApiKeys.OFFSET_COMMIT, Set.of(2),
                ApiKeys.OFFSET_FETCH, Set.of(1), ApiKeys.FIND_COORDINATOR, Set.of(0)));
    }

    @Test
    void confluentKafkaPython() throws Exception {
        require("confluent-kafka-python (for " + PYTHON + ")", "apt-get install python3-confluent-kafka", PYTHON,
                "-c", "import confluent_kafka");
        versions.clear();
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "confluent_kafka_check.py",
                broker.bootstrapServers()), 5);
        assertSentVersions(LIBRDKAFKA, Map.of(ApiKeys.PRODUCE, Set.of(7), ApiKeys.FETCH, Set.of(11),
                ApiKeys.INIT_PRODUCER_ID, Set.of(4), ApiKeys.JOIN_GROUP, Set.of(5), ApiKeys.SYNC_GROUP, Set.of(3),
                ApiKeys.LEAVE_GROUP, Set.of(1), ApiKeys.OFFSET_COMMIT, Set.of(7),
                ApiKeys.OFFSET_FETCH, Set.of(7)));
    }

    @Test
    void kafkaJsDeleteRecords() throws Exception {
        Path dir = requireKafkaJs();
        String topic = uniqueName("kafkajs-delete");
        versions.clear();
        assertPassed(run(dir, 120, "node", "log_check.js", broker.bootstrapServers(), "delete-records", topic), 4);
        assertThat(readFromBeginning(topic)).as("read back by the Java consumer").containsExactly("k3=v3@3", "k4=v4@4");
        assertSentVersions(KAFKAJS, Map.of(ApiKeys.DELETE_RECORDS, Set.of(1), ApiKeys.LIST_OFFSETS, Set.of(3),
                ApiKeys.FETCH, Set.of(11), ApiKeys.PRODUCE, Set.of(7)));
    }

    /**
     * KafkaJS transactions: commit, abort, offsets sent to a transaction, and fencing, then read back by the Java
     * read_committed consumer. KafkaJS speaks the classic transaction protocol at its oldest versions, which
     * Apache Kafka 4 still serves.
     */
    @Test
    void kafkaJsTransactions() throws Exception {
        Path dir = requireKafkaJs();
        String topic = uniqueName("kafkajs-txn");
        versions.clear();
        assertPassed(run(dir, 120, "node", "txn_check.js", broker.bootstrapServers(), topic, topic + "-group"), 8);
        assertThat(readCommitted(topic)).as("read back by the Java read_committed consumer")
                .containsExactly("a", "b", "c", "live");
        assertSentVersions(KAFKAJS, Map.of(ApiKeys.INIT_PRODUCER_ID, Set.of(1), ApiKeys.ADD_PARTITIONS_TO_TXN, Set.of(1),
                ApiKeys.ADD_OFFSETS_TO_TXN, Set.of(1), ApiKeys.TXN_OFFSET_COMMIT, Set.of(1), ApiKeys.END_TXN, Set.of(1),
                ApiKeys.PRODUCE, Set.of(7), ApiKeys.FETCH, Set.of(11)));
    }

    /** @return the values of partition 0 of {@code topic} a read_committed Java consumer reads to its end */
    private static List<String> readCommitted(String topic) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                             new org.apache.kafka.common.serialization.StringDeserializer(),
                             new org.apache.kafka.common.serialization.StringDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    @Test
    void kafkaJsCompactedTopic() throws Exception {
        checkCompactedTopic(requireKafkaJs(), 1000, true, KAFKAJS, Map.of(ApiKeys.PRODUCE, Set.of(7),
                ApiKeys.FETCH, Set.of(11), ApiKeys.LIST_OFFSETS, Set.of(3)), "node", "log_check.js");
    }

    @Test
    void kcatAfterDeleteRecords() throws Exception {
        require("kcat", "apt-get install kcat", "kcat", "-V");
        checkAfterDeleteRecords(CLIENTS.resolve("kcat"), LIBRDKAFKA, LIBRDKAFKA_2_0_READS, "bash", "kcat_log_check.sh");
    }

    @Test
    void kcatCompactedTopic() throws Exception {
        require("kcat", "apt-get install kcat", "kcat", "-V");
        // kcat cannot set a record's timestamp: each record is its own kcat run, so consecutive records are
        // milliseconds apart, and a 1 ms segment.ms rolls a segment for each.
        checkCompactedTopic(CLIENTS.resolve("kcat"), 1, true, LIBRDKAFKA, LIBRDKAFKA_2_0_WRITES_AND_READS, "bash",
                "kcat_log_check.sh");
    }

    @Test
    void kafkaPythonAfterDeleteRecords() throws Exception {
        requireKafkaPython();
        checkAfterDeleteRecords(CLIENTS.resolve("python"), KAFKA_PYTHON, KAFKA_PYTHON_2_0_READS, PYTHON,
                "kafka_python_log_check.py");
    }

    @Test
    void kafkaPythonCompactedTopic() throws Exception {
        requireKafkaPython();
        // kafka-python 2.0.2 has no idempotent producer: this test produces the first record
        checkCompactedTopic(CLIENTS.resolve("python"), 1000, false, KAFKA_PYTHON, KAFKA_PYTHON_2_0_WRITES_AND_READS,
                PYTHON, "kafka_python_log_check.py");
    }

    @Test
    void confluentKafkaPythonAfterDeleteRecords() throws Exception {
        requireConfluentKafkaPython();
        checkAfterDeleteRecords(CLIENTS.resolve("python"), LIBRDKAFKA, LIBRDKAFKA_2_0_READS, PYTHON,
                "confluent_kafka_log_check.py");
    }

    @Test
    void confluentKafkaPythonCompactedTopic() throws Exception {
        requireConfluentKafkaPython();
        checkCompactedTopic(CLIENTS.resolve("python"), 1000, true, LIBRDKAFKA, LIBRDKAFKA_2_0_WRITES_AND_READS,
                PYTHON, "confluent_kafka_log_check.py");
    }

    static void requireKafkaPython() {
        require("kafka-python (for " + PYTHON + ")", "apt-get install python3-kafka", PYTHON, "-c", "import kafka");
    }

    static void requireConfluentKafkaPython() {
        require("confluent-kafka-python (for " + PYTHON + ")", "apt-get install python3-confluent-kafka", PYTHON,
                "-c", "import confluent_kafka");
    }

    /**
     * A client without DeleteRecords after a deletion through the Java Admin: its script's
     * {@code after-delete-records} phase checks its earliest-offset lookup and a read from the beginning.
     */
    private static void checkAfterDeleteRecords(Path dir, Set<String> clientIds, Map<ApiKeys, Set<Integer>> expected,
                                                String... script) throws Exception {
        String topic = uniqueName("deleted");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of("acks", "all"))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        long lowWatermark = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3))).lowWatermarks()
                .get(partition).get(10, TimeUnit.SECONDS).lowWatermark();
        assertThat(lowWatermark).as("low watermark after deleting before offset 3").isEqualTo(3);
        versions.clear();
        assertPassed(run(dir, 120, command(script, "after-delete-records", topic)), 3);
        assertSentVersions(clientIds, expected);
    }

    /**
     * A client on a compacted topic: its script's {@code compact-produce} phase, the cleaning awaited
     * through the Java consumer, then its {@code compact-consume} phase.
     *
     * @param segmentMs the topic's segment.ms: each record the script produces must roll a segment
     * @param clientIdempotent whether the script produces the first record (alice=v1) idempotently itself;
     *                  otherwise this test does, through the Java producer. Cleaning leaves that batch at
     *                  offset 0 empty (the producer's last, kept for its sequence), and the consumer must read
     *                  past it.
     */
    private static void checkCompactedTopic(Path dir, long segmentMs, boolean clientIdempotent,
                                            Set<String> clientIds, Map<ApiKeys, Set<Integer>> expected,
                                            String... script) throws Exception {
        String topic = uniqueName("compacted");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentMs))))).all().get(10, TimeUnit.SECONDS);
        if (!clientIdempotent) {
            produceIdempotently(topic, "alice", "v1", System.currentTimeMillis() - 20_000);
        }
        versions.clear();
        assertPassed(run(dir, 120, command(script, "compact-produce", topic)), 3);
        await("cleaning of " + topic).atMost(Duration.ofSeconds(15)).pollInterval(CLEANER_PASS)
                .untilAsserted(() -> assertThat(readFromBeginning(topic)).containsExactlyElementsOf(CLEANED));
        RecordBatch first = broker.logs().topic(topic).orElseThrow().partition(0).read(0, 1 << 20, true)
                .records().batches().iterator().next();
        assertThat(first.countOrNull()).as("the idempotent producer's batch at offset 0, kept emptied").isZero();
        assertPassed(run(dir, 120, command(script, "compact-consume", topic)), 1);
        assertSentVersions(clientIds, expected);
    }

    private static void produceIdempotently(String topic, String key, String value, long timestamp)
            throws Exception {
        try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker,
                Map.of("enable.idempotence", "true", "acks", "all"))) {
            assertThat(producer.send(new ProducerRecord<>(topic, 0, timestamp, key, value)).get(10, TimeUnit.SECONDS)
                    .offset()).isZero();
        }
    }

    private static String[] command(String[] script, String phase, String topic) {
        List<String> command = new ArrayList<>(List.of(script));
        command.addAll(List.of(broker.bootstrapServers(), phase, topic));
        return command.toArray(String[]::new);
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** @return partition 0 of a topic as {@code key=value@offset}, from the log start to the log end */
    private static List<String> readFromBeginning(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = ClientRoundTripIT.Clients.consumer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value() + "@" + record.offset());
                }
            }
        }
        return records;
    }

    /** Asserts the versions a client sent of the APIs it was expected to use, as the broker received them. */
    private static void assertSentVersions(Set<String> clientIds, Map<ApiKeys, Set<Integer>> expected) {
        Map<ApiKeys, SortedSet<Short>> sent = versions.sentBy(clientIds);
        System.out.println("API versions sent by " + clientIds + ": " + sent + " (client ids seen: "
                + versions.clientIds() + ")");
        expected.forEach((api, expectedVersions) -> assertThat(sent.get(api))
                .as("%s versions sent by %s", api, clientIds)
                .containsExactlyElementsOf(new TreeSet<>(expectedVersions.stream().map(Integer::shortValue).toList())));
    }
}
