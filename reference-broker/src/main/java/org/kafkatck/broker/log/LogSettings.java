package org.kafkatck.broker.log;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Broker-wide settings of the log layer.
 *
 * @param dataDir         root directory of all topics; {@code null} keeps everything in memory
 * @param segmentBytes    size at which a partition rolls to a new segment
 * @param maxMessageBytes default largest batch (topic config {@code max.message.bytes} overrides it)
 * @param flushEachAppend fsync before an append returns
 * @param flushInterval   period of background fsync of every log, or {@code null} for none
 * @param forgetTransactionsOnOpen a test seam, only ever set by the TCK's self-test
 *                        ({@link org.kafkatck.broker.RecoveryFault#FORGET_TRANSACTIONS}): opening a partition
 *                        drops its open and aborted transactions
 */
public record LogSettings(Path dataDir, long segmentBytes, int maxMessageBytes, boolean flushEachAppend,
                          Duration flushInterval, boolean forgetTransactionsOnOpen) {

    /** Settings of a broker that recovers correctly. */
    public LogSettings(Path dataDir, long segmentBytes, int maxMessageBytes, boolean flushEachAppend,
                       Duration flushInterval) {
        this(dataDir, segmentBytes, maxMessageBytes, flushEachAppend, flushInterval, false);
    }

    /** @return whether logs live on disk */
    public boolean durable() {
        return dataDir != null;
    }
}
