package org.kafkatck.tck.selftest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.kafkatck.tck.report.RenderedDocs;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/mutants.md is the catalogue the self-test runs, never a hand-kept count. */
class MutantCatalogueDocumentTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void committedCatalogueIsCurrent() throws Exception {
        String rendered = MutantCatalogueDocument.render();
        Path fresh = Path.of("target", "docs", RenderedDocs.MUTANTS).toAbsolutePath();
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, rendered, StandardCharsets.UTF_8);
        assertThat(Files.readString(ROOT.resolve("docs").resolve(RenderedDocs.MUTANTS), StandardCharsets.UTF_8))
                .as("docs/mutants.md is stale; regenerate it from the repository root with: "
                        + MutantCatalogueDocument.REFRESH)
                .isEqualTo(rendered);
    }

    @Test
    void countsPerApiAndEachMutantsSourceAreListed() {
        List<Mutant> mutants = List.of(
                Mutant.request("a-fetch", ApiKeys.FETCH, "ignores | pipes", "bug #1", r -> { }),
                Mutant.request("b-fetch", ApiKeys.FETCH, "second", "bug #2", r -> { }),
                Mutant.request("c-produce", ApiKeys.PRODUCE, "third", "KIP-98", r -> { }));
        String doc = MutantCatalogueDocument.render(mutants);
        assertThat(doc).contains("The catalogue holds **3 mutants of 2 APIs**.")
                .contains("| [Fetch](#fetch) | 2 |\n| [Produce](#produce) | 1 |\n")
                .contains("| `a-fetch` | ignores \\| pipes | bug #1 |")
                .contains("## Produce\n\n| mutant | wrong behaviour | source |\n|---|---|---|\n| `c-produce` | third | KIP-98 |");
    }
}
