package org.kafkatck.tck.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** ProducerPerformance's summary line, as Kafka 4.4's tool prints it, into the bench's figures. */
class ProducerPerformanceSummaryTest {
    private static final String WINDOW = "2560417 records sent, 512083.4 records/sec (48.84 MB/sec), 310.5 ms avg latency,"
            + " 598.0 ms max latency.";
    private static final String TOTAL = "1000000 records sent, 500000.000000 records/sec (47.68 MB/sec), 310.52 ms avg"
            + " latency, 598.00 ms max latency, 305 ms 50th, 540 ms 95th, 585 ms 99th, 597 ms 99.9th.";

    @Test
    void theTotalLineNotTheWindows() {
        ProducerPerformanceSummary summary = ProducerPerformanceSummary.parse(List.of(WINDOW, TOTAL));
        assertThat(summary).isEqualTo(new ProducerPerformanceSummary(1_000_000, 500_000.0, 47.68, 310.52, 598.0, 305,
                540, 585, 597));
        PhaseResult result = summary.toPhaseResult(100);
        assertThat(result.records()).isEqualTo(1_000_000);
        assertThat(result.bytes()).isEqualTo(100_000_000L);
        assertThat(result.seconds()).isCloseTo(2.0, within(1e-9));
        assertThat(result.recordsPerSecond()).isCloseTo(500_000.0, within(1e-6));
        assertThat(List.of(result.p50Ms(), result.p99Ms(), result.p999Ms())).containsExactly(305.0, 585.0, 597.0);
    }

    @Test
    void aDecimalCommaFromTheDefaultLocale() {
        assertThat(ProducerPerformanceSummary.parse(List.of(TOTAL.replace(".00", ",00").replace("500000.000000",
                "500000,000000"))).recordsPerSecond()).isEqualTo(500_000.0);
    }

    @Test
    void theSteadyStateTotalIsNotTheTotal() {
        String steady = TOTAL.replace("1000000 records sent", "900000 steady state records sent");
        assertThat(ProducerPerformanceSummary.parse(List.of(steady, TOTAL)).records()).isEqualTo(1_000_000);
    }

    @Test
    void noSummaryIsAFailureNamingTheLastLine() {
        assertThatThrownBy(() -> ProducerPerformanceSummary.parse(List.of(WINDOW)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ProducerPerformance printed no summary line; its last line: " + WINDOW);
    }
}
