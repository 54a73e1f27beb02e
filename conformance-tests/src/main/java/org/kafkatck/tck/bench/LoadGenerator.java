package org.kafkatck.tck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The standard loads of the benchmark, on the real Java kafka-clients, in the manner of Kafka's own
 * {@code ProducerPerformance} and {@code ConsumerPerformance}: as fast as possible for throughput, and
 * at a fixed rate for end-to-end latency.
 */
final class LoadGenerator {
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final byte[][] payloads;
    private final Duration committedTimeout;

    LoadGenerator(String bootstrapServers, Map<String, String> clientProperties, int recordSize) {
        this(bootstrapServers, clientProperties, recordSize, Duration.ofMinutes(1));
    }

    /** @param committedTimeout how long the transactional phase waits for its records to be readable committed */
    LoadGenerator(String bootstrapServers, Map<String, String> clientProperties, int recordSize,
                  Duration committedTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.committedTimeout = committedTimeout;
        Random random = new Random(42);
        payloads = new byte[1024][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[recordSize];
            for (int j = 0; j < recordSize; j++) {
                // printable, and compressible like ProducerPerformance's random payloads
                payloads[i][j] = (byte) ('A' + random.nextInt(26));
            }
        }
    }

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(base())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(topic);
                    if (description.partitions().stream().allMatch(p -> p.leader() != null)) {
                        return;
                    }
                } catch (Exception e) {
                    // not visible yet
                }
                // creation completes asynchronously on some brokers and announces nothing: ask again
                Thread.sleep(20);
            }
        }
    }

    /** Sends {@code records} as fast as the producer can; latency is send to acknowledgement. */
    PhaseResult produce(String topic, long records, Map<String, String> producerConfig) throws Exception {
        Map<String, Object> props = base();
        props.putAll(producerConfig);
        long[] latencies = new long[(int) records];
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong lastAck = new AtomicLong();
        long bytes = 0;
        long start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                byte[] value = payloads[i & (payloads.length - 1)];
                bytes += value.length;
                long sent = System.nanoTime();
                int slot = i;
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    long now = System.nanoTime();
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    latencies[slot] = now - sent;
                    lastAck.set(now);
                    if (acknowledged.incrementAndGet() == records) {
                        done.countDown();
                    }
                });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Only " + acknowledged.get() + " of " + records + " acknowledged");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Produce failed: " + failure.get().getMessage(), failure.get());
        }
        double[] p = PhaseResult.percentiles(latencies, (int) records);
        return new PhaseResult(records, bytes, (lastAck.get() - start) / 1e9, p[0], p[1], p[2]);
    }

    /**
     * Runs Kafka's {@code ProducerPerformance} with transactions: {@code records} of the bench's record
     * size, unthrottled, committing a transaction every {@code transactionDurationMs}, then checks that
     * exactly {@code records} are committed (so a broker that loses transactional data cannot look fast).
     *
     * @param summaryLine receives the tool's own summary line (average and maximum latency included)
     * @return the tool's records/s and latency percentiles
     */
    PhaseResult produceTransactional(String topic, int partitions, long records, long transactionDurationMs,
                                     String transactionalId, Consumer<String> summaryLine)
            throws Exception {
        Path config = Files.createTempFile("bench-producer-", ".properties");
        try {
            // a file, not --command-property: the tool splits k=v at every '=', which SASL settings contain
            Properties props = new Properties();
            props.putAll(clientProperties);
            try (var writer = Files.newBufferedWriter(config)) {
                props.store(writer, "client settings of the bench target");
            }
            List<String> output = ProducerPerformanceTool.run("--bootstrap-server", bootstrapServers,
                    "--topic", topic, "--num-records", Long.toString(records),
                    "--record-size", Integer.toString(payloads[0].length), "--throughput", "-1",
                    "--transactional-id", transactionalId,
                    "--transaction-duration-ms", Long.toString(transactionDurationMs),
                    "--command-config", config.toString());
            ProducerPerformanceSummary summary = ProducerPerformanceSummary.parse(output);
            summaryLine.accept(output.stream().filter(line -> line.startsWith(summary.records() + " records sent"))
                    .reduce((first, last) -> last).orElse(""));
            if (summary.records() != records) {
                throw new IllegalStateException("ProducerPerformance had " + summary.records() + " of " + records
                        + " records acknowledged");
            }
            awaitCommitted(topic, partitions, records);
            return summary.toPhaseResult(payloads[0].length);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /**
     * Reads {@code topic} with {@code isolation.level=read_committed} until exactly {@code expected}
     * records are read, the last stable offset has reached the high watermark (every transaction ended,
     * every marker written: Kafka writes them after it answers EndTxn) and the reader stands at it.
     *
     * @throws IllegalStateException if more are read, or that state is not reached in time (a minute in the bench)
     */
    void awaitCommitted(String topic, int partitions, long expected) throws Exception {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        long read = 0;
        Map<TopicPartition, Long> stable = Map.of();
        Map<TopicPartition, Long> high = Map.of();
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             Admin admin = Admin.create(base())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + committedTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(100)).count();
                if (read > expected) {
                    throw new IllegalStateException("read_committed returned " + read + " records, " + expected
                            + " were produced");
                }
                if (read < expected) {
                    continue;
                }
                stable = consumer.endOffsets(tps, Duration.ofSeconds(30));
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, Long> hw = new HashMap<>();
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> hw.put(tp, info.offset()));
                high = hw;
                for (TopicPartition tp : tps) {
                    positions.put(tp, consumer.position(tp, Duration.ofSeconds(30)));
                }
                if (stable.equals(high) && positions.equals(high)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("read_committed: " + read + " of " + expected + " records within "
                + committedTimeout.toMillis() + " ms"
                + " (last stable offsets " + stable + ", high watermarks " + high + ", positions " + positions + ")");
    }

    /** Reads every record of {@code topic} from the beginning, without a group. */
    PhaseResult consume(String topic, int partitions, long records) {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long read = 0;
        long bytes = 0;
        long start;
        long end;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            start = System.nanoTime();
            end = start;
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (read < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read++;
                    bytes += record.serializedValueSize();
                }
                end = System.nanoTime();
            }
        }
        if (read < records) {
            throw new IllegalStateException("Consumed only " + read + " of " + records + " records");
        }
        return new PhaseResult(read, bytes, (end - start) / 1e9, -1, -1, -1);
    }

    /**
     * Produces at {@code ratePerSecond} while a consumer reads along; latency is from the send to the
     * record's arrival at the consumer. Records must be at least 8 bytes (they carry their send time).
     */
    PhaseResult endToEnd(String topic, int partitions, long records, int ratePerSecond) throws Exception {
        Map<String, Object> consumerProps = base();
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        long[] latencies = new long[(int) records];
        int received = 0;
        long bytes = 0;
        long start;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(base(), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
            AtomicReference<Exception> failure = new AtomicReference<>();
            start = System.nanoTime();
            long intervalNanos = 1_000_000_000L / ratePerSecond;
            Thread sender = Thread.ofPlatform().name("bench-e2e-sender").start(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                    next += intervalNanos;
                    // the value starts with the send time: producer and consumer share this JVM's clock
                    byte[] value = payloads[i & (payloads.length - 1)].clone();
                    java.nio.ByteBuffer.wrap(value).putLong(0, System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
            });
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (received < records && System.nanoTime() < deadline && failure.get() == null) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long sent = java.nio.ByteBuffer.wrap(record.value()).getLong(0);
                    latencies[received++] = System.nanoTime() - sent;
                    bytes += record.serializedValueSize();
                }
            }
            sender.join();
            if (failure.get() != null) {
                throw new IllegalStateException("End-to-end produce failed: " + failure.get().getMessage());
            }
        }
        if (received < records) {
            throw new IllegalStateException("End-to-end: received only " + received + " of " + records);
        }
        double[] p = PhaseResult.percentiles(latencies, received);
        return new PhaseResult(received, bytes, (System.nanoTime() - start) / 1e9, p[0], p[1], p[2]);
    }
}
