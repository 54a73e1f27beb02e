package org.kafkatck.broker.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Start-up harness (issue 15): how long the packaged broker ({@code target/reference-broker.jar}) takes from
 * process start to its first Metadata answer ("ready") and to ListOffsets(latest) answered for every
 * partition ("all"), with {@code TOPICS × PER_TOPIC} partitions on disk, after a clean stop (SIGTERM) and
 * after {@code kill -9}. Not a test (it asserts nothing about time); run it by hand from {@code reference-broker/}:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:$(cat target/cp.txt) org.kafkatck.broker.it.StartupBench \
 *     DATA_DIR TOPICS PER_TOPIC ROUNDS [strace-output-prefix]
 * </pre>
 *
 * The data directory is filled on the first run (TOPICS topics of PER_TOPIC partitions, 3 records in each)
 * and reused after. Each round does one clean start (timed), then one record per partition, kill -9, and
 * one start after the crash (timed). With a strace prefix the broker runs under {@code strace -f -ttt -e
 * trace=fsync,fdatasync} (or the calls named in {@code BENCH_STRACE}, e.g. {@code %file,fsync}), one output
 * file per start, and the calls made before "ready" are counted by name.
 * Extra JVM options for the broker come from the {@code BENCH_BROKER_OPTS} environment variable, another jar
 * (e.g. a copy built before a change, for alternating A/B runs) from {@code BENCH_BROKER_JAR}.
 */
public final class StartupBench {
    private static final int RECORDS = 3;

    private final Path dataDir;
    private final int topics;
    private final int perTopic;
    private final String stracePrefix;
    private final int port;
    private int starts;

