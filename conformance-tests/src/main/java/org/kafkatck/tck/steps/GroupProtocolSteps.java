package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.kafkatck.tck.wire.OffsetRequests;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The classic group protocol driven by hand (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, and
 * OffsetCommit by a member), to reach the coordinator's error codes and the response fields that the
 * Java consumer handles silently or never surfaces: member ids, generations, the leader's view of every
 * member's subscription, the assignment each follower receives, the protocol type and name
 * (KIP-559), and the moment a silent member's session expires.
 */
public class GroupProtocolSteps {
    private static final int REBALANCE_TIMEOUT_MS = 10_000;
    private static final int SESSION_TIMEOUT_MS = 30_000;
    /** Bound on a rebalance between raw members, which answer at once: Apache Kafka takes milliseconds. */
    private static final Duration RAW_REBALANCE_TIMEOUT = Duration.ofSeconds(5);
    /** Runs a request that blocks until the rebalance ends (JoinGroup, a follower's SyncGroup) aside. */
    private static final java.util.concurrent.Executor ASIDE = task -> Thread.ofVirtual().start(task);

    private final World world;
    private String group;
    /** The scenario's member (the leader when there are two). */
    private Member member;
    /** A second member, the follower. */
    private Member follower;
    /** The first member of a static-membership scenario, after another instance took its place. */
    private Member replaced;
    private int previousGeneration = -1;
    private JoinGroupResponseData lastJoin;
    private JoinGroupResponseData followerJoin;
    private FindCoordinatorResponseData coordinators;
    private List<String> coordinatorKeys;
    private SyncGroupResponseData leaderSync;
    private SyncGroupResponseData followerSync;
    private final Map<String, byte[]> handedOut = new HashMap<>();

    /** One raw member: its connection to the coordinator, identity and what it sent. */
    private static final class Member {
        final RawConnection connection;
        final byte[] subscription;
        String id = "";
        String instance;
        int generation = -1;
        long lastContactNanos;

        Member(RawConnection connection, byte[] subscription) {
            this.connection = connection;
            this.subscription = subscription;
        }
    }

    /** @param world the scenario's state */
    public GroupProtocolSteps(World world) {
        this.world = world;
    }

    private RawConnection coordinator() {
        return world.rawToCoordinator(world.name(group));
    }

