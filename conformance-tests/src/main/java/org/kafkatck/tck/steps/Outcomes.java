package org.kafkatck.tck.steps;


import io.cucumber.java.en.Then;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps that check how a request ended: with success, with an error surfaced by the Java client, or
 * with an error code in a raw response.
 */
public class Outcomes {
    private final World world;

    /** @param world the scenario's state */
    public Outcomes(World world) {
        this.world = world;
    }

    /** The last client call expected to fail did not. */
    @Then("the request succeeds")
    public void succeeds() {
        assertThat(world.failure).as("the request failed").isNull();
    }

    /** The last client call failed with {@code expected}. */
    @Then("the request fails with {error}")
    public void failsWith(Errors expected) {
        assertThat(world.failure).as("expected the request to fail with %s, but it succeeded", expected).isNotNull();
        assertThat(errorOf(world.failure)).as("error of %s", world.failure).isEqualTo(expected);
    }

    /** The last raw response carried {@code expected}. */
    @Then("the broker answers {error}")
    public void brokerAnswers(Errors expected) {
        assertThat(world.lastError).as("error code of the last response").isEqualTo(expected);
    }

    /** Maps a client failure to the Kafka error behind it. */
    static Errors errorOf(Throwable failure) {
        // the broker's error may come wrapped: in the future's ExecutionException, or, when the client failed
        // before the call (an idempotent producer refused its producer id), in a KafkaException naming its state
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException) {
                return Errors.forException(cause);
            }
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** Runs a client call, remembering its failure instead of throwing it. */
    static void capture(World world, ThrowingRunnable call) {
        world.failure = null;
        try {
            call.run();
        } catch (Exception e) {
            world.failure = e;
        }
    }

    /** A call that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
