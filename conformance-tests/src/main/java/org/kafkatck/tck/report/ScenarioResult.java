package org.kafkatck.tck.report;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The outcome of one scenario, with what its tags say about it.
 *
 * @param feature    the feature's file name
 * @param name       the scenario's name
 * @param line       line of the scenario in its feature file
 * @param tags       its tags, with their {@code @}
 * @param status     PASSED, FAILED or SKIPPED
 * @param error      the failure message, or empty
 * @param durationMs how long it ran
 * @param diagnosis  for a failure, which request and which field or error code differed; {@code null} when
 *                   it passed or nothing could be told
 */
public record ScenarioResult(String feature, String name, int line, List<String> tags, Status status, String error,
                             long durationMs, Diagnosis diagnosis) {

    /** A result without a diagnosis. */
    public ScenarioResult(String feature, String name, int line, List<String> tags, Status status, String error,
                          long durationMs) {
        this(feature, name, line, tags, status, error, durationMs, null);
    }

    /** Profiles the spec knows; a scenario belongs to each profile it is tagged with. */
    public static final Set<String> PROFILES = Set.of("core", "admin", "idempotence", "compression", "robustness",
            "consumer-groups", "offsets", "transactions", "security");

    /** How a scenario ended. */
    public enum Status {
        /** Every step passed. */
        PASSED,
        /** A step failed, or a step was missing or ambiguous. */
        FAILED,
        /** Not run. */
        SKIPPED,
        /** Not run because an exclusion names it; it does not count in the verdict. */
        EXCLUDED
    }

    /** @return the profiles of this scenario */
    public List<String> profiles() {
        return tags.stream().map(t -> t.substring(1)).filter(PROFILES::contains).toList();
    }

    /** @return the APIs this scenario exercises ({@code @api:Produce} gives {@code Produce}) */
    public List<String> apis() {
        return tags.stream().filter(t -> t.startsWith("@api:")).map(t -> t.substring(5)).toList();
    }

    /** @return the scenario's assertion id ({@code @id:FETCH-012} gives {@code FETCH-012}), or empty when it has none */
    public String id() {
        return AssertionIds.of(tags);
    }

    /** @return whether every Kafka-compatible broker must pass it ({@code @must}, the default) */
    public boolean must() {
        return !tags.contains("@should");
    }

    /** @return an anchor that identifies the scenario in reports */
    public String anchor() {
        return (feature + "-" + line).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
