package org.kafkatck.tck.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading ConsumerPerformance's result line. */
class PerfToolsTest {
    private static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,"
            + " nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    @Test
    void mbAndRecordsPerSecond() {
        double[] figures = PerfTools.parseConsumer(List.of(HEADER, "2026-11-27 15:40:01:123, 2026-11-27 15:40:03:123,"
                + " 19.0735, 9.5367, 200000, 100000.0000, 312, 1688, 11.2995, 118483.4123"), 200_000);
        assertThat(figures).containsExactly(9.5367, 100000.0);
    }

    @Test
    void fewerRecordsOrNoResultLineFail() {
        assertThatThrownBy(() -> PerfTools.parseConsumer(List.of(HEADER, "a, b, 1.0, 1.0, 10, 5.0, 0, 0, 0, 0"), 20))
                .hasMessage("ConsumerPerformance read 10 of 20 records");
        assertThatThrownBy(() -> PerfTools.parseConsumer(List.of("WARN nothing"), 20))
                .hasMessage("ConsumerPerformance printed no result line; its last line: WARN nothing");
    }
}
