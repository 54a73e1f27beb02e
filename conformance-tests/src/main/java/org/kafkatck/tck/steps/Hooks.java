package org.kafkatck.tck.steps;

import java.util.List;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import org.kafkatck.tck.report.VersionTags;
import org.kafkatck.tck.world.TckRun;
import org.kafkatck.tck.world.World;

/** Scenario lifecycle: skip what does not apply to the target's Kafka version, refuse to run on a target the preflight rejected; close clients afterwards. */
public class Hooks {
    private final World world;

    /** @param world the scenario's state */
    public Hooks(World world) {
        this.world = world;
    }

    /**
     * Skips a scenario whose version tags ({@code @since:4.0}) say it does not hold on the target's Kafka
     * version; the report counts it as not applicable.
     */
    @Before(order = 0)
    public void skipWhenNotApplicable(Scenario scenario) {
        java.util.Optional<String> version = world.run().target().kafkaVersion();
        VersionTags.excludedBy(List.copyOf(scenario.getSourceTagNames()), version).ifPresent(tag -> {
            throw new org.opentest4j.TestAbortedException("not applicable: " + tag + " and the target runs Kafka "
                    + version.orElseThrow());
        });
    }

    /** Fails the scenario at once when the target is not usable at all. */
    @Before(order = 1)
    public void requireUsableTarget() {
        world.run().requireUsable();
    }

    /** In the self-test, a mutant is caught once one {@code @must} scenario fails: the rest are skipped. */
    @Before(order = 2)
    public void skipOnceCaught() {
        TckRun run = world.run();
        if (run.stopAtFirstMustFailure() && run.hasMustFailure()) {
            throw new org.opentest4j.TestAbortedException("skipped: a @must scenario already failed");
        }
    }

    /** Closes every client the scenario opened. */
    @After
    public void closeClients(Scenario scenario) {
        if (scenario.isFailed() && !scenario.getSourceTagNames().contains("@should")) {
            world.run().mustFailed();
        }
        world.close();
    }
}
