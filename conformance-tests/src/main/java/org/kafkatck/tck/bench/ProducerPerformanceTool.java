package org.kafkatck.tck.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Runs Kafka's own {@code org.apache.kafka.tools.ProducerPerformance} (what {@code kafka-producer-perf-test.sh}
 * runs) inside the bench's JVM, so it measures with the same warmed-up kafka-clients as the other phases.
 *
 * <p>The tool is a command-line program: it prints its results to {@code System.out}, prints each failed
 * send's stack trace to {@code System.err}, and ends bad runs with Kafka's {@code Exit.exit}, which would end
 * the whole bench. While it runs, both streams are captured (standard error only up to a bound: a broker that
 * fails every send would otherwise print a million stack traces) and Kafka's exit and halt procedures throw
 * instead, so a failed run becomes a failed phase.
 */
final class ProducerPerformanceTool {
    /** Bytes of the tool's standard error kept for the failure message. */
    private static final int ERROR_BYTES = 16 * 1024;

    private ProducerPerformanceTool() {
    }

    /** Thrown in place of Kafka's {@code Exit.exit} / {@code Exit.halt} while the tool runs. */
    static final class ToolExit extends RuntimeException {
        ToolExit(int status, String message) {
            super("ProducerPerformance exited with status " + status + (message == null ? "" : ": " + message));
        }
    }

    /**
     * @param args the tool's command line
     * @return its standard output, line by line
     * @throws IllegalStateException if the tool exited or threw; the message carries the start of its
     *                               standard error
     */
    static List<String> run(String... args) {
        // System.out and Kafka's exit procedures are process-wide: one run at a time
        synchronized (ProducerPerformanceTool.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            BoundedBuffer errors = new BoundedBuffer(ERROR_BYTES);
            Exit.setExitProcedure((status, message) -> {
                throw new ToolExit(status, message);
            });
            Exit.setHaltProcedure((status, message) -> {
                throw new ToolExit(status, message);
            });
            try {
                System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
                ProducerPerformance.main(args);
            } catch (Exception e) {
                System.out.flush();
                System.err.flush();
                String stderr = errors.text().strip();
                throw new IllegalStateException((e instanceof ToolExit ? e.getMessage() : "ProducerPerformance failed: " + e)
                        + (stderr.isEmpty() ? "" : "; its standard error starts: "
                        + stderr.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("")), e);
            } finally {
                System.setOut(out);
                System.setErr(err);
                Exit.resetExitProcedure();
                Exit.resetHaltProcedure();
            }
            return output.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Keeps the first {@code limit} bytes written and drops the rest. */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;

        BoundedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < limit) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            kept.write(b, off, Math.max(0, Math.min(len, limit - kept.size())));
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
