package org.kafkatck.tck.wire;

import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builders of the request bodies raw scenarios send, on kafka-clients' message and record classes. */
public final class Requests {
    private Requests() {
    }

    /** @return a record batch of plain records with the given values, timestamped now */
    public static MemoryRecords records(String... values) {
        return MemoryRecords.withRecords(Compression.NONE, simple(System.currentTimeMillis(), values));
    }

    /** @return a record batch whose records carry {@code timestamp} */
    public static MemoryRecords recordsAt(long timestamp, String... values) {
        return MemoryRecords.withRecords(Compression.NONE, simple(timestamp, values));
    }

    /** @return an idempotent batch of {@code producerId} at {@code epoch}, starting at {@code sequence} */
    public static MemoryRecords idempotent(long producerId, short epoch, int sequence, String... values) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, sequence,
                simple(System.currentTimeMillis(), values));
    }

    /** @return a transactional batch (KIP-98) of one producer, numbered from {@code sequence} */
    public static MemoryRecords transactional(long producerId, short epoch, int sequence, String... values) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence,
                simple(System.currentTimeMillis(), values));
    }

    /** @return a Produce body with one batch for one partition */
    public static ProduceRequestData produce(String topic, int partition, short acks, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(partition).setRecords(records))));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000).setTopicData(topics);
    }

    private static SimpleRecord[] simple(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp, null, values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return records;
    }
}
