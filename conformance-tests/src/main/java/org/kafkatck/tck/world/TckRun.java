package org.kafkatck.tck.world;

import java.time.Duration;
import java.util.UUID;

import org.kafkatck.tck.targets.BrokerTarget;
import org.kafkatck.tck.targets.Preflight;
import org.kafkatck.tck.targets.TargetConfig;
import org.kafkatck.tck.targets.TargetUnavailableException;

/**
 * What one TCK run shares across its scenarios: the target (started once), its preflight result,
 * and a run id that makes every physical topic name unique to this run.
 *
 * <p>The command-line runner installs a started target with {@link #install}; a run launched by a
 * test engine alone starts the target named by {@link TargetConfig} on first use and stops it when
 * the JVM exits.
 */
public final class TckRun {
    private static final Object LOCK = new Object();
    private static volatile TckRun current;

    private final BrokerTarget target;
    private final Preflight preflight;
    private final String runId;
    private final boolean stopAtFirstMustFailure;
    private final java.util.concurrent.atomic.AtomicBoolean mustFailed = new java.util.concurrent.atomic.AtomicBoolean();

    private TckRun(BrokerTarget target, Preflight preflight, boolean stopAtFirstMustFailure) {
        this.target = target;
        this.preflight = preflight;
        this.stopAtFirstMustFailure = stopAtFirstMustFailure;
        this.runId = UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts {@code target} and runs the preflight against it.
     *
     * @return the run, also installed as the current one
     */
    public static TckRun install(BrokerTarget target) {
        return install(target, false);
    }

    /**
     * Starts {@code target} and runs the preflight against it.
     *
     * @param stopAtFirstMustFailure skip the scenarios that start after a {@code @must} scenario failed:
     *                               the self-test only needs to know whether a mutant is caught
     * @return the run, also installed as the current one
     */
    public static TckRun install(BrokerTarget target, boolean stopAtFirstMustFailure) {
        synchronized (LOCK) {
            target.start();
            Preflight preflight = Preflight.check(target, Duration.ofSeconds(10));
            current = new TckRun(target, preflight, stopAtFirstMustFailure);
            return current;
        }
    }

    /** @return whether scenarios are skipped once a {@code @must} scenario has failed */
    public boolean stopAtFirstMustFailure() {
        return stopAtFirstMustFailure;
    }

    /** Notes that a {@code @must} scenario failed. */
    public void mustFailed() {
        mustFailed.set(true);
    }

    /** @return whether a {@code @must} scenario of this run has failed */
    public boolean hasMustFailure() {
        return mustFailed.get();
    }

    /** @return the current run, starting the configured target if none is installed */
    public static TckRun current() {
        TckRun run = current;
        if (run != null) {
            return run;
        }
        synchronized (LOCK) {
            if (current == null) {
                BrokerTarget target = TargetConfig.load().createTarget();
                TckRun started = install(target);
                Runtime.getRuntime().addShutdownHook(new Thread(target::close, "tck-target-stop"));
                System.out.println("Kafka TCK target: " + target.description());
                System.out.print(started.preflight.render());
            }
            return current;
        }
    }

    /** @return the run if one was installed, without starting anything */
    public static TckRun peek() {
        return current;
    }

    /** @return the target under test */
    public BrokerTarget target() {
        return target;
    }

    /** @return the preflight result */
    public Preflight preflight() {
        return preflight;
    }

    /** @return a short id unique to this run */
    public String runId() {
        return runId;
    }

    /** @throws TargetUnavailableException when the preflight found the target unusable */
    public void requireUsable() {
        if (!preflight.compatible()) {
            throw new TargetUnavailableException("Target is NOT COMPATIBLE: " + preflight.reason());
        }
    }
}
