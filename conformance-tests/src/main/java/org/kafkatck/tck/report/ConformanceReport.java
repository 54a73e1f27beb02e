package org.kafkatck.tck.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kafkatck.tck.spec.Exclusion;
import org.kafkatck.tck.spec.TckVersion;
import org.kafkatck.tck.targets.Preflight;

/**
 * The grade of a target: scenario results aggregated per profile and per API. A profile is
 * COMPATIBLE when every {@code @must} scenario in it passed; {@code @should} scenarios are reported
 * but do not decide the verdict. A run of less than the whole bundled spec (a tag filter, an edited spec,
 * local exclusions) is PARTIAL at best: what ran passed, but it certifies nothing. Scenarios excluded by the
 * TCK's own exclude list do not count, and the verdict names them.
 */
public final class ConformanceReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String target;
    private final List<ScenarioResult> results = Collections.synchronizedList(new ArrayList<>());
    private volatile String preflightFailure;
    private volatile RunScope scope;
    private volatile List<Exclusion> exclusions = List.of();
    private volatile List<Preflight.Advertised> advertised = List.of();
    private final List<ScenarioResult> notApplicable = Collections.synchronizedList(new ArrayList<>());
    private volatile String kafkaVersion;
    /** Scenarios that need a capability the target lacks (a restart, {@code @broker-restart}), with the reason. */
    private final java.util.Map<String, List<ScenarioResult>> notApplicableToTarget = new java.util.TreeMap<>();

    /** @param target description of the graded target */
    public ConformanceReport(String target) {
        this.target = target;
        this.scope = RunScope.wholeBundledSpec();
    }

    /**
     * Says what the run covered and what it knows of the target.
     *
     * @param scope      the spec, the filter, and why the run is partial if it is
     * @param exclusions the exclusions the run honoured, shipped and local
     * @param advertised the target's ApiVersions answer
     */
    public void describe(RunScope scope, List<Exclusion> exclusions, List<Preflight.Advertised> advertised) {
        this.scope = scope;
        this.exclusions = List.copyOf(exclusions);
        this.advertised = List.copyOf(advertised);
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

    /**
     * Records a scenario that needs something of the target it cannot do (be restarted, for example): it did not
     * run, counts neither way, and does not make the run partial.
     *
     * @param reason what the target lacks, e.g. {@code @broker-restart: the target cannot be restarted}
     */
    public void notApplicableToTarget(String reason, ScenarioResult scenario) {
        synchronized (notApplicableToTarget) {
            notApplicableToTarget.computeIfAbsent(reason, r -> new ArrayList<>()).add(scenario);
        }
    }

    /** @return the ids of the scenarios the target cannot run, sorted and each once, by reason */
    public java.util.Map<String, List<String>> notApplicableToTargetIds() {
        synchronized (notApplicableToTarget) {
            java.util.Map<String, List<String>> ids = new java.util.TreeMap<>();
            notApplicableToTarget.forEach((reason, scenarios) -> ids.put(reason,
                    scenarios.stream().map(ScenarioResult::id).distinct().sorted().toList()));
            return ids;
        }
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
        this.scope = new RunScope(scope.spec(), scope.tags(), List.copyOf(reasons));
    }

    /** @return why the run is partial; empty when it ran the whole bundled spec */
    public List<String> partialReasons() {
        return scope.partialReasons();
    }

    /** @return COMPATIBLE, NOT COMPATIBLE, or PARTIAL when every @must that ran passed in a partial run */
    public String verdict() {
        if (!compatible()) {
            return "NOT COMPATIBLE";
        }
        return scope.whole() ? "COMPATIBLE" : "PARTIAL";
    }

    /** @return the scenario results so far */
    public List<ScenarioResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** @return the scenarios an exclusion kept from running */
    public List<ScenarioResult> excluded() {
        return results().stream().filter(r -> r.status() == ScenarioResult.Status.EXCLUDED).toList();
    }

    /** Counts of one profile or API. */
    public static final class Tally {
        private int mustPassed;
        private int mustTotal;
        private int shouldPassed;
        private int shouldTotal;
        private int excluded;
        private final List<ScenarioResult> failedMust = new ArrayList<>();

        void add(ScenarioResult r) {
            if (r.status() == ScenarioResult.Status.EXCLUDED) {
                excluded++;
                return;
            }
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

        /** @return all @must scenarios that ran */
        public int mustTotal() {
            return mustTotal;
        }

        /** @return passed @should scenarios */
        public int shouldPassed() {
            return shouldPassed;
        }

        /** @return all @should scenarios that ran */
        public int shouldTotal() {
            return shouldTotal;
        }

        /** @return scenarios an exclusion kept from running */
        public int excluded() {
            return excluded;
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
        out.append("Kafka TCK ").append(TckVersion.current()).append(" — spec ").append(specLine()).append('\n');
        out.append("Target ").append(target).append('\n');
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
        List<ScenarioResult> failed = results().stream().filter(r -> r.status() == ScenarioResult.Status.FAILED
                || r.status() == ScenarioResult.Status.SKIPPED).toList();
        if (!failed.isEmpty()) {
            out.append('\n').append("Not passed:\n");
            for (ScenarioResult r : failed) {
                out.append(String.format("  [%s %s] %s %s:%d %s%n      %s%n", r.must() ? "must" : "should", r.status(),
                        r.id(), r.feature(), r.line(), r.name(), firstLine(r.error())));
                if (r.diagnosis() != null) {
                    out.append("      ").append(r.diagnosis().summary()).append('\n');
                }
            }
        }
        List<String> notApplicableIds = notApplicableIds();
        if (!notApplicableIds.isEmpty()) {
            out.append('\n').append("Not applicable to Kafka ").append(kafkaVersion).append(" (the spec's @since/@until tags): ")
                    .append(notApplicableCount()).append(" scenarios — ").append(String.join(", ", notApplicableIds))
                    .append('\n');
        }
        notApplicableToTargetIds().forEach((reason, ids) -> out.append('\n').append("Not applicable to this target (")
                .append(reason).append("): ").append(ids.size()).append(" scenarios — ").append(String.join(", ", ids))
                .append('\n'));
        if (!exclusions.isEmpty()) {
            out.append('\n').append("Excluded (not run, not counted):\n");
            exclusions.forEach(e -> out.append("  ").append(exclusionLine(e)).append('\n'));
        }
        out.append('\n').append("Verdict: ").append(verdict());
        if (verdict().equals("PARTIAL")) {
            out.append(" — ").append(String.join("; ", partialReasons()))
                    .append(" (every @must scenario that ran passed; only a run of the whole bundled spec certifies)");
        } else if (verdict().equals("COMPATIBLE") && !exclusions.isEmpty()) {
            out.append(" — with ").append(exclusions.size()).append(exclusions.size() == 1 ? " scenario" : " scenarios")
                    .append(" excluded by the TCK's exclude list: ")
                    .append(exclusions.stream().map(Exclusion::id).collect(Collectors.joining(", ")));
        }
        out.append('\n');
        return out.toString();
    }

    private String specLine() {
        return scope.spec().version() + " (sha256 " + scope.spec().shortHash() + ", "
                + (scope.spec().source().equals("bundled") ? "bundled"
                : "read from " + scope.spec().source() + (scope.spec().edited() ? ", edited" : ", as bundled")) + ")";
    }

    private static String exclusionLine(Exclusion e) {
        return e.id() + " [" + (e.source() == Exclusion.Source.TCK ? "TCK exclude list" : "excluded locally") + "] "
                + e.reason() + (e.link().isEmpty() ? "" : " (" + e.link() + ")");
    }

    /** @return a profile's verdict: COMPATIBLE, NOT COMPATIBLE, or PASSED when it passed in a partial run */
    private String profileVerdict(Tally t) {
        if (!t.compatible()) {
            return "NOT COMPATIBLE";
        }
        return scope.whole() ? "COMPATIBLE" : "PASSED";
    }

    private String verdict(Tally t) {
        if (t.compatible()) {
            return profileVerdict(t);
        }
        int failed = t.mustTotal() - t.mustPassed();
        return "NOT COMPATIBLE — " + failed + " must failed (see report.html#" + t.failedMust().get(0).anchor() + ")";
    }

    /**
     * A short, diffable summary a vendor can publish: what was graded, with which TCK and spec, under which
     * exclusions, and the outcome per profile. It carries no times or durations, so two runs with the same
     * outcome give the same text.
     *
     * @return the text of {@code certification.txt}
     */
    public String certification() {
        StringBuilder out = new StringBuilder();
        out.append("Kafka TCK conformance summary\n\n");
        line(out, "Verdict", verdict() + (verdict().equals("PARTIAL") ? " (certifies nothing)" : ""));
        line(out, "TCK", "kafka-tck " + TckVersion.current());
        line(out, "Spec", scope.spec().version() + ", sha256 " + scope.spec().sha256());
        line(out, "Spec source", scope.spec().source().equals("bundled") ? "bundled with the TCK, unmodified"
                : scope.spec().source() + (scope.spec().edited() ? " (edited: differs from the bundled spec)"
                : " (identical to the bundled spec)"));
        line(out, "Target", target);
        line(out, "Selection", scope.tags().isEmpty() ? "every scenario" : "tags " + scope.tags());
        if (!scope.whole()) {
            line(out, "Partial", String.join("; ", partialReasons()));
        }
        if (preflightFailure != null) {
            line(out, "Preflight", "FAILED: " + preflightFailure);
        }
        if (notApplicableCount() > 0) {
            line(out, "Not applicable", notApplicableCount() + " scenarios to Kafka " + kafkaVersion
                    + " (@since/@until): " + String.join(", ", notApplicableIds()));
        }
        notApplicableToTargetIds().forEach((reason, ids) -> line(out, "Not applicable",
                ids.size() + " scenarios to this target (" + reason + "): " + String.join(", ", ids)));
        if (exclusions.isEmpty()) {
            line(out, "Excluded", "none");
        } else {
            for (int i = 0; i < exclusions.size(); i++) {
                line(out, i == 0 ? "Excluded" : "", exclusionLine(exclusions.get(i)));
            }
        }
        out.append('\n').append(String.format("%-17s %-9s %-9s %s%n", "profile", "must", "should", "verdict"));
        byProfile().forEach((profile, t) -> out.append(String.format("%-17s %-9s %-9s %s%n", profile,
                t.mustPassed() + "/" + t.mustTotal(), t.shouldPassed() + "/" + t.shouldTotal(), profileVerdict(t))));
        List<ScenarioResult> notPassed = results().stream().filter(r -> r.status() == ScenarioResult.Status.FAILED
                || r.status() == ScenarioResult.Status.SKIPPED).sorted(java.util.Comparator.comparing(ScenarioResult::id))
                .toList();
        out.append('\n');
        if (notPassed.isEmpty()) {
            line(out, "Not passed", "none");
        } else {
            for (int i = 0; i < notPassed.size(); i++) {
                ScenarioResult r = notPassed.get(i);
                line(out, i == 0 ? "Not passed" : "", r.id() + " " + (r.must() ? "must" : "should") + " " + r.status());
            }
        }
        if (!advertised.isEmpty()) {
            out.append('\n').append("APIs the target advertised (").append(advertised.size()).append("):\n");
            StringBuilder row = new StringBuilder("  ");
            for (Preflight.Advertised a : advertised) {
                String item = a.api() + " " + a.min() + "-" + a.max();
                if (row.length() > 2 && row.length() + item.length() + 2 > 100) {
                    out.append(row.toString().stripTrailing()).append('\n');
                    row = new StringBuilder("  ");
                }
                row.append(item).append(", ");
            }
            out.append(row.substring(0, row.length() - 2)).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-12s %s%n", label, value));
    }

    /** @return the same data as JSON, with what ran, against what, and the certification summary */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", target);
        root.put("verdict", verdict());
        root.put("compatible", verdict().equals("COMPATIBLE"));
        strings(root.putArray("partialReasons"), partialReasons());
        root.put("preflightFailure", preflightFailure);
        ObjectNode notApplicableNode = root.putObject("notApplicable");
        notApplicableNode.put("kafkaVersion", kafkaVersion);
        notApplicableNode.put("count", notApplicableCount());
        strings(notApplicableNode.putArray("ids"), notApplicableIds());
        ObjectNode toTarget = root.putObject("notApplicableToTarget");
        notApplicableToTargetIds().forEach((reason, ids) -> strings(toTarget.putArray(reason), ids));
        ObjectNode spec = root.putObject("spec");
        spec.put("version", scope.spec().version());
        spec.put("sha256", scope.spec().sha256());
        spec.put("source", scope.spec().source());
        spec.put("edited", scope.spec().edited());
        root.putObject("tck").put("version", TckVersion.current());
        ObjectNode filters = root.putObject("filters");
        filters.put("tags", scope.tags().isEmpty() ? null : scope.tags());
        filters.put("features", scope.spec().source().equals("bundled") ? null : scope.spec().source());
        ArrayNode excluded = root.putArray("exclusions");
        for (Exclusion e : exclusions) {
            ObjectNode node = excluded.addObject();
            node.put("id", e.id());
            node.put("reason", e.reason());
            node.put("link", e.link().isEmpty() ? null : e.link());
            node.put("source", e.source().name());
        }
        ArrayNode apiVersions = root.putArray("apiVersions");
        for (Preflight.Advertised a : advertised) {
            apiVersions.addObject().put("api", a.api()).put("key", a.key()).put("min", a.min()).put("max", a.max());
        }
        tallies(root.putObject("profiles"), byProfile(), true);
        tallies(root.putObject("apis"), byApi(), false);
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioResult r : results()) {
            ObjectNode node = scenarios.addObject();
            node.put("id", r.id().isEmpty() ? null : r.id());
            node.put("feature", r.feature());
            node.put("line", r.line());
            node.put("name", r.name());
            node.put("level", r.must() ? "must" : "should");
            strings(node.putArray("profiles"), r.profiles());
            strings(node.putArray("apis"), r.apis());
            node.put("status", r.status().name());
            node.put("durationMs", r.durationMs());
            node.put("error", r.error().isEmpty() ? null : r.error());
            Diagnosis d = r.diagnosis();
            if (d == null || d.request() == null) {
                node.putNull("request");
            } else {
                ObjectNode request = node.putObject("request").put("api", d.request().api())
                        .put("key", d.request().key());
                if (d.request().version() < 0) {
                    request.putNull("version");
                } else {
                    request.put("version", d.request().version());
                }
            }
            node.put("field", d == null ? null : d.field());
            node.put("expected", d == null ? null : d.expected());
            node.put("actual", d == null ? null : d.actual());
        }
        root.put("certification", certification());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the report as JSON", e);
        }
    }

    private void tallies(ObjectNode into, Map<String, Tally> tallies, boolean withVerdict) {
        tallies.forEach((name, t) -> {
            ObjectNode node = into.putObject(name);
            node.put("mustPassed", t.mustPassed());
            node.put("mustTotal", t.mustTotal());
            node.put("shouldPassed", t.shouldPassed());
            node.put("shouldTotal", t.shouldTotal());
            node.put("excluded", t.excluded());
            if (withVerdict) {
                node.put("verdict", profileVerdict(t));
            }
        });
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