    private StartupBench(Path dataDir, int topics, int perTopic, String stracePrefix) throws IOException {
        this.dataDir = dataDir.toAbsolutePath();
        this.topics = topics;
        this.perTopic = perTopic;
        this.stracePrefix = stracePrefix;
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort();
        }
    }

    public static void main(String[] args) throws Exception {
        StartupBench bench = new StartupBench(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                args.length > 4 ? args[4] : null);
        int rounds = Integer.parseInt(args[3]);
        bench.fillIfEmpty();
        for (int round = 1; round <= rounds; round++) {
            Timing clean = bench.timedStart();
            bench.produceOneEach();
            // the JVM first: under strace it is strace's child, and would outlive a killed strace
            clean.process.descendants().toList().forEach(ProcessHandle::destroyForcibly);
            clean.process.destroyForcibly().waitFor();
            Timing crash = bench.timedStart();
            bench.stop(crash.process);
            System.out.printf("round %d partitions %d: clean ready %d ms all %d ms%s | kill-9 ready %d ms all %d ms%s%n",
                    round, bench.topics * bench.perTopic, clean.readyMs, clean.allMs, clean.syscalls(),
                    crash.readyMs, crash.allMs, crash.syscalls());
        }
    }

    private void fillIfEmpty() throws Exception {
        if (Files.isDirectory(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
        }
        Files.createDirectories(dataDir);
        Process broker = launch(null);
        awaitMetadata(System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "600000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "600000");
        try (Admin admin = Admin.create(props)) {
            for (int t = 0; t < topics; t++) {
                admin.createTopics(List.of(new NewTopic(topic(t), perTopic, (short) 1))).all().get();
            }
        }
        for (int i = 0; i < RECORDS; i++) {
            produceOneEach();
        }
        stop(broker);
    }

    private void produceOneEach() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "20"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int t = 0; t < topics; t++) {
                for (int p = 0; p < perTopic; p++) {
                    producer.send(new ProducerRecord<>(topic(t), p, null, "value".getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static String topic(int t) {
        return "startup-" + t;
    }

    private Timing timedStart() throws Exception {
        long started = System.nanoTime();
        Process broker = launch(stracePrefix == null ? null : stracePrefix + "." + (++starts));
        long deadline = started + TimeUnit.SECONDS.toNanos(180);
        awaitMetadata(deadline);
        long ready = System.nanoTime();
        long readyEpochMicros = currentMicros();
        awaitAllPartitions(deadline);
        long all = System.nanoTime();
        return new Timing(broker, (ready - started) / 1_000_000, (all - started) / 1_000_000,
                stracePrefix == null ? null : Path.of(stracePrefix + "." + starts), readyEpochMicros);
    }

    private static long currentMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private Process launch(String straceOutput) throws IOException {
        List<String> command = new ArrayList<>();
        if (straceOutput != null) {
            command.addAll(List.of("strace", "-f", "-ttt", "--seccomp-bpf", "-e",
                    "trace=" + System.getenv().getOrDefault("BENCH_STRACE", "fsync,fdatasync"), "-o", straceOutput));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extra = System.getenv().getOrDefault("BENCH_BROKER_OPTS", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-Xmx1g", "-Dbroker.host=127.0.0.1", "-Dbroker.port=" + port, "-Dbroker.http.port=0",
                "-Dbroker.storage.dir=" + dataDir, "-jar", System.getenv().getOrDefault("BENCH_BROKER_JAR",
                        Path.of("target", "reference-broker.jar").toAbsolutePath().toString())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".broker.log").toFile()).start();
        // a failed run must not leave a broker behind on the data directory
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().toList().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
        return process;
    }

    /** Polls the Kafka port until a Metadata request (no topics) is answered. */
    private void awaitMetadata(long deadline) throws Exception {
        while (true) {
            try (RawClient raw = new RawClient(connect())) {
                raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(List.of()));
                return;
            } catch (IOException e) {
                // not bound yet (refused), or bound but not yet serving
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                // the listener is not bound yet: try again shortly, a connect attempt costs a few microseconds
                Thread.sleep(2);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return socket;
    }

    /** Asks ListOffsets(latest) for every partition in one request until each answers without error. */
    private void awaitAllPartitions(long deadline) throws Exception {
        List<ListOffsetsRequestData.ListOffsetsTopic> request = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            List<ListOffsetsRequestData.ListOffsetsPartition> partitions = new ArrayList<>();
            for (int p = 0; p < perTopic; p++) {
                partitions.add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(p)
                        .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP));
            }
            request.add(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic(t)).setPartitions(partitions));
        }
        try (RawClient raw = new RawClient(connect())) {
            while (true) {
                ListOffsetsResponseData response = raw.send(ApiKeys.LIST_OFFSETS, (short) 7,
                        new ListOffsetsRequestData().setReplicaId(-1).setTopics(request));
                long answered = response.topics().stream().flatMap(t -> t.partitions().stream())
                        .filter(p -> p.errorCode() == Errors.NONE.code() && p.offset() >= RECORDS).count();
                if (answered == (long) topics * perTopic) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(answered + " partitions answered");
                }
                // some partitions are not served yet: ask again shortly
                Thread.sleep(5);
            }
        }
    }

    private void stop(Process broker) throws InterruptedException {
        // SIGTERM to the JVM itself (under strace, the JVM is strace's child)
        broker.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).forEach(ProcessHandle::destroy);
        broker.destroy();
        if (!broker.waitFor(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not stop");
        }
    }

    private record Timing(Process process, long readyMs, long allMs, Path strace, long readyEpochMicros) {
        /** @return the traced system calls the broker made before it was ready, by name, from its strace output */
        String syscalls() throws IOException {
            if (strace == null) {
                return "";
            }
            java.util.TreeMap<String, Integer> before = new java.util.TreeMap<>();
            long total = 0;
            for (String line : Files.readAllLines(strace)) {
                String[] fields = line.trim().split("\\s+");
                int paren = fields.length > 2 ? fields[2].indexOf('(') : -1;
                if (paren > 0) {
                    total++;
                    long micros = Math.round(Double.parseDouble(fields[1]) * 1_000_000);
                    if (micros <= readyEpochMicros) {
                        before.merge(fields[2].substring(0, paren), 1, Integer::sum);
                    }
                }
            }
            return " syscalls before ready " + before + " (whole run " + total + ")";
        }
    }
}
