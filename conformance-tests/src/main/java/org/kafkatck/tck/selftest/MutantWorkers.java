package org.kafkatck.tck.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kafkatck.tck.report.ScenarioResult;
import org.kafkatck.tck.targets.ChildClasspath;

/**
 * Judges mutants in several JVMs at once ({@code self-test --jobs N}).
 *
 * <p>Why other JVMs: a TCK run is bound to one target for the whole JVM ({@code TckRun} is what every step
 * reaches its broker through), so one JVM judges one mutant at a time. A judgement mostly waits: on the
 * broker's long polls, on transaction timeouts, on scenarios awaiting a condition. Measured here, one JVM uses
 * about a third of a core while it judges, so a few JVMs side by side finish the catalogue in a fraction of
 * the time on the same machine. Each worker is this same jar started as {@code self-test --worker FILE} with its
 * share of the mutants; it writes their outcomes to {@code FILE} as JSON and the parent merges them in
 * catalogue order, so the table reads the same whatever the number of jobs.
 */
final class MutantWorkers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A worker that outlives this has hung: the whole catalogue takes minutes on one JVM. */
    private static final long WORKER_TIMEOUT_MINUTES = 60;

    private MutantWorkers() {
    }

    /** One scenario that caught a mutant, as a worker reports it. */
    record Catcher(String feature, String name, int line, List<String> tags, String error, long durationMs) {
        static Catcher of(ScenarioResult result) {
            return new Catcher(result.feature(), result.name(), result.line(), result.tags(), result.error(),
                    result.durationMs());
        }

        ScenarioResult toResult() {
            return new ScenarioResult(feature, name, line, tags, ScenarioResult.Status.FAILED, error, durationMs);
        }
    }

    /** One mutant's outcome, as a worker reports it. */
    record Judged(String mutant, List<Catcher> catchers, int scenariosRun, String note) {
    }

    /** Writes a worker's outcomes for its parent. */
    static void write(Path file, List<SelfTest.Outcome> outcomes) throws IOException {
        List<Judged> judged = outcomes.stream().map(o -> new Judged(o.mutant().id(),
                o.catchers().stream().map(Catcher::of).toList(), o.scenariosRun(), o.note())).toList();
        JSON.writeValue(file.toFile(), judged);
    }

    /**
     * Judges {@code mutants} in {@code jobs} worker JVMs.
     *
     * @return one outcome per mutant, in the order given; a mutant whose worker failed is reported as not judged
     */
    static List<SelfTest.Outcome> judge(List<Mutant> mutants, int jobs, Path reportDir, int threads)
            throws IOException, InterruptedException {
        Files.createDirectories(reportDir);
        List<List<Mutant>> shares = new ArrayList<>();
        for (int i = 0; i < Math.min(jobs, mutants.size()); i++) {
            shares.add(new ArrayList<>());
        }
        // dealt round-robin: neighbours in the catalogue share an API and take alike long
        for (int i = 0; i < mutants.size(); i++) {
            shares.get(i % shares.size()).add(mutants.get(i));
        }
        List<Process> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a stopped self-test (Ctrl-C) stops its workers and their brokers too
        Thread stopWorkers = new Thread(() -> workers.forEach(Process::destroy), "self-test-stop-workers");
        Runtime.getRuntime().addShutdownHook(stopWorkers);
        try {
            return collect(mutants, shares, workers, reportDir, threads);
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopWorkers);
        }
    }

    private static List<SelfTest.Outcome> collect(List<Mutant> mutants, List<List<Mutant>> shares, List<Process> workers,
                                                  Path reportDir, int threads) throws IOException, InterruptedException {
        List<Path> results = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Path result = reportDir.resolve("worker-" + (i + 1) + ".json");
            Files.deleteIfExists(result);
            results.add(result);
            workers.add(start(shares.get(i), result, reportDir, threads));
        }
        Map<String, SelfTest.Outcome> byId = new HashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            Process worker = workers.get(i);
            boolean ended = worker.waitFor(WORKER_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                worker.destroyForcibly().waitFor();
            }
            if (Files.isRegularFile(results.get(i))) {
                for (Judged j : JSON.readValue(results.get(i).toFile(), new TypeReference<List<Judged>>() { })) {
                    byId.put(j.mutant(), new SelfTest.Outcome(MutantCatalogue.byId(j.mutant()),
                            j.catchers().stream().map(Catcher::toResult).toList(), j.scenariosRun(), j.note()));
                }
            }
            String why = ended ? "its worker JVM exited with " + worker.exitValue() + " before judging it"
                    : "its worker JVM did not finish within " + WORKER_TIMEOUT_MINUTES + " minutes";
            for (Mutant m : shares.get(i)) {
                byId.computeIfAbsent(m.id(), id -> new SelfTest.Outcome(m, List.of(), 0, "NOT JUDGED: " + why));
            }
        }
        return mutants.stream().map(m -> byId.get(m.id())).toList();
    }

    private static Process start(List<Mutant> share, Path result, Path reportDir, int threads) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ChildClasspath.current(), "org.kafkatck.tck.Tck", "self-test",
                "--worker", result.toAbsolutePath().toString(),
                "--report-dir", reportDir.toAbsolutePath().toString(), "--threads", Integer.toString(threads)));
        for (Mutant m : share) {
            command.add("--mutant");
            command.add(m.id());
        }
        // the worker's progress lines ("  <mutant> caught") go straight to this console
        return new ProcessBuilder(command).inheritIO().start();
    }
}
