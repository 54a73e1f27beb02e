package org.kafkatck.tck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The loads of {@code bench --suite scale}, on the real Java kafka-clients in the bench's JVM: many producers
 * each on a thread of its own, consumer groups, many slow clients. Every phase checks that what it measured
 * arrived (so a broker that loses records cannot look fast) and throws otherwise.
 */
final class ScaleLoad {
    /** How long one phase may take before it is a failure. */
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;

    ScaleLoad(String bootstrapServers, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
    }

    /** Heartbeat interval of the group phases' consumers (see {@link #groupRead}). */
    static final int GROUP_HEARTBEAT_MS = 100;

    /** Batch size of {@link #fillInLayout}: the Java producer's default. */
    static final int LAYOUT_BATCH_BYTES = 16 * 1024;

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** The result of a consumer-group read. */
    record GroupRead(PhaseResult result, long assignmentMillis) {
    }

    /** The times of a restart: process start to first Metadata answer, restart call to every partition answering. */
    record Restart(long readyMillis, long allPartitionsMillis) {
    }

    /** Creates {@code topic} and returns once every partition has a leader. */
    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(base())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(2, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                try {
                    var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(topic);
                    if (description.partitions().size() == partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                        awaitLogs(topic, partitions);
                        return;
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // not visible yet
                }
                // creation completes asynchronously on some brokers and announces nothing: ask again
                Thread.sleep(50);
            }
            throw new IllegalStateException("Topic " + topic + " has no leader for every partition after 2 minutes");
        }
    }

    /**
     * A leader in the metadata is not yet a log on the broker: Kafka creates a large topic's logs for a while after
     * (seconds for 1,000 partitions on a busy machine), and producing into that window made its idempotent producers
     * fail with OutOfOrderSequence. So a new topic is ready when every partition answers ListOffsets(latest).
     */
    private void awaitLogs(String topic, int partitions) throws Exception {
        if (!awaitEveryPartition(Map.of(topic, partitions), 0)) {
            throw new IllegalStateException("Topic " + topic + ": not every partition answers ListOffsets");
        }
    }

    /** Deletes topics a phase is done with, so that they are not on disk for the next phases (start-up above all). */
    void deleteTopics(Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(base())) {
            admin.deleteTopics(topics).all().get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * Fan-in: {@code producers} threads, each with its own KafkaProducer (acks=all, idempotent: the Java default),
     * send {@code records} keyed records between them as fast as they can, keys drawn uniformly from
     * {@code keyRange}; latency is send to acknowledgement.
     */
    PhaseResult fanIn(String topic, int producers, long records, int keyRange, int valueSize) throws Exception {
        return produceInParallel(topic, producers, records, keyRange, valueSize, Map.of());
    }

    /**
     * Sends {@code records} from {@code producers} producer threads between them; keyed over {@code keyRange} keys
     * when it is positive, unkeyed otherwise.
     */
    PhaseResult produceInParallel(String topic, int producers, long records, int keyRange, int valueSize,
                                  Map<String, String> producerConfig) throws Exception {
        byte[] value = payload(valueSize);
        long[][] latencies = new long[producers][];
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong lastAck = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(producers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] share = shares(records, producers);
        for (int i = 0; i < producers; i++) {
            int index = i;
            latencies[i] = new long[(int) share[i]];
            threads.add(Thread.ofPlatform().name("bench-producer-" + i).start(() -> {
                Map<String, Object> props = base();
                props.putAll(producerConfig);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    producer.partitionsFor(topic);
                    ready.countDown();
                    go.await();
                    long[] mine = latencies[index];
                    CountDownLatch acked = new CountDownLatch(mine.length);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int n = 0; n < mine.length && failure.get() == null; n++) {
                        byte[] key = keyRange > 0 ? key(random.nextInt(keyRange)) : null;
                        long sent = System.nanoTime();
                        int slot = n;
                        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                            long now = System.nanoTime();
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                            mine[slot] = now - sent;
                            lastAck.accumulateAndGet(now, Math::max);
                            acked.countDown();
                        });
                    }
                    if (!acked.await(PHASE_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                        failure.compareAndSet(null, new IllegalStateException(acked.getCount() + " of " + mine.length
                                + " records of " + Thread.currentThread().getName() + " unacknowledged"));
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Produce failed: " + failure.get().getMessage(), failure.get());
        }
        long[] all = merge(latencies);
        double[] p = PhaseResult.percentiles(all, all.length);
        return new PhaseResult(records, records * valueSize, (lastAck.get() - start) / 1e9, p[0], p[1], p[2]);
    }

    /**
     * A consumer group of {@code consumers} threads subscribes to {@code topic} (a new group, from the earliest
     * offset; each consumer commits its positions when partitions are taken from it, so a rebalance re-reads
     * nothing; heartbeats every {@value #GROUP_HEARTBEAT_MS} ms) and reads until {@code expected} records are read
     * between them.
     *
     * @return records/s and MB/s from the subscription to the last record (lag 0), and the time from the
     *         subscription until every partition was first assigned to some member
     */
    GroupRead groupRead(String topic, int partitions, int consumers, long expected, String groupId,
                        Map<String, String> consumerConfig) throws Exception {
        AtomicLong read = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong lastRecord = new AtomicLong();
        AtomicLong assignedAt = new AtomicLong(-1);
        Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(consumers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong start = new AtomicLong();
        long deadlineNanos = PHASE_TIMEOUT.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            threads.add(Thread.ofPlatform().name("bench-consumer-" + i).start(() -> {
                Map<String, Object> props = base();
                props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
                props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // A member that joins after the others have settled is taken in only when they learn of the
                // rebalance, from their next heartbeat: at the default 3 s interval, that lottery decided whole runs
                // (one consumer reading alone for 3 s), on every broker
                props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(GROUP_HEARTBEAT_MS));
                props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                props.putAll(consumerConfig);
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    ready.countDown();
                    go.await();
                    consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                            for (TopicPartition tp : revoked) {
                                positions.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                            }
                            consumer.commitSync(positions);
                            assigned.removeAll(revoked);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> added) {
                            assigned.addAll(added);
                            if (assigned.size() == partitions) {
                                assignedAt.compareAndSet(-1, System.nanoTime());
                            }
                        }
                    });
                    long deadline = start.get() + deadlineNanos;
                    while (read.get() < expected && failure.get() == null && System.nanoTime() < deadline) {
                        long mine = 0;
                        long size = 0;
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            mine++;
                            size += record.serializedValueSize();
                        }
                        if (mine > 0) {
                            bytes.addAndGet(size);
                            read.addAndGet(mine);
                            lastRecord.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }));
        }
        ready.await();
        start.set(System.nanoTime());
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Group read failed: " + failure.get().getMessage(), failure.get());
        }
        if (read.get() < expected) {
            throw new IllegalStateException("The group read only " + read.get() + " of " + expected + " records");
        }
        long assignment = assignedAt.get() < 0 ? -1 : (assignedAt.get() - start.get()) / 1_000_000;
        return new GroupRead(new PhaseResult(read.get(), bytes.get(), (lastRecord.get() - start.get()) / 1e9, -1, -1, -1),
                assignment);
    }

    /**
     * Writes the catch-up backlog: {@code producers} unkeyed producers with acks=1 and {@code valueSize} values until
     * {@code bytes} of payload are written.
     *
     * @return the records written
     */
    long fillBacklog(String topic, long bytes, int producers, int valueSize) throws Exception {
        long records = Math.max(producers, bytes / valueSize);
        produceInParallel(topic, producers, records, 0, valueSize, Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024)));
        return records;
    }

    /** The client settings records of {@code recordBytes} need (the broker's message.max.bytes must allow them too). */
    static Map<String, String> bigRecordClientConfig(int recordBytes) {
        String room = Integer.toString(2 * recordBytes);
        return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, room, ProducerConfig.BUFFER_MEMORY_CONFIG,
                Long.toString(Math.max(32L << 20, 8L * recordBytes)), ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                room);
    }

    /**
     * Produces {@code records} values of {@code recordBytes} from one producer (acks=all), keyless.
     */
    PhaseResult produceBig(String topic, int records, int recordBytes) throws Exception {
        Map<String, String> config = new HashMap<>();
        bigRecordClientConfig(recordBytes).forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        return produceInParallel(topic, 1, records, 0, recordBytes, config);
    }

    /** Reads every record of {@code topic} from the beginning with one consumer, without a group. */
    PhaseResult consumeAll(String topic, int partitions, long records, Map<String, String> consumerConfig) {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        long read = 0;
        long bytes = 0;
        long start;
        long end;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = partitions(topic, partitions);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            start = System.nanoTime();
            end = start;
            long deadline = start + PHASE_TIMEOUT.toNanos();
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
     * Many connections: {@code clients} producers (acks=all, each its own connections) each send
     * {@code ratePerClient} records per second, spread evenly; after a ramp of half the measured time, the latency
     * of every send to its acknowledgement is measured for {@code measuredSeconds}.
     */
    PhaseResult manyClients(String topic, int clients, int ratePerClient, int measuredSeconds, int valueSize)
            throws Exception {
        byte[] value = payload(valueSize);
        List<KafkaProducer<byte[], byte[]>> producers = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 2L * clients * ratePerClient * measuredSeconds + 1024);
        long[] latencies = new long[capacity];
        AtomicInteger measured = new AtomicInteger();
        AtomicLong sentMeasured = new AtomicLong();
        AtomicLong ackedMeasured = new AtomicLong();
        try {
            Map<String, Object> props = base();
            // 500 producers in one JVM: a small buffer each (they send a few records a second)
            props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(1 << 20));
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(16 * 1024));
            for (int i = 0; i < clients; i++) {
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                        new ByteArraySerializer());
                producers.add(producer);
                producer.partitionsFor(topic);
            }
            long intervalNanos = 1_000_000_000L / ((long) ratePerClient * clients);
            long rampNanos = TimeUnit.SECONDS.toNanos(Math.max(1, measuredSeconds / 2));
            long begin = System.nanoTime();
            long measureFrom = begin + rampNanos;
            long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(measuredSeconds);
            long next = begin;
            int turn = 0;
            while (next < measureTo && failure.get() == null) {
                long now = System.nanoTime();
                if (now < next) {
                    // the next send is due later: wait for its time
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                KafkaProducer<byte[], byte[]> producer = producers.get(turn);
                turn = (turn + 1) % clients;
                long sent = System.nanoTime();
                boolean counted = sent >= measureFrom;
                if (counted) {
                    sentMeasured.incrementAndGet();
                }
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                        return;
                    }
                    if (counted) {
                        int slot = measured.getAndIncrement();
                        if (slot < latencies.length) {
                            latencies[slot] = System.nanoTime() - sent;
                        }
                        ackedMeasured.incrementAndGet();
                    }
                });
                next += intervalNanos;
            }
            for (KafkaProducer<byte[], byte[]> producer : producers) {
                producer.flush();
            }
        } finally {
            producers.parallelStream().forEach(p -> p.close(Duration.ofSeconds(30)));
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Many-clients produce failed: " + failure.get().getMessage(), failure.get());
        }
        if (ackedMeasured.get() != sentMeasured.get()) {
            throw new IllegalStateException(ackedMeasured.get() + " of " + sentMeasured.get() + " sends acknowledged");
        }
        int count = Math.min(measured.get(), latencies.length);
        double[] p = PhaseResult.percentiles(latencies, count);
        return new PhaseResult(count, (long) count * valueSize, measuredSeconds, p[0], p[1], p[2]);
    }

    /** Writes {@code perPartition} records of {@code valueSize} to every partition of {@code topic}. */
    void fillEveryPartition(String topic, int partitions, int perPartition, int valueSize) throws Exception {
        byte[] value = payload(valueSize);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(base(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < perPartition; n++) {
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, null, value), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Filling " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /**
     * Writes {@code perPartition} keyed records into each partition, partition after partition, from one producer
     * whose batches fill to {@link #LAYOUT_BATCH_BYTES} before they are sent: every broker then holds the same
     * batches, whatever its speed. (A fan-in's batches are as large as what accumulates while earlier ones are
     * acknowledged, so a faster broker stores smaller ones, which cost its readers more per record.)
     */
    void fillInLayout(String topic, int partitions, int perPartition, int keyRange, int valueSize) throws Exception {
        byte[] value = payload(valueSize);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(LAYOUT_BATCH_BYTES));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1000");
        java.util.Random random = new java.util.Random(partitions);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int n = 0; n < perPartition; n++) {
                    byte[] key = keyRange > 0 ? key(random.nextInt(keyRange)) : null;
                    producer.send(new ProducerRecord<>(topic, p, key, value), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Filling " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /**
     * Waits until every partition of {@code topics} answers ListOffsets(latest) with {@code endOffset}.
     *
     * @return whether it did within the phase timeout
     */
    boolean awaitEveryPartition(Map<String, Integer> topics, long endOffset) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.forEach((topic, partitions) -> partitions(topic, partitions)
                .forEach(tp -> latest.put(tp, OffsetSpec.latest())));
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(base())) {
            while (System.nanoTime() < deadline) {
                try {
                    var answers = admin.listOffsets(latest).all().get(1, TimeUnit.MINUTES);
                    if (answers.size() == latest.size()
                            && answers.values().stream().allMatch(info -> info.offset() == endOffset)) {
                        return true;
                    }
                } catch (Exception e) {
                    // some partition not loaded yet (or not led yet): ask again
                }
                // nothing announces that a broker has loaded its partitions: ask again shortly
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static List<TopicPartition> partitions(String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /** Splits {@code total} into {@code parts} shares that differ by at most one. */
    static long[] shares(long total, int parts) {
        long[] shares = new long[parts];
        for (int i = 0; i < parts; i++) {
            shares[i] = total / parts + (i < total % parts ? 1 : 0);
        }
        return shares;
    }

    private static long[] merge(long[][] parts) {
        int size = 0;
        for (long[] part : parts) {
            size += part.length;
        }
        long[] all = new long[size];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** A 16-byte key, as the fan-in asks: the decimal key number, zero-padded. */
    static byte[] key(int n) {
        return String.format("key-%012d", n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] payload(int size) {
        byte[] value = new byte[size];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < size; i++) {
            // printable, and compressible like ProducerPerformance's random payloads
            value[i] = (byte) ('A' + random.nextInt(26));
        }
        return value;
    }
}
