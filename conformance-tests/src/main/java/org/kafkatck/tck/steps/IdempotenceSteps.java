package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent produce driven by hand: InitProducerId and Produce requests with chosen producer ids,
 * epochs and sequence numbers, which the Java producer never lets a caller choose.
 */
public class IdempotenceSteps {
    private final World world;
    private InitProducerIdResponseData first;
    private InitProducerIdResponseData second;
    private long producerId;
    private ProduceRequestData lastBatch;
    private RawConnection lastConnection;
    private long lastOffset;

    /** @param world the scenario's state */
    public IdempotenceSteps(World world) {
        this.world = world;
    }

    /** Asks for a producer id, asking again on a retriable error (a broker still loading its state), as clients do. */
    private InitProducerIdResponseData initProducerId() {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.INIT_PRODUCER_ID, (short) 5);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (true) {
            InitProducerIdResponseData response = connection.send(ApiKeys.INIT_PRODUCER_ID, version,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                            .setProducerId(-1).setProducerEpoch((short) -1));
            Errors error = Errors.forCode(response.errorCode());
            if (!(error.exception() instanceof org.apache.kafka.common.errors.RetriableException)
                    || System.nanoTime() > deadline) {
                return response;
            }
            World.pause();
        }
    }

    @When("a producer id is requested")
    public void requestProducerId() {
        first = initProducerId();
    }

    @When("two producer ids are requested")
    public void requestTwo() {
        first = initProducerId();
        second = initProducerId();
    }

    @Then("it is a producer id of at least 0 with epoch 0")
    public void validProducerId() {
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
        assertThat(first.producerId()).isNotNegative();
        assertThat(first.producerEpoch()).isZero();
    }

    @Then("the two producer ids differ")
    public void differ() {
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(second.errorCode())).isEqualTo(Errors.NONE);
        assertThat(second.producerId()).isNotEqualTo(first.producerId());
    }

    @Given("an idempotent producer")
    public void anIdempotentProducer() {
        InitProducerIdResponseData response = initProducerId();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        producerId = response.producerId();
    }

    @When("it sends {string} with sequence {int} to {string}")
    public void sendWithSequence(String values, int sequence, String topic) {
        sendWithEpoch(values, 0, sequence, topic);
    }

    @When("it sends {string} with epoch {int} and sequence {int} to {string}")
    public void sendWithEpoch(String values, int epoch, int sequence, String topic) {
        String physical = world.topic(topic);
        lastConnection = world.rawToLeader(physical, 0);
        lastBatch = Requests.produce(physical, 0, (short) -1,
                Requests.idempotent(producerId, (short) epoch, sequence, values.split(",")));
        send();
    }

    @When("it sends the same batch again")
    public void sendAgain() {
        send();
    }

    private void send() {
        short version = lastConnection.version(ApiKeys.PRODUCE, (short) 12);
        ProduceResponseData response = lastConnection.send(ApiKeys.PRODUCE, version, lastBatch);
        ProduceResponseData.PartitionProduceResponse partition =
                response.responses().iterator().next().partitionResponses().get(0);
        world.lastError = Errors.forCode(partition.errorCode());
        lastOffset = partition.baseOffset();
    }

    @Then("the batch is acknowledged at offset {long}")
    public void acknowledgedAt(long offset) {
        assertThat(world.lastError).as("error of the last batch").isEqualTo(Errors.NONE);
        assertThat(lastOffset).as("base offset of the last batch").isEqualTo(offset);
    }

    /**
     * Reads the partition back raw, from offset 0 to its high watermark: it holds exactly these values,
     * in this order, each once.
     */
    @Then("partition {int} of {string} holds exactly {string}")
    public void holdsExactly(int partition, String topic, String values) {
        String physical = world.topic(topic);
        List<String> stored = RawReads.readAll(world.rawToLeader(physical, partition), physical, partition).stream()
                .map(r -> r.value() == null ? "null" : StandardCharsets.UTF_8.decode(r.value()).toString()).toList();
        assertThat(stored).as("values stored in partition %d of %s", partition, physical)
                .containsExactly(values.split(","));
    }
}
