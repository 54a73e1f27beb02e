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
}
