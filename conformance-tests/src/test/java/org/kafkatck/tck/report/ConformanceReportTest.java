package org.kafkatck.tck.report;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.kafkatck.tck.spec.Exclusion;
import org.kafkatck.tck.spec.SpecIdentity;
import org.kafkatck.tck.spec.TckVersion;
import org.kafkatck.tck.targets.Preflight;

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
    void restartScenariosOnATargetThatCannotRestartAreNotApplicableAndLeaveTheVerdictWhole() {
        ConformanceReport report = new ConformanceReport("external");
        report.add(result("a", ScenarioResult.Status.PASSED, "@transactions", "@api:EndTxn", "@must", "@id:TXN-001"));
        report.notApplicableToTarget(TargetCapabilities.CANNOT_RESTART, result("b", ScenarioResult.Status.SKIPPED,
                "@transactions", "@must", "@broker-restart", "@id:TXN-044"));
        report.notApplicableToTarget(TargetCapabilities.CANNOT_RESTART, result("c", ScenarioResult.Status.SKIPPED,
                "@transactions", "@must", "@broker-restart", "@id:TXN-042"));
        assertThat(report.verdict()).isEqualTo("COMPATIBLE");
        assertThat(report.byProfile().get("transactions").mustTotal()).isEqualTo(1);
        assertThat(report.render()).contains("\nNot applicable to this target (@broker-restart: the TCK cannot restart"
                + " this target): 2 scenarios — TXN-042, TXN-044\n");
        assertThat(json(report).get("notApplicableToTarget").get(TargetCapabilities.CANNOT_RESTART))
                .extracting(JsonNode::asText).containsExactly("TXN-042", "TXN-044");
        assertThat(report.certification()).contains("2 scenarios to this target (@broker-restart");
    }

    @Test
    void onlyRestartableTargetsRunRestartScenarios() {
        List<String> tags = List.of("@transactions", "@must", "@broker-restart");
        assertThat(TargetCapabilities.missing(tags, new org.kafkatck.tck.targets.ExternalTarget("localhost:1",
                java.util.Map.of()))).contains(TargetCapabilities.CANNOT_RESTART);
        assertThat(TargetCapabilities.missing(tags, new org.kafkatck.tck.targets.ReferenceBrokerTarget())).isEmpty();
        assertThat(TargetCapabilities.missing(List.of("@must"), new org.kafkatck.tck.targets.ExternalTarget(
                "localhost:1", java.util.Map.of()))).isEmpty();
    }

    @Test
    void securityScenariosRunOnlyOnATargetThatNamesItsPrincipals() {
        List<String> tags = List.of("@security", "@must", "@api:Produce", "@id:SEC-007");
        assertThat(TargetCapabilities.missing(tags, new org.kafkatck.tck.targets.ReferenceBrokerTarget()))
                .contains(TargetCapabilities.NO_PRINCIPALS);
        assertThat(TargetCapabilities.missing(tags, new org.kafkatck.tck.targets.ExternalTarget("localhost:1",
                java.util.Map.of()))).contains(TargetCapabilities.NO_PRINCIPALS);
        org.kafkatck.tck.targets.TargetPrincipals principals = new org.kafkatck.tck.targets.TargetPrincipals(
                new org.kafkatck.tck.targets.TargetPrincipal("User:admin", java.util.Map.of()),
                new org.kafkatck.tck.targets.TargetPrincipal("User:alice", java.util.Map.of()),
                new org.kafkatck.tck.targets.TargetPrincipal("User:bob", java.util.Map.of()));
        org.kafkatck.tck.targets.BrokerTarget plain = new org.kafkatck.tck.targets.ExternalTarget("localhost:1",
                java.util.Map.of());
        org.kafkatck.tck.targets.BrokerTarget secured = (org.kafkatck.tck.targets.BrokerTarget)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.kafkatck.tck.targets.BrokerTarget.class}, (proxy, method, args) ->
                                method.getName().equals("principals") ? java.util.Optional.of(principals)
                                        : method.invoke(plain, args));
        assertThat(TargetCapabilities.missing(tags, secured)).isEmpty();
        assertThat(TargetCapabilities.missing(List.of("@core", "@must"), new org.kafkatck.tck.targets.ExternalTarget(
                "localhost:1", java.util.Map.of()))).isEmpty();
    }

    @Test
    void securityScenariosOnATargetWithoutPrincipalsAreNotApplicableAndLeaveTheVerdictWhole() {
        ConformanceReport report = new ConformanceReport("reference");
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Produce", "@must", "@id:PROD-001"));
        report.notApplicableToTarget(TargetCapabilities.NO_PRINCIPALS, result("b", ScenarioResult.Status.SKIPPED,
                "@security", "@api:Produce", "@must", "@id:SEC-007"));
        assertThat(report.verdict()).isEqualTo("COMPATIBLE");
        assertThat(report.byProfile()).doesNotContainKey("security");
        assertThat(report.render()).contains("\nNot applicable to this target (" + TargetCapabilities.NO_PRINCIPALS
                + "): 1 scenarios — SEC-007\n");
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
        JsonNode notApplicable = json(report).get("notApplicable");
        assertThat(notApplicable.get("kafkaVersion").asText()).isEqualTo("3.9.1");
        assertThat(notApplicable.get("count").asInt()).isEqualTo(3);
        assertThat(notApplicable.get("ids")).extracting(JsonNode::asText).containsExactly("PROD-002", "PROD-009");
        assertThat(report.certification()).contains("Not applicable 3 scenarios to Kafka 3.9.1 (@since/@until): "
                + "PROD-002, PROD-009\n");
        JsonNode none = json(new ConformanceReport("x")).get("notApplicable");
        assertThat(none.get("kafkaVersion").isNull()).isTrue();
        assertThat(none.get("count").asInt()).isZero();
        assertThat(none.get("ids")).isEmpty();
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
        JsonNode json = json(report);
        assertThat(json.get("verdict").asText()).isEqualTo("PARTIAL");
        assertThat(json.get("compatible").asBoolean()).isFalse();
        assertThat(json.get("partialReasons")).hasSize(1);
        assertThat(json.get("partialReasons").get(0).asText()).isEqualTo("only the scenarios tagged @core ran");
        assertThat(json.get("profiles").get("core").get("verdict").asText()).isEqualTo("PASSED");
        assertThat(report.toJson()).doesNotContain("COMPATIBLE");
        assertThat(report.certification()).contains("Verdict      PARTIAL (certifies nothing)\n")
                .contains("Partial      only the scenarios tagged @core ran\n");
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
        assertThat(json(report).get("preflightFailure").asText()).isEqualTo("no common version of Produce");
    }

    @Test
    void jsonCarriesEveryScenarioAndWhatRan() throws Exception {
        ConformanceReport report = new ConformanceReport("a \"quoted\" target");
        report.add(result("with \"quotes\"", ScenarioResult.Status.FAILED, "@core", "@api:Fetch", "@must", "@id:FETCH-007"));
        report.add(result("without an id", ScenarioResult.Status.PASSED, "@core", "@api:Fetch", "@must"));
        report.describe(new RunScope(SpecIdentity.bundled(), "", List.of()), List.of(),
                List.of(new Preflight.Advertised(0, "Produce", 3, 13), new Preflight.Advertised(1, "Fetch", 4, 18)));
        JsonNode json = json(report);
        assertThat(json.get("target").asText()).isEqualTo("a \"quoted\" target");
        JsonNode first = json.get("scenarios").get(0);
        assertThat(first.get("id").asText()).isEqualTo("FETCH-007");
        assertThat(first.get("name").asText()).isEqualTo("with \"quotes\"");
        assertThat(first.get("line").asInt()).isEqualTo(10);
        assertThat(first.get("status").asText()).isEqualTo("FAILED");
        assertThat(first.get("error").asText()).isEqualTo("expected 1\nbut was 2");
        assertThat(json.get("scenarios").get(1).get("id").isNull()).isTrue();
        JsonNode core = json.get("profiles").get("core");
        assertThat(List.of(core.get("mustPassed").asInt(), core.get("mustTotal").asInt(), core.get("shouldTotal").asInt()))
                .containsExactly(1, 2, 0);
        assertThat(core.get("verdict").asText()).isEqualTo("NOT COMPATIBLE");
        assertThat(json.get("compatible").asBoolean()).isFalse();
        assertThat(json.get("spec").get("version").asText()).isEqualTo(SpecIdentity.bundled().version());
        assertThat(json.get("spec").get("sha256").asText()).isEqualTo(SpecIdentity.bundled().sha256());
        assertThat(json.get("spec").get("edited").asBoolean()).isFalse();
        assertThat(json.get("tck").get("version").asText()).isEqualTo(TckVersion.current()).isNotEqualTo("unknown");
        assertThat(json.get("filters").get("tags").isNull()).isTrue();
        assertThat(json.get("apiVersions").get(1).get("api").asText()).isEqualTo("Fetch");
        assertThat(json.get("apiVersions").get(1).get("max").asInt()).isEqualTo(18);
        assertThat(json.get("certification").asText()).isEqualTo(report.certification());
    }

    @Test
    void anExcludedScenarioDoesNotCountAndTheVerdictNamesIt() throws Exception {
        ConformanceReport report = new ConformanceReport("broker:9092");
        report.describe(RunScope.wholeBundledSpec(), List.of(new Exclusion("FETCH-009",
                "https://example.org/challenge/1", "assumes a default Kafka changed", Exclusion.Source.TCK)), List.of());
        report.add(result("a", ScenarioResult.Status.PASSED, "@core", "@api:Fetch", "@must", "@id:FETCH-001"));
        report.add(new ScenarioResult("fetch.feature", "b", 20, List.of("@core", "@api:Fetch", "@id:FETCH-009"),
                ScenarioResult.Status.EXCLUDED, "excluded: assumes a default Kafka changed", 0));
        assertThat(report.byProfile().get("core").mustTotal()).isEqualTo(1);
        assertThat(report.byProfile().get("core").excluded()).isEqualTo(1);
        assertThat(report.verdict()).isEqualTo("COMPATIBLE");
        assertThat(report.render())
                .contains("Excluded (not run, not counted):\n  FETCH-009 [TCK exclude list] assumes a default Kafka "
                        + "changed (https://example.org/challenge/1)\n")
                .contains("Verdict: COMPATIBLE — with 1 scenario excluded by the TCK's exclude list: FETCH-009\n");
        assertThat(report.certification())
                .contains("Excluded     FETCH-009 [TCK exclude list] assumes a default Kafka changed")
                .contains("core              1/1       0/0       COMPATIBLE\n");
        assertThat(json(report).get("scenarios").get(1).get("status").asText()).isEqualTo("EXCLUDED");
        assertThat(json(report).get("exclusions").get(0).get("source").asText()).isEqualTo("TCK");
    }

    @Test
    void theCertificationSummaryIsTheSameForTheSameOutcome() {
        ConformanceReport one = new ConformanceReport("broker:9092");
        ConformanceReport two = new ConformanceReport("broker:9092");
        one.add(new ScenarioResult("p.feature", "a", 3, List.of("@core", "@id:PRODUCE-001"), ScenarioResult.Status.PASSED, "", 12));
        two.add(new ScenarioResult("p.feature", "a", 3, List.of("@core", "@id:PRODUCE-001"), ScenarioResult.Status.PASSED, "", 99));
        assertThat(one.certification()).isEqualTo(two.certification())
                .startsWith("Kafka TCK conformance summary\n\nVerdict      COMPATIBLE\n")
                .contains("Spec         " + SpecIdentity.bundled().version() + ", sha256 " + SpecIdentity.bundled().sha256())
                .contains("Spec source  bundled with the TCK, unmodified\n")
                .contains("Not passed   none\n");
    }

    private static JsonNode json(ConformanceReport report) {
        try {
            return new ObjectMapper().readTree(report.toJson());
        } catch (Exception e) {
            throw new AssertionError("report.json does not parse", e);
        }
    }

    @Test
    void aFailureCarriesItsDiagnosisToTheConsoleAndTheJson() {
        ConformanceReport report = new ConformanceReport("test");
        Diagnosis diagnosis = new Diagnosis(new SentRequest("Fetch", 1, 17), "high watermark", "3", "0");
        report.add(new ScenarioResult("fetch.feature", "reports the high watermark", 21,
                List.of("@core", "@api:Fetch", "@must", "@id:FETCH-001"), ScenarioResult.Status.FAILED,
                "[high watermark] expected 3 but was 0", 5, diagnosis));
        report.add(result("passes", ScenarioResult.Status.PASSED, "@core", "@api:Fetch", "@must"));

        assertThat(report.render()).contains("  [must FAILED] FETCH-001 fetch.feature:21 reports the high watermark\n"
                + "      [high watermark] expected 3 but was 0\n"
                + "      Fetch v17: high watermark expected 3 but was 0\n");
        JsonNode failed = json(report).get("scenarios").get(0);
        assertThat(failed.get("error").asText()).isEqualTo("[high watermark] expected 3 but was 0");
        assertThat(failed.get("request").get("api").asText()).isEqualTo("Fetch");
        assertThat(failed.get("request").get("key").asInt()).isEqualTo(1);
        assertThat(failed.get("request").get("version").asInt()).isEqualTo(17);
        assertThat(failed.get("field").asText()).isEqualTo("high watermark");
        assertThat(failed.get("expected").asText()).isEqualTo("3");
        assertThat(failed.get("actual").asText()).isEqualTo("0");
        JsonNode passed = json(report).get("scenarios").get(1);
        for (String key : List.of("error", "request", "field", "expected", "actual")) {
            assertThat(passed.get(key).isNull()).as("%s of a passed scenario", key).isTrue();
        }
    }
}
