package org.kafkatck.broker.log;

import java.util.Iterator;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The checks a produced record set must pass before it is appended. They read only the batch
 * header (and the CRC over its bytes); records are never decoded, so the check costs the same for a
 * compressed batch as for a plain one.
 */
final class RecordBatchValidator {
    private RecordBatchValidator() {
    }

    /**
     * @param records         the record set of one partition from a Produce request
     * @param maxMessageBytes largest batch the topic accepts
     * @param segmentBytes    segment size; a batch larger than a segment can never be stored
     * @param timestampType   the topic's timestamp type
     * @param nowMs           broker time
     * @param allowZstd       whether the request version may carry zstd (Produce v7+)
     * @return the single batch of the record set, ready to get offsets assigned
     */
    static MutableRecordBatch validate(MemoryRecords records, int maxMessageBytes, long segmentBytes,
                                       TimestampType timestampType, long nowMs, boolean allowZstd) {
        Iterator<MutableRecordBatch> batches = records.batches().iterator();
        if (!batches.hasNext()) {
            throw new InvalidRecordException("A produce request must carry one whole record batch per partition, got "
                    + records.sizeInBytes() + " bytes without one");
        }
        MutableRecordBatch batch = batches.next();
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Only record batches of magic v2 are accepted, got magic " + batch.magic());
        }
        if (batches.hasNext()) {
            throw new InvalidRecordException("A produce request must carry exactly one record batch per partition");
        }
        int size = batch.sizeInBytes();
        if (size > segmentBytes) {
            throw new RecordBatchTooLargeException("Batch of " + size + " bytes is larger than the segment size "
                    + segmentBytes);
        }
        if (size > maxMessageBytes) {
            throw new RecordTooLargeException("Batch of " + size + " bytes exceeds max.message.bytes "
                    + maxMessageBytes);
        }
        if (!batch.isValid()) {
            throw new CorruptRecordException("Record batch fails its CRC check (stored " + batch.checksum() + ")");
        }
        CompressionType compression = compressionOf(batch);
        if (compression == CompressionType.ZSTD && !allowZstd) {
            throw new UnsupportedCompressionTypeException("zstd needs Produce v7 or later");
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Clients may not write control batches");
        }
        Integer count = batch.countOrNull();
        if (count == null || count <= 0 || batch.lastOffset() - batch.baseOffset() != count - 1) {
            throw new InvalidRecordException("Batch header is inconsistent: " + count + " records but last offset delta "
                    + (batch.lastOffset() - batch.baseOffset()));
        }
        // Timestamps are checked against the topic's bounds before the append (RecordTimestamps).
        return batch;
    }

    private static CompressionType compressionOf(RecordBatch batch) {
        try {
            return batch.compressionType();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedCompressionTypeException("Unknown compression codec in batch attributes");
        }
    }
}
