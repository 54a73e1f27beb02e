package org.kafkatck.broker.api;

import java.util.List;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * Fetch (key 1) for the sink (the benchmark's ceiling, {@code org.kafkatck.broker.sink}): the same protocol as
 * {@link FetchHandler} (versions 4-18, incremental fetch sessions, {@code maxBytes} and {@code partitionMaxBytes}
 * with the first batch whole (KIP-74), long polling woken by appends, read authorization, leader epoch checks), but
 * the records come from a {@link Source} that keeps no log. The sink has no transactions, so high watermark, last
 * stable offset and end offset are one, the log start offset is 0 and a {@code read_committed} fetch has no aborted
 * transactions. Sessions, authorization and the shape of the answer are {@link SessionFetchHandler}'s, as the
 * broker's.
 */
public final class SinkFetchHandler extends SessionFetchHandler {
    /** Where the sink's records come from. */
    public interface Source {
        /** @return the broker's topics (which exist, their ids, partitions and leader epochs) */
        LogManager logs();

        /** @return how many appends the source has seen so far; a fetch waits for this to move */
        long appends();

        /**
         * Waits until {@link #appends()} is no longer {@code seen} or the deadline passes.
         *
         * @param seen          what {@link #appends()} returned before the fetch last read
         * @param deadlineNanos {@link System#nanoTime()} to give up at
         * @throws InterruptedException when interrupted
         */
        void awaitAppend(long seen, long deadlineNanos) throws InterruptedException;

        /** @return the end offset of a partition: its high watermark and last stable offset */
        long endOffset(Topic topic, int partition);

        /**
         * Reads whole batches from the one holding {@code offset}.
         *
         * @param topic       the partition's topic
         * @param partition   the partition's index
         * @param offset      the fetch position
         * @param maxBytes    bytes to return at most ...
         * @param minOneBatch ... unless the first batch is larger, when this is set (KIP-74)
         * @param leaderEpoch the partition leader epoch to stamp on the batches
         * @return the batches and the partition's end offset
         * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when the offset is outside the log
         */
        Read read(Topic topic, int partition, long offset, int maxBytes, boolean minOneBatch, int leaderEpoch);
    }

    /**
     * What a {@link Source} read.
     *
     * @param records   the batches, base offsets and leader epochs stamped
     * @param endOffset the partition's end offset (high watermark and last stable offset) when read
     */
    public record Read(MemoryRecords records, long endOffset) {
    }

    private final Source source;

    /**
     * @param source      where the records come from
     * @param maxSessions incremental fetch sessions kept at most; 0 declines sessions
     */
    public SinkFetchHandler(Source source, int maxSessions) {
        super(maxSessions);
        this.source = source;
    }

    @Override
    LogManager logs() {
        return source.logs();
    }

    /** Reads until {@code minBytes} are there, a partition fails, or {@code maxWaitMs} passes. */
    @Override
    void awaitData(List<Target> targets, FetchRequestData request, boolean readCommitted)
            throws InterruptedException {
        long deadline = FetchWaiter.deadline(request.maxWaitMs());
        while (true) {
            long seen = source.appends(); // taken before reading: an append during the read ends the wait at once
            ReadPass pass = read(targets, request, readCommitted);
            if (pass.bytes >= request.minBytes() || pass.errors || targets.isEmpty() || System.nanoTime() >= deadline) {
                return;
            }
            source.awaitAppend(seen, deadline);
        }
    }

    private static final class ReadPass {
        private int bytes;
        private boolean errors;
    }

    private ReadPass read(List<Target> targets, FetchRequestData request, boolean readCommitted) {
        ReadPass pass = new ReadPass();
        int maxBytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (Target target : targets) {
            PartitionData data = newData(target, readCommitted);
            if (target.log == null) {
                pass.errors = true;
                continue;
            }
            try {
                int budget = Math.min(target.wanted.partitionMaxBytes, maxBytes - pass.bytes);
                Read read = source.read(target.topic, target.wanted.partition, target.wanted.fetchOffset,
                        Math.max(budget, 0), pass.bytes == 0, target.log.leaderEpoch());
                pass.bytes += read.records().sizeInBytes();
                data.setErrorCode(Errors.NONE.code())
                        .setHighWatermark(read.endOffset())
                        .setLastStableOffset(read.endOffset())
                        .setLogStartOffset(0)
                        .setRecords(read.records());
            } catch (RuntimeException e) {
                pass.errors = true;
                long end = source.endOffset(target.topic, target.wanted.partition);
                data.setErrorCode(Errors.forException(e).code()).setHighWatermark(end).setLastStableOffset(end)
                        .setLogStartOffset(0);
            }
        }
        return pass;
    }
}
