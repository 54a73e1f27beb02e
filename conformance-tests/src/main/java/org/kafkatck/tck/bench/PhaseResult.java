package org.kafkatck.tck.bench;

/**
 * One measured phase of one run against one target.
 *
 * @param records       records moved
 * @param bytes         payload bytes moved
 * @param seconds       wall time from the first send (or poll) to the last acknowledgement (or record)
 * @param p50Ms         median latency, milliseconds (-1 when the phase measures none)
 * @param p99Ms         99th percentile latency
 * @param p999Ms        99.9th percentile latency
 */
public record PhaseResult(long records, long bytes, double seconds, double p50Ms, double p99Ms, double p999Ms) {

    /** @return records per second */
    public double recordsPerSecond() {
        return records / seconds;
    }

    /** @return payload megabytes (2^20) per second */
    public double megabytesPerSecond() {
        return bytes / seconds / (1024 * 1024);
    }

    /** Percentiles of latencies given in nanoseconds (sorted in place). */
    static double[] percentiles(long[] latenciesNanos, int count) {
        if (count == 0) {
            return new double[] {-1, -1, -1};
        }
        java.util.Arrays.sort(latenciesNanos, 0, count);
        return new double[] {at(latenciesNanos, count, 0.50), at(latenciesNanos, count, 0.99),
                at(latenciesNanos, count, 0.999)};
    }

    private static double at(long[] sorted, int count, double quantile) {
        int index = (int) Math.min(count - 1, Math.ceil(quantile * count) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
