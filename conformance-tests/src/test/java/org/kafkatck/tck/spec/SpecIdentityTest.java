package org.kafkatck.tck.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A run names the spec it read by version and content hash, and tells an edited copy from the bundled one. */
class SpecIdentityTest {
    private static final Path FEATURES = Path.of("..").toAbsolutePath().normalize().resolve("features");

    @Test
    void theBundledSpecIsTheRepositorysSpec() throws Exception {
        SpecIdentity bundled = SpecIdentity.bundled();
        assertThat(bundled.version()).isEqualTo(SpecIdentity.declaredVersion(FEATURES)).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(bundled.sha256()).hasSize(64).isEqualTo(SpecHash.of(FEATURES));
        assertThat(bundled.edited()).isFalse();
    }

    @Test
    void aCopyIsTheSameSpecAndAnEditIsNot(@TempDir Path dir) throws Exception {
        copy(FEATURES, dir);
        SpecIdentity copy = SpecIdentity.of(dir);
        assertThat(copy.edited()).as("an unchanged copy").isFalse();
        assertThat(copy.source()).isEqualTo(dir.toString());
        Path produce = dir.resolve("core/produce.feature");
        Files.writeString(produce, Files.readString(produce).replace("Then ", "And "));
        assertThat(SpecIdentity.of(dir).edited()).as("an edited copy").isTrue();
    }

    @Test
    void lineEndingsDoNotChangeTheHash(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.feature"), "Feature: a\n  Scenario: b\n    When c\n");
        String unix = SpecHash.of(dir);
        Files.writeString(dir.resolve("a.feature"), "Feature: a\r\n  Scenario: b\r\n    When c\r\n");
        assertThat(SpecHash.of(dir)).isEqualTo(unix);
        Files.writeString(dir.resolve("a.feature"), "Feature: a\n  Scenario: b\n    When d\n");
        assertThat(SpecHash.of(dir)).isNotEqualTo(unix);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
