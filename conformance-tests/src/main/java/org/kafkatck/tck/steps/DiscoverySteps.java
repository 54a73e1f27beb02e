package org.kafkatck.tck.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery: which topics a Metadata request asks for (a null list, an empty one, by version), where
 * each partition's leader is reached, the broker setting auto-creation depends on, and
 * DescribeTopicPartitions (KIP-966) with its cursor. Every answer is read raw.
 */
public class DiscoverySteps {
    private final World world;
    private MetadataResponseData metadata;
    private short metadataVersion;
    private final List<DescribeTopicPartitionsResponseData> pages = new ArrayList<>();

    /** @param world the scenario's state */
    public DiscoverySteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- Metadata: which topics

    private MetadataResponseData metadata(int version, List<MetadataRequestData.MetadataRequestTopic> topics) {
        RawConnection connection = world.raw();
        short newest = connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        assertThat(version).as("Metadata v%d is advertised (up to v%d)", version, newest).isLessThanOrEqualTo(newest);
        metadataVersion = (short) version;
        MetadataRequestData request = new MetadataRequestData().setTopics(topics);
        if (version >= 4) {
            request.setAllowAutoTopicCreation(false);
        }
        metadata = connection.send(ApiKeys.METADATA, metadataVersion, request);
        return metadata;
    }

    @When("Metadata v{int} is requested with a null topic list")
    public void nullList(int version) {
        metadata(version, null);
    }

    @When("Metadata v{int} is requested with an empty topic list")
    public void emptyList(int version) {
        metadata(version, List.of());
    }

    @Then("the answer describes {string}, with its partitions")
    public void describes(String topic) {
        {
            String physical = world.topic(topic);
            MetadataResponseData.MetadataResponseTopic answer = metadata.topics().stream()
                    .filter(t -> physical.equals(t.name())).findFirst().orElse(null);
            assertThat(answer).as("%s in the Metadata v%d answer", physical, metadataVersion).isNotNull();
            assertThat(Errors.forCode(answer.errorCode())).as("error of %s", physical).isEqualTo(Errors.NONE);
            assertThat(answer.partitions()).as("partitions of %s", physical).isNotEmpty();
        }
    }

    @Then("the answer describes no topic, only the brokers of the cluster")
    public void describesNone() {
        assertThat(metadata.topics()).as("topics in the Metadata v%d answer", metadataVersion).isEmpty();
        assertThat(metadata.brokers()).as("brokers in the Metadata v%d answer", metadataVersion).isNotEmpty();
    }

    // ---------------------------------------------------------------- Metadata: where leaders are

