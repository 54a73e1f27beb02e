package org.kafkatck.tck.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The grade of a target: scenario results aggregated per profile and per API. A profile is
 * COMPATIBLE when every {@code @must} scenario in it passed; {@code @should} scenarios are reported
 * but do not decide the verdict. A run of less than the whole bundled spec (a tag filter, another features
 * directory) is PARTIAL at best: what ran passed, but it certifies nothing.
 */
public final class ConformanceReport {
    private final String target;
    private final List<ScenarioResult> results = Collections.synchronizedList(new ArrayList<>());
    private volatile String preflightFailure;
    private volatile List<String> partialReasons = List.of();
    private final List<ScenarioResult> notApplicable = Collections.synchronizedList(new ArrayList<>());
    private volatile String kafkaVersion;

    /** @param target description of the graded target */
    public ConformanceReport(String target) {
        this.target = target;
    }

    /** Adds a finished scenario. */
    public void add(ScenarioResult result) {
        results.add(result);
    }

    /**
     * Records a scenario the spec's version tags say does not hold on the target's Kafka version: it did
     * not run, counts neither way, and does not make the run partial.
     *
     * @param kafkaVersion the target's Kafka version, e.g. {@code 3.9.1}
     */
    public void notApplicable(String kafkaVersion, ScenarioResult scenario) {
        this.kafkaVersion = kafkaVersion;
        notApplicable.add(scenario);
    }

    /** @return how many scenarios (an outline's example rows each) did not apply to the target's Kafka version */
    public int notApplicableCount() {
        return notApplicable.size();
    }

    /**
     * @return the ids of the scenarios that do not apply to the target's Kafka version, sorted, each once
     *         (an outline some of whose example rows do not apply has one id for them all)
     */
    public List<String> notApplicableIds() {
        synchronized (notApplicable) {
            return notApplicable.stream().map(ScenarioResult::id).distinct().sorted().toList();
        }
    }

    /** Marks the whole target NOT COMPATIBLE because the preflight failed. */
    public void preflightFailed(String reason) {
        this.preflightFailure = reason;
    }

    /**
     * Marks the run as not the whole bundled spec: its verdict is PARTIAL at best.
     *
     * @param reasons what made it partial, e.g. the tag filter; empty for a whole run
     */
    public void partial(List<String> reasons) {
        this.partialReasons = List.copyOf(reasons);
    }

    /** @return why the run is partial; empty when it ran the whole bundled spec */
    public List<String> partialReasons() {
        return partialReasons;
    }

    /** @return COMPATIBLE, NOT COMPATIBLE, or PARTIAL when every @must that ran passed in a partial run */
    public String verdict() {
        if (!compatible()) {
            return "NOT COMPATIBLE";
        }
        return partialReasons.isEmpty() ? "COMPATIBLE" : "PARTIAL";
    }

    /** @return the scenario results so far */
    public List<ScenarioResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** Counts of one profile or API. */
    public static final class Tally {
        private int mustPassed;
        private int mustTotal;
        private int shouldPassed;
        private int shouldTotal;
        private final List<ScenarioResult> failedMust = new ArrayList<>();

        void add(ScenarioResult r) {
            boolean passed = r.status() == ScenarioResult.Status.PASSED;
            if (r.must()) {
                mustTotal++;
                if (passed) {
                    mustPassed++;
                } else {
                    failedMust.add(r);
                }
            } else {
                shouldTotal++;
                if (passed) {
                    shouldPassed++;
                }
            }
        }

        /** @return passed @must scenarios */
        public int mustPassed() {
            return mustPassed;
        }

        /** @return all @must scenarios */
        public int mustTotal() {
            return mustTotal;
        }

        /** @return passed @should scenarios */
        public int shouldPassed() {
            return shouldPassed;
        }

        /** @return all @should scenarios */
        public int shouldTotal() {
            return shouldTotal;
        }

        /** @return whether every @must scenario passed */
        public boolean compatible() {
            return mustPassed == mustTotal;
        }

        /** @return the @must scenarios that did not pass */
        public List<ScenarioResult> failedMust() {
            return failedMust;
        }
    }

    /** @return tallies per profile, sorted by profile name */
    public Map<String, Tally> byProfile() {
        Map<String, Tally> profiles = new TreeMap<>();
        for (ScenarioResult r : results()) {
            List<String> names = r.profiles().isEmpty() ? List.of("untagged") : r.profiles();
            for (String profile : names) {
                profiles.computeIfAbsent(profile, p -> new Tally()).add(r);
            }
        }
        return profiles;
    }

    /** @return tallies per API, sorted by API name */
    public Map<String, Tally> byApi() {
        Map<String, Tally> apis = new TreeMap<>();
        for (ScenarioResult r : results()) {
            for (String api : r.apis()) {
                apis.computeIfAbsent(api, a -> new Tally()).add(r);
            }
        }
        return apis;
    }

    /** @return whether the preflight passed and every @must scenario run passed */
    public boolean compatible() {
        return preflightFailure == null && byProfile().values().stream().allMatch(Tally::compatible);
    }

