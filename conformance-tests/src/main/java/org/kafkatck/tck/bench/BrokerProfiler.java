package org.kafkatck.tck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Profiles a broker JVM during one phase of the bench ({@code bench --profile async|jfr}), from outside, through
 * {@code jcmd}: one file per phase and target in the bench's output directory.
 *
 * <ul>
 *   <li>{@code async}: async-profiler (the {@code tools.profiler:async-profiler} jar on the TCK's classpath carries
 *   {@code libasyncProfiler.so}; it is extracted once into the output directory) loaded with
 *   {@code jcmd <pid> JVMTI.agent_load <lib> start,event=cpu,interval=1ms} at the start of the phase and
 *   {@code ... stop,file=<phase>-<target>.html} at its end: a CPU flame graph. Where perf events are not available
 *   the profiler itself falls back to a timer.</li>
 *   <li>{@code jfr}: {@code jcmd <pid> JFR.start settings=profile} and {@code JFR.stop filename=<phase>-<target>.jfr}
 *   (read with {@code jfr view hot-methods FILE}, {@code jfr view allocation-by-class FILE}).</li>
 * </ul>
 * Profiled runs never count in the bench's table.
 */
final class BrokerProfiler {
    /** The profilers {@code --profile} accepts. */
    enum Mode {
        NONE, ASYNC, JFR;

        static Mode parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--profile must be one of none, async, jfr; got '" + name + "'");
            }
        }
    }

    private final Mode mode;
    private final Path outputDir;
    private Path library;

    BrokerProfiler(Mode mode, Path outputDir) {
        this.mode = mode;
        this.outputDir = outputDir;
    }

    /** @return whether profiled runs are to be made */
    boolean enabled() {
        return mode != Mode.NONE;
    }

    /**
     * @return the options the broker JVMs need from their start: with async-profiler, frames between safepoints
     *         (accurate stacks) and dynamic agent loading without a warning
     */
    List<String> jvmArgs() {
        return mode == Mode.ASYNC
                ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-XX:+EnableDynamicAgentLoading")
                : List.of();
    }

    /** A profile being recorded; {@link #stop()} writes it. */
    interface Recording {
        /** @return the file written, or null when nothing could be recorded */
        Path stop();
    }

    /**
     * Starts profiling {@code pid} for one phase.
     *
     * @return the recording (that of a failed start writes nothing and says why on standard output)
     */
    Recording start(long pid, String phase, String target) {
        String name = fileName(phase, target);
        try {
            switch (mode) {
                case NONE -> {
                    return () -> null;
                }
                case ASYNC -> {
                    Path lib = library();
                    jcmd(pid, "JVMTI.agent_load", lib.toString(), agentOptions("start,event=cpu,interval=1ms"));
                    Path file = outputDir.resolve(name + ".html");
                    return () -> stopped(() -> jcmd(pid, "JVMTI.agent_load", lib.toString(),
                            agentOptions("stop,file=" + file)), file);
                }
                case JFR -> {
                    String recording = "bench-" + name;
                    jcmd(pid, "JFR.start", "name=" + recording, "settings=profile");
                    Path file = outputDir.resolve(name + ".jfr");
                    return () -> stopped(() -> jcmd(pid, "JFR.stop", "name=" + recording, "filename=" + file), file);
                }
                default -> throw new IllegalStateException(mode.name());
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("bench: profiling " + target + " in " + phase + " failed to start: " + e.getMessage());
            return () -> null;
        }
    }

    @FunctionalInterface
    private interface Command {
        void run() throws IOException;
    }

    private static Path stopped(Command stop, Path file) {
        try {
            stop.run();
            return Files.exists(file) ? file : null;
        } catch (IOException | RuntimeException e) {
            System.out.println("bench: writing the profile " + file + " failed: " + e.getMessage());
            return null;
        }
    }

    /** @return a file name for a phase and target: lower case, letters, digits and dashes */
    static String fileName(String phase, String target) {
        return (phase + "-" + target).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** Extracts the profiler's library for this platform from the classpath, once. */
    private synchronized Path library() throws IOException {
        if (library == null) {
            String resource = resourceFor(System.getProperty("os.name"), System.getProperty("os.arch"));
            Path lib = outputDir.resolve("libasyncProfiler.so");
            try (InputStream in = BrokerProfiler.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("async-profiler's " + resource + " is not on the classpath");
                }
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
            library = lib;
        }
        return library;
    }

    /** @return the async-profiler jar's entry for an operating system and architecture */
    static String resourceFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "macos/libasyncProfiler.so";
        }
        if (!os.contains("linux")) {
            throw new IllegalArgumentException("async-profiler runs on Linux and macOS, not " + osName);
        }
        return switch (osArch) {
            case "amd64", "x86_64" -> "linux-x64/libasyncProfiler.so";
            case "aarch64", "arm64" -> "linux-arm64/libasyncProfiler.so";
            default -> throw new IllegalArgumentException("async-profiler has no library for linux " + osArch);
        };
    }

    /**
     * @return async-profiler's options as one argument of {@code JVMTI.agent_load}: quoted, or jcmd would take
     *         {@code event=cpu} for an argument of its own
     */
    static String agentOptions(String options) {
        return '"' + options + '"';
    }

    /** Runs {@code jcmd <pid> args...} of this JDK; fails with its output when it does not exit 0. */
    private static void jcmd(long pid, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", args) + " did not end in 2 minutes");
            }
            // jcmd exits 0 even when the agent reports an error ("[ERROR] ...", "return code: 100"): look at
            // what it said too
            if (process.exitValue() != 0 || output.toLowerCase(Locale.ROOT).contains("error")
                    || output.contains("Exception") || output.matches("(?s).*return code: -?[1-9].*")) {
                throw new IOException("jcmd " + String.join(" ", args) + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
