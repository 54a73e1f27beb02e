package org.kafkatck.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.support.hierarchical.ExclusiveResource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.kafkatck.tck.report.ConformanceReport;
import org.kafkatck.tck.report.ConformanceReportPlugin;
import org.kafkatck.tck.report.AssertionIds;
import org.kafkatck.tck.report.JUnitXmlIds;
import org.kafkatck.tck.report.ReportPage;
import org.kafkatck.tck.report.RunScope;
import org.kafkatck.tck.spec.Exclusion;
import org.kafkatck.tck.spec.Exclusions;
import org.kafkatck.tck.spec.SpecFiles;
import org.kafkatck.tck.spec.SpecIdentity;
import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.TargetConfig;
import org.kafkatck.tck.targets.TargetUnavailableException;
import org.kafkatck.tck.world.TckRun;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

/**
 * The TCK's command line: {@code java -jar kafka-tck.jar [options]}. Starts (or reaches) the target,
 * runs the preflight, runs the spec with Cucumber on the JUnit Platform, and prints the verdict.
 */
public final class Tck {
    /**
     * Cucumber's exclusive-resource parameter for {@code @broker-restart}: holding the JUnit Platform's global
     * lock for reading and writing, such a scenario (and its feature) waits for every other scenario to finish,
     * and no other starts until it has; every other scenario holds the global lock only for reading.
     */
    static final String RESTART_RUNS_ALONE = "cucumber.execution.exclusive-resources."
            + org.kafkatck.tck.targets.RestartableTarget.TAG.substring(1) + ".read-write";

    /** Tag of a scenario whose outcome depends on every ACL the target holds, so no other scenario may run beside it. */
    static final String RUNS_ALONE_TAG = "@runs-alone";
    /** Cucumber's exclusive-resource parameter for {@link #RUNS_ALONE_TAG}: the same global lock as a restart. */
    static final String ALONE_RUNS_ALONE = "cucumber.execution.exclusive-resources."
            + RUNS_ALONE_TAG.substring(1) + ".read-write";

    private Tck() {
    }

