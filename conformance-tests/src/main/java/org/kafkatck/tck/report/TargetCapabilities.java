package org.kafkatck.tck.report;

import java.util.List;
import java.util.Optional;

import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.RestartableTarget;

/**
 * What a scenario needs of the target besides the Kafka protocol. A scenario tagged
 * {@value RestartableTarget#TAG} restarts the broker in its middle, which only a target the TCK started itself
 * can do ({@link RestartableTarget}); on any other target it does not run and is reported as not applicable
 * to that target, like a scenario whose version tags exclude the target's Kafka version. Likewise a scenario of
 * the {@value #SECURITY} profile needs a secured target that names its users ({@link BrokerTarget#principals()}):
 * it grants them ACLs and connects as each.
 */
public final class TargetCapabilities {
    /** Why a restart scenario does not apply to a target that cannot restart. */
    public static final String CANNOT_RESTART = RestartableTarget.TAG + ": the TCK cannot restart this target";

    /** The tag of the profile that needs the target's principals. */
    public static final String SECURITY = "@security";
    /** Why a security scenario does not apply to a target that names no principals. */
    public static final String NO_PRINCIPALS = SECURITY + ": the target has no SASL users and authorizer the TCK"
            + " knows of (tck.security=sasl_ssl, or tck.principals.* for an external broker)";

    private TargetCapabilities() {
    }

    /**
     * @param tags   a scenario's tags, with their {@code @}
     * @param target the target under test
     * @return why the scenario cannot run on {@code target}; empty when it can
     */
    public static Optional<String> missing(List<String> tags, BrokerTarget target) {
        if (tags.contains(RestartableTarget.TAG) && !(target instanceof RestartableTarget)) {
            return Optional.of(CANNOT_RESTART);
        }
        if (tags.contains(SECURITY) && target.principals().isEmpty()) {
            return Optional.of(NO_PRINCIPALS);
        }
        return Optional.empty();
    }
}
