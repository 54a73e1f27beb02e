package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input sent raw: invalid batches, and frames the broker cannot answer. */
public class RobustnessSteps {
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);

    private final World world;
    private RawConnection offender;
    private RawConnection other;

    /** @param world the scenario's state */
    public RobustnessSteps(World world) {
        this.world = world;
    }

    private void produce(String physical, int partition, short acks, MemoryRecords records, boolean toLeader) {
        offender = toLeader ? world.rawToLeader(physical, partition) : world.raw();
        short version = offender.version(ApiKeys.PRODUCE, (short) 12);
        ProduceRequestData request = Requests.produce(physical, partition, acks, records);
        if (acks == 0) {
            int id = offender.nextCorrelationId();
            offender.writeFrame(RawConnection.encode(new RequestHeader(ApiKeys.PRODUCE, version, "kafka-tck", id),
                    request, version));
            return;
        }
        ProduceResponseData response = offender.send(ApiKeys.PRODUCE, version, request);
        world.lastError = Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    @When("a batch whose checksum does not match its bytes is produced to {string}")
    public void corruptBatch(String topic) {
        MemoryRecords records = Requests.records("checksum me");
        ByteBuffer buffer = records.buffer();
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x5a));
        produce(world.topic(topic), 0, (short) -1, records, true);
    }

    @When("a batch is produced to {string} with acks={int}")
    public void invalidAcks(String topic, int acks) {
        produce(world.topic(topic), 0, (short) acks, Requests.records("acks"), true);
    }

    @When("a batch of magic {int} is produced to {string}")
    public void oldMagic(int magic, String topic) {
        MemoryRecords records = MemoryRecords.withRecords((byte) magic, Compression.NONE,
                new SimpleRecord(System.currentTimeMillis(), null, "old".getBytes()));
        produce(world.topic(topic), 0, (short) -1, records, true);
    }

    @When("a batch of {int} bytes is produced to {string}")
    public void sizedBatch(int size, String topic) {
        produce(world.topic(topic), 0, (short) -1, Requests.records("x".repeat(size)), true);
    }

    @When("a batch timestamped {int} hours in the future is produced to {string}")
    public void futureBatch(int hours, String topic) {
        long future = System.currentTimeMillis() + TimeUnit.HOURS.toMillis(hours);
        produce(world.topic(topic), 0, (short) -1, Requests.recordsAt(future, "from the future"), true);
    }

    @When("a batch is produced to partition {int} of {string}")
    public void missingPartition(int partition, String topic) {
        produce(world.topic(topic), partition, (short) -1, Requests.records("nowhere"), false);
    }

    @When("a batch is produced with acks=0 to the unknown topic {string}")
    public void fireAndForgetToUnknownTopic(String topic) {
        produce(world.topic(topic), 0, (short) 0, Requests.records("lost"), false);
    }

    @Given("another client is connected")
    public void anotherClient() {
        other = world.raw();
        assertThat(other.apiVersions((short) 3).errorCode()).isZero();
    }

    @When("a client announces a frame of {int} bytes")
    public void announceFrame(int size) {
        offender = world.raw();
        offender.writeRaw(ByteBuffer.allocate(4).putInt(size).array());
    }

    @When("a client sends a request with API key {int}")
    public void unknownApiKey(int apiKey) {
        offender = world.raw();
        offender.writeFrame(ByteBuffer.allocate(14).putShort((short) apiKey).putShort((short) 0).putInt(1)
                .putShort((short) 4).put("tck!".getBytes()).flip());
    }

    @When("a client sends a Metadata request claiming version {int}")
    public void unsupportedMetadataVersion(int version) {
        offender = world.raw();
        short real = offender.version(ApiKeys.METADATA, (short) 12);
        ByteBuffer frame = RawConnection.encode(new RequestHeader(ApiKeys.METADATA, real, "kafka-tck", 1),
                new MetadataRequestData().setTopics(null), real);
        frame.putShort(2, (short) version);
        offender.writeFrame(frame);
    }

    @When("a client sends a Produce request whose body is cut short")
    public void truncatedProduce() {
        offender = world.raw();
        short version = offender.version(ApiKeys.PRODUCE, (short) 12);
        ByteBuffer frame = RawConnection.encode(new RequestHeader(ApiKeys.PRODUCE, version, "kafka-tck", 1),
                Requests.produce("cut-short", 0, (short) -1, Requests.records("cut")), version);
        frame.limit(frame.limit() - 25);
        offender.writeFrame(frame);
    }

    @Then("the broker closes that connection")
    public void closesConnection() {
        assertThat(offender.closedByBroker(CLOSE_WITHIN)).as("connection closed by the broker within %s", CLOSE_WITHIN)
                .isTrue();
    }

    @Then("the other client is still served")
    public void otherStillServed() {
        short version = other.version(ApiKeys.METADATA, (short) 12);
        MetadataResponseData metadata = other.send(ApiKeys.METADATA, version, new MetadataRequestData()
                .setTopics(java.util.List.of()));
        assertThat(metadata.brokers()).isNotEmpty();
        RawConnection fresh = world.raw();
        assertThat(fresh.apiVersions((short) 3).errorCode()).isZero();
    }
}
