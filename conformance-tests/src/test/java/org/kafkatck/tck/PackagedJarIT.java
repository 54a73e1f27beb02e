package org.kafkatck.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands as a user types them: the packaged {@code kafka-tck.jar} (with its
 * {@code libs/} next to it), started by a relative path from the repository root. This is what runs
 * the TCK and the benchmark outside Maven, where the classpath is the jar's manifest and every child
 * JVM (Apache Kafka, the reference broker as a process) runs in a working directory of its own.
 *
 * <p>Tag subsets and a tiny record count keep it short: what is tested here is the packaging and the
 * launch, not the spec (the whole spec runs against both brokers in the other executions).
 */
class PackagedJarIT {
    /** The jar as README.md names it: relative to the repository root. */
    private static final String JAR = "conformance-tests/target/kafka-tck.jar";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static Path root;
    private static Path output;

    @BeforeAll
    static void packagedJarAndReadme() throws IOException {
        root = Path.of(System.getProperty("tck.repository.root", "..")).toAbsolutePath().normalize();
        output = Files.createDirectories(root.resolve("conformance-tests/target/packaged-jar-it"));
        assertThat(root.resolve(JAR)).as("the packaged TCK (the package phase builds it)").isRegularFile();
        List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("the commands this test runs are the README's")
                .anyMatch(line -> line.endsWith(" && java -jar " + JAR))
                .contains("java -jar " + JAR + " bench")
                .contains("java -jar " + JAR + " self-test");
    }

