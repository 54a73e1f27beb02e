package org.kafkatck.tck.selftest;

import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.kafkatck.tck.report.ScenarioResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-test's table names the catching scenario by its assertion id, file and line. */
class SelfTestTableTest {

    @Test
    void aCaughtMutantNamesTheIdOfTheScenarioThatCaughtIt() {
        Mutant mutant = Mutant.of("fetch-drops-headers", ApiKeys.FETCH, "drops headers", "a broker",
                (context, request, broker) -> broker.handle(context, request));
        ScenarioResult catcher = new ScenarioResult("fetch.feature", "Headers survive", 12,
                List.of("@must", "@api:Fetch", "@id:FETCH-004"), ScenarioResult.Status.FAILED, "boom", 3);
        String table = SelfTest.render(List.of(new SelfTest.Outcome(mutant, List.of(catcher, catcher), 2, "")), 7);
        assertThat(table).contains(String.format("%-44s %-16s %-9s %s%n", "fetch-drops-headers", "Fetch", "CAUGHT",
                "FETCH-004 fetch.feature:12 Headers survive (+1)"));
    }
}
