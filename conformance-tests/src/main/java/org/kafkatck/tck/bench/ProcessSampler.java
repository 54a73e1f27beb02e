package org.kafkatck.tck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one broker process costs during one phase: CPU seconds (user + system, from {@code /proc/<pid>/stat}) and
 * peak resident memory. The peak is the larger of the kernel's high-water mark ({@code VmHWM}, reset at the start of
 * the phase through {@code /proc/<pid>/clear_refs} when allowed) and {@code VmRSS} sampled every 100 ms. Linux only;
 * elsewhere, or for a broker that is not a process of its own, the figures are absent.
 */
final class ProcessSampler implements AutoCloseable {
    /** How often resident memory is sampled. */
    private static final Duration PERIOD = Duration.ofMillis(100);
    /** {@code /proc/<pid>/stat}'s clock ticks per second: USER_HZ, 100 on every Linux the bench runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** What a phase cost the broker. */
    record Usage(double cpuSeconds, long peakRssMegabytes) {
    }

    private final long pid;
    private final long cpuTicksAtStart;
    private final boolean highWaterReset;
    private final AtomicLong peakKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private ProcessSampler(long pid) {
        this.pid = pid;
        this.cpuTicksAtStart = cpuTicks(pid).orElse(-1);
        this.highWaterReset = resetHighWater(pid);
        this.sampler = Thread.ofPlatform().daemon().name("bench-sampler-" + pid).start(this::sample);
    }

    /** Starts sampling {@code pid} (a no-op sampler when it cannot be read). */
    static ProcessSampler start(long pid) {
        return new ProcessSampler(pid);
    }

    private void sample() {
        while (running) {
            status(pid, "VmRSS:").ifPresent(kb -> peakKb.accumulateAndGet(kb, Math::max));
            try {
                // a sampling period: memory is polled, nothing announces it
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return the usage since {@link #start}, or null when the process could not be read */
    Usage stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OptionalLong ticks = cpuTicks(pid);
        status(pid, "VmRSS:").ifPresent(kb -> peakKb.accumulateAndGet(kb, Math::max));
        if (highWaterReset) {
            status(pid, "VmHWM:").ifPresent(kb -> peakKb.accumulateAndGet(kb, Math::max));
        }
        if (cpuTicksAtStart < 0 || ticks.isEmpty()) {
            return null;
        }
        return new Usage((ticks.getAsLong() - cpuTicksAtStart) / TICKS_PER_SECOND, peakKb.get() / 1024);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** @return utime + stime of {@code pid} in clock ticks, from {@code /proc/<pid>/stat} */
    static OptionalLong cpuTicks(long pid) {
        try {
            return OptionalLong.of(cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @param stat the text of {@code /proc/<pid>/stat}
     * @return fields 14 (utime) + 15 (stime), counted after the command name, which may hold spaces and parentheses
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** @return the value in kB of a line of {@code /proc/<pid>/status} such as {@code VmRSS:} */
    static OptionalLong status(long pid, String field) {
        try {
            return statusField(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong statusField(List<String> lines, String field) {
        for (String line : lines) {
            if (line.startsWith(field)) {
                return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return OptionalLong.empty();
    }

    /** Resets the process's resident high-water mark ({@code echo 5 > /proc/<pid>/clear_refs}); false if denied. */
    private static boolean resetHighWater(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
