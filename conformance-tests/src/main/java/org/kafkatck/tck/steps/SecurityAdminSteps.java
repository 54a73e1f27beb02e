package org.kafkatck.tck.steps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.kafkatck.tck.world.Principals;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Administrative operations of the {@code security} profile as an ordinary user asks for them through its Admin
 * client (DeleteRecords, CreatePartitions, AlterUserScramCredentials), and what the administrator sees after.
 */
public class SecurityAdminSteps {
    /** Iterations of the SCRAM credential a user tries to set: the lowest Kafka accepts. */
    private static final int ITERATIONS = 4096;

    private final World world;
    private final Principals principals;
    private long lowWatermark = -2;

    /** @param world the scenario's state */
    public SecurityAdminSteps(World world) {
        this.world = world;
        this.principals = world.principals();
    }

    /** A user deletes the records of one partition before an offset (DeleteRecords). */
    @When("user {string} deletes the records of partition {int} of {string} before offset {long}")
    public void deletesRecords(String user, int partition, String topic, long offset) {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        Outcomes.capture(world, () -> lowWatermark = principals.admin(user)
                .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).lowWatermarks().get(tp)
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).lowWatermark());
    }

    /** The low watermark the last DeleteRecords answered. */
    @Then("the low watermark answered is {long}")
    public void lowWatermarkAnswered(long offset) {
        assertThat(lowWatermark).as("low watermark DeleteRecords answered").isEqualTo(offset);
    }

    /** The administrator's ListOffsets for the earliest offset of a partition. */
    @Then("partition {int} of {string} starts at offset {long}")
    public void startsAt(int partition, String topic, long offset) throws Exception {
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        assertThat(principals.admin(Principals.ADMIN).listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).offset())
                .as("earliest offset of %s", tp).isEqualTo(offset);
    }

    /** A user adds partitions to a topic (CreatePartitions). */
    @When("user {string} grows topic {string} to {int} partitions")
    public void growsTopic(String user, String topic, int partitions) {
        Outcomes.capture(world, () -> principals.admin(user).createPartitions(Map.of(world.topic(topic),
                NewPartitions.increaseTo(partitions))).all().get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user sets a SCRAM-SHA-512 password for a user of the scenario's own (AlterUserScramCredentials). */
    @When("user {string} sets a SCRAM password for user {string}")
    public void setsScramPassword(String user, String other) {
        Outcomes.capture(world, () -> principals.admin(user).alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(world.name(other),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), "a-new-password")))
                .all().get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** The administrator finds no SCRAM credential of a user: DescribeUserScramCredentials answers RESOURCE_NOT_FOUND. */
    @Then("user {string} has no SCRAM credentials")
    public void noScramCredentials(String other) {
        String name = world.name(other);
        assertThatThrownBy(() -> principals.admin(Principals.ADMIN).describeUserScramCredentials(List.of(name))
                .description(name).get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("SCRAM credentials of %s described", name)
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ResourceNotFoundException.class);
    }
}
