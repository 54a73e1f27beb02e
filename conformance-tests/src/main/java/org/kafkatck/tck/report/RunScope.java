package org.kafkatck.tck.report;

import java.util.List;

import org.kafkatck.tck.spec.SpecIdentity;

/**
 * What a run covered, as far as its verdict depends on it: the spec it read, the tag filter, and why it is less
 * than a certifying run, if it is.
 *
 * @param spec           the spec the run read
 * @param tags           the Cucumber tag filter, or empty for none
 * @param partialReasons why the run certifies nothing (a filter, an edited spec, local exclusions); empty for a
 *                       run that certifies
 */
public record RunScope(SpecIdentity spec, String tags, List<String> partialReasons) {

    /** @return the scope of a run of the whole bundled spec */
    public static RunScope wholeBundledSpec() {
        return new RunScope(SpecIdentity.bundled(), "", List.of());
    }

    /** @return whether the run can certify */
    public boolean whole() {
        return partialReasons.isEmpty();
    }
}
