package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.log.Topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The sink against real clients: what it acknowledges it serves back, with exact offsets and (while its template
 * pool has room, as here) exactly the records produced; a consumer group reads it from earliest; a long poll is
 * woken by an append; ListOffsets is exact; the idempotent producer works.
 */
class SinkBrokerIT {
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 5_000;

    private static SinkBroker sink;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        sink = SinkBroker.start(BrokerConfig.forTests().withInitialRebalanceDelayMs(0));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sink.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("sunk", PARTITIONS, (short) 1), new NewTopic("polled", 1, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        sink.close();
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sink.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5"); // batches of many records, as a loaded producer sends
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sink.bootstrapServers());
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void aGroupReadsBackFromEarliestEveryRecordProducedWithContiguousOffsets() throws Exception {
        Map<TopicPartition, Map<Long, String>> produced = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord<>("sunk", "key-" + i, "value-" + i)));
            }
            for (int i = 0; i < RECORDS; i++) {
                RecordMetadata sent = sends.get(i).get(30, TimeUnit.SECONDS);
                produced.computeIfAbsent(new TopicPartition("sunk", sent.partition()), p -> new HashMap<>())
                        .put(sent.offset(), "key-" + i + "=value-" + i);
            }
        }
        assertThat(produced).hasSize(PARTITIONS);
        produced.values().forEach(offsets -> assertThat(offsets.keySet())
                .containsExactlyInAnyOrderElementsOf(range(offsets.size())));

        Map<TopicPartition, List<ConsumerRecord<String, String>>> consumed = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer("readers", Map.of())) {
            consumer.subscribe(List.of("sunk"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            p -> new ArrayList<>()).add(record);
                }
                return consumed.values().stream().mapToInt(List::size).sum() >= RECORDS;
            });
            consumer.commitSync();
        }
        assertThat(consumed.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);
        consumed.forEach((partition, records) -> {
            assertThat(records.stream().map(ConsumerRecord::offset).toList()).isEqualTo(range(records.size()));
            Map<Long, String> expected = produced.get(partition);
            assertThat(records).hasSize(expected.size())
                    .allSatisfy(r -> assertThat(r.key() + "=" + r.value()).isEqualTo(expected.get(r.offset())));
        });

        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        produced.keySet().forEach(p -> {
            earliest.put(p, OffsetSpec.earliest());
            latest.put(p, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(earliest).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get();
        produced.forEach((partition, offsets) -> {
            assertThat(first.get(partition).offset()).isZero();
            assertThat(end.get(partition).offset()).isEqualTo(offsets.size());
        });
        // the group's committed positions are the broker's offset store, unchanged: the end of each partition
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets("readers").partitionsToOffsetAndMetadata().get();
        produced.forEach((partition, offsets) -> assertThat(committed.get(partition).offset()).isEqualTo(offsets.size()));
        assertThat(sink.logs().substitutedBatches()).isZero();
    }

    @Test
    void aLongPollIsWokenByALaterProduce() throws Exception {
        TopicPartition polled = new TopicPartition("polled", 0);
        // the broker holds the fetch for up to a minute: only an append can answer it before then
        KafkaConsumer<String, String> consumer = consumer(null, Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                "60000", ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000"));
        try (KafkaProducer<String, String> producer = producer()) {
            consumer.assign(List.of(polled));
            consumer.seekToEnd(List.of(polled));
            CompletableFuture<ConsumerRecords<String, String>> polling = CompletableFuture.supplyAsync(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                while (records.isEmpty() && System.nanoTime() < until) {
                    records = consumer.poll(Duration.ofSeconds(90));
                }
                return records;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.logs().waitingFetches() > 0);
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>("polled", "late", "arrival")).get(30, TimeUnit.SECONDS);
            ConsumerRecords<String, String> records = polling.get(90, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

            assertThat(records.count()).isEqualTo(1);
            ConsumerRecord<String, String> record = records.iterator().next();
            assertThat(record.offset()).isZero();
            assertThat(record.key() + "=" + record.value()).isEqualTo("late=arrival");
            // not a performance bound: the parked fetch (max wait 60 s) was answered by the append, not by its timeout
            assertThat(waitedMs).isLessThan(60_000);
        } finally {
            // the consumer's next fetch is parked for a minute; closing must not wait for it
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    @Test
    void transactionalCorruptAndOldBatchesAreRefusedAndNothingIsAppended() throws Exception {
        admin.createTopics(List.of(new NewTopic("refused", 1, (short) 1))).all().get();
        Topic topic = sink.broker().logs().topic("refused").orElseThrow();
        ByteBuffer transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0,
                new SimpleRecord("v".getBytes(StandardCharsets.UTF_8))).buffer();
        ByteBuffer valid = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("v".getBytes(StandardCharsets.UTF_8))).buffer();
        ByteBuffer truncated = valid.duplicate().limit(valid.limit() - 1).slice();
        ByteBuffer oldMagic = ByteBuffer.allocate(valid.remaining()).put(valid.duplicate()).put(16, (byte) 1).flip();

        assertThatThrownBy(() -> sink.logs().append(topic, 0, transactional))
                .isInstanceOf(InvalidTxnStateException.class).hasMessage("The sink does not serve transactions");
        assertThatThrownBy(() -> sink.logs().append(topic, 0, truncated)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> sink.logs().append(topic, 0, oldMagic))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(sink.logs().endOffset(topic, 0)).isZero();
        assertThat(sink.logs().append(topic, 0, valid)).isZero();
        assertThat(sink.logs().endOffset(topic, 0)).isEqualTo(1);
    }

    private static List<Long> range(int size) {
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < size; o++) {
            offsets.add(o);
        }
        return offsets;
    }
}
