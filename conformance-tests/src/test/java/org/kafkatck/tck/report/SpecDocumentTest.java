package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/spec.md is the spec rendered for reading; it must say what the feature files say. */
class SpecDocumentTest {

    @Test
    void renderedSpecIsCurrent() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String rendered = SpecDocument.render(root.resolve("features"));
        String committed = Files.readString(root.resolve("docs/spec.md"), StandardCharsets.UTF_8);
        assertThat(committed)
                .as("docs/spec.md is stale; regenerate it with: java -cp conformance-tests/target/kafka-tck.jar "
                        + "org.kafkatck.tck.report.SpecDocument features docs/spec.md")
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
}
