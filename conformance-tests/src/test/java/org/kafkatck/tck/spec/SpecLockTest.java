package org.kafkatck.tck.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spec's version says what changed: features/spec-lock.txt must agree with the feature files. */
class SpecLockTest {
    private static final Path FEATURES = Path.of("..").toAbsolutePath().normalize().resolve("features");
    private static final String REFRESH = "java -cp conformance-tests/target/kafka-tck.jar "
            + "org.kafkatck.tck.spec.SpecLock update features";

    @Test
    void theLockDescribesTheSpecAtItsDeclaredVersion() throws Exception {
        SpecLock locked = SpecLock.read(FEATURES);
        SemanticVersion declared = SemanticVersion.parse(SpecIdentity.declaredVersion(FEATURES));
        SpecLock now = SpecLock.of(FEATURES, declared);
        assertThat(locked).as("features/spec-lock.txt exists").isNotNull();
        assertThat(locked.changeTo(now).describe())
                .as("the spec changed since features/spec-lock.txt was written; raise the version in "
                        + "features/spec.properties as docs/versions.md says, then run: " + REFRESH)
                .isEqualTo("no assertion changed");
        assertThat(locked.version()).as("features/spec.properties and the lock disagree; run: " + REFRESH)
                .isEqualTo(declared);
    }

    @Test
    void aNewScenarioNeedsAMinorVersion(@TempDir Path dir) throws Exception {
        spec(dir, "1.0.0", scenario("X-001", "@must", "a record is produced"));
        SpecLock.update(dir);
        spec(dir, "1.0.0", scenario("X-001", "@must", "a record is produced")
                + scenario("X-002", "@must", "a record is fetched"));
        assertThatThrownBy(() -> SpecLock.update(dir)).hasMessage("The spec changed since 1.0.0 (added [X-002]): its "
                + "version must be at least 1.1.0, but spec.properties says 1.0.0");
        spec(dir, "1.1.0", scenario("X-001", "@must", "a record is produced")
                + scenario("X-002", "@must", "a record is fetched"));
        assertThat(SpecLock.update(dir).version()).isEqualTo(new SemanticVersion(1, 1, 0));
    }

    @Test
    void aChangedMustNeedsAMajorVersionAndARenameNone(@TempDir Path dir) throws Exception {
        spec(dir, "1.0.0", scenario("X-001", "@must", "a record is produced"));
        SpecLock before = SpecLock.update(dir);
        Files.writeString(dir.resolve("x.feature"), Files.readString(dir.resolve("x.feature"))
                .replace("Scenario: X-001", "Scenario: renamed"));
        assertThat(before.changeTo(SpecLock.of(dir, before.version())).bump()).isEqualTo(SemanticVersion.Bump.NONE);
        spec(dir, "1.0.0", scenario("X-001", "@must", "two records are produced"));
        SpecLock.Change change = before.changeTo(SpecLock.of(dir, before.version()));
        assertThat(change.changed()).containsExactly("X-001");
        assertThat(change.bump()).isEqualTo(SemanticVersion.Bump.MAJOR);
        spec(dir, "1.9.0", scenario("X-001", "@must", "two records are produced"));
        assertThatThrownBy(() -> SpecLock.update(dir)).hasMessageContaining("must be at least 2.0.0");
    }

    @Test
    void aShouldChangedOrPromotedIsMinorAndAMustDemotedIsMajor(@TempDir Path dir) throws Exception {
        spec(dir, "1.0.0", scenario("X-001", "@should", "a record is produced")
                + scenario("X-002", "@must", "a record is fetched"));
        SpecLock before = SpecLock.update(dir);
        spec(dir, "1.0.0", scenario("X-001", "@must", "a record is produced")
                + scenario("X-002", "@must", "a record is fetched"));
        assertThat(before.changeTo(SpecLock.of(dir, before.version())).bump()).isEqualTo(SemanticVersion.Bump.MINOR);
        spec(dir, "1.0.0", scenario("X-001", "@should", "a record is produced")
                + scenario("X-002", "@should", "a record is fetched"));
        assertThat(before.changeTo(SpecLock.of(dir, before.version())).bump()).isEqualTo(SemanticVersion.Bump.MAJOR);
        spec(dir, "1.0.0", scenario("X-002", "@must", "a record is fetched"));
        SpecLock.Change removedShould = before.changeTo(SpecLock.of(dir, before.version()));
        assertThat(removedShould.removed()).containsExactly("X-001");
        assertThat(removedShould.bump()).isEqualTo(SemanticVersion.Bump.MINOR);
    }

    private static String scenario(String id, String level, String step) {
        return "  " + level + " @core @id:" + id + "\n  Scenario: " + id + "\n    When " + step + "\n\n";
    }

    private static void spec(Path dir, String version, String scenarios) throws Exception {
        Files.writeString(dir.resolve("spec.properties"), "version=" + version + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("x.feature"), "Feature: x\n\n" + scenarios, StandardCharsets.UTF_8);
    }
}
