package org.kafkatck.tck.bench;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a broker's CPU time and resident memory from /proc. */
class ProcessSamplerTest {

    @Test
    void cpuTicksAreUtimePlusStimeCountedAfterTheCommandName() {
        // a command name with spaces and a parenthesis, as /proc prints it
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 40 0 9999 1 2 3";
        assertThat(ProcessSampler.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void statusFieldsInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  524288 kB", "VmRSS:\t  262144 kB");
        assertThat(ProcessSampler.statusField(status, "VmHWM:")).isEqualTo(OptionalLong.of(524_288));
        assertThat(ProcessSampler.statusField(status, "VmRSS:")).isEqualTo(OptionalLong.of(262_144));
        assertThat(ProcessSampler.statusField(status, "VmSwap:")).isEmpty();
    }

    @Test
    void samplesThisJvm() {
        ProcessSampler sampler = ProcessSampler.start(ProcessHandle.current().pid());
        ProcessSampler.Usage usage = sampler.stop();
        assertThat(usage).isNotNull();
        assertThat(usage.cpuSeconds()).isNotNegative();
        assertThat(usage.peakRssMegabytes()).isPositive();
    }

    @Test
    void aProcessThatIsGoneHasNoFigures() {
        assertThat(ProcessSampler.start(Long.MAX_VALUE).stop()).isNull();
    }
}
