package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkatck.tck.steps.RawGroup.ASIDE;
import static org.kafkatck.tck.steps.RawGroup.RAW_REBALANCE_TIMEOUT;
import static org.kafkatck.tck.steps.RawGroup.REBALANCE_TIMEOUT_MS;
import static org.kafkatck.tck.steps.RawGroup.advertised;
import static org.kafkatck.tck.steps.RawGroup.newest;
import static org.awaitility.Awaitility.await;

/**
 * The group APIs sent raw in one chosen version (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), for the
 * Scenario Outlines that run a coordinator rule at every version the Java, librdkafka and KafkaJS
 * clients speak. The group's members and the requests live in {@link RawGroup}, shared with
 * {@link OffsetVersionSteps}.
 */
public class GroupVersionSteps {
    private final World world;
    private final RawGroup raw;
    private JoinGroupResponseData lastJoin;
    private long joinMillis;
    private CompletableFuture<SyncGroupResponseData> followerSync;
    private final Map<String, byte[]> handedOut = new LinkedHashMap<>();

    /**
     * @param world the scenario's state
     * @param raw   the scenario's raw group members
     */
    public GroupVersionSteps(World world, RawGroup raw) {
        this.world = world;
        this.raw = raw;
    }

    // ---------------------------------------------------------------- setting up a group

    @Given("group {string} has a stable member")
    public void hasStableMember(String groupName) {
        raw.member = raw.stableMember(groupName, REBALANCE_TIMEOUT_MS);
    }

    @Given("group {string} has a stable member with a rebalance timeout of {int} ms")
    public void hasStableMemberWithRebalanceTimeout(String groupName, int rebalanceTimeoutMs) {
        raw.member = raw.stableMember(groupName, rebalanceTimeoutMs);
    }

