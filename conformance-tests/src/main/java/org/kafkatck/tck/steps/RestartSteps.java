package org.kafkatck.tck.steps;

import io.cucumber.java.en.When;
import org.kafkatck.tck.targets.RestartableTarget;
import org.kafkatck.tck.world.World;

/**
 * Restarts of the broker under test, in the middle of a scenario tagged {@value RestartableTarget#TAG}: the
 * same broker comes back on the same data and address, and the scenario's clients reconnect to it. Such
 * scenarios run alone, and do not apply to a target the TCK cannot restart (the hooks skip them there).
 */
public class RestartSteps {
    private final World world;

    /** @param world the scenario's state */
    public RestartSteps(World world) {
        this.world = world;
    }

    @When("the broker restarts")
    public void restarts() {
        target().restart(RestartableTarget.Stop.CLEAN);
    }

    @When("the broker is killed and restarts")
    public void killedAndRestarts() {
        target().restart(RestartableTarget.Stop.CRASH);
    }

    private RestartableTarget target() {
        if (!(world.run().target() instanceof RestartableTarget restartable)) {
            // only reached by a scenario without the tag: the hooks skip tagged ones on such a target
            throw new IllegalStateException("This scenario restarts the broker but is not tagged "
                    + RestartableTarget.TAG + ", and the target " + world.run().target().description()
                    + " cannot be restarted");
        }
        return restartable;
    }
}
