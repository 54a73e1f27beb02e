package org.kafkatck.tck.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EmbedEvent;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import org.kafkatck.tck.spec.Exclusion;
import org.kafkatck.tck.spec.Exclusions;
import org.kafkatck.tck.world.TckRun;

/**
 * Cucumber plugin that grades the target: prints a line per finished scenario while the run goes
 * on, and at the end the per-profile and per-API table on the console, and {@code report.json} and
 * {@code report.html} ({@link ReportPage}) in the report directory. A failed scenario's entry carries its
 * {@link Diagnosis}: the last request it sent (attached by the scenario, see {@link RequestAttachment}) and
 * what its failing assertion expected. The report directory is the plugin argument, e.g.
 * {@code org.kafkatck.tck.report.ConformanceReportPlugin:target/tck-report}.
 */
public final class ConformanceReportPlugin implements ConcurrentEventListener {
    private static volatile ConformanceReport last;
    private static volatile RunScope nextScope;
    private final Path reportDir;
    private ConformanceReport report;
    private final RequestAttachment requests = new RequestAttachment();

    /** @param reportDir where {@code report.json} and {@code report.html} are written */
    public ConformanceReportPlugin(File reportDir) {
        this.reportDir = reportDir.toPath();
    }

    /**
     * Says what the next run covers, so its verdict can be honest about it. Without this call a run is taken to
     * be of the whole bundled spec (as a test engine's run of the bundled spec is).
     *
     * @param scope the spec it reads, its tag filter, and why it is partial if it is
     */
    public static void nextRun(RunScope scope) {
        nextScope = scope;
    }

    /** @return the report of the last finished run in this JVM, or {@code null} */
    public static ConformanceReport lastReport() {
        return last;
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(EmbedEvent.class, requests::attached);
        publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
        publisher.registerHandlerFor(TestRunFinished.class, e -> runFinished());
    }

    private synchronized ConformanceReport report() {
        if (report == null) {
            TckRun run = TckRun.peek();
            report = new ConformanceReport(run == null ? "(no target started)" : run.target().description());
            RunScope scope = nextScope;
            report.describe(scope == null ? RunScope.wholeBundledSpec() : scope, Exclusions.active().all(),
                    run == null ? List.of() : run.preflight().advertised());
        }
        return report;
    }

    private void scenarioFinished(TestCaseFinished event) {
        TestCase testCase = event.getTestCase();
        Result result = event.getResult();
        ScenarioResult.Status status = switch (result.getStatus()) {
            case PASSED -> ScenarioResult.Status.PASSED;
            case SKIPPED -> ScenarioResult.Status.SKIPPED;
            default -> ScenarioResult.Status.FAILED;
        };
        String error = result.getError() == null ? (result.getStatus() == Status.PASSED ? "" : result.getStatus().name())
                : String.valueOf(result.getError().getMessage()).strip();
        Optional<Exclusion> exclusion = Exclusions.active().find(AssertionIds.of(testCase.getTags()));
        if (status == ScenarioResult.Status.SKIPPED && exclusion.isPresent()) {
            status = ScenarioResult.Status.EXCLUDED;
            error = "excluded: " + exclusion.get().reason();
        }
        String uri = testCase.getUri().toString();
        String feature = uri.substring(uri.lastIndexOf('/') + 1);
        SentRequest lastRequest = requests.take(testCase);
        Diagnosis diagnosis = status == ScenarioResult.Status.FAILED ? Diagnosis.of(result.getError(), lastRequest) : null;
        ScenarioResult scenario = new ScenarioResult(feature, testCase.getName(), testCase.getLocation().getLine(),
                testCase.getTags(), status, error, result.getDuration().toMillis(), diagnosis);
        TckRun run = TckRun.peek();
        java.util.Optional<String> kafkaVersion = run == null ? java.util.Optional.empty() : run.target().kafkaVersion();
        Optional<String> missing = run == null ? Optional.empty()
                : TargetCapabilities.missing(testCase.getTags(), run.target());
        if (missing.isPresent()) {
            // the target cannot do what the scenario needs (be restarted): neither passed nor failed nor partial
            report().notApplicableToTarget(missing.get(), scenario);
            if (!quiet()) {
                System.out.printf("[N/A ] %-12s %s: %s (%s)%n", scenario.id(), feature, testCase.getName(),
                        missing.get());
            }
            return;
        }
        if (!VersionTags.appliesTo(testCase.getTags(), kafkaVersion)) {
            // the spec says it does not hold on this Kafka version: neither passed nor failed nor partial
            report().notApplicable(kafkaVersion.orElseThrow(), scenario);
            if (!quiet()) {
                System.out.printf("[N/A ] %-12s %s: %s (%s, target runs Kafka %s)%n", scenario.id(), feature,
                        testCase.getName(), VersionTags.excludedBy(testCase.getTags(), kafkaVersion).orElseThrow(),
                        kafkaVersion.orElseThrow());
            }
            return;
        }
        report().add(scenario);
        if (quiet()) {
            return;
        }
        System.out.printf("[%s] %-12s %-11s %-6s %s: %s (%d ms)%n",
                switch (status) { case PASSED -> "PASS"; case EXCLUDED -> "EXCL"; default -> "FAIL"; }, scenario.id(), String.join(",", scenario.profiles()), scenario.must() ? "must" : "should", feature, testCase.getName(),
                scenario.durationMs());
    }

    private void runFinished() {
        ConformanceReport finished = report();
        TckRun run = TckRun.peek();
        if (run != null && !run.preflight().compatible()) {
            finished.preflightFailed(run.preflight().reason());
        }
        last = finished;
        if (!quiet()) {
            System.out.println();
            System.out.print(finished.render());
        }
        try {
            Files.createDirectories(reportDir);
            String json = finished.toJson();
            Files.writeString(reportDir.resolve("report.json"), json, StandardCharsets.UTF_8);
            Files.writeString(reportDir.resolve("certification.txt"), finished.certification(), StandardCharsets.UTF_8);
            ReportPage.write(reportDir, json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the reports to " + reportDir, e);
        }
        if (!quiet()) {
            System.out.println("Reports: " + reportDir.toAbsolutePath()
                    + " (report.html, report.json, certification.txt, cucumber.html, junit.xml)");
        }
    }

    /** The self-test runs the spec once per mutant and prints its own table instead. */
    private static boolean quiet() {
        TckRun run = TckRun.peek();
        return run != null && run.stopAtFirstMustFailure();
    }
}
