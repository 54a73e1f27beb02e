package org.kafkatck.tck.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's profilers, from outside the profiled JVM through jcmd (here: this test's own JVM). */
class BrokerProfilerTest {
    @TempDir
    Path dir;

    @Test
    void modesAndTheirJvmOptions() {
        assertThat(BrokerProfiler.Mode.parse(" Async ")).isEqualTo(BrokerProfiler.Mode.ASYNC);
        assertThatThrownBy(() -> BrokerProfiler.Mode.parse("perf"))
                .hasMessage("--profile must be one of none, async, jfr; got 'perf'");
        assertThat(new BrokerProfiler(BrokerProfiler.Mode.ASYNC, dir).jvmArgs()).containsExactly(
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-XX:+EnableDynamicAgentLoading");
        assertThat(new BrokerProfiler(BrokerProfiler.Mode.JFR, dir).jvmArgs()).isEmpty();
        assertThat(new BrokerProfiler(BrokerProfiler.Mode.NONE, dir).enabled()).isFalse();
    }

    @Test
    void theLibraryOfEachPlatformAndTheFileNames() {
        assertThat(BrokerProfiler.resourceFor("Linux", "amd64")).isEqualTo("linux-x64/libasyncProfiler.so");
        assertThat(BrokerProfiler.resourceFor("Linux", "aarch64")).isEqualTo("linux-arm64/libasyncProfiler.so");
        assertThat(BrokerProfiler.resourceFor("Mac OS X", "aarch64")).isEqualTo("macos/libasyncProfiler.so");
        assertThatThrownBy(() -> BrokerProfiler.resourceFor("Windows 11", "amd64"))
                .hasMessage("async-profiler runs on Linux and macOS, not Windows 11");
        assertThat(BrokerProfiler.fileName("many connections", "apache-kafka")).isEqualTo("many-connections-apache-kafka");
        assertThat(getClass().getClassLoader().getResource("linux-x64/libasyncProfiler.so")).isNotNull();
        assertThat(BrokerProfiler.agentOptions("stop,file=/x/y.html")).isEqualTo("\"stop,file=/x/y.html\"");
    }

    @Test
    void jfrWritesARecordingPerPhase() {
        BrokerProfiler profiler = new BrokerProfiler(BrokerProfiler.Mode.JFR, dir);
        BrokerProfiler.Recording recording = profiler.start(ProcessHandle.current().pid(), "fan-in", "reference");
        busy();
        Path file = recording.stop();
        assertThat(file).isEqualTo(dir.resolve("fan-in-reference.jfr"));
        assertThat(file).isNotEmptyFile();
    }

    @Test
    void asyncProfilerWritesAFlameGraphPerPhase() throws Exception {
        BrokerProfiler profiler = new BrokerProfiler(BrokerProfiler.Mode.ASYNC, dir);
        BrokerProfiler.Recording recording = profiler.start(ProcessHandle.current().pid(), "catch-up", "sink");
        busy();
        Path file = recording.stop();
        assertThat(file).isEqualTo(dir.resolve("catch-up-sink.html"));
        assertThat(Files.readString(file)).contains("<html");
    }

    /** Some work to sample. */
    private static void busy() {
        long sum = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotZero();
    }
}
