package org.kafkatck.broker.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ahead-of-time cache the build makes on JDK 25 and later ({@code target/reference-broker.aot}, see
 * {@link org.kafkatck.broker.AotTraining}) serves the packaged jar: started with {@code -XX:AOTMode=on}, which
 * makes the JVM refuse a cache it cannot use instead of ignoring it, the broker starts, loads its logs and answers
 * clients, before and after a restart with partitions on disk.
 */
class AotCacheIT {
    private static final Path CACHE = Path.of("target", "reference-broker.aot").toAbsolutePath();

    @Test
    void thePackagedBrokerStartsWithTheCacheTheBuildMade(@TempDir Path dataDir) throws Exception {
        if (Runtime.version().feature() < 25) {
            assertThat(CACHE).as("made only by JDK 25 and later").doesNotExist();
            return;
        }
        assertThat(CACHE).as("the build's AOT cache").isRegularFile();
        String[] withCache = {"-XX:AOTMode=on", "-XX:AOTCache=" + CACHE};
        try (BrokerProcess broker = BrokerProcess.start(dataDir, "", withCache)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("cached", 8, (short) 1))).all().get();
            }
        }
        try (BrokerProcess broker = BrokerProcess.start(dataDir, "", withCache)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.describeTopics(List.of("cached")).allTopicNames().get().get("cached").partitions())
                        .hasSize(8);
            }
            assertThat(broker.health().statusCode()).isEqualTo(200);
            assertThat(broker.output()).noneMatch(line -> line.contains("[aot]") || line.contains("[cds]"));
        }
        assertThat(Files.isDirectory(dataDir.resolve("cached").resolve("7"))).isTrue();
    }

    @Test
    void theReadmeCommandUsesTheCache(@TempDir Path dataDir) throws Exception {
        if (Runtime.version().feature() < 25) {
            return;
        }
        Path root = Path.of("..").toAbsolutePath().normalize();
        String command = "java -XX:AOTCache=reference-broker/target/reference-broker.aot -jar"
                + " reference-broker/target/reference-broker.jar";
        assertThat(Files.readAllLines(root.resolve("README.md"))).as("the command the README gives").contains(command);
        List<String> java = new java.util.ArrayList<>(List.of(command.split(" ")));
        java.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // as typed, from the repository root, with relative paths; the environment keeps it off fixed ports
        try (BrokerProcess broker = BrokerProcess.run(root, Map.of("BROKER_HOST", "127.0.0.1", "BROKER_PORT", "0",
                "BROKER_HTTP_PORT", "0", "BROKER_STORAGE_DIR", dataDir.toString()), java)) {
            assertThat(broker.health().statusCode()).isEqualTo(200);
            // a cache the JVM cannot use is reported as "[error][aot] ..." and ignored
            assertThat(broker.output()).noneMatch(line -> line.contains("[aot]") || line.contains("[cds]"));
        }
    }
}