    /** @return the console table of DESIGN.md: one line per profile, then one per API */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Kafka TCK — target ").append(target).append('\n');
        if (preflightFailure != null) {
            out.append("NOT COMPATIBLE — preflight failed: ").append(preflightFailure).append('\n');
            return out.toString();
        }
        out.append(String.format("%-17s %-9s %-8s %s%n", "profile", "must", "should", "verdict"));
        byProfile().forEach((profile, t) -> out.append(String.format("%-17s %-9s %-8s %s%n", profile,
                t.mustPassed() + "/" + t.mustTotal(), t.shouldPassed() + "/" + t.shouldTotal(), verdict(t))));
        out.append('\n').append(String.format("%-17s %-9s %-8s%n", "api", "must", "should"));
        byApi().forEach((api, t) -> out.append(String.format("%-17s %-9s %-8s%n", api,
                t.mustPassed() + "/" + t.mustTotal(), t.shouldPassed() + "/" + t.shouldTotal())));
        List<ScenarioResult> failed = results().stream().filter(r -> r.status() != ScenarioResult.Status.PASSED).toList();
        if (!failed.isEmpty()) {
            out.append('\n').append("Not passed:\n");
            for (ScenarioResult r : failed) {
                out.append(String.format("  [%s %s] %s %s:%d %s%n      %s%n", r.must() ? "must" : "should", r.status(),
                        r.id(), r.feature(), r.line(), r.name(), firstLine(r.error())));
            }
        }
        List<String> notApplicableIds = notApplicableIds();
        if (!notApplicableIds.isEmpty()) {
            out.append('\n').append("Not applicable to Kafka ").append(kafkaVersion).append(" (the spec's @since/@until tags): ")
                    .append(notApplicableCount()).append(" scenarios — ").append(String.join(", ", notApplicableIds))
                    .append('\n');
        }
        out.append('\n').append("Verdict: ").append(verdict());
        if (verdict().equals("PARTIAL")) {
            out.append(" — ").append(String.join("; ", partialReasons))
                    .append(" (every @must scenario that ran passed; only a run of the whole bundled spec certifies)");
        }
        out.append('\n');
        return out.toString();
    }

    /** @return a profile's verdict: COMPATIBLE, NOT COMPATIBLE, or PASSED when it passed in a partial run */
    private String profileVerdict(Tally t) {
        if (!t.compatible()) {
            return "NOT COMPATIBLE";
        }
        return partialReasons.isEmpty() ? "COMPATIBLE" : "PASSED";
    }

    private String verdict(Tally t) {
        if (t.compatible()) {
            return profileVerdict(t);
        }
        int failed = t.mustTotal() - t.mustPassed();
        return "NOT COMPATIBLE — " + failed + " must failed (see report.html#" + t.failedMust().get(0).anchor() + ")";
    }

    /** @return the same data as JSON */
    public String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"target\": ").append(quote(target)).append(",\n");
        json.append("  \"verdict\": ").append(quote(verdict())).append(",\n");
        json.append("  \"compatible\": ").append(verdict().equals("COMPATIBLE")).append(",\n");
        json.append("  \"partialReasons\": ").append(list(partialReasons)).append(",\n");
        json.append("  \"preflightFailure\": ").append(preflightFailure == null ? "null" : quote(preflightFailure))
                .append(",\n");
        json.append("  \"notApplicable\": {\"kafkaVersion\": ").append(kafkaVersion == null ? "null" : quote(kafkaVersion))
                .append(", \"count\": ").append(notApplicableCount())
                .append(", \"ids\": ").append(list(notApplicableIds())).append("},\n");
        json.append("  \"profiles\": {");
        appendTallies(json, byProfile(), true);
        json.append("},\n  \"apis\": {");
        appendTallies(json, byApi(), false);
        json.append("},\n  \"scenarios\": [");
        List<ScenarioResult> all = results();
        for (int i = 0; i < all.size(); i++) {
            ScenarioResult r = all.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(r.id().isEmpty() ? "null" : quote(r.id()))
                    .append(", \"feature\": ").append(quote(r.feature()))
                    .append(", \"line\": ").append(r.line())
                    .append(", \"name\": ").append(quote(r.name()))
                    .append(", \"level\": ").append(quote(r.must() ? "must" : "should"))
                    .append(", \"profiles\": ").append(list(r.profiles()))
                    .append(", \"apis\": ").append(list(r.apis()))
                    .append(", \"status\": ").append(quote(r.status().name()))
                    .append(", \"durationMs\": ").append(r.durationMs())
                    .append(", \"error\": ").append(r.error().isEmpty() ? "null" : quote(r.error()))
                    .append('}');
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    private void appendTallies(StringBuilder json, Map<String, Tally> tallies, boolean withVerdict) {
        boolean first = true;
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            json.append(first ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": {")
                    .append("\"mustPassed\": ").append(t.mustPassed())
                    .append(", \"mustTotal\": ").append(t.mustTotal())
                    .append(", \"shouldPassed\": ").append(t.shouldPassed())
                    .append(", \"shouldTotal\": ").append(t.shouldTotal());
            if (withVerdict) {
                json.append(", \"verdict\": ").append(quote(profileVerdict(t)));
            }
            json.append('}');
            first = false;
        }
        if (!tallies.isEmpty()) {
            json.append("\n  ");
        }
    }

    private static String list(List<String> values) {
        return values.stream().map(ConformanceReport::quote).reduce((a, b) -> a + ", " + b)
                .map(s -> "[" + s + "]").orElse("[]");
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