    /** A consumer-protocol subscription naming one topic, so each member's metadata is recognisable. */
    private static byte[] subscription(String topic) {
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(topic)));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    private Member newMember(String topic) {
        return new Member(coordinator(), subscription(world.topic(topic)));
    }

    private JoinGroupResponseData join(RawConnection connection, String groupId, String memberId, String instance,
                                       int sessionTimeoutMs, String protocolType, byte[] metadata) {
        short version = connection.version(ApiKeys.JOIN_GROUP, (short) 9);
        assertThat(version).as("JoinGroup version (KIP-394 needs v4+)").isGreaterThanOrEqualTo((short) 5);
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(metadata));
        JoinGroupRequestData request = new JoinGroupRequestData()
                .setGroupId(groupId).setSessionTimeoutMs(sessionTimeoutMs).setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                .setMemberId(memberId).setGroupInstanceId(instance).setProtocolType(protocolType).setProtocols(protocols);
        JoinGroupResponseData response = connection.send(ApiKeys.JOIN_GROUP, version, request);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        // a coordinator still loading its group state answers COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR or
        // COORDINATOR_NOT_AVAILABLE (Apache Kafka does while it creates __consumer_offsets): retry, as clients do
        while (RawGroup.LOADING.contains(Errors.forCode(response.errorCode())) && System.nanoTime() < deadline) {
            World.pause();
            response = connection.send(ApiKeys.JOIN_GROUP, version, request);
        }
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    private JoinGroupResponseData join(Member m, int sessionTimeoutMs) {
        return join(m.connection, world.name(group), m.id, m.instance, sessionTimeoutMs, "consumer", m.subscription);
    }

    /** Joins with the KIP-394 member-id round trip when the broker asks for it. */
    private JoinGroupResponseData joinNew(Member m, int sessionTimeoutMs) {
        JoinGroupResponseData response = join(m, sessionTimeoutMs);
        if (Errors.forCode(response.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            m.id = response.memberId();
            response = join(m, sessionTimeoutMs);
        }
        return response;
    }

    private SyncGroupResponseData sync(Member m, int generation, Map<String, byte[]> assignments) {
        short version = m.connection.version(ApiKeys.SYNC_GROUP, (short) 5);
        List<SyncGroupRequestData.SyncGroupRequestAssignment> list = assignments.entrySet().stream()
                .map(e -> new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(e.getKey())
                        .setAssignment(e.getValue())).toList();
        m.lastContactNanos = System.nanoTime();
        SyncGroupResponseData response = m.connection.send(ApiKeys.SYNC_GROUP, version, new SyncGroupRequestData()
                .setGroupId(world.name(group)).setGenerationId(generation).setMemberId(m.id)
                .setGroupInstanceId(m.instance).setProtocolType("consumer").setProtocolName("range")
                .setAssignments(list));
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    /** Joins a new group (with the KIP-394 member-id round trip) and syncs as its leader. */
    private void joinAndSync(String groupName, String instance, int sessionTimeoutMs) {
        group = groupName;
        member = newMember("subscribed-by-leader");
        member.instance = instance == null ? null : world.name(instance);
        JoinGroupResponseData response = joinNew(member, sessionTimeoutMs);
        assertThat(Errors.forCode(response.errorCode())).as("joining %s", group).isEqualTo(Errors.NONE);
        member.id = response.memberId();
        member.generation = response.generationId();
        SyncGroupResponseData sync = sync(member, member.generation, Map.of(member.id, new byte[0]));
        assertThat(Errors.forCode(sync.errorCode())).as("syncing %s", group).isEqualTo(Errors.NONE);
    }

    @Given("a member has joined group {string} and took its assignment")
    public void joined(String groupName) {
        joinAndSync(groupName, null, SESSION_TIMEOUT_MS);
    }

    @Given("a member has joined group {string} with a session timeout of {int} ms and took its assignment")
    public void joinedWithSessionTimeout(String groupName, int sessionTimeoutMs) {
        joinAndSync(groupName, null, sessionTimeoutMs);
    }

    @Given("a static member {string} has joined group {string} and took its assignment")
    public void joinedStatic(String instance, String groupName) {
        joinAndSync(groupName, instance, SESSION_TIMEOUT_MS);
    }

    // ---------------------------------------------------------------- generations

    /** The member rejoins (a leader's JoinGroup always starts a rebalance) and syncs the next generation. */
    @Given("the group {string} has moved on to the next generation")
    public void nextGeneration(String groupName) {
        previousGeneration = member.generation;
        JoinGroupResponseData response = join(member, SESSION_TIMEOUT_MS);
        assertThat(Errors.forCode(response.errorCode())).as("rejoining %s", group).isEqualTo(Errors.NONE);
        assertThat(response.generationId()).as("generation after the rejoin").isEqualTo(previousGeneration + 1);
        member.generation = response.generationId();
        SyncGroupResponseData sync = sync(member, member.generation, Map.of(member.id, new byte[0]));
        assertThat(Errors.forCode(sync.errorCode())).as("syncing the next generation").isEqualTo(Errors.NONE);
    }

    @When("the member heartbeats with its previous generation")
    public void heartbeatPrevious() {
        heartbeat(member, previousGeneration);
    }

    @When("the member syncs with its previous generation")
    public void syncPrevious() {
        sync(member, previousGeneration, Map.of(member.id, new byte[0]));
    }

    /** Proves the refusal was for the generation: the same member with the current one is served. */
    @Then("a heartbeat with its current generation is still answered NONE")
    public void currentGenerationServed() {
        heartbeat(member, member.generation);
        assertThat(world.lastError).as("heartbeat with the current generation %d", member.generation)
                .isEqualTo(Errors.NONE);
    }

    @When("the member commits offset {long} for partition {int} of {string} with its previous generation")
    public void commitPrevious(long offset, int partition, String topic) {
        world.lastError = OffsetRequests.commit(member.connection, world.name(group), previousGeneration, member.id,
                world.topic(topic), partition, offset, -1, "");
    }

    @When("the member commits offset {long} for partition {int} of {string} with its current generation")
    public void commitCurrent(long offset, int partition, String topic) {
        world.lastError = OffsetRequests.commit(member.connection, world.name(group), member.generation, member.id,
                world.topic(topic), partition, offset, -1, "");
    }

    // ---------------------------------------------------------------- joining

    @When("a member joins group {string} without a member id")
    public void joinWithoutId(String groupName) {
        group = groupName;
        member = newMember("subscribed-by-leader");
        lastJoin = join(member, SESSION_TIMEOUT_MS);
    }

    @Then("the answer carries a member id to join with")
    public void carriesMemberId() {
        assertThat(lastJoin.memberId()).isNotBlank();
    }

    @When("it joins again with the member id it was given")
    public void joinAgain() {
        member.id = lastJoin.memberId();
        lastJoin = join(member, SESSION_TIMEOUT_MS);
        member.generation = lastJoin.generationId();
    }

    @Then("it is the leader of generation {int} of group {string}")
    public void isLeader(int expectedGeneration, String groupName) {
        assertThat(lastJoin.memberId()).as("member id").isEqualTo(member.id);
        assertThat(lastJoin.leader()).as("leader").isEqualTo(member.id);
        assertThat(lastJoin.generationId()).as("generation").isEqualTo(expectedGeneration);
    }

    /** JoinGroup v7+ names the group's protocol type and selected protocol (KIP-559). */
    @Then("the answer names protocol type {string} and protocol {string}")
    public void namesProtocol(String type, String name) {
        assertThat(member.connection.version(ApiKeys.JOIN_GROUP, (short) 9)).as("JoinGroup version (KIP-559 needs v7+)")
                .isGreaterThanOrEqualTo((short) 7);
        assertThat(lastJoin.protocolType()).as("protocol_type").isEqualTo(type);
        assertThat(lastJoin.protocolName()).as("protocol_name").isEqualTo(name);
    }

    /** The leader computes the assignment from every member's metadata: it must be the bytes the member sent. */
    @Then("the answer lists the member with the subscription it sent")
    public void listsOwnSubscription() {
        assertThat(lastJoin.members()).as("members in the leader's answer").singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(member.id);
            assertThat(m.metadata()).as("metadata of %s", m.memberId()).isEqualTo(member.subscription);
        });
    }

    @When("a member joins group {string} with member id {string}")
    public void joinWithMemberId(String groupName, String literalMemberId) {
        group = groupName;
        Member stranger = newMember("subscribed-by-leader");
        stranger.id = literalMemberId;
        join(stranger, SESSION_TIMEOUT_MS);
    }

    @When("a member joins group {string} with a session timeout of {int} ms")
    public void joinWithSessionTimeout(String groupName, int sessionTimeoutMs) {
        group = groupName;
        join(newMember("subscribed-by-leader"), sessionTimeoutMs);
    }

    @When("a member joins the group with an empty id")
    public void joinEmptyGroup() {
        join(world.raw(), "", "", null, SESSION_TIMEOUT_MS, "consumer", subscription("tck-topic"));
    }

    @When("a member joins group {string} with protocol type {string}")
    public void joinWithProtocolType(String groupName, String protocolType) {
        group = groupName;
        join(coordinator(), world.name(group), "", null, SESSION_TIMEOUT_MS, protocolType, subscription("tck-topic"));
    }

    @When("another member joins group {string} with the same instance id {string}")
    public void replaceStatic(String groupName, String instance) {
        group = groupName;
        replaced = member;
        Member replacement = newMember("subscribed-by-leader");
        replacement.instance = world.name(instance);
        JoinGroupResponseData response = join(replacement, SESSION_TIMEOUT_MS);
        assertThat(Errors.forCode(response.errorCode())).as("the new instance joins").isEqualTo(Errors.NONE);
        member = replacement;
        member.id = response.memberId();
        member.generation = response.generationId();
    }

    @When("a second member starts joining group {string}")
    public void secondMemberJoins(String groupName) {
        Member second = newMember("subscribed-by-follower");
        JoinGroupResponseData response = join(second, SESSION_TIMEOUT_MS);
        if (Errors.forCode(response.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            second.id = response.memberId();
        }
        // the rejoin blocks until the rebalance ends, so it runs aside while the scenario goes on
        // the connection is closed at the end of the scenario, which ends the waiting join
        CompletableFuture.runAsync(() -> join(second, SESSION_TIMEOUT_MS), ASIDE).exceptionally(e -> null);
        await().atMost(RAW_REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> "PreparingRebalance".equals(describe().groupState()));
    }

    /**
     * A follower joins a stable group: the leader learns of the rebalance, rejoins, and both get the
     * next generation's answer (the leader's with every member's subscription).
     */
    @When("a second member joins group {string} and the group rebalances")
    public void followerJoins(String groupName) throws Exception {
        follower = newMember("subscribed-by-follower");
        JoinGroupResponseData first = join(follower, SESSION_TIMEOUT_MS);
        if (Errors.forCode(first.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            follower.id = first.memberId();
        }
        CompletableFuture<JoinGroupResponseData> followerJoining = CompletableFuture.supplyAsync(
                () -> join(follower.connection, world.name(group), follower.id, null, SESSION_TIMEOUT_MS, "consumer",
                        follower.subscription), ASIDE);
        await().atMost(RAW_REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> "PreparingRebalance".equals(describe().groupState()));
        lastJoin = join(member, SESSION_TIMEOUT_MS);
        JoinGroupResponseData followerAnswer = followerJoining.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Errors.forCode(lastJoin.errorCode())).as("leader's rejoin").isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(followerAnswer.errorCode())).as("follower's join").isEqualTo(Errors.NONE);
        member.generation = lastJoin.generationId();
        follower.id = followerAnswer.memberId();
        follower.generation = followerAnswer.generationId();
        assertThat(follower.generation).as("the follower's generation").isEqualTo(member.generation);
        assertThat(lastJoin.leader()).as("leader named to the leader").isEqualTo(member.id);
        assertThat(followerAnswer.leader()).as("leader named to the follower").isEqualTo(member.id);
        followerJoin = followerAnswer;
    }

    @Then("the leader's answer lists both members with the subscriptions they sent")
    public void leaderSeesBoth() {
        Map<String, byte[]> listed = lastJoin.members().stream().collect(Collectors.toMap(
                JoinGroupResponseData.JoinGroupResponseMember::memberId,
                JoinGroupResponseData.JoinGroupResponseMember::metadata));
        assertThat(listed).as("members in the leader's answer").containsOnlyKeys(member.id, follower.id);
        assertThat(listed.get(member.id)).as("the leader's own subscription").isEqualTo(member.subscription);
        assertThat(listed.get(follower.id)).as("the follower's subscription").isEqualTo(follower.subscription);
    }

    @Then("the follower's answer lists no members")
    public void followerSeesNone() {
        assertThat(followerJoin.members()).as("members in a follower's answer").isEmpty();
    }

    @When("the leader hands out an assignment to each member")
    public void handOut() throws Exception {
        handedOut.put(member.id, "assignment-of-the-leader".getBytes(StandardCharsets.UTF_8));
        handedOut.put(follower.id, "assignment-of-the-follower".getBytes(StandardCharsets.UTF_8));
        // the follower's SyncGroup waits for the leader's, so it runs aside
        CompletableFuture<SyncGroupResponseData> followerAnswer = CompletableFuture.supplyAsync(
                () -> sync(follower, follower.generation, Map.of()), ASIDE);
        leaderSync = sync(member, member.generation, handedOut);
        followerSync = followerAnswer.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Then("each member receives the assignment the leader gave it, named with protocol type {string} and protocol {string}")
    public void eachReceives(String type, String name) {
        assertThat(Errors.forCode(leaderSync.errorCode())).as("leader's SyncGroup").isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(followerSync.errorCode())).as("follower's SyncGroup").isEqualTo(Errors.NONE);
        assertThat(leaderSync.assignment()).as("the leader's assignment").isEqualTo(handedOut.get(member.id));
        assertThat(followerSync.assignment()).as("the follower's assignment").isEqualTo(handedOut.get(follower.id));
        assertThat(member.connection.version(ApiKeys.SYNC_GROUP, (short) 5)).as("SyncGroup version (KIP-559 needs v5)")
                .isEqualTo((short) 5);
        for (SyncGroupResponseData answer : List.of(leaderSync, followerSync)) {
            assertThat(answer.protocolType()).as("protocol_type").isEqualTo(type);
            assertThat(answer.protocolName()).as("protocol_name").isEqualTo(name);
        }
    }

    // ---------------------------------------------------------------- heartbeats and leaving

    private DescribeGroupsResponseData.DescribedGroup describe() {
        RawConnection connection = coordinator();
        try {
            short version = connection.version(ApiKeys.DESCRIBE_GROUPS, (short) 5);
            DescribeGroupsResponseData response = connection.send(ApiKeys.DESCRIBE_GROUPS, version,
                    new DescribeGroupsRequestData().setGroups(List.of(world.name(group))));
            assertThat(response.groups()).as("groups described").hasSize(1);
            return response.groups().get(0);
        } finally {
            connection.close();
        }
    }

    @When("a heartbeat for group {string} names member {string}")
    public void heartbeatAs(String groupName, String literalMemberId) {
        Member stranger = new Member(coordinator(), new byte[0]);
        stranger.id = literalMemberId;
        heartbeat(stranger, member.generation);
    }

    @When("the member heartbeats")
    public void heartbeatNow() {
        heartbeat(member, member.generation);
    }

    @When("the first member heartbeats")
    public void firstHeartbeats() {
        heartbeat(replaced, replaced.generation);
    }

    private void heartbeat(Member m, int generation) {
        short version = m.connection.version(ApiKeys.HEARTBEAT, (short) 4);
        m.lastContactNanos = System.nanoTime();
        HeartbeatResponseData response = m.connection.send(ApiKeys.HEARTBEAT, version, new HeartbeatRequestData()
                .setGroupId(world.name(group)).setGenerationId(generation).setMemberId(m.id)
                .setGroupInstanceId(m.instance));
        world.lastError = Errors.forCode(response.errorCode());
    }

    /** Heartbeats at a member's pace; each must keep the member in the group. */
    @Given("it heartbeats every second for {int} seconds")
    public void heartbeatsFor(int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            // the pace of the heartbeats is the behaviour under test: there is nothing to await
            Thread.sleep(1000);
            heartbeat(member, member.generation);
            assertThat(world.lastError).as("heartbeat %d", i + 1).isEqualTo(Errors.NONE);
        }
    }

    /** A crashed member: no LeaveGroup, no more heartbeats, its connection gone. */
    @When("it stops heartbeating and drops its connection")
    public void silence() {
        member.connection.close();
    }

    /**
     * The session timeout is the behaviour: the coordinator must keep the member until its session
     * expires (not before), and remove it soon after (not much later).
     */
    @Then("group {string} becomes Empty between {int} and {int} seconds after the member's last heartbeat")
    public void emptyBetween(String groupName, int notBefore, int notAfter) {
        long earliest = member.lastContactNanos + TimeUnit.SECONDS.toNanos(notBefore);
        long latest = member.lastContactNanos + TimeUnit.SECONDS.toNanos(notAfter);
        long[] seenEmpty = new long[1];
        await().atMost(Duration.ofNanos(Math.max(0, latest - System.nanoTime()))).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    DescribeGroupsResponseData.DescribedGroup described = describe();
                    // the group was emptied at the latest when the answer arrived, maybe after the request
                    // left: only the arrival time proves an early expiry
                    long answered = System.nanoTime();
                    if (!"Empty".equals(described.groupState())) {
                        // a member that is only silent leaves the group Stable until its session expires
                        assertThat(described.groupState()).as("state of %s while the session runs", groupName)
                                .isEqualTo("Stable");
                        return false;
                    }
                    assertThat(described.members()).as("members of an Empty group").isEmpty();
                    seenEmpty[0] = answered;
                    return true;
                });
        assertThat(seenEmpty[0]).as("group %s became Empty %d ms after the last heartbeat, before the session timeout",
                groupName, TimeUnit.NANOSECONDS.toMillis(seenEmpty[0] - member.lastContactNanos))
                .isGreaterThanOrEqualTo(earliest);
    }

    @When("the member leaves group {string}")
    public void leave(String groupName) {
        LeaveGroupResponseData response = sendLeave(member.id);
        assertThat(Errors.forCode(response.errorCode())).as("LeaveGroup error").isEqualTo(Errors.NONE);
        assertThat(response.members()).as("members in the LeaveGroup answer").singleElement()
                .satisfies(m -> {
                    assertThat(m.memberId()).isEqualTo(member.id);
                    assertThat(Errors.forCode(m.errorCode())).isEqualTo(Errors.NONE);
                });
    }

    @When("a member leaves group {string} with member id {string}")
    public void leaveAs(String groupName, String literalMemberId) {
        LeaveGroupResponseData response = sendLeave(literalMemberId);
        assertThat(Errors.forCode(response.errorCode())).as("LeaveGroup group-level error").isEqualTo(Errors.NONE);
        assertThat(response.members()).as("members in the LeaveGroup answer").singleElement()
                .satisfies(m -> assertThat(m.memberId()).isEqualTo(literalMemberId));
        world.lastError = Errors.forCode(response.members().get(0).errorCode());
    }

    private LeaveGroupResponseData sendLeave(String memberId) {
        RawConnection connection = coordinator();
        short version = connection.version(ApiKeys.LEAVE_GROUP, (short) 5);
        assertThat(version).as("LeaveGroup version (member lists need v3+)").isGreaterThanOrEqualTo((short) 3);
        return connection.send(ApiKeys.LEAVE_GROUP, version, new LeaveGroupRequestData()
                .setGroupId(world.name(group)).setMembers(List.of(new LeaveGroupRequestData.MemberIdentity()
                        .setMemberId(memberId))));
    }

    /** The coordinator removes a leaving member at once, not when its session would have expired. */
    @Then("the group {string} is Empty at once")
    public void emptyAtOnce(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = describe();
        assertThat(described.groupState()).as("state of %s right after its last member left", groupName)
                .isEqualTo("Empty");
        assertThat(described.members()).as("members of %s", groupName).isEmpty();
    }

    @Then("the group {string} still has its member, Stable")
    public void stillHasMember(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = describe();
        assertThat(described.groupState()).as("state of %s", groupName).isEqualTo("Stable");
        assertThat(described.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .containsExactly(member.id);
    }

    // ---------------------------------------------------------------- FindCoordinator

    @When("the coordinators of groups {string} and {string} are looked up together")
    public void findCoordinators(String first, String second) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.FIND_COORDINATOR, (short) 6);
        assertThat(version).as("FindCoordinator version (batches need v4+)").isGreaterThanOrEqualTo((short) 4);
        coordinatorKeys = List.of(world.name(first), world.name(second));
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType((byte) 0).setCoordinatorKeys(coordinatorKeys);
        coordinators = connection.send(ApiKeys.FIND_COORDINATOR, version, request);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        // a coordinator that is starting up answers COORDINATOR_NOT_AVAILABLE: retry, as clients do
        while (coordinators.coordinators().stream().anyMatch(c -> c.errorCode() == Errors.COORDINATOR_NOT_AVAILABLE.code())
                && System.nanoTime() < deadline) {
            World.pause();
            coordinators = connection.send(ApiKeys.FIND_COORDINATOR, version, request);
        }
    }

    /** A batched answer (v4+) is matched to the question by each coordinator's key. */
    @Then("each group asked is answered once, by its key, with a broker of the cluster")
    public void eachIsABroker() throws Exception {
        Map<Integer, Node> brokers = world.admin().describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(Node::id, n -> n));
        assertThat(coordinators.coordinators()).extracting(FindCoordinatorResponseData.Coordinator::key)
                .as("keys of the coordinators answered").containsExactlyInAnyOrderElementsOf(coordinatorKeys);
        assertThat(coordinators.coordinators()).allSatisfy(c -> {
            assertThat(Errors.forCode(c.errorCode())).as("error for %s", c.key()).isEqualTo(Errors.NONE);
            assertThat(brokers).as("brokers of the cluster").containsKey(c.nodeId());
            Node node = brokers.get(c.nodeId());
            assertThat(c.host() + ":" + c.port()).as("address of coordinator %d", c.nodeId())
                    .isEqualTo(node.host() + ":" + node.port());
        });
        assertThat(Set.copyOf(coordinatorKeys)).hasSize(2);
    }
}
