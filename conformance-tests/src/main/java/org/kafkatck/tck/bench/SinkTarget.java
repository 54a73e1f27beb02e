package org.kafkatck.tck.bench;

import java.util.List;
import java.util.Map;

import org.kafkatck.tck.targets.ReferenceBrokerProcessTarget;
import org.kafkatck.tck.targets.TargetSecurity;

/**
 * The bench's {@code sink} target, the ceiling of {@code vs ceiling}: the reference broker's network stack, codec,
 * groups and metadata with the storage handlers replaced by ones that keep nothing (see docs/performance.md), started
 * from the broker jar as a {@link ReferenceBrokerProcessTarget} variant. Its main class may not be in this build;
 * {@link #available()} says whether it is.
 */
final class SinkTarget {
    /** The variant of the reference broker's process target that runs it. */
    static final ReferenceBrokerProcessTarget.Variant VARIANT = ReferenceBrokerProcessTarget.Variant.SINK;
    /** The sink broker's main class, in the reference broker's jar. */
    static final String MAIN_CLASS = VARIANT.mainClass();
    /** Why {@code --targets sink} cannot run in a build without it. */
    static final String UNAVAILABLE = "--targets: the sink target is not in this build (" + MAIN_CLASS + " is not on"
            + " the classpath); run with --targets apache-kafka,reference";

    private SinkTarget() {
    }

    /** @return whether the sink broker is in this build */
    static boolean available() {
        try {
            Class.forName(MAIN_CLASS, false, SinkTarget.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** @return the sink as a child JVM, with the same settings as the reference broker's */
    static ReferenceBrokerProcessTarget create(String heap, TargetSecurity security, Map<String, String> env,
                                               List<String> jvmArgs) {
        return new ReferenceBrokerProcessTarget(heap, security, VARIANT, env, jvmArgs);
    }
}
