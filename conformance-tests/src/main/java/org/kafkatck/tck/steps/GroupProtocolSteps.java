package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The classic group protocol driven by hand (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), to reach
 * the coordinator's error codes that the Java consumer handles silently.
 */
public class GroupProtocolSteps {
    private static final int REBALANCE_TIMEOUT_MS = 10_000;

    private final World world;
    private String group;
    private String memberId = "";
    private String instanceId;
    private String firstMemberId;
    private String firstInstanceId;
    private int generation = -1;
    private JoinGroupResponseData lastJoin;
    private FindCoordinatorResponseData coordinators;

    /** @param world the scenario's state */
    public GroupProtocolSteps(World world) {
        this.world = world;
    }

    private RawConnection coordinator() {
        return world.rawToCoordinator(world.name(group));
    }

    private static byte[] subscription() {
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of("tck-topic")));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    private JoinGroupResponseData join(RawConnection connection, String groupId, String member, String instance,
                                       int sessionTimeoutMs, String protocolType) {
        short version = connection.version(ApiKeys.JOIN_GROUP, (short) 9);
        assertThat(version).as("JoinGroup version (KIP-394 needs v4+)").isGreaterThanOrEqualTo((short) 5);
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(subscription()));
        JoinGroupRequestData request = new JoinGroupRequestData()
                .setGroupId(groupId).setSessionTimeoutMs(sessionTimeoutMs).setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                .setMemberId(member).setGroupInstanceId(instance).setProtocolType(protocolType).setProtocols(protocols);
        JoinGroupResponseData response = connection.send(ApiKeys.JOIN_GROUP, version, request);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        // a coordinator still loading its group state answers COORDINATOR_LOAD_IN_PROGRESS: retry, as clients do
        while (Errors.forCode(response.errorCode()) == Errors.COORDINATOR_LOAD_IN_PROGRESS && System.nanoTime() < deadline) {
            World.pause();
            response = connection.send(ApiKeys.JOIN_GROUP, version, request);
        }
        lastJoin = response;
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    /** Joins (with the KIP-394 member-id round trip when needed) and syncs as the group's leader. */
    private void joinAndSync(String groupName, String instance, int sessionTimeoutMs) {
        group = groupName;
        instanceId = instance == null ? null : world.name(instance);
        RawConnection connection = coordinator();
        JoinGroupResponseData response = join(connection, world.name(group), "", instanceId, sessionTimeoutMs, "consumer");
        if (Errors.forCode(response.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            response = join(connection, world.name(group), response.memberId(), instanceId, sessionTimeoutMs, "consumer");
        }
        assertThat(Errors.forCode(response.errorCode())).as("joining %s", group).isEqualTo(Errors.NONE);
        memberId = response.memberId();
        generation = response.generationId();
        short version = connection.version(ApiKeys.SYNC_GROUP, (short) 5);
        SyncGroupResponseData sync = connection.send(ApiKeys.SYNC_GROUP, version, new SyncGroupRequestData()
                .setGroupId(world.name(group)).setGenerationId(generation).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setProtocolType("consumer").setProtocolName(response.protocolName())
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                        .setAssignment(new byte[0]))));
        assertThat(Errors.forCode(sync.errorCode())).as("syncing %s", group).isEqualTo(Errors.NONE);
        firstMemberId = memberId;
        firstInstanceId = instanceId;
    }

    @Given("a member has joined group {string} and took its assignment")
    public void joined(String groupName) {
        joinAndSync(groupName, null, 30_000);
    }

    @Given("a member has joined group {string} with a session timeout of {int} ms and took its assignment")
    public void joinedWithSessionTimeout(String groupName, int sessionTimeoutMs) {
        joinAndSync(groupName, null, sessionTimeoutMs);
    }

    @Given("a static member {string} has joined group {string} and took its assignment")
    public void joinedStatic(String instance, String groupName) {
        joinAndSync(groupName, instance, 30_000);
    }

    @When("it sends no more heartbeats")
    public void silence() {
        // nothing: the member simply stays silent
    }

    @When("a member joins group {string} without a member id")
    public void joinWithoutId(String groupName) {
        group = groupName;
        join(coordinator(), world.name(group), "", null, 30_000, "consumer");
    }

    @Then("the answer carries a member id to join with")
    public void carriesMemberId() {
        assertThat(lastJoin.memberId()).isNotBlank();
    }

    @When("it joins again with the member id it was given")
    public void joinAgain() {
        JoinGroupResponseData response = join(coordinator(), world.name(group), lastJoin.memberId(), null, 30_000,
                "consumer");
        memberId = response.memberId();
        generation = response.generationId();
    }

    @Then("it is the leader of generation {int} of group {string}")
    public void isLeader(int expectedGeneration, String groupName) {
        assertThat(lastJoin.leader()).isEqualTo(memberId);
        assertThat(lastJoin.generationId()).isEqualTo(expectedGeneration);
        assertThat(lastJoin.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(memberId);
    }

    @When("a member joins group {string} with member id {string}")
    public void joinWithMemberId(String groupName, String literalMemberId) {
        group = groupName;
        join(coordinator(), world.name(group), literalMemberId, null, 30_000, "consumer");
    }

    @When("a member joins group {string} with a session timeout of {int} ms")
    public void joinWithSessionTimeout(String groupName, int sessionTimeoutMs) {
        group = groupName;
        join(coordinator(), world.name(group), "", null, sessionTimeoutMs, "consumer");
    }

    @When("a member joins the group with an empty id")
    public void joinEmptyGroup() {
        join(world.raw(), "", "", null, 30_000, "consumer");
    }

    @When("a member joins group {string} with protocol type {string}")
    public void joinWithProtocolType(String groupName, String protocolType) {
        group = groupName;
        join(coordinator(), world.name(group), "", null, 30_000, protocolType);
    }

    @When("another member joins group {string} with the same instance id {string}")
    public void replaceStatic(String groupName, String instance) {
        group = groupName;
        JoinGroupResponseData response = join(coordinator(), world.name(group), "", world.name(instance), 30_000,
                "consumer");
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
    }

    @When("a second member starts joining group {string}")
    public void secondMemberJoins(String groupName) {
        RawConnection first = coordinator();
        JoinGroupResponseData response = join(first, world.name(group), "", null, 30_000, "consumer");
        String secondId = Errors.forCode(response.errorCode()) == Errors.MEMBER_ID_REQUIRED ? response.memberId() : "";
        RawConnection second = coordinator();
        // the rejoin blocks until the rebalance ends, so it runs aside while the scenario goes on
        Thread.ofVirtual().start(() -> {
            try {
                join(second, world.name(group), secondId, null, 30_000, "consumer");
            } catch (RuntimeException e) {
                // the connection is closed at the end of the scenario
            }
        });
        await().atMost(World.STEP_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> "PreparingRebalance".equals(groupState()));
    }

    private String groupState() {
        RawConnection connection = coordinator();
        short version = connection.version(ApiKeys.DESCRIBE_GROUPS, (short) 5);
        DescribeGroupsResponseData response = connection.send(ApiKeys.DESCRIBE_GROUPS, version,
                new DescribeGroupsRequestData().setGroups(List.of(world.name(group))));
        connection.close();
        return response.groups().get(0).groupState();
    }

    @When("a heartbeat for group {string} names member {string}")
    public void heartbeatAs(String groupName, String literalMemberId) {
        heartbeat(literalMemberId, null, generation);
    }

    @When("the member heartbeats with generation {int}")
    public void heartbeatWithGeneration(int gen) {
        heartbeat(memberId, instanceId, gen);
    }

    @When("the member heartbeats")
    public void heartbeatNow() {
        heartbeat(memberId, instanceId, generation);
    }

    @When("the first member heartbeats")
    public void firstHeartbeats() {
        heartbeat(firstMemberId, firstInstanceId, generation);
    }

    private void heartbeat(String member, String instance, int gen) {
        RawConnection connection = coordinator();
        short version = connection.version(ApiKeys.HEARTBEAT, (short) 4);
        HeartbeatResponseData response = connection.send(ApiKeys.HEARTBEAT, version, new HeartbeatRequestData()
                .setGroupId(world.name(group)).setGenerationId(gen).setMemberId(member).setGroupInstanceId(instance));
        world.lastError = Errors.forCode(response.errorCode());
    }

    @When("the member syncs with generation {int}")
    public void syncWithGeneration(int gen) {
        RawConnection connection = coordinator();
        short version = connection.version(ApiKeys.SYNC_GROUP, (short) 5);
        SyncGroupResponseData response = connection.send(ApiKeys.SYNC_GROUP, version, new SyncGroupRequestData()
                .setGroupId(world.name(group)).setGenerationId(gen).setMemberId(memberId)
                .setProtocolType("consumer").setProtocolName("range").setAssignments(List.of()));
        world.lastError = Errors.forCode(response.errorCode());
    }

    @When("the member leaves group {string}")
    public void leave(String groupName) {
        RawConnection connection = coordinator();
        short version = connection.version(ApiKeys.LEAVE_GROUP, (short) 5);
        assertThat(version).as("LeaveGroup version (member lists need v3+)").isGreaterThanOrEqualTo((short) 3);
        LeaveGroupResponseData response = connection.send(ApiKeys.LEAVE_GROUP, version, new LeaveGroupRequestData()
                .setGroupId(world.name(group)).setMembers(List.of(new LeaveGroupRequestData.MemberIdentity()
                        .setMemberId(memberId))));
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(response.members().get(0).errorCode())).isEqualTo(Errors.NONE);
    }

    @When("the coordinators of groups {string} and {string} are looked up together")
    public void findCoordinators(String first, String second) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.FIND_COORDINATOR, (short) 6);
        assertThat(version).as("FindCoordinator version (batches need v4+)").isGreaterThanOrEqualTo((short) 4);
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of(world.name(first), world.name(second)));
        coordinators = connection.send(ApiKeys.FIND_COORDINATOR, version, request);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        // a coordinator that is starting up answers COORDINATOR_NOT_AVAILABLE: retry, as clients do
        while (coordinators.coordinators().stream().anyMatch(c -> c.errorCode() == Errors.COORDINATOR_NOT_AVAILABLE.code())
                && System.nanoTime() < deadline) {
            World.pause();
            coordinators = connection.send(ApiKeys.FIND_COORDINATOR, version, request);
        }
    }

    @Then("each is a broker of the cluster")
    public void eachIsABroker() throws Exception {
        Set<Integer> brokers = world.admin().describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                .map(Node::id).collect(Collectors.toSet());
        assertThat(coordinators.coordinators()).hasSize(2).allSatisfy(c -> {
            assertThat(Errors.forCode(c.errorCode())).isEqualTo(Errors.NONE);
            assertThat(brokers).contains(c.nodeId());
            assertThat(c.host()).isNotBlank();
        });
    }
}
