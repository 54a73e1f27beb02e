package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scenario of the spec has exactly one well-formed, unique, unretired assertion id. */
class AssertionIdsTest {

    @TempDir
    Path dir;

    @Test
    void everyScenarioOfTheSpecHasOneUniqueId() throws Exception {
        Path features = Path.of("..").toAbsolutePath().normalize().resolve("features");
        assertThat(Files.exists(features.resolve(AssertionIds.RETIRED_FILE))).isTrue();
        assertThat(AssertionIds.problems(features))
                .as("assertion ids (docs/assertion-ids.md): add an @id:AREA-NNN tag, never reuse one")
                .isEmpty();
    }

    @Test
    void aScenarioWithoutAnIdIsNamedByFileAndLine() throws Exception {
        feature("a.feature", """
                Feature: f
                  @must @id:A-001
                  Scenario: one
                    Given x

                  @must
                  Scenario: two
                    Given x
                """);
        assertThat(AssertionIds.problems(dir)).containsExactly("a.feature:7: scenario \"two\" has no @id:AREA-NNN tag");
    }

    @Test
    void anIdUsedTwiceNamesBothPlaces() throws Exception {
        feature("a.feature", """
                Feature: f
                  @must @id:A-001
                  Scenario: one
                    Given x
                """);
        feature("b.feature", """
                Feature: g
                  @must @id:A-001
                  Scenario Outline: two <n>
                    Given x
                    Examples:
                      | n |
                      | 1 |
                """);
        assertThat(AssertionIds.problems(dir)).containsExactly("b.feature:2: id A-001 is already used at a.feature:2");
    }

    @Test
    void aMalformedIdOrTwoIdsAreRefused() throws Exception {
        feature("a.feature", """
                Feature: f
                  @must @id:fetch-12
                  Scenario: one
                    Given x

                  @must @id:A-002 @id:A-003
                  Scenario: two
                    Given x
                """);
        assertThat(AssertionIds.problems(dir)).containsExactly(
                "a.feature:2: malformed id @id:fetch-12 (expected @id:AREA-NNN, e.g. @id:FETCH-012)",
                "a.feature:7: scenario \"two\" has 2 id tags; it must have exactly one");
    }

    @Test
    void aRetiredIdMayNotBeUsedAgain() throws Exception {
        Files.writeString(dir.resolve(AssertionIds.RETIRED_FILE), """
                # retired ids
                A-001  merged into A-002

                A-009
                """, StandardCharsets.UTF_8);
        feature("a.feature", """
                Feature: f
                  @must @id:A-001
                  Scenario: one
                    Given x
                """);
        assertThat(AssertionIds.problems(dir))
                .containsExactly("a.feature:2: id A-001 is retired (merged into A-002) and may not be reused");
        assertThat(AssertionIds.retired(dir.resolve(AssertionIds.RETIRED_FILE)))
                .containsExactly(java.util.Map.entry("A-001", "merged into A-002"), java.util.Map.entry("A-009", "no reason given"));
    }

    @Test
    void theIdOfAScenarioIsItsIdTagWithoutThePrefix() {
        assertThat(AssertionIds.of(List.of("@must", "@api:Fetch", "@id:FETCH-012"))).isEqualTo("FETCH-012");
        assertThat(AssertionIds.of(List.of("@must"))).isEmpty();
    }

    private void feature(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
