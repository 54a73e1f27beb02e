package org.kafkatck.tck.spec;

/**
 * A scenario that a run does not grade, and why.
 *
 * @param id     the scenario's assertion id, e.g. {@code FETCH-012}
 * @param link   where the decision is recorded (the accepted challenge), or empty
 * @param reason why it is excluded
 * @param source who excluded it
 */
public record Exclusion(String id, String link, String reason, Source source) {

    /** Who excluded a scenario. */
    public enum Source {
        /** The TCK's own exclude list: an accepted challenge; it applies to every run of this TCK version. */
        TCK,
        /** The person running the TCK: such a run certifies nothing. */
        LOCAL
    }
}
