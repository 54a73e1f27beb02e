package org.kafkatck.tck.targets;

/**
 * A target the TCK can restart in the middle of a scenario: the same broker, on the same data and the same
 * address, stopped and started again. Scenarios tagged {@value #TAG} need it; on any other target (a broker
 * that runs elsewhere, a container) they are reported as not applicable. A restart is seen by every scenario
 * running at that moment, so those scenarios run alone (see {@code Tck}).
 */
public interface RestartableTarget extends BrokerTarget {
    /** The tag of scenarios that restart the target. */
    String TAG = "@broker-restart";

    /** How the broker goes down before it starts again. */
    enum Stop {
        /** A clean shutdown: the broker finishes what it is doing and closes its files. */
        CLEAN,
        /**
         * As if the process were killed ({@code kill -9}): nothing more is written or flushed by the broker, and
         * the next start recovers its logs as after a crash. What the operating system already holds survives.
         */
        CRASH
    }

    /**
     * Stops the broker as {@code how} says and starts it again on the same data directory and port; returns
     * once it accepts clients again.
     *
     * @throws TargetUnavailableException when it does not come back
     */
    void restart(Stop how);
}
