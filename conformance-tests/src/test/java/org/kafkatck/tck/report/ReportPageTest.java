package org.kafkatck.tck.report;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A report as {@link ConformanceReport#toJson()} writes it, with one failure carrying a diagnosis. */
    static String failingReportJson() {
        ConformanceReport report = new ConformanceReport("reference broker <in-process> & \"friends\"");
        report.add(new ScenarioResult("fetch.feature", "A fetch beyond the end of the log is out of range", 79,
                List.of("@core", "@api:Fetch", "@must", "@id:FETCH-011"), ScenarioResult.Status.FAILED,
                "[error code of the last response] \nexpected: OFFSET_OUT_OF_RANGE\n but was: NONE", 12,
                new Diagnosis(new SentRequest("Fetch", 1, 17), "error code of the last response", "OFFSET_OUT_OF_RANGE",
                        "NONE")));
        report.add(new ScenarioResult("produce.feature", "A record <script>alert(1)</script> is acknowledged", 10,
                List.of("@core", "@api:Produce", "@must", "@id:PRODUCE-001"), ScenarioResult.Status.PASSED, "", 3));
        return report.toJson();
    }

    @Test
    void theVerdictComesFirstAndEveryScenarioHasItsAnchor() throws Exception {
        String html = ReportPage.render(JSON.readTree(failingReportJson()));

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<div id=\"verdict\" class=\"verdict v-not-compatible\">NOT COMPATIBLE</div>")
                .contains("<tr id=\"fetch-feature-79\" class=\"failed\"><td class=\"id\"><code>FETCH-011</code></td>"
                        + "<td class=\"s-FAILED\">FAILED</td><td>must</td>")
                .contains("<tr id=\"produce-feature-10\"><td class=\"id\"><code>PRODUCE-001</code></td>")
                .contains("<div class=\"diag\">request <code>Fetch v17</code> (key 1); field <code>error code of the last"
                        + " response</code>: expected <code>OFFSET_OUT_OF_RANGE</code> but was <code>NONE</code></div>")
                .contains("<tr><td>core</td><td class=\"n\">1/2</td><td class=\"n\">0/0</td>"
                        + "<td class=\"v-not-compatible\">NOT COMPATIBLE</td></tr>")
                .contains("<tr><td>Fetch</td><td class=\"n\">0/1</td><td class=\"n\">0/0</td></tr>")
                .contains("<a href=\"cucumber.html\">cucumber.html</a>");
        assertThat(html.indexOf("id=\"verdict\"")).as("the verdict precedes the tables").isLessThan(html.indexOf("<table"));
        assertThat(html.indexOf("fetch-feature-79")).as("a failure is listed before the passed scenarios")
                .isLessThan(html.indexOf("produce-feature-10"));
        assertThat(new ScenarioResult("fetch.feature", "", 79, List.of(), ScenarioResult.Status.FAILED, "", 0).anchor())
                .as("the anchor the console names").isEqualTo("fetch-feature-79");
    }

    @Test
    void everyTextIsEscapedAndNothingIsFetchedFromElsewhere() throws Exception {
        String html = ReportPage.render(JSON.readTree(failingReportJson()));

        assertThat(html).contains("reference broker &lt;in-process&gt; &amp; &quot;friends&quot;")
                .contains("A record &lt;script&gt;alert(1)&lt;/script&gt; is acknowledged")
                .doesNotContain("<script")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<link").doesNotContain("@import");
    }

    @Test
    void theLeadsKeysAreShownWhenPresent() throws Exception {
        String json = """
                {"target": "t", "verdict": "PARTIAL", "partialReasons": ["only the scenarios tagged @core ran"],
                 "spec": {"version": "1.2.0", "sha256": "abc123", "edited": false}, "tck": {"version": "0.1.0"},
                 "filters": {"tags": "@core", "features": null},
                 "exclusions": [{"id": "FETCH-004", "reason": "timing <flaky>", "link": "https://example.org/c/1",
                                 "source": "bundled"},
                                {"id": "GROUP-002", "reason": "local", "link": "javascript:alert(1)", "source": "local"}],
                 "apiVersions": [{"api": "Fetch", "key": 1, "min": 4, "max": 17}],
                 "certification": "Kafka TCK 0.1.0\\nspec 1.2.0\\nverdict PARTIAL"}
                """;

        String html = ReportPage.render(JSON.readTree(json));

        assertThat(html).contains("<div id=\"verdict\" class=\"verdict v-partial\">PARTIAL</div>")
                .contains("<p id=\"partial\">Partial run: only the scenarios tagged @core ran. Every <code>@must</code> scenario"
                        + " that ran passed, but only a run of the whole bundled spec certifies.</p>")
                .contains("<dt>Spec</dt><dd>1.2.0</dd>")
                .contains("<dt>Spec SHA-256</dt><dd>abc123</dd>")
                .contains("<dt>TCK</dt><dd>0.1.0</dd>")
                .contains("<dt>Filters</dt><dd>tags: @core</dd>")
                .contains("<tr><td><code>FETCH-004</code></td><td>timing &lt;flaky&gt;</td><td><a href="
                        + "\"https://example.org/c/1\">https://example.org/c/1</a></td><td>bundled</td></tr>")
                .contains("<td>javascript:alert(1)</td>")
                .doesNotContain("href=\"javascript")
                .contains("<tr><td>Fetch</td><td class=\"n\">1</td><td class=\"n\">4</td><td class=\"n\">17</td></tr>")
                .contains("<section id=\"certification\">\n<h2>Certification summary</h2>\n"
                        + "<pre>Kafka TCK 0.1.0\nspec 1.2.0\nverdict PARTIAL</pre>");
    }

    @Test
    void scenariosThatDidNotApplyAreListedWithWhy() throws Exception {
        String json = """
                {"target": "t", "verdict": "COMPATIBLE",
                 "notApplicable": {"kafkaVersion": "3.9.1", "count": 2, "ids": ["DESCRIBE-005", "META-010"]},
                 "notApplicableToTarget": {"@broker-restart: the target cannot be restarted": ["TXN-042", "TXN-043"]}}
                """;

        String html = ReportPage.render(JSON.readTree(json));

        assertThat(html).contains("<section id=\"not-applicable\">\n<h2>Not applicable</h2>")
                .contains("<tr><td>the spec says they do not hold on Kafka 3.9.1 (@since/@until)</td>"
                        + "<td><code>DESCRIBE-005</code>, <code>META-010</code></td></tr>")
                .contains("<tr><td>@broker-restart: the target cannot be restarted</td>"
                        + "<td><code>TXN-042</code>, <code>TXN-043</code></td></tr>");
        assertThat(ReportPage.render(JSON.readTree("{\"target\": \"t\", \"verdict\": \"COMPATIBLE\","
                + " \"notApplicable\": {\"count\": 0, \"ids\": []}, \"notApplicableToTarget\": {}}")))
                .as("no section when everything applied").doesNotContain("not-applicable");
    }

    @Test
    void aDescribedAssertionsHeadlineSaysWhatDiffered() {
        assertThat(ReportPage.headline("[high watermark] \nexpected: 3L\n but was: 2L\nat Steps.java:12"))
                .isEqualTo("[high watermark] expected: 3L but was: 2L");
        assertThat(ReportPage.headline("No response from 127.0.0.1:9092\n\tat RawConnection"))
                .isEqualTo("No response from 127.0.0.1:9092");
    }

    @Test
    void aFailedPartialRunClaimsNothingPassed() throws Exception {
        String html = ReportPage.render(JSON.readTree(
                "{\"verdict\": \"NOT COMPATIBLE\", \"partialReasons\": [\"only the scenarios tagged @core ran\"]}"));

        assertThat(html).contains("<p id=\"partial\">Partial run: only the scenarios tagged @core ran. Only a run of the"
                + " whole bundled spec certifies.</p>").doesNotContain("that ran passed");
    }

    @Test
    void aReportWithoutMostKeysStillRenders() throws Exception {
        String html = ReportPage.render(JSON.readTree("{\"preflightFailure\": \"ApiVersions answered <nothing>\"}"));

        assertThat(html).contains("<div id=\"verdict\" class=\"verdict v-other\">UNKNOWN</div>")
                .contains("<dt>Target</dt><dd>(unknown target)</dd>")
                .contains("<strong>Preflight failed:</strong> ApiVersions answered &lt;nothing&gt;")
                .doesNotContain("<section");
        assertThat(ReportPage.render(JSON.readTree("{}"))).contains("UNKNOWN").endsWith("</html>\n");
    }
}
