package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.Principals;
import org.kafkatck.tck.world.World;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code security} profile's clients: authentication (SASL) over raw frames and the Java clients, and the
 * operations an ordinary user of the target tries, each remembered as the scenario's last outcome
 * ({@link Outcomes}: "the request fails with ...", "the request succeeds") or last raw error ("the broker answers
 * ..."). The users are those of {@link Principals}.
 */
public class SecuritySteps {
    /** Bound on the broker closing a connection that broke the rules of authentication. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    /** Bound on a consumer's first records (or its authorization error) after it starts reading. */
    private static final Duration READ_WITHIN = Duration.ofSeconds(15);

    private final World world;
    private final Principals principals;
    private RawConnection unauthenticated;
    private SaslHandshakeResponseData handshake;
    private long offsetAnswered = -1;

    /** @param world the scenario's state */
    public SecuritySteps(World world) {
        this.world = world;
        this.principals = world.principals();
    }

    // --- authentication ---

    /** A user's Admin client with a password that is not theirs describes the cluster. */
    @When("user {string} describes the cluster with a wrong password")
    public void describeClusterWithWrongPassword(String user) {
        describeCluster(principals.admin(principals.propertiesWithWrongPassword(user)));
    }

    /** A user's Admin client with their own password describes the cluster (which needs no ACL). */
    @When("user {string} describes the cluster with the right password")
    public void describeClusterWithRightPassword(String user) {
        describeCluster(principals.admin(user));
    }

    private void describeCluster(org.apache.kafka.clients.admin.Admin admin) {
        Outcomes.capture(world, () -> admin.describeCluster().clusterId().get(World.STEP_TIMEOUT.toSeconds(),
                TimeUnit.SECONDS));
    }

    /** A raw connection over the target's transport that has sent nothing yet. */
    @Given("a connection that has not authenticated")
    public void unauthenticatedConnection() {
        unauthenticated = principals.unauthenticated();
    }

    /** ApiVersions is the one request served before authentication besides SaslHandshake. */
    @When("it asks for the API versions before authenticating")
    public void apiVersionsBeforeAuthentication() {
        ApiVersionsResponseData answer = unauthenticated.apiVersions((short) 3);
        world.lastError = Errors.forCode(answer.errorCode());
    }

    /** A request other than ApiVersions and SaslHandshake before authentication. */
    @When("it sends a Metadata request before authenticating")
    public void metadataBeforeAuthentication() {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "kafka-tck",
                unauthenticated.nextCorrelationId());
        unauthenticated.writeFrame(RawConnection.encode(header, new MetadataRequestData().setTopics(List.of()),
                (short) 12));
    }

    /** The broker closed the connection and sent no byte before closing it. */
    @Then("the broker closes that connection without an answer")
    public void closedWithoutAnswer() {
        assertThat(unauthenticated.closedByBroker(CLOSE_WITHIN))
                .as("the connection closed by the broker within %s, without an answer", CLOSE_WITHIN).isTrue();
    }

    /** SaslHandshake v1 naming a mechanism. */
    @When("it asks to authenticate with the mechanism {string}")
    public void handshake(String mechanism) {
        handshake = unauthenticated.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                new SaslHandshakeRequestData().setMechanism(mechanism));
        world.lastError = Errors.forCode(handshake.errorCode());
    }

    /** The refused handshake lists the enabled mechanisms, among them the one this target's clients use. */
    @Then("the mechanisms listed include the one the target's clients use")
    public void mechanismsListed() {
        assertThat(handshake.mechanisms()).as("mechanisms of the SaslHandshake answer")
                .contains(principals.mechanism());
    }

    // --- operations of a user ---

    /** A user's producer (without idempotence, which needs an ACL of its own) sends one record and awaits it. */
    @When("user {string} sends a record to {string}")
    public void sends(String user, String topic) {
        KafkaProducer<byte[], byte[]> producer = principals.producer(user,
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.RETRIES_CONFIG, "0"));
        Outcomes.capture(world, () -> producer.send(new ProducerRecord<>(world.topic(topic), 0, null,
                ("from-" + user).getBytes(UTF_8))).get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user's consumer, outside any group, reads one partition from its first offset. */
    @When("user {string} reads partition {int} of {string} from the beginning")
    public void readsPartition(String user, int partition, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = principals.consumer(user, Map.of());
        consumer.assign(List.of(new TopicPartition(world.topic(topic), partition)));
        read(consumer);
    }

    /** A user's consumer in a group subscribes to a topic and reads it. */
    @When("user {string} in group {string} reads {string}")
    public void readsInGroup(String user, String group, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = principals.consumer(user,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, world.name(group)));
        consumer.subscribe(List.of(world.topic(topic)));
        read(consumer);
    }

    /** Polls until a record arrives, the consumer fails, or the bound passes (which fails the read). */
    private void read(KafkaConsumer<byte[], byte[]> consumer) {
        world.received.clear();
        Outcomes.capture(world, () -> {
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (world.received.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no record and no error within " + READ_WITHIN);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(world.received::add);
            }
        });
    }

    /** The last read received exactly this many records. */
    @Then("it receives {int} record(s)")
    public void receives(int count) {
        assertThat(world.received).as("records received").hasSize(count);
        for (ConsumerRecord<byte[], byte[]> record : world.received) {
            assertThat(record.value()).as("value of the record at offset %d", record.offset()).isNotNull();
        }
    }

    /** A user commits an offset for a group, outside any generation (as a consumer with assigned partitions does). */
    @When("user {string} commits offset {long} of partition {int} of {string} for group {string}")
    public void commits(String user, long offset, int partition, String topic, String group) {
        KafkaConsumer<byte[], byte[]> consumer = principals.consumer(user,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, world.name(group)));
        TopicPartition tp = new TopicPartition(world.topic(topic), partition);
        consumer.assign(List.of(tp));
        Outcomes.capture(world, () -> consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)),
                World.STEP_TIMEOUT));
    }

    /** A user creates a topic of one partition. */
    @When("user {string} creates topic {string}")
    public void createsTopic(String user, String topic) {
        Outcomes.capture(world, () -> principals.admin(user).createTopics(List.of(new NewTopic(world.topic(topic), 1,
                (short) -1))).all().get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user deletes a topic by name. */
    @When("user {string} deletes topic {string}")
    public void deletesTopic(String user, String topic) {
        Outcomes.capture(world, () -> principals.admin(user).deleteTopics(List.of(world.topic(topic))).all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user describes the configs of a topic. */
    @When("user {string} describes the configs of topic {string}")
    public void describesConfigs(String user, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, world.topic(topic));
        Outcomes.capture(world, () -> assertThat(principals.admin(user).describeConfigs(List.of(resource)).all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource).get("retention.ms"))
                .as("retention.ms described").isNotNull());
    }

    /** A user sets one config of a topic with IncrementalAlterConfigs. */
    @When("user {string} sets config {string} of topic {string} to {string}")
    public void setsConfig(String user, String name, String topic, String value) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, world.topic(topic));
        Outcomes.capture(world, () -> principals.admin(user).incrementalAlterConfigs(Map.of(resource,
                List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)))).all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /**
     * A user's raw ListOffsets for the latest offset: the Java clients ask Metadata first, which would refuse
     * the same user before ListOffsets is ever sent.
     */
    @When("user {string} asks ListOffsets for the latest offset of partition {int} of {string}")
    public void listOffsets(String user, int partition, String topic) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.LIST_OFFSETS, (short) 9);
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setIsolationLevel((byte) 0);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(world.topic(topic))
                .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                        .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP).setCurrentLeaderEpoch(-1))));
        ListOffsetsResponseData response = connection.send(ApiKeys.LIST_OFFSETS, version, request);
        assertThat(response.topics()).as("topics answered").hasSize(1);
        assertThat(response.topics().get(0).partitions()).as("partitions answered").hasSize(1);
        ListOffsetsResponseData.ListOffsetsPartitionResponse answer = response.topics().get(0).partitions().get(0);
        world.lastError = Errors.forCode(answer.errorCode());
        offsetAnswered = answer.offset();
    }

    /** The offset of the last ListOffsets answer. */
    @Then("the offset answered is {long}")
    public void offsetAnswered(long offset) {
        assertThat(offsetAnswered).as("offset ListOffsets answered").isEqualTo(offset);
    }

    /** A user's transactional producer asks for its producer id (InitProducerId), and nothing more. */
    @When("user {string} initialises a transactional producer with transactional id {string}")
    public void initialisesTransactions(String user, String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = principals.producer(user,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, world.name(transactionalId)));
        Outcomes.capture(world, producer::initTransactions);
    }

    /** A user's transactional producer writes one record in a transaction and commits it. */
    @When("user {string} commits {string} to {string} in a transaction with transactional id {string}")
    public void commitsTransaction(String user, String value, String topic, String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = principals.producer(user,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, world.name(transactionalId)));
        Outcomes.capture(world, () -> {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(world.topic(topic), 0, null, value.getBytes(UTF_8)))
                    .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            producer.commitTransaction();
        });
    }

    /** A user's raw DescribeLogDirs for every log dir (an operation on the cluster: DESCRIBE). */
    @When("user {string} asks DescribeLogDirs for all")
    public void describeLogDirs(String user) {
        RawConnection connection = principals.raw(user);
        short version = connection.version(ApiKeys.DESCRIBE_LOG_DIRS, (short) 4);
        DescribeLogDirsResponseData response = connection.send(ApiKeys.DESCRIBE_LOG_DIRS, version,
                new DescribeLogDirsRequestData().setTopics(null));
        world.lastError = Errors.forCode(response.errorCode());
        if (world.lastError == Errors.CLUSTER_AUTHORIZATION_FAILED) {
            assertThat(response.results()).as("log dirs described to a user refused").isEmpty();
        }
    }

    /** A user describes every user's SCRAM credentials (an operation on the cluster: DESCRIBE). */
    @When("user {string} describes the SCRAM credentials")
    public void describeScram(String user) {
        Outcomes.capture(world, () -> principals.admin(user).describeUserScramCredentials().all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    // --- what a user sees ---

    /** A user lists the topics (Metadata for all topics). */
    @When("user {string} lists the topics")
    public void listsTopics(String user) {
        Outcomes.capture(world, () -> world.remembered.put("listed", principals.admin(user).listTopics().names()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
    }

    /** The topics listed hold one of the scenario's topics and leave out another. */
    @Then("the topics listed include {string} but not {string}")
    @SuppressWarnings("unchecked")
    public void topicsListed(String visible, String hidden) {
        assertThat(world.failure).as("listing failed").isNull();
        assertThat((Set<String>) world.remembered.get("listed")).as("topics listed")
                .contains(world.topic(visible)).doesNotContain(world.topic(hidden));
    }

    /** A user's consumer asks Metadata for one topic by name. */
    @When("user {string} asks for the partitions of {string}")
    public void partitionsOf(String user, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = principals.consumer(user,
                Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"));
        Outcomes.capture(world, () -> assertThat(consumer.partitionsFor(world.topic(topic), Duration.ofSeconds(10)))
                .as("partitions of %s", topic).hasSize(1));
    }

    /** A user lists the groups (ListGroups). */
    @When("user {string} lists the groups")
    public void listsGroups(String user) {
        Outcomes.capture(world, () -> {
            Collection<GroupListing> groups = principals.admin(user).listGroups(new ListGroupsOptions()).all()
                    .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<String> names = new ArrayList<>();
            groups.forEach(g -> names.add(g.groupId()));
            world.remembered.put("listed groups", names);
        });
    }

    /** The groups listed hold one of the scenario's groups and leave out another. */
    @Then("the groups listed include {string} but not {string}")
    @SuppressWarnings("unchecked")
    public void groupsListed(String visible, String hidden) {
        assertThat(world.failure).as("listing failed").isNull();
        assertThat((List<String>) world.remembered.get("listed groups")).as("groups listed")
                .contains(world.name(visible)).doesNotContain(world.name(hidden));
    }
}
