package org.kafkatck.broker.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Clients of other ecosystems against the reference broker: KafkaJS, kcat (librdkafka), kafka-python
 * and confluent-kafka-python (librdkafka). Each runs its check script from {@code src/test/clients}
 * against a broker started here on an ephemeral port.
 *
 * <p>These clients are part of what the project promises, so a client that is not installed fails
 * its test, with the command that installs it ({@code .ci/run} installs them all). A developer
 * without some of them may pass {@code -Dclients.allowMissing=true}: a missing client is then
 * skipped, with a warning on the console, and the run no longer checks it.
 */
class ClientCompatibilityIT {
    /** The explicit opt-out; never set by {@code .ci/run}. */
    private static final String ALLOW_MISSING = "clients.allowMissing";
    private static final Path CLIENTS = Path.of("src", "test", "clients");
    private static final String PYTHON = "/usr/bin/python3";
    private static ReferenceBroker broker;

    @BeforeAll
    static void start() {
        broker = ReferenceBroker.start(BrokerConfig.forTests());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** The outcome of a command. */
    private record Run(int exitCode, String output) {
    }

    private static Run run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-check", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        return new Run(finished ? process.exitValue() : -1, finished ? output : output + "\n(timed out)");
    }

    private static boolean available(String... probe) {
        try {
            return run(Path.of("."), 30, probe).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Fails the test, or with {@value #ALLOW_MISSING} skips it loudly, when a client is missing.
     *
     * @param client  what is missing, as a person names it
     * @param install the command that installs it
     * @param probe   a command that succeeds only when the client is there
     */
    private static void require(String client, String install, String... probe) {
        if (!available(probe)) {
            missing(client + " is not installed (`" + String.join(" ", probe) + "` failed)", install);
        }
    }

    private static void missing(String problem, String install) {
        String message = problem + "; the client-compatibility tests need it. Install it with `" + install
                + "` (.ci/run does).";
        if (Boolean.getBoolean(ALLOW_MISSING)) {
            System.err.println("WARNING: " + message + " SKIPPED because -D" + ALLOW_MISSING
                    + "=true: this run does not check that client.");
            Assumptions.abort(message + " Skipped on request (-D" + ALLOW_MISSING + "=true).");
        }
        fail(message + " (Only on a developer machine: -D" + ALLOW_MISSING + "=true skips a missing client.)");
    }

    private static void assertPassed(Run run, int expectedChecks) {
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        List<String> passed = new ArrayList<>(run.output().lines().filter(l -> l.startsWith("ok - ")).toList());
        assertThat(passed).as("checks passed; output:%n%s", run.output()).hasSizeGreaterThanOrEqualTo(expectedChecks);
    }

    @Test
    void kafkaJs() throws Exception {
        require("Node.js", "apt-get install nodejs npm", "node", "--version");
        Path dir = CLIENTS.resolve("kafkajs");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("kafkajs"))) {
            require("npm", "apt-get install npm", "npm", "--version");
            Run install = run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
            if (install.exitCode() != 0) {
                missing("KafkaJS could not be installed: `npm ci` in " + dir + " exited with " + install.exitCode()
                        + ": " + install.output().lines().reduce((a, b) -> b).orElse(""),
                        "cd " + dir + " && npm ci (needs the npm registry)");
            }
        }
        assertPassed(run(dir, 180, "node", "check.js", broker.bootstrapServers()), 8);
    }

    @Test
    void kcat() throws Exception {
        require("kcat", "apt-get install kcat", "kcat", "-V");
        assertPassed(run(CLIENTS.resolve("kcat"), 180, "bash", "kcat_check.sh", broker.bootstrapServers()), 5);
    }

    @Test
    void kafkaPython() throws Exception {
        require("kafka-python (for " + PYTHON + ")", "apt-get install python3-kafka", PYTHON, "-c", "import kafka");
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "kafka_python_check.py", broker.bootstrapServers()), 5);
    }

    @Test
    void confluentKafkaPython() throws Exception {
        require("confluent-kafka-python (for " + PYTHON + ")", "apt-get install python3-confluent-kafka", PYTHON,
                "-c", "import confluent_kafka");
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "confluent_kafka_check.py",
                broker.bootstrapServers()), 5);
    }
}
