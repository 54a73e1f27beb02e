package org.kafkatck.tck.steps;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster and topic metadata, through the Admin client and raw Metadata requests. */
public class MetadataSteps {
    private final World world;
    private DescribeClusterResponseData cluster;
    private MetadataResponseData metadata;
    private String clusterId;
    private Set<String> listing;
    private MetadataResponseData.MetadataResponseTopic byId;
    private Set<AclOperation> topicOperations;
    private Set<AclOperation> clusterOperations;

    /** @param world the scenario's state */
    public MetadataSteps(World world) {
        this.world = world;
    }

    /** Asks DescribeCluster and Metadata, raw, on one connection: they describe the same cluster. */
    @When("the cluster is described")
    public void describeCluster() {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_CLUSTER.latestVersion());
        cluster = connection.send(ApiKeys.DESCRIBE_CLUSTER, version, new DescribeClusterRequestData()
                .setIncludeClusterAuthorizedOperations(false).setEndpointType((byte) 1));
        assertThat(Errors.forCode(cluster.errorCode())).as("DescribeCluster error").isEqualTo(Errors.NONE);
        metadata = connection.send(ApiKeys.METADATA, connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion()),
                new MetadataRequestData().setTopics(List.of()).setAllowAutoTopicCreation(false));
        clusterId = cluster.clusterId();
    }

    @Then("it has at least {int} broker(s) with a host and a port")
    public void hasBrokers(int count) {
        assertThat(cluster.brokers()).hasSizeGreaterThanOrEqualTo(count).allSatisfy(node -> {
            assertThat(node.host()).isNotBlank();
            assertThat(node.port()).isBetween(1, 65535);
            assertThat(node.brokerId()).isNotNegative();
        });
    }

    @Then("Metadata names the same brokers and cluster id as DescribeCluster")
    public void metadataAgrees() {
        assertThat(metadata.clusterId()).as("cluster id in Metadata").isEqualTo(cluster.clusterId());
        assertThat(metadata.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port())
                .as("brokers in Metadata").containsExactlyInAnyOrderElementsOf(cluster.brokers().stream()
                        .filter(b -> !b.isFenced()).map(b -> b.brokerId() + "@" + b.host() + ":" + b.port()).toList());
    }

    @Then("it has a non-empty cluster id that stays the same when described again")
    public void stableClusterId() {
        assertThat(clusterId).isNotBlank();
        String first = clusterId;
        describeCluster();
        assertThat(clusterId).as("cluster id the second time").isEqualTo(first);
    }

    /** Raw Metadata: every partition's leader, replicas and in-sync replicas are brokers of the cluster. */
    @Then("each of the {int} partitions of {string} has a leader among the brokers, with a leader epoch")
    public void everyPartitionHasALeader(int partitions, String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        assertThat(version).as("Metadata version (leader epochs need v7+)")
                .isGreaterThanOrEqualTo(RawReads.METADATA_LEADER_EPOCHS);
        MetadataResponseData response = connection.send(ApiKeys.METADATA, version, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(physical)))
                .setAllowAutoTopicCreation(false));
        Set<Integer> brokerIds = response.brokers().stream().map(MetadataResponseData.MetadataResponseBroker::nodeId)
                .collect(Collectors.toSet());
        MetadataResponseData.MetadataResponseTopic answer = response.topics().find(physical);
        assertThat(answer).as("%s in Metadata", physical).isNotNull();
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.partitions()).extracting(MetadataResponseData.MetadataResponsePartition::partitionIndex)
                .as("partitions of %s", physical).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, partitions).boxed().toList());
        assertThat(answer.partitions()).allSatisfy(p -> {
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", p.partitionIndex()).isEqualTo(Errors.NONE);
            assertThat(brokerIds).as("brokers, holding the leader of partition %d", p.partitionIndex()).contains(p.leaderId());
            assertThat(p.replicaNodes()).as("replicas of partition %d", p.partitionIndex()).contains(p.leaderId());
            assertThat(p.isrNodes()).as("in-sync replicas of partition %d", p.partitionIndex()).contains(p.leaderId());
            assertThat(p.leaderEpoch()).as("leader epoch of partition %d (Metadata v%d)", p.partitionIndex(), version)
                    .isNotNegative();
        });
    }

    /** Raw Metadata (v10+) twice, and the Admin client's description as a second path. */
    @Then("{string} has a non-zero topic id that stays the same when described again")
    public void stableTopicId(String topic) throws Exception {
        String physical = world.topic(topic);
        Uuid first = RawReads.metadata(world.raw(), physical).topicId();
        assertThat(first).as("topic id in Metadata").isNotNull().isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(RawReads.metadata(world.raw(), physical).topicId()).as("topic id the second time").isEqualTo(first);
        assertThat(describe(physical).topicId()).as("topic id the Admin client describes").isEqualTo(first);
    }

    @When("all topics are listed")
    public void listTopics() {
        RawConnection connection = world.raw();
        MetadataResponseData response = connection.send(ApiKeys.METADATA,
                connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion()),
                new MetadataRequestData().setTopics(null).setAllowAutoTopicCreation(false));
        listing = response.topics().stream().map(MetadataResponseData.MetadataResponseTopic::name)
                .collect(Collectors.toSet());
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

    /** Metadata v12+ names topics by id alone (KIP-516); older brokers have nothing to check. */
    private MetadataResponseData.MetadataResponseTopic metadataById(Uuid id) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        if (version < 12) {
            throw new org.opentest4j.TestAbortedException("not applicable: the broker serves Metadata up to v" + version
                    + "; naming topics by id needs v12+");
        }
        MetadataResponseData response = connection.send(ApiKeys.METADATA, version, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(null).setTopicId(id)))
                .setAllowAutoTopicCreation(false));
        assertThat(response.topics()).as("topics answered").hasSize(1);
        byId = response.topics().iterator().next();
        world.lastError = Errors.forCode(byId.errorCode());
        return byId;
    }

    @When("{string} is described by its topic id")
    public void describeById(String topic) {
        String physical = world.topic(topic);
        Uuid id = RawReads.metadata(world.raw(), physical).topicId();
        metadataById(id);
        assertThat(byId.topicId()).as("topic id of the answer").isEqualTo(id);
    }

    @Then("the description names {string} with {int} partitions")
    public void descriptionNames(String topic, int partitions) {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(byId.name()).isEqualTo(world.topic(topic));
        assertThat(byId.partitions()).hasSize(partitions);
    }

    @When("a random topic id is described")
    public void describeRandomId() {
        Uuid id = Uuid.randomUuid();
        metadataById(id);
        assertThat(byId.topicId()).as("topic id of the answer").isEqualTo(id);
    }

    /** The Admin client asks with DescribeTopicPartitions (or Metadata) and DescribeCluster, as a tool does. */
    @When("the Admin client describes {string} and the cluster, asking for the authorized operations")
    public void describeAuthorizedOperations(String topic) throws Exception {
        String physical = world.topic(topic);
        topicOperations = world.admin().describeTopics(List.of(physical),
                        new DescribeTopicsOptions().includeAuthorizedOperations(true))
                .allTopicNames().get(15, TimeUnit.SECONDS).get(physical).authorizedOperations();
        clusterOperations = world.admin().describeCluster(new DescribeClusterOptions()
                .includeAuthorizedOperations(true)).authorizedOperations().get(15, TimeUnit.SECONDS);
    }

    @When("Metadata for {string} is requested with the topic's authorized operations")
    public void metadataWithAuthorizedOperations(String topic) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        assertThat(version).as("Metadata version (include_topic_authorized_operations needs v8+)")
                .isGreaterThanOrEqualTo((short) 8);
        MetadataResponseData response = connection.send(ApiKeys.METADATA, version, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(world.topic(topic))))
                .setAllowAutoTopicCreation(false).setIncludeTopicAuthorizedOperations(true));
        MetadataResponseData.MetadataResponseTopic answered = response.topics().iterator().next();
        assertThat(Errors.forCode(answered.errorCode())).as("error of %s in Metadata v%d", topic, version)
                .isEqualTo(Errors.NONE);
        topicOperations = operations(answered.topicAuthorizedOperations(), "Metadata v" + version);
    }

    @Then("the topic's authorized operations are {operations}")
    public void topicOperationsAre(Set<AclOperation> expected) {
        assertThat(topicOperations).as("the topic's authorized operations").isNotNull()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Then("the cluster's authorized operations are {operations}")
    public void clusterOperationsAre(Set<AclOperation> expected) {
        assertThat(clusterOperations).as("the cluster's authorized operations").isNotNull()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The bit field of operation codes a response carries; its lowest value means "not computed". */
    private static Set<AclOperation> operations(int bits, String where) {
        assertThat(bits).as("authorized operations in %s (-2147483648 means not computed)", where)
                .isNotEqualTo(Integer.MIN_VALUE);
        return Utils.from32BitField(bits).stream().map(AclOperation::fromCode).collect(Collectors.toSet());
    }

    private TopicDescription describe(String physical) throws Exception {
        return world.admin().describeTopics(List.of(physical)).allTopicNames().get(15, TimeUnit.SECONDS).get(physical);
    }
}
