package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Creating, describing, growing and deleting topics through the Java Admin client. */
public class TopicSteps {
    /**
     * Bound on a topic change becoming visible in Metadata (creation, growth, deletion). Apache Kafka
     * shows it within milliseconds of answering; a broker that never applies it fails in seconds.
     */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

    private final World world;

    /** @param world the scenario's state */
    public TopicSteps(World world) {
        this.world = world;
    }

    /** Creates a topic the scenario starts from; failing to create it fails the scenario. */
    @Given("a topic {string} with {int} partition(s)")
    public void aTopic(String topic, int partitions) throws Exception {
        create(new NewTopic(world.topic(topic), partitions, (short) -1));
    }

    /** Creates a topic with one config set. */
    @Given("a topic {string} with {int} partition(s) and config {string} = {string}")
    public void aTopicWithConfig(String topic, int partitions, String key, String value) throws Exception {
        create(new NewTopic(world.topic(topic), partitions, (short) -1).configs(Map.of(key, value)));
    }

    private void create(NewTopic topic) throws Exception {
        world.admin().createTopics(List.of(topic)).all().get(20, TimeUnit.SECONDS);
        awaitVisible(topic.name());
    }

    /**
     * Waits until Metadata shows the topic with its leaders (creation is asynchronous on some brokers), and
     * until each leader answers for its partition: Apache Kafka names a leader in Metadata a moment before
     * that broker has created the partition's log, and meanwhile refuses a produce with NOT_LEADER_OR_FOLLOWER
     * and leaves the partition out of DescribeLogDirs (seen on a loaded machine with every 4.x release).
     */
    private void awaitVisible(String physical) {
        await().atMost(World.STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> {
                    TopicDescription d = world.admin().describeTopics(List.of(physical)).allTopicNames()
                            .get(5, TimeUnit.SECONDS).get(physical);
                    assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                            new java.util.HashMap<>();
                    d.partitions().forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(physical,
                            p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    world.admin().listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                });
    }

    @When("a topic {string} is created with {int} partition(s)")
    public void createTopic(String topic, int partitions) {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) -1), false);
    }

    @When("a topic {string} is created with {int} partition(s) and replication factor {int}")
    public void createTopicWithReplicas(String topic, int partitions, int replicas) {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) replicas), false);
    }

    @When("a topic {string} is created with {int} partition(s) and config {string} = {string}")
    public void createTopicWithConfig(String topic, int partitions, String key, String value) {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) -1).configs(Map.of(key, value)), false);
    }

    @When("a topic {string} is validated for creation with {int} partition(s)")
    public void validateTopic(String topic, int partitions) {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) -1), true);
    }

    @When("a topic {string} is validated for creation with {int} partition(s) and replication factor {int}")
    public void validateTopicWithReplicas(String topic, int partitions, int replicas) {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) replicas), true);
    }

    /**
     * Checked at once, not awaited: a validate-only request must leave nothing behind, and a topic
     * created asynchronously by mistake is caught by creating the same name for real afterwards.
     */
    @Then("no topic {string} was created")
    public void notCreated(String topic) throws Exception {
        assertThat(world.admin().listTopics().names().get(5, TimeUnit.SECONDS)).as("topics of the cluster")
                .doesNotContain(world.topic(topic));
    }

    @Then("a topic {string} can then be created for real with {int} partition(s)")
    public void createForReal(String topic, int partitions) throws Exception {
        tryCreate(new NewTopic(world.topic(topic), partitions, (short) -1), false);
        assertThat(world.failure).as("creating %s after validating it", topic).isNull();
        hasPartitions(topic, partitions);
    }

    @When("a topic with the literal name {string} is created")
    public void createLiteral(String name) {
        tryCreate(new NewTopic(name, 1, (short) -1), false);
    }

    @When("a topic with a literal name of {int} characters is created")
    public void createLongName(int length) {
        tryCreate(new NewTopic("t".repeat(length), 1, (short) -1), false);
    }

    @When("a topic {string} is created again with {int} partition(s)")
    public void createAgain(String topic, int partitions) {
        // Deletion completes asynchronously on some brokers: the name may stay taken for a moment.
        String physical = world.topic(topic);
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
            tryCreate(new NewTopic(physical, partitions, (short) -1), false);
            return !(world.failure != null && Outcomes.errorOf(world.failure) == Errors.TOPIC_ALREADY_EXISTS);
        });
        assertThat(world.failure).as("re-creating %s", physical).isNull();
        awaitVisible(physical);
    }

    private void tryCreate(NewTopic topic, boolean validateOnly) {
        Outcomes.capture(world, () -> {
            CreateTopicsResult result = world.admin().createTopics(List.of(topic),
                    new CreateTopicsOptions().validateOnly(validateOnly));
            result.all().get(20, TimeUnit.SECONDS);
            if (!validateOnly) {
                world.remembered.put("created-id:" + topic.name(), result.topicId(topic.name()).get());
            }
        });
    }

    @When("one CreateTopics request creates {string} two times")
    public void createTwiceInOneRequest(String topic) {
        String physical = world.topic(topic);
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.CREATE_TOPICS, (short) 7);
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.mustAdd(new CreateTopicsRequestData.CreatableTopic().setName(physical).setNumPartitions(1)
                .setReplicationFactor((short) -1));
        topics.mustAdd(new CreateTopicsRequestData.CreatableTopic().setName(physical).setNumPartitions(2)
                .setReplicationFactor((short) -1));
        CreateTopicsResponseData response = connection.send(ApiKeys.CREATE_TOPICS, version,
                new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(15_000));
        world.lastError = Errors.forCode(response.topics().iterator().next().errorCode());
    }

    @When("the topic {string} is deleted")
    public void deleteTopic(String topic) {
        Outcomes.capture(world, () -> world.admin().deleteTopics(List.of(world.topic(topic))).all()
                .get(20, TimeUnit.SECONDS));
    }

    @When("the topic {string} is deleted by its topic id")
    public void deleteTopicById(String topic) throws Exception {
        Uuid id = topicId(world.topic(topic));
        Outcomes.capture(world, () -> world.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all()
                .get(20, TimeUnit.SECONDS));
    }

    @When("the partitions of {string} are increased to {int}")
    public void increasePartitions(String topic, int count) {
        Outcomes.capture(world, () -> world.admin().createPartitions(
                Map.of(world.topic(topic), NewPartitions.increaseTo(count))).all().get(20, TimeUnit.SECONDS));
    }

    @When("the partitions of {string} are validated for an increase to {int}")
    public void validateIncrease(String topic, int count) {
        Outcomes.capture(world, () -> world.admin().createPartitions(
                Map.of(world.topic(topic), NewPartitions.increaseTo(count)),
                new CreatePartitionsOptions().validateOnly(true)).all().get(20, TimeUnit.SECONDS));
    }

    @Then("the topic {string} has {int} partition(s)")
    public void hasPartitions(String topic, int partitions) {
        assertThat(world.failure).as("failure").isNull();
        String physical = world.topic(topic);
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> assertThat(world.admin().describeTopics(List.of(physical)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(physical).partitions()).hasSize(partitions));
    }

    /** After a refused or validate-only change: the topic is as it was (checked at once). */
    @Then("the topic {string} still has {int} partition(s)")
    public void stillHasPartitions(String topic, int partitions) throws Exception {
        String physical = world.topic(topic);
        assertThat(world.admin().describeTopics(List.of(physical)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(physical).partitions()).as("partitions of %s", topic).hasSize(partitions);
    }

    @Then("the topic {string} exists")
    public void exists(String topic) {
        awaitVisible(world.topic(topic));
    }

    @Then("the topic {string} does not exist")
    public void doesNotExist(String topic) {
        String physical = world.topic(topic);
        await().atMost(VISIBLE_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(world.admin().listTopics().names().get(5, TimeUnit.SECONDS))
                        .doesNotContain(physical));
    }

    @Then("the topic id returned on creation is the topic id of {string}")
    public void createdIdMatches(String topic) throws Exception {
        assertThat(world.failure).as("failure").isNull();
        String physical = world.topic(topic);
        awaitVisible(physical);
        Object created = world.remembered.get("created-id:" + physical);
        assertThat(created).isNotNull().isNotEqualTo(Uuid.ZERO_UUID).isEqualTo(topicId(physical));
    }

    @When("the configs of topic {string} are described")
    public void describeConfigs(String topic) {
        org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, world.topic(topic));
        Outcomes.capture(world, () -> world.remembered.put("configs", world.admin().describeConfigs(List.of(resource))
                .all().get(20, TimeUnit.SECONDS).get(resource)));
    }

    @Then("config {string} is {string}, set on the topic")
    public void configSetOnTopic(String name, String value) {
        org.apache.kafka.clients.admin.ConfigEntry entry = configEntry(name);
        assertThat(entry.value()).isEqualTo(value);
        assertThat(entry.source()).isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(entry.isDefault()).isFalse();
    }

    @Then("config {string} is {string}, a default")
    public void configDefault(String name, String value) {
        org.apache.kafka.clients.admin.ConfigEntry entry = configEntry(name);
        assertThat(entry.value()).isEqualTo(value);
        assertThat(entry.source()).isNotEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    private org.apache.kafka.clients.admin.ConfigEntry configEntry(String name) {
        assertThat(world.failure).as("describing configs").isNull();
        org.apache.kafka.clients.admin.Config configs = (org.apache.kafka.clients.admin.Config) world.remembered.get("configs");
        org.apache.kafka.clients.admin.ConfigEntry entry = configs.get(name);
        assertThat(entry).as("config %s", name).isNotNull();
        return entry;
    }

    Uuid topicId(String physical) throws Exception {
        return Optional.ofNullable(world.admin().describeTopics(List.of(physical)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(physical)).orElseThrow().topicId();
    }
}
