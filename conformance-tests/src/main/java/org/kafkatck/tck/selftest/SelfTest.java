package org.kafkatck.tck.selftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.tck.Tck;
import org.kafkatck.tck.TckOptions;
import org.kafkatck.tck.report.ConformanceReport;
import org.kafkatck.tck.report.ScenarioResult;
import org.kafkatck.tck.targets.ReferenceBrokerTarget;
import org.kafkatck.tck.targets.TargetSecurity;
import org.kafkatck.tck.targets.TargetUnavailableException;
import org.kafkatck.tck.world.TckRun;

/**
 * {@code java -jar kafka-tck.jar self-test}: measures how sharp the spec is. For each {@link Mutant} of
 * the {@link MutantCatalogue} it starts a reference broker carrying that one wrong behaviour, runs the
 * {@code @must} scenarios tagged with the mutated API, and reports the mutant CAUGHT (by which scenarios)
 * or SURVIVED. A control run first checks that the same scenarios pass on the unmutated broker, so a
 * failure can only be the mutant's doing. Exit code 0 only when every mutant is caught.
 */
public final class SelfTest {
    private SelfTest() {
    }

    /** The outcome for one mutant. */
    record Outcome(Mutant mutant, List<ScenarioResult> catchers, int scenariosRun, String note) {
        boolean caught() {
            return !catchers.isEmpty();
        }
    }

