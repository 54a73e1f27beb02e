package org.kafkatck.broker.log;

import java.util.List;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

/**
 * A produced batch refused because of some of its records (KIP-467): the error of the whole batch, its
 * summary, and per offending record its index in the batch and what is wrong with it. Produce v8+ carries
 * them as {@code record_errors} and {@code error_message}.
 */
public final class RecordValidationException extends RuntimeException {
    private final transient ApiException error;
    private final transient List<RecordError> recordErrors;

    /**
     * @param error        the batch's error, whose message is the summary
     * @param recordErrors the offending records, by index in the batch
     */
    public RecordValidationException(ApiException error, List<RecordError> recordErrors) {
        super(error.getMessage(), error);
        this.error = error;
        this.recordErrors = List.copyOf(recordErrors);
    }

    /** @return the error code of the batch */
    public Errors error() {
        return Errors.forException(error);
    }

    /** @return the offending records */
    public List<RecordError> recordErrors() {
        return recordErrors;
    }

    /**
     * One offending record.
     *
     * @param batchIndex the record's index in its batch (its offset delta)
     * @param message    what is wrong with it
     */
    public record RecordError(int batchIndex, String message) {
    }
}