    @Test
    void theDefaultTargetIsTheReferenceBrokerInProcess() throws Exception {
        Run run = run("reference", "--tags", "@core or @compression", "--exclude", "PRODUCE-002",
                "--report-dir", "conformance-tests/target/packaged-jar-it/reference");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.lines()).as(run.describe())
                .anyMatch(line -> line.matches("Kafka TCK \\S+ — spec \\d+\\.\\d+\\.\\d+ \\(sha256 [0-9a-f]{12}, bundled\\)"))
                .anyMatch(line -> line.matches("Target 127\\.0\\.0\\.1:\\d+ \\(reference broker, in-process\\)"))
                .contains("  PRODUCE-002 [excluded locally] excluded on the command line")
                .anyMatch(line -> line.startsWith("[EXCL] PRODUCE-002 "))
                .anyMatch(line -> line.matches("core +(\\d+)/\\1 +(\\d+)/\\2 +PASSED"))
                .anyMatch(line -> line.matches("compression +(\\d+)/\\1 +(\\d+)/\\2 +PASSED"))
                .anyMatch(line -> line.startsWith("Verdict: PARTIAL — only the scenarios tagged @core or @compression ran;"
                        + " 1 scenario was excluded locally (PRODUCE-002)"))
                .noneMatch(line -> line.contains("COMPATIBLE"));
        // relative to the working directory, as the user meant it
        assertThat(output.resolve("reference/report.json")).isRegularFile();
        assertThat(Files.readAllLines(output.resolve("reference/certification.txt")))
                .startsWith("Kafka TCK conformance summary", "", "Verdict      PARTIAL (certifies nothing)")
                .contains("Excluded     PRODUCE-002 [excluded locally] excluded on the command line");
        assertThat(output.resolve("reference/report.html")).as("the TCK's own page").isRegularFile()
                .content(StandardCharsets.UTF_8).contains("<div id=\"verdict\" class=\"verdict v-partial\">PARTIAL</div>");
        assertThat(output.resolve("reference/cucumber.html")).as("Cucumber's report, beside it").isRegularFile();
    }

    @Test
    void apacheKafkaRunsInAChildJvm() throws Exception {
        Run run = run("apache-kafka", "--target", "apache-kafka", "--tags", "@api:ApiVersions",
                "--report-dir", "conformance-tests/target/packaged-jar-it/apache-kafka");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.lines()).as(run.describe())
                .anyMatch(line -> line.matches("Target 127\\.0\\.0\\.1:\\d+ \\(Apache Kafka [^,]+, KRaft, child JVM\\)"))
                .anyMatch(line -> line.matches("core +(\\d+)/\\1 +(\\d+)/\\2 +PASSED"))
                .anyMatch(line -> line.startsWith("Verdict: PARTIAL — only the scenarios tagged @api:ApiVersions ran"));
    }

    @Test
    void theReferenceBrokerSecuredWithSaslSslServesRawFramesAfterAuthentication() throws Exception {
        // certificates from keytool and the broker's SelfSignedCertificates, both found from the packaged jar
        Run run = run("reference-sasl-ssl", "--security", "sasl_ssl", "--tags", "@robustness",
                "--report-dir", "conformance-tests/target/packaged-jar-it/reference-sasl-ssl");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.lines()).as(run.describe())
                .anyMatch(line -> line.matches("Target 127\\.0\\.0\\.1:\\d+ \\(reference broker, in-process, SASL_SSL\\)"))
                .anyMatch(line -> line.matches("robustness +(\\d+)/\\1 +(\\d+)/\\2 +PASSED"))
                .anyMatch(line -> line.startsWith("Verdict: PARTIAL — only the scenarios tagged @robustness ran"));
    }

    @Test
    void benchStartsBothBrokersAsChildJvmsAndPrintsTheTable() throws Exception {
        bench("bench", List.of(), "security plaintext (PLAINTEXT listener, no authentication, no authorizer)",
                "KRaft, child JVM)", "(reference broker, child JVM, disk storage)");
    }

    @Test
    void benchOverSaslSslSecuresBothBrokersAlike() throws Exception {
        bench("bench-sasl-ssl", List.of("--security", "sasl_ssl"), "security sasl_ssl (SASL_SSL listener: TLS with a"
                        + " self-signed certificate, SCRAM-SHA-512 as the super user admin, authorizer on)",
                "KRaft, child JVM, SASL_SSL)", "(reference broker, child JVM, disk storage, SASL_SSL)");
    }

    /** Runs the smallest bench with {@code options} and checks the header, every row and each target's line. */
    private void bench(String name, List<String> options, String security, String kafka, String reference)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("bench", "--records", "1000", "--partitions", "1",
                "--runs", "1", "--warmup", "0", "--e2e-records", "100", "--e2e-rate", "1000", "--heap", "256m"));
        args.addAll(options);
        Run run = run(name, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> lines = run.lines();
        assertThat(lines).as(run.describe())
                .contains("Kafka TCK bench — 1000 records x 100 B per throughput phase, end-to-end 100 records at 1000/s;"
                        + " 0 warm-up + 1 counted runs, median; targets alternate within each run; transactions of 100 ms; "
                        + security + "; the reference broker's JVMs start with the JDK's AOT cache, as its build ships it"
                        + " (--no-aot-cache: without)")
                .anyMatch(line -> line.startsWith("bench: 127.0.0.1:") && line.contains(" " + kafka))
                .anyMatch(line -> line.startsWith("bench: 127.0.0.1:") && line.contains(" " + reference))
                .noneMatch(line -> line.contains("FAILED") || line.startsWith("failed runs"))
                .anyMatch(line -> line.matches("apache-kafka: first Metadata answer \\d+ ms after process start,"
                        + " resident memory after the load \\d+ MB"))
                .anyMatch(line -> line.matches("reference: first Metadata answer \\d+ ms after process start,"
                        + " resident memory after the load \\d+ MB"));
        for (String target : List.of("apache-kafka", "reference")) {
            for (String phase : List.of("produce acks=1", "produce acks=all idem.", "produce transactional", "consume",
                    "end-to-end @1000/s")) {
                String row = String.format("%-14s %-5d %-22s ", target, 1, phase);
                assertThat(lines).as("the row of %s, %s in%n%s", target, phase, run.describe())
                        .anyMatch(line -> line.startsWith(row) && line.substring(row.length()).matches(" *\\d+ .*"));
            }
        }
    }

    @Test
    void theSelfTestCatchesEveryMutant() throws Exception {
        Run run = run("self-test", Duration.ofMinutes(15), "self-test",
                "--report-dir", "conformance-tests/target/packaged-jar-it/self-test");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.lines()).as(run.describe())
                .anyMatch(line -> line.startsWith("Control: the unmutated reference broker passes all"))
                .noneMatch(line -> line.contains("SURVIVED"))
                .anyMatch(line -> line.matches("Mutation score: (\\d+)/\\1 \\(100%\\) in \\d+ s"));
        long mutants = run.lines().stream().filter(line -> line.matches("\\S+ +\\S+ +CAUGHT .*")).count();
        assertThat(mutants).as("mutants in the catalogue").isGreaterThanOrEqualTo(40);
    }

    /** A finished run: its exit code and everything it printed. */
    private record Run(String name, List<String> command, int exitCode, List<String> lines) {
        String describe() {
            return String.join(" ", command) + " (in " + root + ") exited with " + exitCode + ", printing:\n"
                    + String.join("\n", lines);
        }
    }

    /** Runs {@code java -jar conformance-tests/target/kafka-tck.jar ARGS} in the repository root. */
    private static Run run(String name, String... args) throws Exception {
        return run(name, TIMEOUT, args);
    }

    private static Run run(String name, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
        command.addAll(List.of(args));
        Path log = output.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the developer's TCK_* settings would choose another target than the one under test
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("TCK_"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(name, command, process.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
    }
}
