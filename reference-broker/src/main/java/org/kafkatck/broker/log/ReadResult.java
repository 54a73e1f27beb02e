package org.kafkatck.broker.log;

import java.io.IOException;

import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;

/**
 * Batches read from a partition, with the partition's bounds at the time of the read.
 *
 * @param records        whole batches, possibly empty: {@link MemoryRecords} from {@link PartitionLog#read}, or,
 *                       from {@link PartitionLog#readForFetch}, possibly a file region that must be
 *                       {@linkplain #release released} once sent
 * @param highWatermark  offset after the last acknowledged record (single node: the log end)
 * @param logStartOffset first offset still in the log
 * @param <R>            the kind of records
 */
public record ReadResult<R extends Records>(R records, long highWatermark, long logStartOffset) {

    /**
     * Releases what a read for a fetch holds: a file region's own handle on its file. Anything else holds
     * nothing; releasing twice is harmless.
     *
     * @param records records from a read
     */
    public static void release(BaseRecords records) {
        if (records instanceof FileRecords region) {
            try {
                // the handle only, never FileRecords.close(): that would fsync a file the region only reads
                region.channel().close();
            } catch (IOException e) {
                // a read-only handle has nothing to lose
            }
        }
    }
}
