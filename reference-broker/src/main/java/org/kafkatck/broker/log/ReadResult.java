package org.kafkatck.broker.log;

import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Batches read from a partition, with the partition's bounds at the time of the read.
 *
 * @param records        whole batches, possibly empty
 * @param highWatermark  offset after the last acknowledged record (single node: the log end)
 * @param logStartOffset first offset still in the log
 */
public record ReadResult(MemoryRecords records, long highWatermark, long logStartOffset) {
}
