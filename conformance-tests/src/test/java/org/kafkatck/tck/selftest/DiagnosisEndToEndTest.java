package org.kafkatck.tck.selftest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.tck.Tck;
import org.kafkatck.tck.TckOptions;
import org.kafkatck.tck.report.ConformanceReport;
import org.kafkatck.tck.targets.ReferenceBrokerTarget;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.TckRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broken broker's failure, as a vendor reads it: the self-test's mutant that answers a fetch beyond
 * the log with no error (instead of OFFSET_OUT_OF_RANGE) fails FETCH-011, and report.json and report.html
 * name the request (Fetch, key 1, the version sent) and the error code that differed.
 */
class DiagnosisEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFailureAgainstABrokenBrokerNamesTheRequestAndTheErrorCode(@TempDir Path reports) throws Exception {
        Mutant mutant = MutantCatalogue.all().stream().filter(m -> m.id().equals("fetch-out-of-range-as-empty"))
                .findFirst().orElseThrow();
        ReferenceBrokerTarget target = new ReferenceBrokerTarget(mutant.decorator());
        ConformanceReport report;
        try {
            TckRun.install(target, false);
            report = Tck.runSpec(TckOptions.parse(new String[] {"--tags", "@id:FETCH-011", "--report-dir",
                    reports.toString(), "--threads", "1"}));
        } finally {
            target.close();
        }
        assertThat(report).isNotNull();

        JsonNode scenario = JSON.readTree(reports.resolve("report.json").toFile()).path("scenarios").get(0);
        assertThat(scenario.path("id").asText()).isEqualTo("FETCH-011");
        assertThat(scenario.path("status").asText()).isEqualTo("FAILED");
        assertThat(scenario.path("request").path("api").asText()).isEqualTo("Fetch");
        assertThat(scenario.path("request").path("key").asInt()).isEqualTo(1);
        // the step's raw fetch names its topic, so it is sent in the last version that does so
        assertThat(scenario.path("request").path("version").asInt()).isEqualTo(RawReads.LAST_FETCH_BY_NAME);
        assertThat(scenario.path("field").asText()).isEqualTo("error code of the last response");
        assertThat(scenario.path("expected").asText()).isEqualTo("OFFSET_OUT_OF_RANGE");
        assertThat(scenario.path("actual").asText()).isEqualTo("NONE");

        int version = scenario.path("request").path("version").asInt();
        String html = Files.readString(reports.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<div id=\"verdict\" class=\"verdict v-not-compatible\">NOT COMPATIBLE</div>")
                .contains("<div class=\"diag\">request <code>Fetch v" + version + "</code> (key 1); field <code>error"
                        + " code of the last response</code>: expected <code>OFFSET_OUT_OF_RANGE</code> but was <code>NONE</code></div>");
        assertThat(reports.resolve("cucumber.html")).as("Cucumber's own report, beside ours").exists();
        assertThat(report.render()).contains("      Fetch v" + version
                + ": error code of the last response expected OFFSET_OUT_OF_RANGE but was NONE\n");
    }
}
