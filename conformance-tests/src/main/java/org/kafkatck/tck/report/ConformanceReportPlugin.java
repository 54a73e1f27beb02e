package org.kafkatck.tck.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import org.kafkatck.tck.world.TckRun;

/**
 * Cucumber plugin that grades the target: prints a line per finished scenario while the run goes
 * on, and at the end the per-profile and per-API table on the console and {@code report.json} in the
 * report directory (given as the plugin argument, e.g.
 * {@code org.kafkatck.tck.report.ConformanceReportPlugin:target/tck-report}).
 */
public final class ConformanceReportPlugin implements ConcurrentEventListener {
    private static volatile ConformanceReport last;
    private static volatile List<String> partialReasons = List.of();
    private final Path reportDir;
    private ConformanceReport report;

    /** @param reportDir where {@code report.json} is written */
    public ConformanceReportPlugin(File reportDir) {
        this.reportDir = reportDir.toPath();
    }

    /**
     * Says how much of the bundled spec the next run covers, so its verdict can be honest about it.
     *
     * @param reasons why the next run is less than the whole bundled spec; empty for a whole run
     */
    public static void nextRunIsPartial(List<String> reasons) {
        partialReasons = List.copyOf(reasons);
    }

    /** @return the report of the last finished run in this JVM, or {@code null} */
    public static ConformanceReport lastReport() {
        return last;
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
        publisher.registerHandlerFor(TestRunFinished.class, e -> runFinished());
    }

    private synchronized ConformanceReport report() {
        if (report == null) {
            TckRun run = TckRun.peek();
            report = new ConformanceReport(run == null ? "(no target started)" : run.target().description());
            report.partial(partialReasons);
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
        String uri = testCase.getUri().toString();
        String feature = uri.substring(uri.lastIndexOf('/') + 1);
        ScenarioResult scenario = new ScenarioResult(feature, testCase.getName(), testCase.getLocation().getLine(),
                testCase.getTags(), status, error, result.getDuration().toMillis());
        TckRun run = TckRun.peek();
        java.util.Optional<String> kafkaVersion = run == null ? java.util.Optional.empty() : run.target().kafkaVersion();
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
                status == ScenarioResult.Status.PASSED ? "PASS" : "FAIL", scenario.id(), String.join(",", scenario.profiles()), scenario.must() ? "must" : "should", feature, testCase.getName(),
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
            Files.writeString(reportDir.resolve("report.json"), finished.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write report.json to " + reportDir, e);
        }
        if (!quiet()) {
            System.out.println("Reports: " + reportDir.toAbsolutePath() + " (report.html, report.json, junit.xml)");
        }
    }

    /** The self-test runs the spec once per mutant and prints its own table instead. */
    private static boolean quiet() {
        TckRun run = TckRun.peek();
        return run != null && run.stopAtFirstMustFailure();
    }
}
