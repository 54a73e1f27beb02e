package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/spec.md is the spec rendered for reading; it must say what the feature files say. */
class SpecDocumentTest {

    @Test
    void renderedSpecIsCurrent() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String rendered = SpecDocument.render(root.resolve("features"));
        // the fresh copy is written first, so it is at hand (target/docs) whether or not the comparison fails
        Path fresh = Path.of("target", "docs", RenderedDocs.SPEC).toAbsolutePath();
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, rendered, StandardCharsets.UTF_8);
        String committed = Files.readString(root.resolve("docs/spec.md"), StandardCharsets.UTF_8);
        assertThat(committed)
                .as("docs/spec.md is stale; regenerate it from the repository root with: " + SpecDocument.REFRESH
                        + " (or copy conformance-tests/target/docs/spec.md, written by this test)")
                .isEqualTo(rendered);
    }

    @Test
    void everyScenarioIsRendered() throws Exception {
        String rendered = SpecDocument.render(Path.of("..").toAbsolutePath().normalize().resolve("features"));
        assertThat(rendered).contains("## A partition is an ordered, append-only log")
                .contains("`core/produce.feature` — `@core`")
                .contains("### PRODUCE-001 — Acknowledged records get consecutive offsets\n\n"
                        + "`@must @api:Produce @api:Fetch @id:PRODUCE-001`");
    }

    @Test
    void examplesKeepTheirNameAndTagsAndCommentsTheirScenario(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.feature"), """
                @core
                Feature: F
                  Why it matters.

                  @must @api:Produce @id:A-001
                  Scenario: one
                    Given x

                  # about two
                  @must @id:A-002
                  Scenario Outline: two <n>
                    Given <n>

                    @api:Fetch
                    Examples: small ones
                      | n  |
                      | 1  |
                """, StandardCharsets.UTF_8);
        assertThat(SpecDocument.render(dir)).isEqualTo("""
                # The Kafka TCK specification

                Generated from `features/` by `SpecDocument`; do not edit by hand.
                Tags: a profile (`@core`, `@admin` ...), the APIs exercised (`@api:Produce`), and a level:
                `@must` (every Kafka-compatible broker) or `@should` (expected of a complete broker),
                and the scenario's assertion id (`@id:PRODUCE-001`, see `docs/assertion-ids.md`), which
                also leads its heading.

                1 features, 2 scenarios and outlines.

                ## F

                `a.feature` — `@core`

                Why it matters.

                ### A-001 — one

                `@must @api:Produce @id:A-001`

                ```gherkin
                Given x
                ```

                ### A-002 — two <n>

                `@must @id:A-002`

                ```gherkin
                # about two
                Given <n>
                ```

                Examples: small ones

                `@api:Fetch`

                ```
                  | n  |
                  | 1  |
                ```

                """);
    }
}
