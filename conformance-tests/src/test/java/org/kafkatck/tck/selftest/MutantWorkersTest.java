package org.kafkatck.tck.selftest;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.tck.report.ScenarioResult;

import static org.assertj.core.api.Assertions.assertThat;

/** What a worker JVM reports is what its parent puts in the table. */
class MutantWorkersTest {
    @TempDir
    Path dir;

    @Test
    void aWorkersOutcomesComeBackWhole() throws Exception {
        List<Mutant> catalogue = MutantCatalogue.all();
        ScenarioResult catcher = new ScenarioResult("fetch.feature", "A fetch answers", 17,
                List.of("@must", "@api:Fetch", "@id:FETCH-001"), ScenarioResult.Status.FAILED, "expected 3 but was 4",
                1234);
        List<SelfTest.Outcome> outcomes = List.of(
                new SelfTest.Outcome(catalogue.get(0), List.of(catcher), 12, ""),
                new SelfTest.Outcome(catalogue.get(1), List.of(), 9, ""));
        Path file = dir.resolve("worker-1.json");
        MutantWorkers.write(file, outcomes);

        List<MutantWorkers.Judged> read = new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<List<MutantWorkers.Judged>>() { });
        assertThat(read).extracting(MutantWorkers.Judged::mutant)
                .containsExactly(catalogue.get(0).id(), catalogue.get(1).id());
        assertThat(read.get(0).scenariosRun()).isEqualTo(12);
        ScenarioResult back = read.get(0).catchers().get(0).toResult();
        assertThat(back).isEqualTo(catcher);
        assertThat(back.id()).isEqualTo("FETCH-001");
        assertThat(read.get(1).catchers()).isEmpty();
        assertThat(SelfTest.render(List.of(new SelfTest.Outcome(MutantCatalogue.byId(read.get(0).mutant()),
                List.of(back), 12, "")), 1)).contains("CAUGHT    FETCH-001 fetch.feature:17 A fetch answers");
    }
}
