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

/**
 * Clients of other ecosystems against the reference broker: KafkaJS, kcat (librdkafka), kafka-python
 * and confluent-kafka-python (librdkafka). Each runs its check script from {@code src/test/clients}
 * against a broker started here on an ephemeral port. A client that is not installed on the machine
 * is reported as skipped with the reason ({@code .ci/run} installs them), never passed silently.
 */
class ClientCompatibilityIT {
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

    private static void assertPassed(Run run, int expectedChecks) {
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        List<String> passed = new ArrayList<>(run.output().lines().filter(l -> l.startsWith("ok - ")).toList());
        assertThat(passed).as("checks passed; output:%n%s", run.output()).hasSizeGreaterThanOrEqualTo(expectedChecks);
    }

    @Test
    void kafkaJs() throws Exception {
        Assumptions.assumeTrue(available("node", "--version"), "KafkaJS skipped: node is not installed");
        Path dir = CLIENTS.resolve("kafkajs");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("kafkajs"))) {
            Assumptions.assumeTrue(available("npm", "--version"), "KafkaJS skipped: npm is not installed");
            Run install = run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
            Assumptions.assumeTrue(install.exitCode() == 0,
                    "KafkaJS skipped: npm ci could not install it: " + install.output().lines().reduce((a, b) -> b).orElse(""));
        }
        assertPassed(run(dir, 180, "node", "check.js", broker.bootstrapServers()), 8);
    }

    @Test
    void kcat() throws Exception {
        Assumptions.assumeTrue(available("kcat", "-V"), "kcat skipped: not installed (apt-get install kcat)");
        assertPassed(run(CLIENTS.resolve("kcat"), 180, "bash", "kcat_check.sh", broker.bootstrapServers()), 5);
    }

    @Test
    void kafkaPython() throws Exception {
        Assumptions.assumeTrue(available(PYTHON, "-c", "import kafka"),
                "kafka-python skipped: not installed (apt-get install python3-kafka)");
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "kafka_python_check.py", broker.bootstrapServers()), 5);
    }

    @Test
    void confluentKafkaPython() throws Exception {
        Assumptions.assumeTrue(available(PYTHON, "-c", "import confluent_kafka"),
                "confluent-kafka-python skipped: not installed (apt-get install python3-confluent-kafka)");
        assertPassed(run(CLIENTS.resolve("python"), 180, PYTHON, "confluent_kafka_check.py",
                broker.bootstrapServers()), 5);
    }
}
