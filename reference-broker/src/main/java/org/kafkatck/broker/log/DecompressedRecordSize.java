package org.kafkatck.broker.log;

import java.util.Iterator;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A topic's {@code max.decompressed.message.bytes} (Kafka 4.4): in a compressed batch, no record may be larger,
 * decompressed, than that; a batch with one is refused whole with INVALID_RECORD (Apache Kafka names no record
 * in {@code record_errors} here). Uncompressed batches are bounded by {@code max.message.bytes} alone, and
 * with the default (no limit beyond what can be allocated) nothing is decoded.
 */
public final class DecompressedRecordSize {
    /** Kafka's default: the largest array the JVM allocates. */
    private static final int NO_LIMIT = 2_147_483_639;

    private DecompressedRecordSize() {
    }

    /**
     * @param records  the record set of one partition from a Produce request
     * @param settings the topic's configs now
     * @throws InvalidRecordException when a record of a compressed batch is larger than the topic allows
     */
    public static void check(MemoryRecords records, TopicSettings settings) {
        int limit = settings.maxDecompressedMessageBytes();
        if (limit >= NO_LIMIT) {
            return;
        }
        Iterator<MutableRecordBatch> batches = records.batches().iterator();
        if (!batches.hasNext()) {
            return;
        }
        MutableRecordBatch batch = batches.next();
        // A batch the append refuses anyway (malformed, corrupt, too large) gets the append's error, as in Kafka,
        // which checks those before the records.
        if (batches.hasNext() || batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !batch.isValid()
                || batch.sizeInBytes() > settings.maxMessageBytes()
                || batch.compressionType() == CompressionType.NONE) {
            return;
        }
        for (Record record : batch) {
            if (record.sizeInBytes() > limit) {
                throw new InvalidRecordException("Record at offset delta " + (record.offset() - batch.baseOffset())
                        + " is " + record.sizeInBytes() + " bytes decompressed, above max.decompressed.message.bytes "
                        + limit);
            }
        }
    }
}
