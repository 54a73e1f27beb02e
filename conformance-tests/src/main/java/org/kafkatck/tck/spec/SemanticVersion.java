package org.kafkatck.tck.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec version, {@code MAJOR.MINOR.PATCH}. The spec's versions follow what a broker vendor depends on: a
 * new assertion is a minor version (a broker certified on 1.2 may fail 1.3), a changed or removed
 * {@code @must} is a major one (a broker's certification on 1.x says nothing about 2.0).
 *
 * @param major incremented when a {@code @must} assertion changes or goes
 * @param minor incremented when an assertion is added, or a {@code @should} changes or goes
 * @param patch incremented for anything else released
 */
public record SemanticVersion(int major, int minor, int patch) implements Comparable<SemanticVersion> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** What a change of the spec requires of its next version. */
    public enum Bump {
        /** Nothing an assertion says changed. */
        NONE,
        /** Editorial changes only: any new version will do. */
        PATCH,
        /** A new assertion, or a {@code @should} changed or removed. */
        MINOR,
        /** A {@code @must} changed or removed. */
        MAJOR
    }

    /**
     * @throws IllegalArgumentException with a one-line message when {@code text} is not {@code N.N.N}
     */
    public static SemanticVersion parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH)");
        }
        return new SemanticVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** @return the smallest version after this one that a change of kind {@code bump} allows */
    public SemanticVersion next(Bump bump) {
        return switch (bump) {
            case NONE -> this;
            case PATCH -> new SemanticVersion(major, minor, patch + 1);
            case MINOR -> new SemanticVersion(major, minor + 1, 0);
            case MAJOR -> new SemanticVersion(major + 1, 0, 0);
        };
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
