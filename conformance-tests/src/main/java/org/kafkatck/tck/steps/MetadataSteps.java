package org.kafkatck.tck.steps;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster and topic metadata, through the Admin client and raw Metadata requests. */
public class MetadataSteps {
    private final World world;
    private Collection<Node> nodes;
    private String clusterId;
    private Set<String> listing;
    private TopicDescription description;

    /** @param world the scenario's state */
    public MetadataSteps(World world) {
        this.world = world;
    }

    @When("the cluster is described")
    public void describeCluster() throws Exception {
        DescribeClusterResult result = world.admin().describeCluster();
        nodes = result.nodes().get(15, TimeUnit.SECONDS);
        clusterId = result.clusterId().get(15, TimeUnit.SECONDS);
    }

    @Then("it has at least {int} broker(s) with a host and a port")
    public void hasBrokers(int count) {
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(count).allSatisfy(node -> {
            assertThat(node.host()).isNotBlank();
            assertThat(node.port()).isBetween(1, 65535);
            assertThat(node.id()).isNotNegative();
        });
    }

    @Then("it has a non-empty cluster id that stays the same when described again")
    public void stableClusterId() throws Exception {
        assertThat(clusterId).isNotBlank();
        assertThat(world.admin().describeCluster().clusterId().get(15, TimeUnit.SECONDS)).isEqualTo(clusterId);
    }

    @Then("every partition of {string} has a leader among the brokers")
    public void everyPartitionHasALeader(String topic) throws Exception {
        Set<Integer> brokerIds = world.admin().describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                .map(Node::id).collect(Collectors.toSet());
        TopicDescription topicDescription = describe(world.topic(topic));
        assertThat(topicDescription.partitions()).isNotEmpty()
                .allSatisfy(p -> assertThat(brokerIds).contains(p.leader().id()));
    }

    @Then("{string} has a non-zero topic id that stays the same when described again")
    public void stableTopicId(String topic) throws Exception {
        Uuid first = describe(world.topic(topic)).topicId();
        assertThat(first).isNotNull().isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(describe(world.topic(topic)).topicId()).isEqualTo(first);
    }

    @When("all topics are listed")
    public void listTopics() throws Exception {
        listing = world.admin().listTopics().names().get(15, TimeUnit.SECONDS);
    }

    @Then("the listing contains {string}")
    public void listingContains(String topic) {
        assertThat(listing).contains(world.topic(topic));
    }

    @When("metadata for {string} is requested without allowing auto-creation")
    public void metadataWithoutAutoCreate(String topic) {
        rawMetadata(world.topic(topic), false);
    }

    @When("metadata for {string} is requested allowing auto-creation")
    public void metadataWithAutoCreate(String topic) {
        rawMetadata(world.topic(topic), true);
    }

    @When("metadata for the topic named {string} is requested allowing auto-creation")
    public void metadataForLiteralName(String name) {
        rawMetadata(name, true);
    }

    private void rawMetadata(String name, boolean allowAutoCreation) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.METADATA, (short) 12);
        assertThat(version).as("Metadata version (allowAutoTopicCreation needs v4+)").isGreaterThanOrEqualTo((short) 4);
        MetadataRequestData request = new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(name)))
                .setAllowAutoTopicCreation(allowAutoCreation);
        MetadataResponseData response = connection.send(ApiKeys.METADATA, version, request);
        world.lastError = Errors.forCode(response.topics().iterator().next().errorCode());
    }

    @When("{string} is described by its topic id")
    public void describeById(String topic) throws Exception {
        Uuid id = describe(world.topic(topic)).topicId();
        description = world.admin().describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds()
                .get(15, TimeUnit.SECONDS).get(id);
    }

    @Then("the description names {string} with {int} partitions")
    public void descriptionNames(String topic, int partitions) {
        assertThat(description.name()).isEqualTo(world.topic(topic));
        assertThat(description.partitions()).hasSize(partitions);
    }

    @When("a random topic id is described")
    public void describeRandomId() {
        Uuid id = Uuid.randomUuid();
        Outcomes.capture(world, () -> world.admin().describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds().get(15, TimeUnit.SECONDS));
    }

    private TopicDescription describe(String physical) throws Exception {
        return world.admin().describeTopics(List.of(physical)).allTopicNames().get(15, TimeUnit.SECONDS).get(physical);
    }
}
