package org.kafkatck.tck.steps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.Principals;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group APIs of the {@code security} profile as an ordinary user sends them: OffsetFetch, DescribeGroups,
 * DeleteGroups and OffsetDelete, as raw requests to the first bootstrap server (the coordinator of every group of
 * a one-broker target). The Admin client would ask FindCoordinator first, which needs DESCRIBE on the group too,
 * so a refusal would come from FindCoordinator and not from the API under test.
 */
public class SecurityGroupSteps {
    /** OffsetFetch v8 and v9 name topics by name and carry a list of groups (v10 names topics by id). */
    private static final short OFFSET_FETCH_CAP = 9;

    private final World world;
    private final Principals principals;
    private long committedOffset = -2;
    private final List<String> topicsAnswered = new ArrayList<>();
    private final Map<String, Errors> groupErrors = new HashMap<>();

    /** @param world the scenario's state */
    public SecurityGroupSteps(World world) {
        this.world = world;
        this.principals = world.principals();
    }

    /** A user's OffsetFetch for one partition of one group; the group's error if any, else the partition's. */
    @When("user {string} fetches the committed offset of partition {int} of {string} for group {string}")
    public void fetchesOffset(String user, int partition, String topic, String group) {
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = offsetFetch(user, group,
                List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(world.topic(topic))
                        .setPartitionIndexes(List.of(partition))));
        world.lastError = Errors.forCode(answer.errorCode());
        if (world.lastError == Errors.NONE) {
            assertThat(answer.topics()).as("topics answered").hasSize(1);
            assertThat(answer.topics().get(0).partitions()).as("partitions answered").hasSize(1);
            OffsetFetchResponseData.OffsetFetchResponsePartitions answered = answer.topics().get(0).partitions().get(0);
            world.lastError = Errors.forCode(answered.errorCode());
            committedOffset = answered.committedOffset();
        }
    }

    /** A user's OffsetFetch of every committed offset of a group (topics null): the topics it answers. */
    @When("user {string} fetches all committed offsets of group {string}")
    public void fetchesAll(String user, String group) {
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = offsetFetch(user, group, null);
        world.lastError = Errors.forCode(answer.errorCode());
        topicsAnswered.clear();
        answer.topics().forEach(t -> topicsAnswered.add(t.name()));
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup offsetFetch(
            String user, String group, List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.OFFSET_FETCH, OFFSET_FETCH_CAP);
        assertThat(version).as("OffsetFetch version with a list of groups").isGreaterThanOrEqualTo((short) 8);
        OffsetFetchRequestData request = new OffsetFetchRequestData().setRequireStable(false)
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId(world.name(group)).setTopics(topics)));
        OffsetFetchResponseData response = connection.send(ApiKeys.OFFSET_FETCH, version, request);
        assertThat(response.groups()).as("groups answered").hasSize(1);
        assertThat(response.groups().get(0).groupId()).as("group answered").isEqualTo(world.name(group));
        return response.groups().get(0);
    }

    /** The offset of the last OffsetFetch answer. */
    @Then("the committed offset answered is {long}")
    public void committedOffsetAnswered(long offset) {
        assertThat(committedOffset).as("committed offset OffsetFetch answered").isEqualTo(offset);
    }

    /** The topics the last OffsetFetch of all offsets answered hold one topic and leave out another. */
    @Then("the committed offsets answered include {string} but not {string}")
    public void offsetsInclude(String visible, String hidden) {
        assertThat(world.lastError).as("error of the group answered").isEqualTo(Errors.NONE);
        assertThat(topicsAnswered).as("topics OffsetFetch answered").contains(world.topic(visible))
                .doesNotContain(world.topic(hidden));
    }

    /** A user's DescribeGroups for two groups in one request: each group is answered on its own. */
    @When("user {string} describes the groups {string} and {string}")
    public void describesGroups(String user, String first, String second) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.DESCRIBE_GROUPS, (short) 5);
        DescribeGroupsResponseData response = connection.send(ApiKeys.DESCRIBE_GROUPS, version,
                new DescribeGroupsRequestData().setGroups(List.of(world.name(first), world.name(second))));
        groupErrors.clear();
        response.groups().forEach(g -> groupErrors.put(g.groupId(), Errors.forCode(g.errorCode())));
        assertThat(groupErrors.keySet()).as("groups described")
                .containsExactlyInAnyOrder(world.name(first), world.name(second));
    }

    /** The error of one group in the last DescribeGroups answer. */
    @Then("group {string} is described with {error}")
    public void describedWith(String group, Errors error) {
        assertThat(groupErrors.get(world.name(group))).as("error of group %s", group).isEqualTo(error);
    }

    /** A user's DeleteGroups for one group. */
    @When("user {string} deletes group {string}")
    public void deletesGroup(String user, String group) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.DELETE_GROUPS, (short) 2);
        DeleteGroupsResponseData response = connection.send(ApiKeys.DELETE_GROUPS, version,
                new DeleteGroupsRequestData().setGroupsNames(List.of(world.name(group))));
        assertThat(response.results()).as("groups answered").hasSize(1);
        DeleteGroupsResponseData.DeletableGroupResult result = response.results().iterator().next();
        assertThat(result.groupId()).as("group answered").isEqualTo(world.name(group));
        world.lastError = Errors.forCode(result.errorCode());
    }

    /** A user's OffsetDelete of one partition's offset; the request's error if any, else the partition's. */
    @When("user {string} deletes the committed offset of partition {int} of {string} for group {string}")
    public void deletesOffset(String user, int partition, String topic, String group) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.OFFSET_DELETE, (short) 0);
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(world.topic(topic))
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                        .setPartitionIndex(partition))));
        OffsetDeleteResponseData response = connection.send(ApiKeys.OFFSET_DELETE, version,
                new OffsetDeleteRequestData().setGroupId(world.name(group)).setTopics(topics));
        world.lastError = Errors.forCode(response.errorCode());
        if (world.lastError == Errors.NONE) {
            assertThat(response.topics()).as("topics answered").hasSize(1);
            OffsetDeleteResponseData.OffsetDeleteResponseTopic answered = response.topics().iterator().next();
            assertThat(answered.partitions()).as("partitions answered").hasSize(1);
            world.lastError = Errors.forCode(answered.partitions().iterator().next().errorCode());
        }
    }
}
