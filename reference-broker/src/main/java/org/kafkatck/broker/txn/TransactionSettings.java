package org.kafkatck.broker.txn;

import java.time.Duration;

/**
 * The transaction coordinator's settings ({@code broker.transaction.*}).
 *
 * @param maxTimeoutMs       the longest transaction timeout a producer may ask for (Kafka's
 *                           {@code transaction.max.timeout.ms}); a longer one is INVALID_TRANSACTION_TIMEOUT
 * @param abortCheckInterval how often transactions past their timeout are looked for and aborted (Kafka's
 *                           {@code transaction.abort.timed.out.transaction.cleanup.interval.ms})
 */
public record TransactionSettings(int maxTimeoutMs, Duration abortCheckInterval) {
    /** Kafka's defaults: 15 minutes at most, checked every 10 seconds. */
    public static final TransactionSettings DEFAULTS = new TransactionSettings(900_000, Duration.ofSeconds(10));
}
