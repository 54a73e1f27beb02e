package org.kafkatck.tck.selftest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options of {@code java -jar kafka-tck.jar self-test}, parsed by picocli. */
@Command(name = "self-test", usageHelpAutoWidth = false, usageHelpWidth = 110, sortOptions = false,
        customSynopsis = "java -jar kafka-tck.jar self-test [--mutant ID]... [--report-dir DIR] [--threads N] [--jobs N]"
                + " [--list]",
        description = {"",
                "Runs the spec against deliberately broken reference brokers (\"mutants\"), one wrong behaviour",
                "each, taken from real Kafka-compatible broker bugs, and prints which @must scenarios catch each",
                "one. Exit code 0 only when every mutant is caught (mutation score 100%%); 1 otherwise; 2 for a",
                "bad command line. See docs/sharpness.md.",
                ""})
public final class SelfTestOptions {
    @Option(names = "--mutant", paramLabel = "ID", description = "run only this mutant (repeatable)")
    private List<String> mutants = List.of();
    @Option(names = "--list", description = "list the catalogue and stop")
    private boolean list;
    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "where self-test.txt and each run's reports go (tck-report/self-test)")
    private Path reportDir = Path.of("tck-report", "self-test");
    // the runs mostly wait on the broker: more threads, sooner caught
    @Option(names = "--threads", paramLabel = "N", description = "scenarios run in parallel (8)")
    private int threads = 8;
    // one JVM judging a mutant uses about a third of a core: a few side by side share the machine well
    @Option(names = "--jobs", paramLabel = "N", description = "mutants judged at once, each in its own JVM (3)")
    private int jobs = 3;
    @Option(names = "--worker", paramLabel = "FILE", hidden = true,
            description = "internal: judge the named mutants without a control run and write their outcomes to FILE")
    private Path worker;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    private boolean help;

    private SelfTestOptions() {
    }

    /**
     * @param args the options after {@code self-test}
     * @return the parsed options
     * @throws IllegalArgumentException with a one-line message when an option is not understood
     */
    public static SelfTestOptions parse(String... args) {
        SelfTestOptions options = new SelfTestOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("self-test: " + e.getMessage() + " (see --help)", e);
        }
        if (options.threads <= 0) {
            throw new IllegalArgumentException("self-test: --threads must be positive, got " + options.threads);
        }
        if (options.jobs <= 0) {
            throw new IllegalArgumentException("self-test: --jobs must be positive, got " + options.jobs);
        }
        return options;
    }

    /** @return the help text of {@code self-test --help} */
    public static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(new SelfTestOptions()).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }

    /** @return the mutants to run only, in the order named; empty for all */
    public Set<String> mutants() {
        return new LinkedHashSet<>(mutants);
    }

    /** @return whether to list the catalogue and stop */
    public boolean list() {
        return list;
    }

    /** @return where the self-test's reports go */
    public Path reportDir() {
        return reportDir;
    }

    /** @return how many scenarios run in parallel */
    public int threads() {
        return threads;
    }

    /** @return how many mutants are judged at once, each in its own JVM */
    public int jobs() {
        return jobs;
    }

    /** @return where a worker JVM writes its outcomes, or {@code null} when this is not a worker */
    public Path worker() {
        return worker;
    }

    /** @return whether {@code --help} was asked for */
    public boolean help() {
        return help;
    }
}
