package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec's {@code @since}/{@code @until} tags: which Kafka versions a scenario holds on, and their form. */
class VersionTagsTest {

    @TempDir
    Path dir;

    @Test
    void sinceHoldsFromThatMinorVersionOn() {
        List<String> tags = List.of("@must", "@since:4.0", "@id:A-001");
        assertThat(VersionTags.excludedBy(tags, Optional.of("3.9.1"))).contains("@since:4.0");
        assertThat(VersionTags.excludedBy(tags, Optional.of("4.0.0"))).isEmpty();
        assertThat(VersionTags.excludedBy(tags, Optional.of("4.4.0"))).isEmpty();
        assertThat(VersionTags.excludedBy(tags, Optional.of("5.0.0"))).isEmpty();
    }

    @Test
    void untilHoldsUpToAndIncludingThatMinorVersion() {
        List<String> tags = List.of("@until:3.9");
        assertThat(VersionTags.excludedBy(tags, Optional.of("3.8.0"))).isEmpty();
        assertThat(VersionTags.excludedBy(tags, Optional.of("3.9.2"))).isEmpty();
        assertThat(VersionTags.excludedBy(tags, Optional.of("4.0.1"))).contains("@until:3.9");
    }

    @Test
    void bothBoundsMakeARange() {
        List<String> tags = List.of("@since:4.0", "@until:4.2");
        assertThat(VersionTags.appliesTo(tags, Optional.of("3.9.1"))).isFalse();
        assertThat(VersionTags.appliesTo(tags, Optional.of("4.1.1"))).isTrue();
        assertThat(VersionTags.appliesTo(tags, Optional.of("4.3.0"))).isFalse();
        assertThat(VersionTags.excludedBy(tags, Optional.of("4.3.0"))).contains("@until:4.2");
    }

    @Test
    void versionsCompareAsNumbersNotText() {
        assertThat(VersionTags.appliesTo(List.of("@since:4.9"), Optional.of("4.10.0"))).isTrue();
        assertThat(VersionTags.appliesTo(List.of("@since:4.10"), Optional.of("4.9.0"))).isFalse();
        assertThat(VersionTags.appliesTo(List.of("@since:4.1"), Optional.of("4.1.0-rc2"))).isTrue();
    }

    @Test
    void everyScenarioAppliesWhenTheVersionIsUnknown() {
        List<String> tags = List.of("@since:9.0", "@until:1.0");
        assertThat(VersionTags.excludedBy(tags, Optional.empty())).isEmpty();
        assertThat(VersionTags.excludedBy(tags, Optional.of("trunk"))).isEmpty();
        assertThat(VersionTags.appliesTo(List.of("@must"), Optional.of("3.9.1"))).isTrue();
    }

    @Test
    void malformedVersionTagsAreIgnoredByTheRunner() {
        // the spec check below refuses them; the runner must not guess what they meant
        assertThat(VersionTags.appliesTo(List.of("@since:4", "@since:4.0.1", "@Since:9.0"), Optional.of("3.9.1")))
                .isTrue();
    }

    @Test
    void theSpecsVersionTagsAreWellFormed() throws Exception {
        Path features = Path.of("..").toAbsolutePath().normalize().resolve("features");
        assertThat(VersionTags.problems(features))
                .as("version tags: @since:MAJOR.MINOR / @until:MAJOR.MINOR (docs/grading-a-broker.md)")
                .isEmpty();
    }

    @Test
    void malformedVersionTagsAreRefusedWhereverTheyStand() throws Exception {
        Files.writeString(dir.resolve("a.feature"), """
                @since:4
                Feature: f
                  @must @id:A-001 @since:4.0.1
                  Scenario: one
                    Given x

                  @must @id:A-002 @Until:3.9 @since4.0
                  Scenario Outline: two <n>
                    Given x

                    @until:three
                    Examples:
                      | n |
                      | 1 |
                """, StandardCharsets.UTF_8);
        assertThat(VersionTags.problems(dir)).containsExactly(
                "a.feature:1: malformed version tag @since:4 (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)",
                "a.feature:3: malformed version tag @since:4.0.1 (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)",
                "a.feature:7: malformed version tag @Until:3.9 (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)",
                "a.feature:7: malformed version tag @since4.0 (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)",
                "a.feature:11: malformed version tag @until:three (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)");
    }

    @Test
    void aScenarioHasAtMostOneBoundOfEachKindAndANonEmptyRange() throws Exception {
        Files.writeString(dir.resolve("a.feature"), """
                @since:4.0
                Feature: f
                  @must @id:A-001 @since:4.1
                  Scenario: one
                    Given x

                  @must @id:A-002 @until:3.9
                  Scenario: two
                    Given x

                  @must @id:A-003 @until:4.0
                  Scenario: three
                    Given x
                """, StandardCharsets.UTF_8);
        assertThat(VersionTags.problems(dir)).containsExactly(
                "a.feature:4: scenario \"one\" has more than one @since or @until tag",
                "a.feature:8: scenario \"two\" holds on no version: @since:4.0 is after @until:3.9");
    }
}
