package org.kafkatck.tck.bench;

import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka's ProducerPerformance ends bad runs with Exit.exit: in the bench that is a failed phase, not the end. */
class ProducerPerformanceToolTest {

    @Test
    void anExitOfTheToolIsAnExceptionAndTheStreamsAreRestored() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        // no --topic: argparse4j reports it and the tool calls Exit.exit(1), which would end this JVM
        assertThatThrownBy(() -> ProducerPerformanceTool.run("--bootstrap-server", "localhost:1", "--num-records", "1",
                "--record-size", "10", "--throughput", "-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ProducerPerformance exited with status 1")
                .hasMessageContaining("--topic");
        assertThat(System.out).isSameAs(out);
        assertThat(System.err).isSameAs(err);
    }
}
