package org.kafkatck.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.tck.report.RunScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TckOptionsTest {

    @Test
    void defaultsRunTheBundledSpecOnTheReferenceBroker() {
        TckOptions options = TckOptions.parse(new String[0]);
        assertThat(options.properties()).isEmpty();
        assertThat(options.featuresDir()).isNull();
        assertThat(options.reportDir()).isEqualTo(Path.of("tck-report"));
        assertThat(options.threads()).isEqualTo(4);
        assertThat(options.tags()).isEmpty();
    }

    @Test
    void bootstrapServersImplyTheExternalTarget() {
        TckOptions options = TckOptions.parse(new String[] {"--bootstrap-servers", "kafka:9092",
                "--client-property", "security.protocol=SASL_SSL", "--client-property", "sasl.mechanism=PLAIN"});
        assertThat(options.properties()).containsEntry("tck.target", "external")
                .containsEntry("tck.bootstrap.servers", "kafka:9092")
                .containsEntry("tck.client.security.protocol", "SASL_SSL")
                .containsEntry("tck.client.sasl.mechanism", "PLAIN");
    }

    @Test
    void aKafkaVersionImpliesTheApacheKafkaTarget() {
        TckOptions options = TckOptions.parse(new String[] {"--kafka-version", "4.0.1", "--kafka-cache", "/tmp/k"});
        assertThat(options.properties()).containsExactly(java.util.Map.entry("tck.kafka.version", "4.0.1"),
                java.util.Map.entry("tck.target", "apache-kafka"), java.util.Map.entry("tck.kafka.cache", "/tmp/k"));
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--kafka-version"}))
                .hasMessage("Missing required parameter for option '--kafka-version' (VERSION) (see --help)");
    }

    @Test
    void anExplicitTargetWins() {
        TckOptions options = TckOptions.parse(new String[] {"--target", "apache-kafka", "--bootstrap-servers", "x:1"});
        assertThat(options.properties()).containsEntry("tck.target", "apache-kafka");
    }

    @Test
    void imageImpliesTheContainerTarget() {
        TckOptions options = TckOptions.parse(new String[] {"--image", "apache/kafka:4.1.0", "--tags", "@core"});
        assertThat(options.properties()).containsEntry("tck.target", "container")
                .containsEntry("tck.container.image", "apache/kafka:4.1.0");
        assertThat(options.tags()).isEqualTo("@core");
    }

    @Test
    void badCommandLinesGetOneLineErrors() {
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--target", "zookeeper"}))
                .hasMessage("--target must be one of [reference, external, apache-kafka, container], got 'zookeeper'");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--threads", "many"}))
                .hasMessage("--threads must be a number from 1 to 64, got 'many'");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--tags"}))
                .hasMessage("Missing required parameter for option '--tags' (EXPRESSION) (see --help)");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--client-property", "novalue"}))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--features", "/no/such/dir"}))
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--frobnicate"}))
                .hasMessage("Unknown option: '--frobnicate' (see --help)");
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--exclude-file", "/no/such/file"}))
                .hasMessage("--exclude-file '/no/such/file' is not readable");
    }

    @Test
    void exclusionsAreRepeatable() {
        TckOptions options = TckOptions.parse(new String[] {"--exclude", "FETCH-001", "--exclude", "@id:GROUP-002"});
        assertThat(options.excludeIds()).containsExactly("FETCH-001", "@id:GROUP-002");
        assertThat(options.excludeFile()).isNull();
    }

    @Test
    void theUsageNamesEveryOption() {
        assertThat(TckOptions.usage()).startsWith("Usage: java -jar kafka-tck.jar [options]\n")
                .contains("--target=KIND", "--bootstrap-servers=LIST", "--tags=EXPRESSION", "--exclude=ID",
                        "--exclude-file=FILE", "--report-dir=DIR", "--threads=N", "-h, --help")
                .contains("TCK_BOOTSTRAP_SERVERS");
    }

    @Test
    void anExclusionOfAnUnknownIdIsABadCommandLine() {
        assertThat(Tck.run(new String[] {"--exclude", "NOPE-999"})).isEqualTo(2);
    }

    @Test
    void aCopyOfTheSpecCertifiesAndAnEditedOneIsPartial(@TempDir Path dir) throws Exception {
        Path features = Path.of("..").toAbsolutePath().normalize().resolve("features");
        try (Stream<Path> files = Files.walk(features)) {
            for (Path file : files.toList()) {
                Path copy = dir.resolve(features.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        RunScope copy = Tck.scope(TckOptions.parse(new String[] {"--features", dir.toString()}));
        assertThat(copy.partialReasons()).as("an unedited copy is the bundled spec").isEmpty();
        assertThat(copy.spec().edited()).isFalse();
        Path fetch = dir.resolve("core/fetch.feature");
        Files.writeString(fetch, Files.readString(fetch).replaceFirst("Then ", "And "));
        RunScope edited = Tck.scope(TckOptions.parse(new String[] {"--features", dir.toString()}));
        assertThat(edited.spec().edited()).isTrue();
        assertThat(edited.partialReasons()).singleElement().asString()
                .startsWith("the spec was read from " + dir + " and differs from the spec bundled in this TCK (sha256 ");
    }

    @Test
    void exitCodeTwoForABadCommandLine() {
        assertThat(Tck.run(new String[] {"--threads", "0"})).isEqualTo(2);
        assertThat(Tck.run(new String[] {"--help"})).isZero();
    }

    @Test
    void securityBecomesTckSecurity() {
        assertThat(TckOptions.parse(new String[] {"--security", "SASL_SSL"}).properties())
                .containsExactly(java.util.Map.entry("tck.security", "sasl_ssl"));
        assertThatThrownBy(() -> TckOptions.parse(new String[] {"--security", "tls"}))
                .hasMessage("--security must be one of [plaintext, sasl_ssl], got 'tls'");
    }
}
