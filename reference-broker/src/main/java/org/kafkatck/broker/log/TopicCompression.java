package org.kafkatck.broker.log;

import java.nio.ByteBuffer;
import java.util.Iterator;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A topic's {@code compression.type}: with {@code producer} (the default) a batch is stored as the producer
 * compressed it; with a codec ({@code uncompressed}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd})
 * the broker rewrites every batch in another codec into that one before storing it, keeping its records,
 * offsets deltas, timestamps and producer fields, as Apache Kafka does. A batch already in the topic's codec
 * is stored untouched.
 */
public final class TopicCompression {
    private TopicCompression() {
    }

    /**
     * @param records  the record set of one partition from a Produce request
     * @param settings the topic's configs now
     * @param allowZstd whether the request's version may carry zstd (Produce v7+): a zstd batch of an older
     *                  request is left as it is, for the append to refuse with UNSUPPORTED_COMPRESSION_TYPE
     * @return the record set in the topic's codec: {@code records} itself when nothing needs rewriting (also
     *         when it is not one valid batch, which the append refuses)
     */
    public static MemoryRecords toTopicCodec(MemoryRecords records, TopicSettings settings, boolean allowZstd) {
        String type = settings.compressionType();
        if ("producer".equals(type)) {
            return records;
        }
        CompressionType target = "uncompressed".equals(type) ? CompressionType.NONE : CompressionType.forName(type);
        Iterator<MutableRecordBatch> batches = records.batches().iterator();
        if (!batches.hasNext()) {
            return records;
        }
        MutableRecordBatch batch = batches.next();
        if (batches.hasNext() || batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !batch.isValid()
                || batch.isControlBatch() || batch.compressionType() == target
                || (batch.compressionType() == CompressionType.ZSTD && !allowZstd)) {
            return records;
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(Math.max(512, batch.sizeInBytes())),
                RecordBatch.MAGIC_VALUE_V2, Compression.of(target).build(), batch.timestampType(), batch.baseOffset(),
                RecordBatch.NO_TIMESTAMP, batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                batch.isTransactional(), batch.partitionLeaderEpoch());
        for (Record record : batch) {
            builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(), record.headers());
        }
        return builder.build();
    }
}