    /**
     * @param args see {@link SelfTestOptions}
     * @return the exit code
     */
    public static int run(String[] args) {
        SelfTestOptions options;
        try {
            options = SelfTestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (options.help()) {
            System.out.print(SelfTestOptions.usage());
            return 0;
        }
        Set<String> only = options.mutants();
        Path reportDir = options.reportDir();
        int threads = options.threads();
        boolean list = options.list();
        List<Mutant> mutants = MutantCatalogue.all().stream()
                .filter(m -> only.isEmpty() || only.contains(m.id())).toList();
        Set<String> unknown = new LinkedHashSet<>(only);
        mutants.forEach(m -> unknown.remove(m.id()));
        if (!unknown.isEmpty()) {
            System.err.println("self-test: no mutant called " + String.join(", ", unknown) + " (see --list)");
            return 2;
        }
        if (list) {
            mutants.forEach(m -> System.out.printf("%-44s %-16s %s%n", m.id(), m.api().name, m.behaviour()));
            return 0;
        }

        if (options.worker() != null) {
            try {
                MutantWorkers.write(options.worker(), judgeEach(mutants, reportDir, threads));
                return 0;
            } catch (IOException e) {
                System.err.println("self-test worker: cannot write " + options.worker() + ": " + e.getMessage());
                return 1;
            }
        }

        long started = System.nanoTime();
        Set<ApiKeys> apis = mutants.stream().map(Mutant::api).collect(Collectors.toCollection(LinkedHashSet::new));
        System.out.println("Kafka TCK self-test: " + mutants.size() + " mutants of " + apis.size() + " APIs");
        // mutants of authorization are judged on a secured broker, so their control run is on one too
        for (boolean secured : List.of(false, true)) {
            List<Mutant> group = mutants.stream().filter(m -> m.secured() == secured).toList();
            if (group.isEmpty()) {
                continue;
            }
            String which = secured ? "secured reference broker" : "reference broker";
            ConformanceReport control = runSpec(new ReferenceBrokerTarget(org.kafkatck.broker.api.HandlerDecorator.NONE,
                    org.kafkatck.broker.RecoveryFault.NONE, secured ? TargetSecurity.SASL_SSL : TargetSecurity.PLAINTEXT),
                    false, selection(group), reportDir.resolve(secured ? "control-secured" : "control"), threads);
            List<ScenarioResult> controlFailures = control == null ? List.of() : mustFailures(control);
            if (control == null || !controlFailures.isEmpty()) {
                System.out.println("Control run on the unmutated " + which + " failed; mutants cannot be judged:");
                controlFailures.forEach(r -> System.out.println("  " + r.id() + " " + r.feature() + ":" + r.line() + " "
                        + r.name() + " — " + r.error()));
                return 1;
            }
            System.out.println("Control: the unmutated " + which + " passes all " + control.results().size()
                    + " selected scenarios");
        }

        List<Outcome> outcomes;
        if (options.jobs() > 1 && mutants.size() > 1) {
            System.out.println("Judging " + mutants.size() + " mutants in " + Math.min(options.jobs(), mutants.size())
                    + " JVMs");
            try {
                outcomes = MutantWorkers.judge(mutants, options.jobs(), reportDir, threads);
            } catch (IOException e) {
                System.err.println("self-test: cannot start the worker JVMs: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        } else {
            outcomes = judgeEach(mutants, reportDir, threads);
        }
        String table = render(outcomes, (System.nanoTime() - started) / 1_000_000_000);
        System.out.print(table);
        try {
            Files.createDirectories(reportDir);
            Files.writeString(reportDir.resolve("self-test.txt"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("Cannot write " + reportDir.resolve("self-test.txt") + ": " + e.getMessage());
        }
        return outcomes.stream().allMatch(Outcome::caught) ? 0 : 1;
    }

    /** Judges the mutants one after the other in this JVM, printing a line as each is judged. */
    private static List<Outcome> judgeEach(List<Mutant> mutants, Path reportDir, int threads) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Mutant mutant : mutants) {
            Outcome outcome = judge(mutant, reportDir, threads);
            outcomes.add(outcome);
            System.out.printf("  %-44s %s%n", mutant.id(), outcome.caught() ? "caught" : "SURVIVED");
        }
        return outcomes;
    }

    private static Outcome judge(Mutant mutant, Path reportDir, int threads) {
        ReferenceBrokerTarget target = mutant.target();
        TckRun run;
        try {
            run = TckRun.install(target, true);
        } catch (TargetUnavailableException e) {
            target.close();
            return new Outcome(mutant, List.of(), 0, "broker did not start: " + e.getMessage());
        }
        try {
            if (!run.preflight().compatible()) {
                ScenarioResult preflight = new ScenarioResult("preflight", "ApiVersions preflight", 0, List.of("@must"),
                        ScenarioResult.Status.FAILED, run.preflight().reason(), 0);
                return new Outcome(mutant, List.of(preflight), 0, "");
            }
            ConformanceReport report = Tck.runSpec(options(selection(List.of(mutant)),
                    reportDir.resolve(mutant.id()), threads));
            if (report == null || report.results().isEmpty()) {
                return new Outcome(mutant, List.of(), 0, "no @must scenario matches " + mutant.selection());
            }
            int ran = (int) report.results().stream().filter(r -> r.status() != ScenarioResult.Status.SKIPPED).count();
            return new Outcome(mutant, mustFailures(report), ran, "");
        } finally {
            target.close();
        }
    }

    private static ConformanceReport runSpec(ReferenceBrokerTarget target, boolean stopAtFirstFailure, String tags,
                                             Path reportDir, int threads) {
        try {
            TckRun.install(target, stopAtFirstFailure);
            return Tck.runSpec(options(tags, reportDir, threads));
        } finally {
            target.close();
        }
    }

    private static TckOptions options(String tags, Path reportDir, int threads) {
        return TckOptions.parse(new String[] {"--tags", tags, "--report-dir", reportDir.toString(),
                "--threads", Integer.toString(threads)});
    }

    /** @return the tag expression selecting the @must scenarios that judge {@code mutants} */
    static String selection(List<Mutant> mutants) {
        return "not @should and (" + mutants.stream().map(Mutant::selection).distinct()
                .collect(Collectors.joining(" or ")) + ")";
    }

    private static List<ScenarioResult> mustFailures(ConformanceReport report) {
        return report.results().stream()
                .filter(r -> r.must() && r.status() == ScenarioResult.Status.FAILED).toList();
    }

    static String render(List<Outcome> outcomes, long seconds) {
        StringBuilder out = new StringBuilder("\nKafka TCK self-test — mutants of the reference broker\n");
        out.append(String.format("%-44s %-16s %-9s %s%n", "mutant", "api", "verdict", "caught by (first @must scenario)"));
        for (Outcome o : outcomes) {
            String by;
            if (o.caught()) {
                ScenarioResult first = o.catchers().get(0);
                by = (first.id().isEmpty() ? "" : first.id() + " ") + first.feature() + ":" + first.line() + " " + first.name()
                        + (o.catchers().size() > 1 ? " (+" + (o.catchers().size() - 1) + ")" : "");
            } else {
                by = o.note().isEmpty() ? "no @must scenario failed (" + o.scenariosRun() + " ran)" : o.note();
            }
            out.append(String.format("%-44s %-16s %-9s %s%n", o.mutant().id(), o.mutant().api().name,
                    o.caught() ? "CAUGHT" : "SURVIVED", by));
        }
        long caught = outcomes.stream().filter(Outcome::caught).count();
        out.append(String.format(Locale.ROOT, "Mutation score: %d/%d (%.0f%%) in %d s%n", caught, outcomes.size(),
                outcomes.isEmpty() ? 100.0 : 100.0 * caught / outcomes.size(), seconds));
        return out.toString();
    }
}
