package org.kafkatck.tck.steps;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import org.kafkatck.tck.world.World;

/** Scenario lifecycle: refuse to run on a target the preflight rejected; close clients afterwards. */
public class Hooks {
    private final World world;

    /** @param world the scenario's state */
    public Hooks(World world) {
        this.world = world;
    }

    /** Fails the scenario at once when the target is not usable at all. */
    @Before(order = 0)
    public void requireUsableTarget() {
        world.run().requireUsable();
    }

    /** Closes every client the scenario opened. */
    @After
    public void closeClients() {
        world.close();
    }
}
