package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resolving a Kafka version with Maven Resolver, without network: the "remote" repository is a
 * directory reached through a {@code file:} URL, and a fake {@code ~/.m2/repository} another.
 */
class KafkaDistributionTest {

    @TempDir
    Path dir;

    @Test
    void aVersionResolvesToKafkaAndItsRuntimeDependenciesInTheCache() throws Exception {
        Path remote = fakeRepository(dir.resolve("remote"));
        Path cache = dir.resolve("cache");
        KafkaDistribution kafka = new KafkaDistribution.Resolver(cache, dir.resolve("no-m2"), remote.toUri().toString())
                .resolve("9.0.0");

        Path repository = cache.resolve("9.0.0/repository");
        assertThat(kafka.version()).isEqualTo("9.0.0");
        assertThat(kafka.classpath()).containsExactly(
                repository.resolve("org/apache/kafka/kafka_2.13/9.0.0/kafka_2.13-9.0.0.jar").toAbsolutePath(),
                repository.resolve("org/example/runtime-dep/1.0/runtime-dep-1.0.jar").toAbsolutePath());
        assertThat(Files.readAllLines(cache.resolve("9.0.0/classpath.txt")))
                .containsExactlyElementsOf(kafka.classpath().stream().map(Path::toString).toList());
    }

    @Test
    void aKafkaBeforeFourGetsReload4jSoItsBrokerLogs() throws Exception {
        Path remote = dir.resolve("remote");
        artifact(remote, "org.apache.kafka", "kafka_2.13", "3.9.9", """
                <dependencies>
                  <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>1.7.36</version></dependency>
                </dependencies>
                """);
        artifact(remote, "org.slf4j", "slf4j-api", "1.7.36", "");
        artifact(remote, "org.slf4j", "slf4j-reload4j", "1.7.36", """
                <dependencies>
                  <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>1.7.36</version></dependency>
                </dependencies>
                """);
        KafkaDistribution kafka = new KafkaDistribution.Resolver(dir.resolve("cache"), null, remote.toUri().toString())
                .resolve("3.9.9");
        assertThat(kafka.classpath()).extracting(p -> p.getFileName().toString())
                .containsExactly("kafka_2.13-3.9.9.jar", "slf4j-api-1.7.36.jar", "slf4j-reload4j-1.7.36.jar");
    }

    @Test
    void aCachedVersionIsReusedWithoutAnyRepository() throws Exception {
        Path remote = fakeRepository(dir.resolve("remote"));
        Path cache = dir.resolve("cache");
        KafkaDistribution first = new KafkaDistribution.Resolver(cache, null, remote.toUri().toString()).resolve("9.0.0");

        KafkaDistribution again = new KafkaDistribution.Resolver(cache, null, dir.resolve("gone").toUri().toString())
                .resolve("9.0.0");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aLocalMavenRepositoryIsReadFirstAndNotWritten() throws Exception {
        Path m2 = fakeRepository(dir.resolve("m2"));
        Path cache = dir.resolve("cache");
        KafkaDistribution kafka = new KafkaDistribution.Resolver(cache, m2, dir.resolve("offline").toUri().toString())
                .resolve("9.0.0");

        assertThat(kafka.classpath()).containsExactly(
                m2.resolve("org/apache/kafka/kafka_2.13/9.0.0/kafka_2.13-9.0.0.jar").toAbsolutePath(),
                m2.resolve("org/example/runtime-dep/1.0/runtime-dep-1.0.jar").toAbsolutePath());
        assertThat(Files.exists(m2.resolve("org/apache/kafka/kafka_2.13/9.0.0/_remote.repositories"))).isFalse();
    }

    @Test
    void anUnknownVersionIsOneLineNamingTheVersionAndWhy() throws Exception {
        Path remote = fakeRepository(dir.resolve("remote"));
        String url = remote.toUri().toString();
        assertThatThrownBy(() -> new KafkaDistribution.Resolver(dir.resolve("cache"), null, url).resolve("9.9.9"))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("Apache Kafka 9.9.9 cannot be resolved from " + url
                        + ": Could not find artifact org.apache.kafka:kafka_2.13:jar:9.9.9 in central (" + url + ")");
        assertThat(Files.exists(dir.resolve("cache/9.9.9/classpath.txt"))).isFalse();
    }

    @Test
    void aVersionThatIsNoReleaseNumberIsRefusedBeforeAnyLookUp() {
        assertThatThrownBy(() -> new KafkaDistribution.Resolver(dir, null, "file:/nowhere/").resolve("4.0"))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("Apache Kafka version '4.0' is not a released version number (expected e.g. 4.0.1)");
        assertThatThrownBy(() -> new KafkaDistribution.Resolver(dir, null, "file:/nowhere/").resolve("../4.0.1"))
                .hasMessageStartingWith("Apache Kafka version '../4.0.1' is not a released version number");
    }

    @Test
    void theBundledVersionNeedsNoResolution() {
        KafkaDistribution bundled = KafkaDistribution.of(KafkaDistribution.bundledVersion(), dir);
        assertThat(bundled.version()).isEqualTo("4.4.0");
        assertThat(KafkaDistribution.of("", dir).version()).isEqualTo("4.4.0");
        assertThat(dir).isEmptyDirectory();
    }

    /** kafka_2.13 9.0.0 with one runtime dependency, and a test dependency that must not be resolved. */
    private static Path fakeRepository(Path root) throws IOException {
        artifact(root, "org.apache.kafka", "kafka_2.13", "9.0.0", """
                <dependencies>
                  <dependency><groupId>org.example</groupId><artifactId>runtime-dep</artifactId><version>1.0</version>
                    <scope>runtime</scope></dependency>
                  <dependency><groupId>org.example</groupId><artifactId>test-dep</artifactId><version>1.0</version>
                    <scope>test</scope></dependency>
                </dependencies>
                """);
        artifact(root, "org.example", "runtime-dep", "1.0", "");
        return root;
    }

    private static void artifact(Path root, String group, String artifact, String version, String dependencies)
            throws IOException {
        Path dir = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                  %s
                </project>
                """.formatted(group, artifact, version, dependencies), StandardCharsets.UTF_8);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(artifact + "-" + version + ".jar")))) {
            jar.flush();
        }
    }
}