    /** The member rejoins (a leader's JoinGroup starts a rebalance) and syncs again: generation 2. */
    @Given("group {string} has a stable member at generation 2")
    public void stableAtGenerationTwo(String groupName) {
        raw.member = raw.stableMember(groupName, REBALANCE_TIMEOUT_MS);
        short joinVersion = newest(raw.member.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData rejoined = raw.join(raw.member, joinVersion, REBALANCE_TIMEOUT_MS);
        assertThat(Errors.forCode(rejoined.errorCode())).as("rejoining %s", groupName).isEqualTo(Errors.NONE);
        assertThat(rejoined.generationId()).as("generation after the rejoin").isEqualTo(2);
        raw.member.generation = rejoined.generationId();
        short syncVersion = newest(raw.member.connection, ApiKeys.SYNC_GROUP);
        SyncGroupResponseData synced = raw.sync(raw.member, syncVersion, raw.member.generation,
                Map.of(raw.member.id, new byte[0]));
        assertThat(Errors.forCode(synced.errorCode())).as("syncing generation 2").isEqualTo(Errors.NONE);
    }

    @Given("group {string} has a member that joined generation 1 but has not synced")
    public void joinedNotSynced(String groupName) {
        raw.member = raw.newMember(groupName, "subscribed-by-leader");
        short joinVersion = newest(raw.member.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData joined = raw.joinNew(raw.member, joinVersion, REBALANCE_TIMEOUT_MS);
        assertThat(Errors.forCode(joined.errorCode())).as("joining %s", groupName).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).as("generation joined").isEqualTo(1);
    }

    /** A follower joins a stable group, the leader rejoins, and both hold the answer of generation 2. */
    @Given("group {string} has a leader and a follower that joined the same generation")
    public void leaderAndFollower(String groupName) throws Exception {
        raw.member = raw.stableMember(groupName, REBALANCE_TIMEOUT_MS);
        raw.second = raw.newMember(groupName, "subscribed-by-follower");
        short version = newest(raw.second.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData first = raw.join(raw.second, version, REBALANCE_TIMEOUT_MS);
        if (Errors.forCode(first.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            raw.second.id = first.memberId();
        }
        CompletableFuture<JoinGroupResponseData> followerJoin = CompletableFuture.supplyAsync(
                () -> raw.join(raw.second, version, REBALANCE_TIMEOUT_MS), ASIDE);
        await().atMost(RAW_REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> "PreparingRebalance".equals(raw.describe().groupState()));
        JoinGroupResponseData leaderJoin = raw.join(raw.member, version, REBALANCE_TIMEOUT_MS);
        JoinGroupResponseData followerAnswer =
                followerJoin.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Errors.forCode(leaderJoin.errorCode())).as("leader's rejoin").isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(followerAnswer.errorCode())).as("follower's join").isEqualTo(Errors.NONE);
        assertThat(leaderJoin.leader()).as("leader of the new generation").isEqualTo(raw.member.id);
        raw.member.generation = leaderJoin.generationId();
        raw.second.id = followerAnswer.memberId();
        raw.second.generation = followerAnswer.generationId();
        assertThat(raw.second.generation).as("the follower's generation").isEqualTo(raw.member.generation);
    }

    // ---------------------------------------------------------------- JoinGroup

    @When("a member joins the empty group {string} with JoinGroup v{int}")
    public void joinEmptyGroup(String groupName, int version) {
        raw.member = raw.newMember(groupName, "subscribed-by-leader");
        short v = advertised(raw.member.connection, ApiKeys.JOIN_GROUP, version);
        lastJoin = raw.joinNew(raw.member, v, REBALANCE_TIMEOUT_MS);
    }

    /** The leader computes the assignment from every member's metadata: it must be the bytes the member sent. */
    @Then("it leads generation 1 of group {string}, and the answer lists it with the subscription it sent")
    public void leadsFirstGeneration(String groupName) {
        assertThat(Errors.forCode(lastJoin.errorCode())).as("JoinGroup error").isEqualTo(Errors.NONE);
        assertThat(lastJoin.memberId()).as("member_id").isNotBlank();
        assertThat(lastJoin.generationId()).as("generation_id").isEqualTo(1);
        assertThat(lastJoin.leader()).as("leader").isEqualTo(lastJoin.memberId());
        assertThat(lastJoin.protocolName()).as("protocol_name").isEqualTo("range");
        assertThat(lastJoin.members()).as("members in the leader's answer").singleElement().satisfies(m -> {
            assertThat(m.memberId()).as("member listed").isEqualTo(lastJoin.memberId());
            assertThat(m.metadata()).as("metadata of %s", m.memberId()).isEqualTo(raw.member.subscription);
        });
    }

    @When("a member joins group {string} with JoinGroup v{int} and member id {string}")
    public void joinWithUnknownId(String groupName, int version, String literalMemberId) {
        RawGroup.Member stranger = raw.newMember(groupName, "subscribed-by-follower");
        stranger.id = literalMemberId;
        short v = advertised(stranger.connection, ApiKeys.JOIN_GROUP, version);
        lastJoin = raw.join(stranger, v, REBALANCE_TIMEOUT_MS);
    }

    @Then("group {string} still has only its stable member")
    public void stillOnlyMember(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = raw.describe();
        assertThat(described.groupState()).as("state of %s", groupName).isEqualTo("Stable");
        assertThat(described.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .as("members of %s", groupName).containsExactly(raw.member.id);
    }

    /** The join blocks until the rebalance ends: it runs aside and its answer time is recorded. */
    @When("a second member joins group {string} with JoinGroup v{int} and a rebalance timeout of {int} ms")
    public void secondJoins(String groupName, int version, int rebalanceTimeoutMs) {
        raw.second = raw.newMember(groupName, "subscribed-by-follower");
        short v = advertised(raw.second.connection, ApiKeys.JOIN_GROUP, version);
        long start = System.nanoTime();
        lastJoin = raw.joinNew(raw.second, v, rebalanceTimeoutMs);
        joinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * The first member never rejoined: the coordinator waits for it no longer than the rebalance
     * timeout, then removes it and completes the rebalance with the members that did rejoin.
     */
    @Then("the second member's join is answered after {int} ms at the earliest and {int} s at the latest, leading generation 2 alone")
    public void answeredAfterRebalanceTimeout(int notBeforeMs, int notAfterS) {
        assertThat(Errors.forCode(lastJoin.errorCode())).as("the second member's JoinGroup error")
                .isEqualTo(Errors.NONE);
        assertThat(joinMillis).as("ms until the second member's join was answered")
                .isBetween((long) notBeforeMs, TimeUnit.SECONDS.toMillis(notAfterS));
        assertThat(lastJoin.generationId()).as("generation_id").isEqualTo(2);
        assertThat(lastJoin.leader()).as("leader").isEqualTo(raw.second.id);
        assertThat(lastJoin.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .as("members of generation 2").containsExactly(raw.second.id);
    }

    @Then("the first member is no longer a member of group {string}")
    public void firstRemoved(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = raw.describe();
        assertThat(described.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .as("members of %s", groupName).containsExactly(raw.second.id);
        raw.heartbeat(raw.member, newest(raw.member.connection, ApiKeys.HEARTBEAT), raw.member.generation);
        assertThat(world.lastError).as("heartbeat of the removed member").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    // ---------------------------------------------------------------- SyncGroup

    @When("the follower syncs with SyncGroup v{int}")
    public void followerSyncs(int version) {
        short v = advertised(raw.second.connection, ApiKeys.SYNC_GROUP, version);
        followerSync = CompletableFuture.supplyAsync(
                () -> raw.sync(raw.second, v, raw.second.generation, Map.of()), ASIDE);
    }

    /** A follower's SyncGroup is parked until the leader's arrives: no answer, however long it waits. */
    @Then("the follower has no answer while the leader has not synced")
    public void followerWaits() {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !followerSync.isDone() && "CompletingRebalance".equals(raw.describe().groupState()));
    }

    @When("the leader syncs with SyncGroup v{int}, handing each member its assignment")
    public void leaderSyncs(int version) {
        short v = advertised(raw.member.connection, ApiKeys.SYNC_GROUP, version);
        handedOut.put(raw.member.id, "assignment-of-the-leader".getBytes(StandardCharsets.UTF_8));
        handedOut.put(raw.second.id, "assignment-of-the-follower".getBytes(StandardCharsets.UTF_8));
        SyncGroupResponseData leader = raw.sync(raw.member, v, raw.member.generation, handedOut);
        assertThat(Errors.forCode(leader.errorCode())).as("the leader's SyncGroup error").isEqualTo(Errors.NONE);
        assertThat(leader.assignment()).as("the leader's assignment").isEqualTo(handedOut.get(raw.member.id));
    }

    @Then("the follower receives the assignment the leader gave it")
    public void followerReceives() throws Exception {
        SyncGroupResponseData answer = followerSync.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Errors.forCode(answer.errorCode())).as("the follower's SyncGroup error").isEqualTo(Errors.NONE);
        assertThat(answer.assignment()).as("the follower's assignment").isEqualTo(handedOut.get(raw.second.id));
    }

    @When("the member syncs with SyncGroup v{int} and generation {int}")
    public void syncWithGeneration(int version, int generation) {
        raw.sync(raw.member, advertised(raw.member.connection, ApiKeys.SYNC_GROUP, version), generation,
                Map.of(raw.member.id, new byte[0]));
    }

    // ---------------------------------------------------------------- Heartbeat and LeaveGroup

    @When("the member heartbeats with Heartbeat v{int} and generation {int}")
    public void heartbeatWithGeneration(int version, int generation) {
        raw.heartbeat(raw.member, advertised(raw.member.connection, ApiKeys.HEARTBEAT, version), generation);
    }

    @When("the member leaves group {string} with LeaveGroup v{int}")
    public void memberLeaves(String groupName, int version) {
        leave(raw.member.id, version);
    }

    @When("member {string} leaves group {string} with LeaveGroup v{int}")
    public void strangerLeaves(String literalMemberId, String groupName, int version) {
        leave(literalMemberId, version);
    }

    /** Before v3 the member is named at the top and the error is the group's; since v3 each member has its own. */
    private void leave(String memberId, int version) {
        short v = advertised(raw.member.connection, ApiKeys.LEAVE_GROUP, version);
        LeaveGroupRequestData request = new LeaveGroupRequestData().setGroupId(world.name(raw.group));
        if (v < 3) {
            request.setMemberId(memberId);
        } else {
            request.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)));
        }
        LeaveGroupResponseData response = raw.member.connection.send(ApiKeys.LEAVE_GROUP, v, request);
        world.lastError = Errors.forCode(response.errorCode());
        if (v >= 3) {
            assertThat(Errors.forCode(response.errorCode())).as("LeaveGroup v%d group-level error", v)
                    .isEqualTo(Errors.NONE);
            assertThat(response.members()).as("members in the LeaveGroup answer").singleElement()
                    .satisfies(m -> assertThat(m.memberId()).isEqualTo(memberId));
            world.lastError = Errors.forCode(response.members().get(0).errorCode());
        }
    }

    @Then("group {string} is Empty, without members")
    public void emptyGroup(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = raw.describe();
        assertThat(described.groupState()).as("state of %s", groupName).isEqualTo("Empty");
        assertThat(described.members()).as("members of %s", groupName).isEmpty();
    }
}
