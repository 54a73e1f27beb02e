package org.kafkatck.tck.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kafkatck.tck.targets.ApacheKafkaTarget;
import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.ReferenceBrokerTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's own command-line tools (kafka-tools 4.4, the classes behind {@code bin/kafka-*.sh}) work against
 * the reference broker as they do against Apache Kafka: each operation runs against both, and the outputs,
 * once what legitimately differs (topic and cluster ids, addresses, paths) is masked, must be the same, and
 * must say what Kafka says.
 *
 * <p>The tools end with {@code Exit.exit} (a {@code System.exit}), so each runs in a child JVM on this
 * test's classpath, as {@code kafka-run-class.sh} runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToolsIT {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a condition checked by running tools may take to hold. Each check starts tool JVMs (seconds each on a
     * loaded machine), so the bound is in tool runs, not in how fast the broker applies a change.
     */
    private static final Duration TOOLS_AGREE = Duration.ofSeconds(90);

    private final Map<String, BrokerTarget> targets = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        targets.put("reference", new ReferenceBrokerTarget());
        targets.put("apache-kafka", new ApacheKafkaTarget());
        targets.values().forEach(BrokerTarget::start);
    }

    @AfterAll
    void stop() {
        targets.values().forEach(BrokerTarget::close);
    }

    @Test
    void topicsAreCreatedDescribedGrownAndDeleted() throws Exception {
        String topic = "tools-topics";
        Map<String, String> created = onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1"));
        created.values().forEach(out -> assertThat(out).isEqualTo("Created topic " + topic + ".\n"));

        Map<String, String> described = (onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--describe", "--topic", topic)));
        assertSame(described);
        assertThat(described.get("reference")).contains("PartitionCount: 3").contains("Partition: 2");

        Map<String, String> grown = onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--alter", "--topic", topic, "--partitions", "5"));
        assertSame(grown);
        Map<String, String> regrown = (onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--describe", "--topic", topic)));
        assertSame(regrown);
        assertThat(regrown.get("reference")).contains("PartitionCount: 5").contains("Partition: 4");

        Map<String, String> deleted = onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--delete", "--topic", topic));
        assertSame(deleted);
        for (String b : bootstraps()) {
            org.awaitility.Awaitility.await().atMost(TOOLS_AGREE).untilAsserted(() ->
                    assertThat(tool("org.apache.kafka.tools.TopicCommand", null, "--bootstrap-server", b, "--list"))
                            .doesNotContain(topic));
        }
    }

    @Test
    void configsAreAlteredAndDescribed() throws Exception {
        String topic = "tools-configs";
        createOnBoth(topic, 1);
        Map<String, String> altered = onBoth(b -> tool("org.apache.kafka.tools.ConfigCommand", null,
                "--bootstrap-server", b, "--entity-type", "topics", "--entity-name", topic, "--alter",
                "--add-config", "retention.ms=3600000,cleanup.policy=[compact,delete]"));
        altered.values().forEach(out -> assertThat(out).isEqualTo("Completed updating config for topic " + topic + ".\n"));

        Map<String, String> described = awaitSame(() -> onBoth(b -> tool("org.apache.kafka.tools.ConfigCommand", null,
                "--bootstrap-server", b, "--entity-type", "topics", "--entity-name", topic, "--describe")));
        assertThat(described.get("reference"))
                .contains("retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000}")
                .contains("cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:"
                        + "cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}");

        Map<String, String> all = onBoth(b -> tool("org.apache.kafka.tools.ConfigCommand", null,
                "--bootstrap-server", b, "--entity-type", "topics", "--entity-name", topic, "--describe", "--all"));
        assertSame(sortedLines(all));

        Map<String, String> deleted = onBoth(b -> tool("org.apache.kafka.tools.ConfigCommand", null,
                "--bootstrap-server", b, "--entity-type", "topics", "--entity-name", topic, "--alter",
                "--delete-config", "retention.ms"));
        assertSame(deleted);
        Map<String, String> after = awaitSame(() -> onBoth(b -> tool("org.apache.kafka.tools.ConfigCommand", null,
                "--bootstrap-server", b, "--entity-type", "topics", "--entity-name", topic, "--describe")));
        assertThat(after.get("reference")).doesNotContain("retention.ms");
    }

    @Test
    void consoleProducerAndConsumerRoundTripAndGroupsAreDescribedAndReset() throws Exception {
        String topic = "tools-console";
        createOnBoth(topic, 1);
        Map<String, String> produced = onBoth(b -> tool("org.apache.kafka.tools.ConsoleProducer", "one\ntwo\nthree\n",
                "--bootstrap-server", b, "--topic", topic));
        assertSame(produced);

        Map<String, String> consumed = onBoth(b -> tool("org.apache.kafka.tools.consumer.ConsoleConsumer", null,
                "--bootstrap-server", b, "--topic", topic, "--from-beginning", "--max-messages", "3",
                "--timeout-ms", "20000", "--group", "tools-group"));
        consumed.values().forEach(out -> assertThat(out).isEqualTo("one\ntwo\nthree\n"));

        Map<String, String> offsets = onBoth(b -> tool("org.apache.kafka.tools.GetOffsetShell", null,
                "--bootstrap-server", b, "--topic", topic, "--time", "-1"));
        offsets.values().forEach(out -> assertThat(out).isEqualTo(topic + ":0:3\n"));

        Map<String, String> group = onBoth(b -> tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", null,
                "--bootstrap-server", b, "--describe", "--group", "tools-group"));
        assertSame(columns(group));
        assertThat(columns(group).get("reference")).contains("tools-group " + topic + " 0 3 3 0 - - -");

        Map<String, String> reset = onBoth(b -> tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", null,
                "--bootstrap-server", b, "--reset-offsets", "--group", "tools-group", "--topic", topic,
                "--to-earliest", "--execute"));
        assertSame(columns(reset));
        assertThat(columns(reset).get("reference")).contains("tools-group " + topic + " 0 0");

        Map<String, String> listed = onBoth(b -> tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", null,
                "--bootstrap-server", b, "--list"));
        listed.values().forEach(out -> assertThat(out.lines()).contains("tools-group"));
    }

    @Test
    void logDirsListEveryPartitionWithItsSize() throws Exception {
        String topic = "tools-log-dirs";
        createOnBoth(topic, 2);
        onBoth(b -> tool("org.apache.kafka.tools.ConsoleProducer", "only\n", "--bootstrap-server", b, "--topic", topic,
                "--property", "parse.key=false"));
        Map<String, String> dirs = onBoth(b -> tool("org.apache.kafka.tools.LogDirsCommand", null,
                "--bootstrap-server", b, "--describe", "--topic-list", topic));
        for (Map.Entry<String, String> out : dirs.entrySet()) {
            assertThat(out.getValue()).as("kafka-log-dirs on %s", out.getKey())
                    .startsWith("Querying brokers for log directories information\nReceived log directory information"
                            + " from brokers 1\n");
            // The producer picks the partition (sticky, no key): one of the two holds the record, the other none.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"partition\":\"" + topic
                    + "-(\\d)\",\"size\":(\\d+),\"offsetLag\":0,\"isFuture\":false}").matcher(out.getValue());
            Map<Integer, Long> sizes = new java.util.TreeMap<>();
            while (m.find()) {
                sizes.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
            }
            assertThat(sizes).as("partitions of %s listed by kafka-log-dirs on %s", topic, out.getKey())
                    .containsOnlyKeys(0, 1);
            assertThat(sizes.values().stream().filter(size -> size > 0).count()).as("partitions holding the record")
                    .isEqualTo(1);
            assertThat(sizes.values()).as("partition sizes").contains(0L);
        }
    }

    @Test
    void clusterIdIsTheOneAdminReports() throws Exception {
        for (BrokerTarget target : targets.values()) {
            String out = tool("org.apache.kafka.tools.ClusterTool", null, "cluster-id", "--bootstrap-server",
                    target.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()))) {
                String id = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                assertThat(out).as("kafka-cluster cluster-id on %s", target.kind()).isEqualTo("Cluster ID: " + id + "\n");
            }
        }
    }

    @Test
    void recordsAreDeletedAndTheEarliestOffsetFollows() throws Exception {
        String topic = "tools-delete-records";
        createOnBoth(topic, 1);
        onBoth(b -> tool("org.apache.kafka.tools.ConsoleProducer", "a\nb\nc\nd\n", "--bootstrap-server", b,
                "--topic", topic));
        Path offsets = Files.createTempFile("delete-records", ".json");
        Files.writeString(offsets, "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2}],"
                + "\"version\":1}");
        Map<String, String> deleted = onBoth(b -> tool("org.apache.kafka.tools.DeleteRecordsCommand", null,
                "--bootstrap-server", b, "--offset-json-file", offsets.toString()));
        deleted.values().forEach(out -> assertThat(out).isEqualTo("Executing records delete operation\n"
                + "Records delete operation completed:\npartition: " + topic + "-0\tlow_watermark: 2\n"));
        Map<String, String> earliest = onBoth(b -> tool("org.apache.kafka.tools.GetOffsetShell", null,
                "--bootstrap-server", b, "--topic", topic, "--time", "-2"));
        earliest.values().forEach(out -> assertThat(out).isEqualTo(topic + ":0:2\n"));
    }

    /**
     * kafka-transactions.sh (KIP-664) finds a transaction left open on a partition and aborts it there: list,
     * describe, describe-producers, find-hanging and abort say the same on both brokers, once producer ids,
     * timestamps and durations (which differ by nature) are masked.
     */
    @Test
    void anOpenTransactionIsListedDescribedAndAbortedByTheTransactionsTool() throws Exception {
        String topic = "tools-txn";
        String transactionalId = "tools-txn-producer";
        createOnBoth(topic, 1);
        List<org.apache.kafka.clients.producer.KafkaProducer<String, String>> producers = new ArrayList<>();
        try {
            for (String b : bootstraps()) {
                var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                        "bootstrap.servers", b, "transactional.id", transactionalId,
                        // ten tool JVMs run before the abort: the transaction must not time out meanwhile
                        "transaction.timeout.ms", "600000",
                        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
                producers.add(producer);
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, "open"))
                        .get(20, TimeUnit.SECONDS);
            }
            String tx = "org.apache.kafka.tools.TransactionsCommand";
            Map<String, String> listed = columns(onBoth(b -> tool(tx, null, "--bootstrap-server", b, "list")));
            assertSame(headers(listed));
            listed.forEach((target, out) -> assertThat(out.lines()).as("kafka-transactions list on %s", target)
                    .anyMatch(l -> l.matches(transactionalId + " \\d+ \\d+ Ongoing")));

            Map<String, String> described = columns(onBoth(b -> tool(tx, null, "--bootstrap-server", b,
                    "describe", "--transactional-id", transactionalId)));
            assertSame(headers(described));
            described.forEach((target, out) -> assertThat(out.lines()).as("kafka-transactions describe on %s", target)
                    .anyMatch(l -> l.matches("\\d+ " + transactionalId + " \\d+ \\d+ Ongoing 600000 \\d+ \\d+ "
                            + topic + "-0")));

            Map<String, String> described2 = columns(onBoth(b -> tool(tx, null, "--bootstrap-server", b,
                    "describe-producers", "--topic", topic, "--partition", "0")));
            assertSame(headers(described2));
            described2.forEach((target, out) -> assertThat(out.lines()).as("kafka-transactions describe-producers on %s",
                    target).anyMatch(l -> l.matches("\\d+ \\d+ -1 0 \\d+ 0")));

            assertSame(onBoth(b -> tool(tx, null, "--bootstrap-server", b, "find-hanging", "--topic", topic)));

            assertSame(onBoth(b -> tool(tx, null, "--bootstrap-server", b, "abort", "--topic", topic,
                    "--partition", "0", "--start-offset", "0")));
            for (String b : bootstraps()) {
                org.awaitility.Awaitility.await().atMost(TOOLS_AGREE).untilAsserted(() ->
                        assertThat(columns(Map.of("t", tool(tx, null, "--bootstrap-server", b, "describe-producers",
                                "--topic", topic, "--partition", "0"))).get("t").lines())
                                .as("after the abort, %s-0 on %s has no open transaction", topic, b)
                                .anyMatch(l -> l.matches("\\d+ \\d+ 0 0 \\d+ None")));
            }
        } finally {
            producers.forEach(p -> p.close(Duration.ZERO));
        }
    }

    /** The first line of each output: a table's column names. */
    private static Map<String, String> headers(Map<String, String> outputs) {
        return transform(outputs, out -> out.lines().findFirst().orElse(""));
    }

    // --- helpers -------------------------------------------------------------------------------

    private void createOnBoth(String topic, int partitions) throws Exception {
        Map<String, String> created = onBoth(b -> tool("org.apache.kafka.tools.TopicCommand", null,
                "--bootstrap-server", b, "--create", "--topic", topic, "--partitions", Integer.toString(partitions),
                "--replication-factor", "1"));
        created.values().forEach(out -> assertThat(out).isEqualTo("Created topic " + topic + ".\n"));
    }

    private List<String> bootstraps() {
        return targets.values().stream().map(BrokerTarget::bootstrapServers).toList();
    }

    /** Runs the same operation against each target; returns each output with what legitimately differs masked. */
    private Map<String, String> onBoth(ToolRun run) throws Exception {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, BrokerTarget> target : targets.entrySet()) {
            String bootstrap = target.getValue().bootstrapServers();
            outputs.put(target.getKey(), run.on(bootstrap).replace(bootstrap, "<bootstrap>")
                    .replaceAll("TopicId: [A-Za-z0-9_-]{22}", "TopicId: <id>"));
        }
        return outputs;
    }

    /** Apache Kafka applies a config change a few milliseconds after answering it; waits for both to agree. */
    private Map<String, String> awaitSame(java.util.concurrent.Callable<Map<String, String>> outputs) {
        Map<String, String>[] last = new Map[1];
        org.awaitility.Awaitility.await().atMost(TOOLS_AGREE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    last[0] = outputs.call();
                    assertSame(last[0]);
                });
        return last[0];
    }

    private static void assertSame(Map<String, String> outputs) {
        assertThat(outputs.get("reference")).as("output against the reference broker, compared with Apache Kafka")
                .isEqualTo(outputs.get("apache-kafka"));
    }

    private static Map<String, String> sortedLines(Map<String, String> outputs) {
        return transform(outputs, out -> String.join("\n", out.lines().sorted().toList()));
    }

    /** Tables aligned with spaces: compares their cells, one space apart. */
    private static Map<String, String> columns(Map<String, String> outputs) {
        return transform(outputs, out -> String.join("\n", out.lines().map(l -> l.trim().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty()).toList()));
    }

    private static Map<String, String> transform(Map<String, String> outputs, Function<String, String> f) {
        Map<String, String> result = new LinkedHashMap<>();
        outputs.forEach((k, v) -> result.put(k, f.apply(v)));
        return result;
    }

    /**
     * Runs a tool's main class in a child JVM, feeding {@code stdin}, and returns what it printed on stdout.
     * A tool that fails (non-zero exit) fails the test with its stderr.
     */
    private static String tool(String mainClass, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("kafka-tool", ".out");
        Path err = Files.createTempFile("kafka-tool", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(mainClass + " " + String.join(" ", args) + " did not end within " + TOOL_TIMEOUT);
            }
            String stdout = Files.readString(out);
            assertThat(process.exitValue()).as("exit code of %s %s; stdout:%n%s%nstderr:%n%s", mainClass,
                    String.join(" ", args), stdout, Files.readString(err)).isZero();
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** One run of a tool against a bootstrap address. */
    @FunctionalInterface
    private interface ToolRun {
        String on(String bootstrap) throws Exception;
    }
}
