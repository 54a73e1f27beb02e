package org.kafkatck.tck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --kafka-version} against Maven Central itself (this test needs the network; it runs in the
 * {@code kafka-matrix} profile): a version that was never released is refused in one line, at once.
 */
class KafkaVersionIT {

    @TempDir
    Path cache;

    @AfterEach
    void forgetTheTarget() {
        // Tck.run turns its options into tck.* system properties of this JVM
        System.clearProperty("tck.target");
        System.clearProperty("tck.kafka.version");
        System.clearProperty("tck.kafka.cache");
    }

    @Test
    void anUnreleasedVersionIsOneLineNamingItAndWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        int exit;
        try {
            exit = Tck.run(new String[] {"--kafka-version", "9.9.9", "--kafka-cache", cache.toString(),
                    "--report-dir", cache.resolve("report").toString()});
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("NOT COMPATIBLE — target unusable: Apache Kafka 9.9.9"
                + " cannot be resolved from https://repo.maven.apache.org/maven2/: Could not find artifact"
                + " org.apache.kafka:kafka_2.13:jar:9.9.9 in central (https://repo.maven.apache.org/maven2/)"
                + System.lineSeparator());
        assertThat(System.nanoTime() - started).as("no hang").isLessThan(60_000_000_000L);
    }
}
