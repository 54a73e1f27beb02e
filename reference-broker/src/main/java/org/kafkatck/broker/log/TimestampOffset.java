package org.kafkatck.broker.log;

/**
 * A record found by timestamp.
 *
 * @param timestamp the record's timestamp, -1 when none was found
 * @param offset    the record's offset, -1 when none was found
 */
public record TimestampOffset(long timestamp, long offset) {
    /** No record matched. */
    public static final TimestampOffset NONE = new TimestampOffset(-1, -1);
}
