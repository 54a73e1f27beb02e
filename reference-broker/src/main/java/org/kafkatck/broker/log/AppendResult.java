package org.kafkatck.broker.log;

/**
 * Where an appended batch landed.
 *
 * @param baseOffset     offset of its first record
 * @param lastOffset     offset of its last record
 * @param logAppendTime  broker time stamped on it for LogAppendTime topics, else -1; for a retry, the max
 *                       timestamp of the batch it repeats (as Apache Kafka answers, whatever the timestamp type)
 * @param logStartOffset the partition's first offset
 * @param duplicate      whether it was a retry of an earlier append and was not stored again
 */
public record AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset,
                           boolean duplicate) {
}
