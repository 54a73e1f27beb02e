package org.kafkatck.tck.steps;

import java.util.List;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import org.kafkatck.tck.report.AssertionIds;
import org.kafkatck.tck.report.RequestAttachment;
import org.kafkatck.tck.report.SentRequest;
import org.kafkatck.tck.report.VersionTags;
import org.kafkatck.tck.spec.Exclusions;
import org.kafkatck.tck.world.TckRun;
import org.kafkatck.tck.world.World;

/**
 * Scenario lifecycle: skip excluded scenarios and those that do not apply to the target's Kafka version, refuse
 * to run on a target the preflight rejected, close clients afterwards.
 */
public class Hooks {
    private final World world;

    /** @param world the scenario's state */
    public Hooks(World world) {
        this.world = world;
    }

    /** An excluded scenario does not run: the TCK's exclude list or the person running it took it out. */
    @Before(order = 0)
    public void skipExcluded(Scenario scenario) {
        String id = AssertionIds.of(List.copyOf(scenario.getSourceTagNames()));
        Exclusions.active().find(id).ifPresent(e -> {
            throw new org.opentest4j.TestAbortedException("excluded: " + e.reason());
        });
    }

    /**
     * Skips a scenario whose version tags ({@code @since:4.0}) say it does not hold on the target's Kafka
     * version; the report counts it as not applicable.
     */
    @Before(order = 1)
    public void skipWhenNotApplicable(Scenario scenario) {
        java.util.Optional<String> version = world.run().target().kafkaVersion();
        VersionTags.excludedBy(List.copyOf(scenario.getSourceTagNames()), version).ifPresent(tag -> {
            throw new org.opentest4j.TestAbortedException("not applicable: " + tag + " and the target runs Kafka "
                    + version.orElseThrow());
        });
    }

    /**
     * Skips a scenario that needs something the target cannot do (a restart, {@code @broker-restart}); the report
     * counts it as not applicable to the target.
     */
    @Before(order = 1)
    public void skipWhenTargetLacksCapability(Scenario scenario) {
        org.kafkatck.tck.report.TargetCapabilities.missing(List.copyOf(scenario.getSourceTagNames()),
                world.run().target()).ifPresent(why -> {
                    throw new org.opentest4j.TestAbortedException("not applicable: " + why);
                });
    }

    /** Fails the scenario at once when the target is not usable at all. */
    @Before(order = 2)
    public void requireUsableTarget() {
        world.run().requireUsable();
    }

    /** In the self-test, a mutant is caught once one {@code @must} scenario fails: the rest are skipped. */
    @Before(order = 3)
    public void skipOnceCaught() {
        TckRun run = world.run();
        if (run.stopAtFirstMustFailure() && run.hasMustFailure()) {
            throw new org.opentest4j.TestAbortedException("skipped: a @must scenario already failed");
        }
    }

    /**
     * Closes every client the scenario opened. A failed scenario first attaches the last request it sent,
     * which the conformance report turns into the failure's diagnosis (and Cucumber's report shows).
     */
    @After
    public void closeClients(Scenario scenario) {
        if (scenario.isFailed() && !scenario.getSourceTagNames().contains("@should")) {
            world.run().mustFailed();
        }
        SentRequest last = world.trail().last();
        if (scenario.isFailed() && last != null) {
            scenario.attach(last.toJson(), RequestAttachment.MEDIA_TYPE, RequestAttachment.NAME);
        }
        world.close();
    }
}