    /**
     * Each partition's leader is a listed broker, and the host and port listed for it really reach
     * that partition's leader: a Fetch sent there is served, not refused with NOT_LEADER_OR_FOLLOWER.
     */
    @Then("every partition of {string} is served by a Fetch sent to the host and port Metadata lists for its leader")
    public void leadersReachable(String topic) {
        String physical = world.topic(topic);
        MetadataResponseData response = metadata(world.raw().version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion()),
                List.of(new MetadataRequestData.MetadataRequestTopic().setName(physical)));
        Map<Integer, String> addresses = response.brokers().stream().collect(Collectors.toMap(
                MetadataResponseData.MetadataResponseBroker::nodeId, b -> b.host() + ":" + b.port()));
        MetadataResponseData.MetadataResponseTopic answer = response.topics().find(physical);
        assertThat(answer).as("%s in Metadata", physical).isNotNull();
        assertThat(answer.partitions()).as("partitions of %s", physical).isNotEmpty();
        for (MetadataResponseData.MetadataResponsePartition p : answer.partitions()) {
            assertThat(addresses).as("listed brokers, holding the leader of partition %d", p.partitionIndex())
                    .containsKey(p.leaderId());
            RawConnection leader = world.rawTo(addresses.get(p.leaderId()));
            try {
                assertThat(Errors.forCode(RawReads.fetch(leader, physical, p.partitionIndex(), 0).errorCode()))
                        .as("Fetch of partition %d sent to its leader at %s", p.partitionIndex(),
                                addresses.get(p.leaderId())).isEqualTo(Errors.NONE);
            } finally {
                leader.close();
            }
        }
    }

    // ---------------------------------------------------------------- auto-creation

    /** Auto-creation is the broker's choice: where it is off, a scenario about it does not apply. */
    @Given("the broker creates topics on first use \\(auto.create.topics.enable=true)")
    public void autoCreationEnabled() throws Exception {
        String nodeId = Integer.toString(world.admin().describeCluster().nodes().get(15, TimeUnit.SECONDS)
                .iterator().next().id());
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
        String value = world.admin().describeConfigs(List.of(broker)).all().get(15, TimeUnit.SECONDS).get(broker)
                .get("auto.create.topics.enable").value();
        if (!Boolean.parseBoolean(value)) {
            throw new TestAbortedException("not applicable: the broker runs with auto.create.topics.enable=" + value);
        }
    }

    // ---------------------------------------------------------------- DescribeTopicPartitions

    private DescribeTopicPartitionsResponseData describePartitions(List<String> physicalTopics, int limit,
                                                                   DescribeTopicPartitionsResponseData.Cursor cursor) {
        RawConnection connection = world.raw();
        ApiKeys api = ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
        if (connection.apiVersions((short) 3).apiKeys().find(api.id) == null) {
            throw new TestAbortedException("not applicable: the broker does not advertise DescribeTopicPartitions "
                    + "(clients then describe topics with Metadata)");
        }
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData()
                .setTopics(physicalTopics.stream().map(t -> new DescribeTopicPartitionsRequestData.TopicRequest()
                        .setName(t)).toList())
                .setResponsePartitionLimit(limit)
                .setCursor(cursor == null ? null : new DescribeTopicPartitionsRequestData.Cursor()
                        .setTopicName(cursor.topicName()).setPartitionIndex(cursor.partitionIndex()));
        return connection.send(api, connection.version(api, (short) 0), request);
    }

    @When("the partitions of {string}, {string} and the unknown topic {string} are described in one DescribeTopicPartitions request")
    public void describeThree(String first, String second, String unknown) {
        pages.add(describePartitions(List.of(world.topic(first), world.topic(second), world.topic(unknown)), 2000, null));
    }

    @Then("each described partition has the leader and leader epoch Metadata reports for it")
    public void leadersAsMetadataHasThem() {
        for (DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic t : pages.get(0).topics()) {
            if (t.errorCode() != Errors.NONE.code()) {
                continue;
            }
            MetadataResponseData.MetadataResponseTopic described = RawReads.metadata(world.raw(), t.name());
            for (DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition p : t.partitions()) {
                MetadataResponseData.MetadataResponsePartition inMetadata = described.partitions().stream()
                        .filter(m -> m.partitionIndex() == p.partitionIndex()).findFirst().orElseThrow();
                assertThat(p.leaderId()).as("leader of %s-%d, as Metadata has it", t.name(), p.partitionIndex())
                        .isEqualTo(inMetadata.leaderId());
                assertThat(p.leaderEpoch()).as("leader epoch of %s-%d, as Metadata has it", t.name(), p.partitionIndex())
                        .isEqualTo(inMetadata.leaderEpoch());
            }
        }
    }

    @Then("the answer lists {string} with partitions 0 to {int} and {string} with partitions 0 to {int}, then {string} as UNKNOWN_TOPIC_OR_PARTITION, without a cursor")
    public void listsInNameOrder(String first, int firstLast, String second, int secondLast, String unknown) {
        DescribeTopicPartitionsResponseData answer = pages.get(0);
        assertThat(answer.topics()).extracting(DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic::name)
                .as("topics answered, in name order").containsExactly(world.topic(first), world.topic(second),
                        world.topic(unknown));
        assertThat(answer.nextCursor()).as("next_cursor of a complete answer").isNull();
        Map<Integer, String> brokers = brokers();
        List<DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic> topics = new ArrayList<>(answer.topics());
        int[] lasts = {firstLast, secondLast};
        for (int i = 0; i < 2; i++) {
            DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic t = topics.get(i);
            String physical = t.name();
            assertThat(Errors.forCode(t.errorCode())).as("error of %s", physical).isEqualTo(Errors.NONE);
            assertThat(t.topicId()).as("topic id of %s, as Metadata has it", physical)
                    .isEqualTo(RawReads.metadata(world.raw(), physical).topicId());
            assertThat(t.partitions()).extracting(DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition::partitionIndex)
                    .as("partitions of %s", physical).containsExactlyElementsOf(range(0, lasts[i]));
            assertThat(t.partitions()).allSatisfy(p -> {
                assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", p.partitionIndex()).isEqualTo(Errors.NONE);
                assertThat(brokers).as("brokers, holding the leader of partition %d", p.partitionIndex())
                        .containsKey(p.leaderId());
                assertThat(p.replicaNodes()).as("replicas of partition %d", p.partitionIndex()).contains(p.leaderId());
                assertThat(p.isrNodes()).as("in-sync replicas of partition %d", p.partitionIndex()).contains(p.leaderId());
                assertThat(p.leaderEpoch()).as("leader epoch of partition %d", p.partitionIndex()).isNotNegative();
            });
        }
        DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic missing = topics.get(2);
        assertThat(Errors.forCode(missing.errorCode())).as("error of %s", missing.name())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(missing.topicId()).as("topic id of an unknown topic").isEqualTo(Uuid.ZERO_UUID);
        assertThat(missing.partitions()).as("partitions of an unknown topic").isEmpty();
    }

    private Map<Integer, String> brokers() {
        RawConnection connection = world.raw();
        MetadataResponseData response = connection.send(ApiKeys.METADATA,
                connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion()),
                new MetadataRequestData().setTopics(List.of()).setAllowAutoTopicCreation(false));
        return response.brokers().stream().collect(Collectors.toMap(
                MetadataResponseData.MetadataResponseBroker::nodeId, b -> b.host() + ":" + b.port()));
    }

    private static List<Integer> range(int first, int last) {
        List<Integer> all = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            all.add(i);
        }
        return all;
    }

    /** Pages through the answer, each request carrying the cursor of the previous answer, until none is left. */
    @When("the partitions of {string} and {string} are described {int} at a time, each request carrying the previous answer's cursor")
    public void describePaged(String first, String second, int limit) {
        List<String> topics = List.of(world.topic(first), world.topic(second));
        DescribeTopicPartitionsResponseData.Cursor cursor = null;
        do {
            DescribeTopicPartitionsResponseData page = describePartitions(topics, limit, cursor);
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("pages of a paged answer (more means the cursor does not advance)").hasSizeLessThan(10);
        } while (cursor != null);
    }

    /**
     * Each row is one answer: its partitions as {@code topic-partition}, and its next cursor (empty
     * for none), with the spec's logical topic names.
     */
    @Then("the answers are, in order:")
    public void answersAre(DataTable table) {
        List<Map<String, String>> rows = table.asMaps();
        List<String> seen = pages.stream().map(this::logical).toList();
        List<String> expected = rows.stream().map(r -> r.get("partitions") + " | next cursor: "
                + (r.get("next cursor") == null ? "" : r.get("next cursor"))).toList();
        assertThat(seen).as("DescribeTopicPartitions answers, page by page").containsExactlyElementsOf(expected);
    }

    private String logical(DescribeTopicPartitionsResponseData page) {
        List<String> partitions = new ArrayList<>();
        page.topics().forEach(t -> {
            assertThat(Errors.forCode(t.errorCode())).as("error of %s", t.name()).isEqualTo(Errors.NONE);
            t.partitions().forEach(p -> partitions.add(logicalName(t.name()) + "-" + p.partitionIndex()));
        });
        DescribeTopicPartitionsResponseData.Cursor next = page.nextCursor();
        return String.join(", ", partitions) + " | next cursor: "
                + (next == null ? "" : logicalName(next.topicName()) + "-" + next.partitionIndex());
    }

    /** The spec's name of a physical topic name ("alpha-&lt;run&gt;-7" is "alpha"). */
    private String logicalName(String physical) {
        for (String logical : Set.of("alpha", "beta", "gamma")) {
            if (physical.equals(world.topic(logical))) {
                return logical;
            }
        }
        return physical;
    }
}