    /**
     * @param args see {@link TckOptions#usage()}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("bench")) {
            quietLogging();
            System.exit(org.kafkatck.tck.bench.Bench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("self-test")) {
            quietLogging();
            System.exit(org.kafkatck.tck.selftest.SelfTest.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(run(args));
    }

    /**
     * Runs the TCK.
     *
     * @return the process exit code: 0 compatible, 1 not compatible or target unusable, 2 bad command line
     */
    public static int run(String[] args) {
        TckOptions options;
        try {
            options = TckOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (options.help()) {
            System.out.print(TckOptions.usage());
            return 0;
        }
        RunScope scope;
        try {
            scope = scope(options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        options.properties().forEach(System::setProperty);
        quietLogging();

        BrokerTarget target;
        TckRun run;
        try {
            target = TargetConfig.load().createTarget();
            System.out.println("Kafka TCK: starting target " + target.kind() + " ...");
            run = TckRun.install(target);
        } catch (TargetUnavailableException e) {
            System.err.println("NOT COMPATIBLE — target unusable: " + e.getMessage());
            return 1;
        }
        try {
            System.out.println("Kafka TCK: target " + target.description() + "; " + String.join(", ", options.describe()));
            System.out.print(run.preflight().render());
            if (!run.preflight().compatible()) {
                ConformanceReport report = new ConformanceReport(target.description());
                report.describe(scope, Exclusions.active().all(), run.preflight().advertised());
                report.preflightFailed(run.preflight().reason());
                System.out.print(report.render());
                writeReports(options.reportDir(), report);
                return 1;
            }
            ConformanceReport report = runSpec(options);
            return report != null && report.compatible() && !report.results().isEmpty() ? 0 : 1;
        } finally {
            target.close();
        }
    }

    /**
     * Runs the spec (or the scenarios {@code options} select) against the installed {@link TckRun}.
     *
     * @return the run's report, or {@code null} when no scenario ran
     */
    public static ConformanceReport runSpec(TckOptions options) {
        launch(options);
        return ConformanceReportPlugin.lastReport();
    }

    private static void launch(TckOptions options) {
        Path reports = options.reportDir().toAbsolutePath();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .configurationParameter("cucumber.glue", "org.kafkatck.tck.steps")
                .configurationParameter("cucumber.plugin", String.join(",",
                        // report.html is the TCK's own page (ReportPage); Cucumber's step-by-step report sits beside it
                        "html:" + reports.resolve(ReportPage.CUCUMBER_HTML),
                        "junit:" + reports.resolve("junit.xml"),
                        ConformanceReportPlugin.class.getName() + ":" + reports))
                .configurationParameter("cucumber.publish.quiet", "true")
                .configurationParameter("cucumber.execution.parallel.enabled", "true")
                .configurationParameter("cucumber.execution.parallel.config.strategy", "fixed")
                .configurationParameter("cucumber.execution.parallel.config.fixed.parallelism",
                        Integer.toString(options.threads()))
                .configurationParameter("cucumber.execution.parallel.config.fixed.max-pool-size",
                        Integer.toString(options.threads()))
                // a restart is seen by every scenario running at that moment: restart scenarios run alone
                .configurationParameter(RESTART_RUNS_ALONE, ExclusiveResource.GLOBAL_KEY)
                // a scenario that needs no ACL granted anywhere to its user cannot share the target's ACLs
                .configurationParameter(ALONE_RUNS_ALONE, ExclusiveResource.GLOBAL_KEY);
        RunScope scope = scope(options);
        if (!options.tags().isEmpty()) {
            request.configurationParameter("cucumber.filter.tags", options.tags());
        }
        ConformanceReportPlugin.nextRun(scope);
        if (options.featuresDir() != null) {
            request.selectors(selectDirectory(options.featuresDir().toFile()));
        } else {
            request.selectors(selectPackage("features"));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery);
        ConformanceReport report = ConformanceReportPlugin.lastReport();
        if (report != null) {
            try {
                // Only after the launcher returns has Cucumber's junit plugin written its file.
                JUnitXmlIds.addIds(reports.resolve("junit.xml"), report.results());
            } catch (IOException e) {
                System.err.println(e.getMessage());
            }
        }
    }

    /**
     * Works out what a run of {@code options} covers and activates the exclusions it honours: the TCK's exclude
     * list plus any given on the command line.
     *
     * @throws IllegalArgumentException with a one-line message for an exclusion the spec has no scenario for
     */
    static RunScope scope(TckOptions options) {
        SpecIdentity spec = options.featuresDir() == null ? SpecIdentity.bundled()
                : SpecIdentity.of(options.featuresDir());
        List<Exclusion> local = new ArrayList<>(Exclusions.local(options.excludeIds(), "excluded on the command line"));
        if (options.excludeFile() != null) {
            local.addAll(Exclusions.readLocal(options.excludeFile()));
        }
        Exclusions exclusions = Exclusions.shipped().with(local);
        try {
            exclusions.requireKnown(options.featuresDir() == null ? SpecFiles.readBundled(AssertionIds::ids)
                    : AssertionIds.ids(options.featuresDir()));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the spec's assertion ids: " + e.getMessage());
        }
        List<String> partial = new ArrayList<>();
        if (!options.tags().isEmpty()) {
            partial.add("only the scenarios tagged " + options.tags() + " ran");
        }
        if (spec.edited()) {
            partial.add("the spec was read from " + options.featuresDir() + " and differs from the spec bundled in "
                    + "this TCK (sha256 " + spec.shortHash() + ", not " + SpecIdentity.bundled().shortHash() + ")");
        }
        if (!exclusions.local().isEmpty()) {
            partial.add(exclusions.local().size() + (exclusions.local().size() == 1 ? " scenario was" : " scenarios were")
                    + " excluded locally (" + String.join(", ", exclusions.local().stream().map(Exclusion::id).toList())
                    + ")");
        }
        Exclusions.activate(exclusions);
        return new RunScope(spec, options.tags(), partial);
    }

    /** Uses the TCK's console logging unless the user configured java.util.logging. */
    static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (java.io.InputStream config = Tck.class.getResourceAsStream("/tck-logging.properties")) {
            if (config != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(config);
            }
        } catch (IOException e) {
            System.err.println("Cannot read the TCK's logging configuration: " + e.getMessage());
        }
    }

    private static void writeReports(Path dir, ConformanceReport report) {
        try {
            Files.createDirectories(dir);
            String json = report.toJson();
            Files.writeString(dir.resolve("report.json"), json, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("certification.txt"), report.certification(), StandardCharsets.UTF_8);
            ReportPage.write(dir, json);
        } catch (IOException e) {
            System.err.println("Cannot write the reports to " + dir + ": " + e.getMessage());
        }
    }
}
