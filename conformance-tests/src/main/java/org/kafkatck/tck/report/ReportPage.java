package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The conformance page, {@code report.html}: the verdict first, then the target, the spec and TCK
 * versions, the tables per profile and per API, every scenario (with its id, level, failure reason and
 * diagnosis, anchored as {@link ScenarioResult#anchor()} so the console's {@code report.html#...} links
 * land on it), the exclusions, the advertised API versions and the certification summary.
 *
 * <p>It is rendered from the data of {@code report.json} alone, so the page and the machine-readable
 * report cannot disagree, and it tolerates keys a report does not have. The page is self-contained:
 * inline CSS, no scripts, no fonts or anything else fetched from elsewhere, every text escaped.
 * Cucumber's step-by-step report sits beside it as {@code cucumber.html}.
 */
public final class ReportPage {
    /** The file name of Cucumber's own HTML report in the same directory. */
    public static final String CUCUMBER_HTML = "cucumber.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not passed first: the scenarios a vendor has to look at. */
    private static final Map<String, Integer> STATUS_ORDER = Map.of("FAILED", 0, "SKIPPED", 1, "EXCLUDED", 2,
            "PASSED", 3);

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:78em;
            padding:0 1em;color:#1d2430;line-height:1.4}
            h1{font-size:1.3em;margin:0 0 .4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccd}
            .verdict{font-size:2.6em;font-weight:700;padding:.3em .6em;border-radius:.25em;display:inline-block;margin:.2em 0}
            .v-compatible{background:#d9f2de;color:#10502a}.v-not-compatible{background:#fbdcdc;color:#7a1010}
            .v-partial{background:#fff0c8;color:#6a4a00}.v-other{background:#e6e8ef}
            table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}
            th,td{border:1px solid #d5d8e0;padding:.3em .5em;text-align:left;vertical-align:top}
            table.tally{width:auto;min-width:36em}th{background:#f1f3f7}td.n{text-align:right;white-space:nowrap}
            .s-PASSED{color:#10502a}.s-FAILED{color:#a01010;font-weight:700}.s-SKIPPED,.s-EXCLUDED{color:#6a4a00}
            tr.failed{background:#fff6f6}tr:target{outline:3px solid #f0b400}
            td.id{white-space:nowrap}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
            pre{background:#f6f7f9;border:1px solid #d5d8e0;padding:.7em;overflow-x:auto;white-space:pre-wrap}
            .diag{margin-top:.3em;padding:.2em .4em;background:#fff;border-left:3px solid #a01010}
            dl.meta{display:grid;grid-template-columns:max-content auto;gap:.15em 1em}dl.meta dt{font-weight:600}
            dl.meta dd{margin:0}.muted{color:#667}""";

    private ReportPage() {
    }

    /**
     * Writes {@code report.html} into {@code dir} from the text of {@code report.json}.
     *
     * @throws IOException when the JSON cannot be read or the page cannot be written
     */
    public static void write(Path dir, String reportJson) throws IOException {
        Files.writeString(dir.resolve("report.html"), render(JSON.readTree(reportJson)), StandardCharsets.UTF_8);
    }

    /** @return the page for the report {@code report} ({@code report.json}'s data) */
    public static String render(JsonNode report) {
        String verdict = text(report, "verdict", "UNKNOWN");
        String target = text(report, "target", "(unknown target)");
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Kafka TCK: ").append(esc(verdict)).append(" — ").append(esc(target)).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header(html, report, verdict, target);
        tallies(html, report.path("profiles"), "profiles", "Profiles", "profile", true);
        tallies(html, report.path("apis"), "apis", "APIs", "API", false);
        scenarios(html, report.path("scenarios"));
        notApplicable(html, report.path("notApplicable"), report.path("notApplicableToTarget"));
        exclusions(html, report.path("exclusions"));
        apiVersions(html, report.path("apiVersions"));
        certification(html, report.path("certification"));
        html.append("<p class=\"muted\">Step-by-step details of every scenario: <a href=\"").append(CUCUMBER_HTML)
                .append("\">").append(CUCUMBER_HTML).append("</a> (Cucumber's report). The same data for machines: ")
                .append("<a href=\"report.json\">report.json</a>, <a href=\"junit.xml\">junit.xml</a>.</p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, JsonNode report, String verdict, String target) {
        html.append("<header>\n<h1>Kafka TCK conformance report</h1>\n")
                .append("<div id=\"verdict\" class=\"verdict ").append(verdictClass(verdict)).append("\">")
                .append(esc(verdict)).append("</div>\n");
        List<String> reasons = strings(report.path("partialReasons"));
        if (!reasons.isEmpty()) {
            html.append("<p id=\"partial\">Partial run: ").append(esc(String.join("; ", reasons))).append('.')
                    .append("PARTIAL".equals(verdict) ? " Every <code>@must</code> scenario that ran passed, but only"
                            : " Only")
                    .append(" a run of the whole bundled spec certifies.</p>\n");
        }
        String preflight = text(report, "preflightFailure", null);
        if (preflight != null) {
            html.append("<p id=\"preflight\"><strong>Preflight failed:</strong> ").append(esc(preflight)).append("</p>\n");
        }
        html.append("<dl class=\"meta\">\n");
        meta(html, "Target", target);
        JsonNode spec = report.path("spec");
        if (spec.isObject()) {
            String version = text(spec, "version", "?");
            boolean edited = spec.path("edited").asBoolean(false);
            meta(html, "Spec", version + (edited ? " (edited: not the spec bundled in this TCK)" : ""));
            if (spec.hasNonNull("sha256")) {
                meta(html, "Spec SHA-256", text(spec, "sha256", ""));
            }
        }
        if (report.path("tck").hasNonNull("version")) {
            meta(html, "TCK", text(report.path("tck"), "version", ""));
        }
        JsonNode filters = report.path("filters");
        if (filters.isObject()) {
            List<String> shown = new ArrayList<>();
            filters.properties().forEach(e -> {
                if (!e.getValue().isNull() && !e.getValue().asText("").isEmpty()) {
                    shown.add(e.getKey() + ": " + e.getValue().asText());
                }
            });
            meta(html, "Filters", shown.isEmpty() ? "none (the whole spec ran)" : String.join("; ", shown));
        }
        html.append("</dl>\n</header>\n");
    }

    private static void tallies(StringBuilder html, JsonNode tallies, String id, String title, String what,
                                boolean withVerdict) {
        if (!tallies.isObject()) {
            return;
        }
        html.append("<section id=\"").append(id).append("\">\n<h2>").append(title).append("</h2>\n<table class=\"tally\">\n<tr><th>")
                .append(what).append("</th><th>must passed</th><th>should passed</th>")
                .append(withVerdict ? "<th>verdict</th>" : "").append("</tr>\n");
        tallies.properties().forEach(e -> {
            JsonNode t = e.getValue();
            html.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">")
                    .append(t.path("mustPassed").asInt()).append('/').append(t.path("mustTotal").asInt())
                    .append("</td><td class=\"n\">").append(t.path("shouldPassed").asInt()).append('/')
                    .append(t.path("shouldTotal").asInt()).append("</td>");
            if (withVerdict) {
                String v = text(t, "verdict", "");
                html.append("<td class=\"").append(verdictClass(v)).append("\">").append(esc(v)).append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</table>\n</section>\n");
    }

    private static void scenarios(StringBuilder html, JsonNode scenarios) {
        if (!scenarios.isArray()) {
            return;
        }
        List<JsonNode> all = new ArrayList<>();
        scenarios.forEach(all::add);
        all.sort(Comparator.<JsonNode>comparingInt(s -> STATUS_ORDER.getOrDefault(text(s, "status", ""), 4))
                .thenComparing(s -> text(s, "feature", ""))
                .thenComparingInt(s -> s.path("line").asInt()));
        long notPassed = all.stream().filter(s -> !"PASSED".equals(text(s, "status", ""))).count();
        html.append("<section id=\"scenarios\">\n<h2>Scenarios</h2>\n<p>").append(all.size()).append(" scenarios, ")
                .append(notPassed).append(" not passed (listed first).</p>\n<table>\n")
                .append("<tr><th>id</th><th>status</th><th>level</th><th>scenario</th><th>failure</th></tr>\n");
        for (JsonNode s : all) {
            String status = text(s, "status", "?");
            String feature = text(s, "feature", "");
            int line = s.path("line").asInt();
            html.append("<tr id=\"").append(esc(anchor(feature, line))).append('"')
                    .append("FAILED".equals(status) ? " class=\"failed\"" : "").append("><td class=\"id\"><code>")
                    .append(esc(text(s, "id", ""))).append("</code></td><td class=\"s-").append(esc(status)).append("\">")
                    .append(esc(status)).append("</td><td>").append(esc(text(s, "level", ""))).append("</td><td>")
                    .append(esc(text(s, "name", ""))).append("<br><span class=\"muted\">").append(esc(feature))
                    .append(':').append(line);
            List<String> profiles = strings(s.path("profiles"));
            List<String> apis = strings(s.path("apis"));
            if (!profiles.isEmpty() || !apis.isEmpty()) {
                html.append(" · ").append(esc(String.join(", ", profiles)));
                if (!apis.isEmpty()) {
                    html.append(profiles.isEmpty() ? "" : " · ").append(esc(String.join(", ", apis)));
                }
            }
            html.append("</span></td><td>");
            failure(html, s);
            html.append("</td></tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    /** The failure reason (its first line; the rest folded) and the diagnosis: request, field, expected, actual. */
    private static void failure(StringBuilder html, JsonNode s) {
        String error = text(s, "error", null);
        if (error != null && !error.isEmpty()) {
            if (error.indexOf('\n') < 0) {
                html.append("<span class=\"reason\">").append(esc(error)).append("</span>");
            } else {
                html.append("<details><summary class=\"reason\">").append(esc(headline(error)))
                        .append("</summary><pre>").append(esc(error)).append("</pre></details>");
            }
        }
        JsonNode request = s.path("request");
        String field = text(s, "field", null);
        String expected = text(s, "expected", null);
        String actual = text(s, "actual", null);
        if (!request.isObject() && field == null && expected == null) {
            return;
        }
        html.append("<div class=\"diag\">");
        if (request.isObject()) {
            String api = text(request, "api", "?");
            JsonNode version = request.path("version");
            html.append("request <code>").append(esc(api)).append(version.canConvertToInt() ? " v" + version.asInt() : "")
                    .append("</code> (key ").append(request.path("key").asInt()).append(')');
        }
        if (field != null) {
            html.append(request.isObject() ? "; " : "").append("field <code>").append(esc(field)).append("</code>");
        }
        if (expected != null) {
            html.append(": expected <code>").append(esc(expected)).append("</code> but was <code>")
                    .append(esc(actual == null ? "null" : actual)).append("</code>");
        }
        html.append("</div>");
    }

    /**
     * @return the failure's first line; when that is only AssertJ's {@code [description]}, with the lines
     *         that follow it ({@code expected: 3L}, {@code but was: 2L}), so the summary says what differed
     */
    static String headline(String error) {
        String[] lines = error.strip().split("\n");
        StringBuilder out = new StringBuilder(lines[0].strip());
        if (lines[0].startsWith("[") && lines[0].strip().endsWith("]")) {
            for (int i = 1; i < lines.length && i <= 2; i++) {
                if (!lines[i].isBlank()) {
                    out.append(' ').append(lines[i].strip());
                }
            }
        }
        return out.toString();
    }

    /**
     * Scenarios that did not run because the spec says they do not hold on the target's Kafka version
     * ({@code @since}/{@code @until}), or because they need what the target cannot do (a restart): they count
     * neither way, and a reader must still see that they were not graded.
     */
    private static void notApplicable(StringBuilder html, JsonNode byVersion, JsonNode byTarget) {
        List<String> versionIds = strings(byVersion.path("ids"));
        boolean anyForTarget = byTarget.isObject() && byTarget.size() > 0;
        if (versionIds.isEmpty() && !anyForTarget) {
            return;
        }
        html.append("<section id=\"not-applicable\">\n<h2>Not applicable</h2>\n")
                .append("<p>Not run, and counted neither way.</p>\n<table>\n<tr><th>why</th><th>scenarios</th></tr>\n");
        if (!versionIds.isEmpty()) {
            notApplicableRow(html, "the spec says they do not hold on Kafka " + text(byVersion, "kafkaVersion", "?")
                    + " (@since/@until)", versionIds);
        }
        if (anyForTarget) {
            byTarget.fields().forEachRemaining(reason -> notApplicableRow(html, reason.getKey(), strings(reason.getValue())));
        }
        html.append("</table>\n</section>\n");
    }

    private static void notApplicableRow(StringBuilder html, String why, List<String> ids) {
        html.append("<tr><td>").append(esc(why)).append("</td><td>");
        for (int i = 0; i < ids.size(); i++) {
            html.append(i == 0 ? "" : ", ").append("<code>").append(esc(ids.get(i))).append("</code>");
        }
        html.append("</td></tr>\n");
    }

    private static void exclusions(StringBuilder html, JsonNode exclusions) {
        if (!exclusions.isArray()) {
            return;
        }
        html.append("<section id=\"exclusions\">\n<h2>Exclusions</h2>\n");
        if (exclusions.isEmpty()) {
            html.append("<p>None: every scenario of the spec counts.</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<tr><th>id</th><th>reason</th><th>link</th><th>source</th></tr>\n");
        for (JsonNode e : exclusions) {
            String link = text(e, "link", "");
            html.append("<tr><td><code>").append(esc(text(e, "id", ""))).append("</code></td><td>")
                    .append(esc(text(e, "reason", ""))).append("</td><td>");
            if (link.startsWith("https://") || link.startsWith("http://")) {
                html.append("<a href=\"").append(esc(link)).append("\">").append(esc(link)).append("</a>");
            } else {
                html.append(esc(link));
            }
            html.append("</td><td>").append(esc(text(e, "source", ""))).append("</td></tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void apiVersions(StringBuilder html, JsonNode versions) {
        if (!versions.isArray() || versions.isEmpty()) {
            return;
        }
        html.append("<section id=\"api-versions\">\n<h2>API versions the target advertised</h2>\n<table>\n")
                .append("<tr><th>API</th><th>key</th><th>min</th><th>max</th></tr>\n");
        for (JsonNode v : versions) {
            html.append("<tr><td>").append(esc(text(v, "api", ""))).append("</td><td class=\"n\">")
                    .append(esc(text(v, "key", ""))).append("</td><td class=\"n\">").append(esc(text(v, "min", "")))
                    .append("</td><td class=\"n\">").append(esc(text(v, "max", ""))).append("</td></tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void certification(StringBuilder html, JsonNode certification) {
        if (certification.isMissingNode() || certification.isNull()) {
            return;
        }
        String text = certification.isArray() ? String.join("\n", strings(certification)) : certification.asText();
        html.append("<section id=\"certification\">\n<h2>Certification summary</h2>\n<pre>").append(esc(text))
                .append("</pre>\n</section>\n");
    }

    private static void meta(StringBuilder html, String name, String value) {
        html.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    /** The anchor the console names: the same as {@link ScenarioResult#anchor()}. */
    static String anchor(String feature, int line) {
        return new ScenarioResult(feature, "", line, List.of(), ScenarioResult.Status.PASSED, "", 0).anchor();
    }

    private static String verdictClass(String verdict) {
        return switch (verdict.toUpperCase(Locale.ROOT)) {
            case "COMPATIBLE", "PASSED" -> "v-compatible";
            case "PARTIAL" -> "v-partial";
            default -> verdict.toUpperCase(Locale.ROOT).startsWith("NOT COMPATIBLE") ? "v-not-compatible" : "v-other";
        };
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.path(key);
        return value.isMissingNode() || value.isNull() ? fallback : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
