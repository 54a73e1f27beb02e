package org.kafkatck.tck.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final line of Kafka's {@code ProducerPerformance} ({@code kafka-producer-perf-test.sh}), e.g.
 * {@code 1000000 records sent, 512032.770097 records/sec (48.83 MB/sec), 310.52 ms avg latency, 598.00 ms max
 * latency, 305 ms 50th, 540 ms 95th, 585 ms 99th, 597 ms 99.9th.} Latencies are send to acknowledgement,
 * as the tool measures them (whole milliseconds for the percentiles).
 *
 * @param records          records acknowledged without error (the tool counts only those)
 * @param recordsPerSecond records per second
 * @param megabytesPerSec  payload MiB per second
 * @param avgMs            mean latency, milliseconds
 * @param maxMs            maximum latency
 * @param p50Ms            median latency
 * @param p95Ms            95th percentile latency
 * @param p99Ms            99th percentile latency
 * @param p999Ms           99.9th percentile latency
 */
public record ProducerPerformanceSummary(long records, double recordsPerSecond, double megabytesPerSec, double avgMs,
                                         double maxMs, long p50Ms, long p95Ms, long p99Ms, long p999Ms) {
    /*
     * The tool formats with the default locale (%f), so a decimal comma is accepted too. The steady-state
     * total (printed only with --warmup-records) carries a suffix after the count and is not this line.
     */
    private static final String DECIMAL = "(\\d+(?:[.,]\\d+)?)";
    private static final Pattern TOTAL = Pattern.compile("^(\\d+) records sent, " + DECIMAL + " records/sec \\("
            + DECIMAL + " MB/sec\\), " + DECIMAL + " ms avg latency, " + DECIMAL + " ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.$");

    /**
     * @param output the tool's standard output, line by line
     * @return the summary of the whole run (the last such line)
     * @throws IllegalStateException if the output has none (the tool failed before the end)
     */
    public static ProducerPerformanceSummary parse(List<String> output) {
        ProducerPerformanceSummary found = null;
        for (String line : output) {
            Matcher m = TOTAL.matcher(line.strip());
            if (m.matches()) {
                found = new ProducerPerformanceSummary(Long.parseLong(m.group(1)), decimal(m.group(2)),
                        decimal(m.group(3)), decimal(m.group(4)), decimal(m.group(5)), Long.parseLong(m.group(6)),
                        Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)));
            }
        }
        if (found == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary line"
                    + (output.isEmpty() ? "" : "; its last line: " + output.getLast()));
        }
        return found;
    }

    private static double decimal(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }

    /**
     * @param recordSize the value size the tool was given (its MB/s is records × size)
     * @return the bench's view of the run: the tool's own records/s and percentiles
     */
    public PhaseResult toPhaseResult(int recordSize) {
        return new PhaseResult(records, records * (long) recordSize, records / recordsPerSecond, p50Ms, p99Ms, p999Ms);
    }
}
