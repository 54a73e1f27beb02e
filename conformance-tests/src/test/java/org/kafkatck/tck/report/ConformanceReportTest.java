package org.kafkatck.tck.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceReportTest {

    private static ScenarioResult result(String name, ScenarioResult.Status status, String... tags) {
        return new ScenarioResult("produce.feature", name, 10, List.of(tags), status,
                status == ScenarioResult.Status.PASSED ? "" : "expected 1\nbut was 2", 5);
    }

    @Test
    void aProfileIsCompatibleWhenEveryMustScenarioPassed() {
        ConformanceReport report = new ConformanceReport("test");
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Produce", "@must"));
        report.add(result("b", ScenarioResult.Status.FAILED, "@core", "@api:Fetch", "@should"));
        report.add(result("c", ScenarioResult.Status.PASSED, "@admin", "@api:CreateTopics", "@must"));
        assertThat(report.byProfile().get("core").mustPassed()).isEqualTo(1);
        assertThat(report.byProfile().get("core").shouldTotal()).isEqualTo(1);
        assertThat(report.byProfile().get("core").shouldPassed()).isZero();
        assertThat(report.compatible()).isTrue();
        assertThat(report.render()).contains("core              1/1       0/1      COMPATIBLE", "Verdict: COMPATIBLE");
    }

    @Test
    void scenariosNotApplicableToTheKafkaVersionAreListedAndLeaveTheVerdictWhole() {
        ConformanceReport report = new ConformanceReport("Apache Kafka 3.9.1");
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Produce", "@must", "@id:PROD-001"));
        report.notApplicable("3.9.1", result("b", ScenarioResult.Status.SKIPPED, "@core", "@must", "@since:4.0",
                "@id:PROD-009"));
        report.notApplicable("3.9.1", result("c", ScenarioResult.Status.SKIPPED, "@core", "@must", "@since:4.0",
                "@id:PROD-002"));
        report.notApplicable("3.9.1", result("c 2", ScenarioResult.Status.SKIPPED, "@core", "@must", "@since:4.0",
                "@id:PROD-002"));
        assertThat(report.verdict()).isEqualTo("COMPATIBLE");
        assertThat(report.notApplicableIds()).containsExactly("PROD-002", "PROD-009");
        assertThat(report.notApplicableCount()).isEqualTo(3);
        assertThat(report.byProfile().get("core").mustTotal()).isEqualTo(1);
        assertThat(report.render()).contains("\nNot applicable to Kafka 3.9.1 (the spec's @since/@until tags): 3"
                + " scenarios — PROD-002, PROD-009\n\nVerdict: COMPATIBLE\n");
        assertThat(report.toJson()).contains(
                "  \"notApplicable\": {\"kafkaVersion\": \"3.9.1\", \"count\": 3, \"ids\": [\"PROD-002\", \"PROD-009\"]},\n");
        assertThat(new ConformanceReport("x").toJson())
                .contains("  \"notApplicable\": {\"kafkaVersion\": null, \"count\": 0, \"ids\": []},\n");
    }

    @Test
    void aFilteredRunIsPartialNeverCompatible() {
        ConformanceReport report = new ConformanceReport("test");
        report.partial(java.util.List.of("only the scenarios tagged @core ran"));
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Produce", "@must"));
        assertThat(report.compatible()).as("every @must that ran passed").isTrue();
        assertThat(report.verdict()).isEqualTo("PARTIAL");
        assertThat(report.render())
                .contains("core              1/1       0/0      PASSED\n")
                .contains("Verdict: PARTIAL — only the scenarios tagged @core ran (every @must scenario that ran passed;"
                        + " only a run of the whole bundled spec certifies)")
                .doesNotContain("COMPATIBLE");
        assertThat(report.toJson())
                .contains("\"verdict\": \"PARTIAL\",\n  \"compatible\": false,\n"
                        + "  \"partialReasons\": [\"only the scenarios tagged @core ran\"],")
                .contains("\"verdict\": \"PASSED\"")
                .doesNotContain("COMPATIBLE");
    }

    @Test
    void aFailureInAPartialRunIsStillNotCompatible() {
        ConformanceReport report = new ConformanceReport("test");
        report.partial(java.util.List.of("only the scenarios tagged @core ran"));
        report.add(result("a", ScenarioResult.Status.FAILED, "@core", "@api:Produce", "@must"));
        assertThat(report.verdict()).isEqualTo("NOT COMPATIBLE");
        assertThat(report.render()).contains("Verdict: NOT COMPATIBLE\n");
    }

    @Test
    void oneFailedMustScenarioMakesItsProfileNotCompatible() {
        ConformanceReport report = new ConformanceReport("broker:9092");
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Produce", "@must"));
        report.add(result("b", ScenarioResult.Status.FAILED, "@core", "@api:Produce", "@must", "@id:PRODUCE-002"));
        report.add(result("c", ScenarioResult.Status.PASSED, "@admin", "@must"));
        assertThat(report.compatible()).isFalse();
        assertThat(report.byProfile().get("admin").compatible()).isTrue();
        assertThat(report.byApi().get("Produce").mustTotal()).isEqualTo(2);
        assertThat(report.render())
                .contains("NOT COMPATIBLE — 1 must failed (see report.html#produce-feature-10)")
                .contains("[must FAILED] PRODUCE-002 produce.feature:10 b", "expected 1")
                .contains("Verdict: NOT COMPATIBLE");
    }

    @Test
    void aScenarioIsNamedByItsIdTag() {
        assertThat(result("x", ScenarioResult.Status.PASSED, "@core", "@id:GROUP-007", "@must").id()).isEqualTo("GROUP-007");
        assertThat(result("x", ScenarioResult.Status.PASSED, "@core", "@must").id()).isEmpty();
    }

    @Test
    void scenariosWithoutALevelCountAsMust() {
        ScenarioResult untagged = result("x", ScenarioResult.Status.FAILED, "@core");
        assertThat(untagged.must()).isTrue();
    }

    @Test
    void aFailedPreflightIsNotCompatible() {
        ConformanceReport report = new ConformanceReport("broker:9092");
        report.preflightFailed("no common version of Produce");
        assertThat(report.compatible()).isFalse();
        assertThat(report.render()).contains("NOT COMPATIBLE — preflight failed: no common version of Produce");
        assertThat(report.toJson()).contains("\"preflightFailure\": \"no common version of Produce\"");
    }

    @Test
    void jsonEscapesAndCarriesEveryScenario() {
        ConformanceReport report = new ConformanceReport("a \"quoted\" target");
        report.add(result("with \"quotes\"", ScenarioResult.Status.FAILED, "@core", "@api:Fetch", "@must", "@id:FETCH-007"));
        report.add(result("without an id", ScenarioResult.Status.PASSED, "@core", "@api:Fetch", "@must"));
        String json = report.toJson();
        assertThat(json).contains("\"target\": \"a \\\"quoted\\\" target\"")
                .contains("{\"id\": \"FETCH-007\", \"feature\": \"produce.feature\", \"line\": 10, "
                        + "\"name\": \"with \\\"quotes\\\"\"")
                .contains("{\"id\": null, \"feature\": \"produce.feature\", \"line\": 10, \"name\": \"without an id\"")
                .contains("\"error\": \"expected 1\\nbut was 2\"")
                .contains("\"core\": {\"mustPassed\": 1, \"mustTotal\": 2, \"shouldPassed\": 0, \"shouldTotal\": 0, "
                        + "\"verdict\": \"NOT COMPATIBLE\"}")
                .contains("\"compatible\": false");
    }
}
