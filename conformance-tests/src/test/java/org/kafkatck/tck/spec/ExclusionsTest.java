package org.kafkatck.tck.spec;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kafkatck.tck.report.AssertionIds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exclude list: read strictly, and only ever naming scenarios the spec has. */
class ExclusionsTest {

    @Test
    void aLineIsAnIdALinkAndAReason() {
        List<Exclusion> read = Exclusions.parse("""
                # comment

                FETCH-012  https://example.org/challenges/7   the scenario assumed a 1 MiB default; Kafka uses 50 MiB
                @id:GROUP-003 -  no link yet
                """, "test", Exclusion.Source.TCK);
        assertThat(read).containsExactly(
                new Exclusion("FETCH-012", "https://example.org/challenges/7",
                        "the scenario assumed a 1 MiB default; Kafka uses 50 MiB", Exclusion.Source.TCK),
                new Exclusion("GROUP-003", "", "no link yet", Exclusion.Source.TCK));
    }

    @Test
    void aLineWithoutAReasonIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> Exclusions.parse("FETCH-012 https://x\n", "excludes.txt", Exclusion.Source.LOCAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("excludes.txt line 1: expected 'ID LINK REASON' (e.g. 'FETCH-012 https://… why'), "
                        + "got 'FETCH-012 https://x'");
        assertThatThrownBy(() -> Exclusions.parse("\nfetch-12 x y\n", "f", Exclusion.Source.LOCAL))
                .hasMessageStartingWith("f line 2:");
    }

    @Test
    void anUnknownIdIsRefused() {
        Exclusions exclusions = Exclusions.shipped().with(Exclusions.local(List.of("NOPE-999"), "why"));
        assertThatThrownBy(() -> exclusions.requireKnown(List.of("FETCH-001")))
                .hasMessage("Cannot exclude NOPE-999: no scenario of the spec has that id");
    }

    @Test
    void aShippedExclusionWinsOverALocalOneAndLocalOnesAreTold() {
        Exclusions exclusions = Exclusions.shipped().with(Exclusions.local(List.of("@id:FETCH-001"), "mine"));
        assertThat(exclusions.find("FETCH-001")).get().extracting(Exclusion::source).isEqualTo(Exclusion.Source.LOCAL);
        assertThat(exclusions.local()).extracting(Exclusion::id).containsExactly("FETCH-001");
    }

    @Test
    void theShippedListNamesOnlyScenariosOfTheSpecWithALinkAndAReason() throws Exception {
        Exclusions shipped = Exclusions.shipped();
        shipped.requireKnown(AssertionIds.ids(Path.of("..").toAbsolutePath().normalize().resolve("features")));
        assertThat(shipped.all()).allSatisfy(e -> {
            assertThat(e.link()).as("link of %s to its accepted challenge", e.id()).startsWith("https://");
            assertThat(e.source()).isEqualTo(Exclusion.Source.TCK);
        });
    }
}
