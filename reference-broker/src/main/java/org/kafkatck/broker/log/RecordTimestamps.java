package org.kafkatck.broker.log;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The check of producer timestamps on a CreateTime topic (KIP-937): every record's timestamp must lie within
 * {@code message.timestamp.before.max.ms} before and {@code message.timestamp.after.max.ms} after the
 * broker's clock. A batch with records outside is refused whole with INVALID_TIMESTAMP, naming each
 * offending record. Records are decoded only when the batch header cannot rule a violation out: with the
 * default lower bound (none) and a maximum timestamp within the upper bound, nothing is decoded.
 */
public final class RecordTimestamps {
    /** Kafka's summary of a batch refused for its timestamps. */
    static final String SUMMARY = "One or more records have been rejected due to invalid timestamp";

    private RecordTimestamps() {
    }

    /**
     * Checks the timestamps of the single batch of a produced record set. A record set that is not one
     * valid batch is left to the append's own validation, which refuses it with its own error.
     *
     * @param records  the record set of one partition from a Produce request
     * @param settings the topic's configs now
     * @param nowMs    the broker's clock
     * @throws RecordValidationException INVALID_TIMESTAMP, with each offending record
     */
    public static void check(MemoryRecords records, TopicSettings settings, long nowMs) {
        if (settings.timestampType() != TimestampType.CREATE_TIME) {
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
                || batch.sizeInBytes() > settings.maxMessageBytes()) {
            return;
        }
        long lowest = settings.timestampBeforeMaxMs() >= nowMs ? Long.MIN_VALUE : nowMs - settings.timestampBeforeMaxMs();
        long highest = nowMs > Long.MAX_VALUE - settings.timestampAfterMaxMs()
                ? Long.MAX_VALUE : nowMs + settings.timestampAfterMaxMs();
        if (lowest == Long.MIN_VALUE && batch.maxTimestamp() <= highest) {
            return;
        }
        List<RecordValidationException.RecordError> errors = new ArrayList<>();
        int index = 0;
        for (Record record : batch) {
            long timestamp = record.timestamp();
            if (timestamp != RecordBatch.NO_TIMESTAMP && (timestamp < lowest || timestamp > highest)) {
                errors.add(new RecordValidationException.RecordError(index, "Timestamp " + timestamp
                        + " of message with offset " + record.offset() + " is out of range. The timestamp should be"
                        + " within [" + (nowMs - settings.timestampBeforeMaxMs()) + ", " + highest + "]"));
            }
            index++;
        }
        if (!errors.isEmpty()) {
            throw new RecordValidationException(new InvalidTimestampException(SUMMARY), errors);
        }
    }
}
