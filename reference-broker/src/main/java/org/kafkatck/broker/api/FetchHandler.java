package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Records;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.ReadResult;

/**
 * Fetch (key 1): returns record batches from the requested offsets, as stored.
 *
 * <ul>
 *   <li>v4: isolation level and last stable offset (KIP-98); v4 is the oldest Kafka 4 keeps (KIP-896). A
 *       {@code read_committed} fetch stops before the first batch of the oldest open transaction and lists the
 *       aborted transactions that overlap what it returns, so the consumer can drop their records.</li>
 *   <li>v5: log start offset. v6: same format.</li>
 *   <li>v7: incremental fetch sessions (KIP-227). A full fetch at session epoch 0 is granted a session
 *       (see {@link FetchSessionCache}); an incremental fetch (the session's id and next epoch) names only
 *       the partitions whose position changed, adds partitions or forgets them
 *       ({@code forgotten_topics_data}), and is answered only with the partitions that have new records,
 *       a new high watermark or log start offset, or an error. An unknown session id gets
 *       FETCH_SESSION_ID_NOT_FOUND, a wrong epoch INVALID_FETCH_SESSION_EPOCH; epoch -1 closes the
 *       session named and fetches without one.</li>
 *   <li>v8: same format. v9: current leader epoch (KIP-320). v10: same format.</li>
 *   <li>v11: rack id and preferred read replica (KIP-392; always -1 here).</li>
 *   <li>v12: flexible versions, diverging epoch. v13: topics by id (KIP-516).</li>
 *   <li>v14: same format. v15: replica state replaces replica id (KIP-903).</li>
 *   <li>v16: current-leader hints (KIP-951). v17: replica directory id. v18: high-watermark field for
 *       KRaft replicas; none matter to a consumer.</li>
 * </ul>
 * A fetch waits up to {@code maxWaitMs} for {@code minBytes}, woken by appends, never by polling. The
 * response holds at most {@code maxBytes} (and {@code partitionMaxBytes} per partition), except that the
 * first batch found is returned whole, so a consumer always makes progress (KIP-74). Partitions are
 * read and answered in the order requested; a partition named twice is read once, at the position its
 * last mention gives, in the place of its first (Kafka keeps them in an insertion-ordered map). A partition of a
 * topic the principal may not READ is TOPIC_AUTHORIZATION_FAILED, and so is every partition of a follower's fetch
 * (a replica id of 0 or more) without CLUSTER CLUSTER_ACTION.
 */
public final class FetchHandler extends SessionFetchHandler {
    private final LogManager logs;

    /**
     * @param logs        the topics to read
     * @param maxSessions incremental fetch sessions kept at most; 0 declines sessions
     */
    public FetchHandler(LogManager logs, int maxSessions) {
        super(maxSessions);
        this.logs = logs;
    }

    @Override
    LogManager logs() {
        return logs;
    }

    /** Reads until {@code minBytes} are there, a partition fails, or {@code maxWaitMs} passes. */
    @Override
    void awaitData(List<Target> targets, FetchRequestData request, boolean readCommitted)
            throws InterruptedException {
        long deadline = FetchWaiter.deadline(request.maxWaitMs());
        FetchWaiter waiter = null;
        try {
            while (true) {
                ReadPass pass = read(targets, request, readCommitted);
                if (pass.bytes >= request.minBytes() || pass.errors || targets.isEmpty()
                        || System.nanoTime() >= deadline) {
                    return;
                }
                if (waiter == null) {
                    waiter = new FetchWaiter(targets.stream().map(t -> t.log).filter(java.util.Objects::nonNull).toList());
                    continue; // re-read once: an append may have landed before the listener was registered
                }
                waiter.await(deadline);
            }
        } finally {
            if (waiter != null) {
                waiter.close();
            }
        }
    }

    private static final class ReadPass {
        private int bytes;
        private boolean errors;
    }

    private static ReadPass read(List<Target> targets, FetchRequestData request, boolean readCommitted) {
        ReadPass pass = new ReadPass();
        int maxBytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (Target target : targets) {
            if (target.data != null) {
                ReadResult.release(target.data.records()); // an earlier pass's read, superseded by this one
            }
            PartitionData data = newData(target, readCommitted);
            if (target.log == null) {
                pass.errors = true;
                continue;
            }
            PartitionLog log = target.log;
            try {
                int budget = Math.min(target.wanted.partitionMaxBytes, maxBytes - pass.bytes);
                // read before the stable offset is taken: a transaction that ends meanwhile only shows next time
                long stable = log.lastStableOffset();
                // large reads come as file regions, sent with sendfile and released once the response is written
                ReadResult<Records> result = log.readForFetch(target.wanted.fetchOffset, Math.max(budget, 0),
                        pass.bytes == 0, readCommitted ? stable : Long.MAX_VALUE);
                pass.bytes += result.records().sizeInBytes();
                data.setErrorCode(Errors.NONE.code())
                        .setHighWatermark(result.highWatermark())
                        .setLastStableOffset(Math.min(stable, result.highWatermark()))
                        .setLogStartOffset(result.logStartOffset())
                        .setRecords(result.records());
                if (readCommitted) {
                    data.setAbortedTransactions(aborted(log, target.wanted.fetchOffset, result.records()));
                }
            } catch (RuntimeException e) {
                pass.errors = true;
                data.setErrorCode(Errors.forException(e).code())
                        .setHighWatermark(log.highWatermark())
                        .setLastStableOffset(log.lastStableOffset())
                        .setLogStartOffset(log.logStartOffset());
            }
        }
        return pass;
    }

    /**
     * The aborted transactions a {@code read_committed} consumer needs to drop records of what it was sent:
     * those that overlap the offsets from the fetch position to the end of the last batch returned (KIP-98).
     */
    private static List<FetchResponseData.AbortedTransaction> aborted(PartitionLog log, long fetchOffset,
                                                                      Records records) {
        long upTo = fetchOffset;
        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
            upTo = batch.nextOffset();
        }
        List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
        if (upTo > fetchOffset) {
            for (org.kafkatck.broker.producer.AbortedTransaction a : log.abortedTransactions(fetchOffset, upTo)) {
                aborted.add(new FetchResponseData.AbortedTransaction().setProducerId(a.producerId())
                        .setFirstOffset(a.firstOffset()));
            }
        }
        return aborted;
    }
}
