package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The group and offset APIs sent raw in one chosen version, for the Scenario Outlines that run a
 * coordinator rule at every version the Java, librdkafka and KafkaJS clients speak. A group is set up
 * with the newest versions; only the request under test uses the version of the example row, with
 * exactly the fields that version carries.
 */
public class GroupVersionSteps {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final int REBALANCE_TIMEOUT_MS = 10_000;
    /** Bound on a rebalance between raw members, which answer at once: Apache Kafka takes milliseconds. */
    private static final Duration RAW_REBALANCE_TIMEOUT = Duration.ofSeconds(5);
    /** Runs a request that blocks until the rebalance ends (JoinGroup, a follower's SyncGroup) aside. */
    private static final Executor ASIDE = task -> Thread.ofVirtual().start(task);

    private final World world;
    private String group;
    /** The group's first member (the leader). */
    private Member member;
    /** A second member (the follower, or the member that joins later). */
    private Member second;
    private JoinGroupResponseData lastJoin;
    private long joinMillis;
    private CompletableFuture<SyncGroupResponseData> followerSync;
    private final Map<String, byte[]> handedOut = new LinkedHashMap<>();
    private OffsetCommitResponseData lastCommit;
    private Map<TopicPartition, OffsetFetchResponseData.OffsetFetchResponsePartitions> fetched;
    private short fetchVersion;
    /** The random id an OffsetCommit v10 names an unknown topic by. */
    private Uuid unknownTopicId;

    /** One raw member: its connection to the coordinator, identity and the subscription it sent. */
    private static final class Member {
        final RawConnection connection;
        final byte[] subscription;
        String id = "";
        int generation = -1;

        Member(RawConnection connection, byte[] subscription) {
            this.connection = connection;
            this.subscription = subscription;
        }
    }

    /** @param world the scenario's state */
    public GroupVersionSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- requests in a chosen version

    private Member newMember(String groupName, String subscribedTopic) {
        group = groupName;
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(world.topic(subscribedTopic))));
        byte[] subscription = new byte[bytes.remaining()];
        bytes.get(subscription);
        return new Member(world.rawToCoordinator(world.name(groupName)), subscription);
    }

    private static short newest(RawConnection connection, ApiKeys api) {
        return connection.version(api, api.latestVersion());
    }

    /** The version of an example row, which the broker must advertise. */
    private static short advertised(RawConnection connection, ApiKeys api, int version) {
        short newest = newest(connection, api);
        assertThat(version).as("%s v%d is advertised by the broker (up to v%d)", api.name, version, newest)
                .isLessThanOrEqualTo(newest);
        return (short) version;
    }

    private JoinGroupResponseData join(Member m, short version, int rebalanceTimeoutMs) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(m.subscription));
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(world.name(group))
                .setSessionTimeoutMs(SESSION_TIMEOUT_MS).setMemberId(m.id).setProtocolType("consumer")
                .setProtocols(protocols);
        if (version >= 1) { // v0 has no rebalance timeout: the session timeout bounds the rebalance
            request.setRebalanceTimeoutMs(rebalanceTimeoutMs);
        }
        JoinGroupResponseData response = retried(() -> m.connection.send(ApiKeys.JOIN_GROUP, version, request),
                r -> Errors.forCode(r.errorCode()));
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    /**
     * A coordinator still loading its group state answers COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR
     * or COORDINATOR_NOT_AVAILABLE (Apache Kafka does while it creates {@code __consumer_offsets}):
     * the request is sent again, as clients do.
     */
    private static <R> R retried(java.util.function.Supplier<R> send, java.util.function.Function<R, Errors> error) {
        R response = send.get();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (LOADING.contains(error.apply(response)) && System.nanoTime() < deadline) {
            World.pause();
            response = send.get();
        }
        return response;
    }

    private static final java.util.Set<Errors> LOADING = java.util.Set.of(Errors.COORDINATOR_LOAD_IN_PROGRESS,
            Errors.NOT_COORDINATOR, Errors.COORDINATOR_NOT_AVAILABLE);

    /** Joins with the KIP-394 member-id round trip (JoinGroup v4+) when the broker asks for it. */
    private JoinGroupResponseData joinNew(Member m, short version, int rebalanceTimeoutMs) {
        JoinGroupResponseData response = join(m, version, rebalanceTimeoutMs);
        if (Errors.forCode(response.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            m.id = response.memberId();
            response = join(m, version, rebalanceTimeoutMs);
        }
        if (Errors.forCode(response.errorCode()) == Errors.NONE) {
            m.id = response.memberId();
            m.generation = response.generationId();
        }
        return response;
    }

    private SyncGroupResponseData sync(Member m, short version, int generation, Map<String, byte[]> assignments) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(world.name(group))
                .setGenerationId(generation).setMemberId(m.id)
                .setAssignments(assignments.entrySet().stream().map(e -> new SyncGroupRequestData
                        .SyncGroupRequestAssignment().setMemberId(e.getKey()).setAssignment(e.getValue())).toList());
        if (version >= 5) {
            request.setProtocolType("consumer").setProtocolName("range");
        }
        SyncGroupResponseData response = m.connection.send(ApiKeys.SYNC_GROUP, version, request);
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    private void heartbeat(Member m, short version, int generation) {
        HeartbeatResponseData response = m.connection.send(ApiKeys.HEARTBEAT, version, new HeartbeatRequestData()
                .setGroupId(world.name(group)).setGenerationId(generation).setMemberId(m.id));
        world.lastError = Errors.forCode(response.errorCode());
    }

    /** Joins and syncs as the leader of a new group, with the newest versions. */
    private Member stableMember(String groupName, int rebalanceTimeoutMs) {
        Member m = newMember(groupName, "subscribed-by-leader");
        short joinVersion = newest(m.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData joined = joinNew(m, joinVersion, rebalanceTimeoutMs);
        assertThat(Errors.forCode(joined.errorCode())).as("joining %s", groupName).isEqualTo(Errors.NONE);
        SyncGroupResponseData synced = sync(m, newest(m.connection, ApiKeys.SYNC_GROUP), m.generation,
                Map.of(m.id, new byte[0]));
        assertThat(Errors.forCode(synced.errorCode())).as("syncing %s", groupName).isEqualTo(Errors.NONE);
        return m;
    }

    private DescribeGroupsResponseData.DescribedGroup describe() {
        RawConnection connection = member.connection;
        DescribeGroupsResponseData response = connection.send(ApiKeys.DESCRIBE_GROUPS,
                newest(connection, ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequestData().setGroups(List.of(world.name(group))));
        assertThat(response.groups()).as("groups described").hasSize(1);
        return response.groups().get(0);
    }

    // ---------------------------------------------------------------- setting up a group

    @Given("group {string} has a stable member")
    public void hasStableMember(String groupName) {
        member = stableMember(groupName, REBALANCE_TIMEOUT_MS);
    }

    @Given("group {string} has a stable member with a rebalance timeout of {int} ms")
    public void hasStableMemberWithRebalanceTimeout(String groupName, int rebalanceTimeoutMs) {
        member = stableMember(groupName, rebalanceTimeoutMs);
    }

    /** The member rejoins (a leader's JoinGroup starts a rebalance) and syncs again: generation 2. */
    @Given("group {string} has a stable member at generation 2")
    public void stableAtGenerationTwo(String groupName) {
        member = stableMember(groupName, REBALANCE_TIMEOUT_MS);
        JoinGroupResponseData rejoined = join(member, newest(member.connection, ApiKeys.JOIN_GROUP), REBALANCE_TIMEOUT_MS);
        assertThat(Errors.forCode(rejoined.errorCode())).as("rejoining %s", groupName).isEqualTo(Errors.NONE);
        assertThat(rejoined.generationId()).as("generation after the rejoin").isEqualTo(2);
        member.generation = rejoined.generationId();
        SyncGroupResponseData synced = sync(member, newest(member.connection, ApiKeys.SYNC_GROUP), member.generation,
                Map.of(member.id, new byte[0]));
        assertThat(Errors.forCode(synced.errorCode())).as("syncing generation 2").isEqualTo(Errors.NONE);
    }

    @Given("group {string} has a member that joined generation 1 but has not synced")
    public void joinedNotSynced(String groupName) {
        member = newMember(groupName, "subscribed-by-leader");
        JoinGroupResponseData joined = joinNew(member, newest(member.connection, ApiKeys.JOIN_GROUP), REBALANCE_TIMEOUT_MS);
        assertThat(Errors.forCode(joined.errorCode())).as("joining %s", groupName).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).as("generation joined").isEqualTo(1);
    }

    /** A follower joins a stable group, the leader rejoins, and both hold the answer of generation 2. */
    @Given("group {string} has a leader and a follower that joined the same generation")
    public void leaderAndFollower(String groupName) throws Exception {
        member = stableMember(groupName, REBALANCE_TIMEOUT_MS);
        second = newMember(groupName, "subscribed-by-follower");
        short version = newest(second.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData first = join(second, version, REBALANCE_TIMEOUT_MS);
        if (Errors.forCode(first.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
            second.id = first.memberId();
        }
        CompletableFuture<JoinGroupResponseData> followerJoin = CompletableFuture.supplyAsync(
                () -> join(second, version, REBALANCE_TIMEOUT_MS), ASIDE);
        await().atMost(RAW_REBALANCE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> "PreparingRebalance".equals(describe().groupState()));
        JoinGroupResponseData leaderJoin = join(member, version, REBALANCE_TIMEOUT_MS);
        JoinGroupResponseData followerAnswer = followerJoin.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Errors.forCode(leaderJoin.errorCode())).as("leader's rejoin").isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(followerAnswer.errorCode())).as("follower's join").isEqualTo(Errors.NONE);
        assertThat(leaderJoin.leader()).as("leader of the new generation").isEqualTo(member.id);
        member.generation = leaderJoin.generationId();
        second.id = followerAnswer.memberId();
        second.generation = followerAnswer.generationId();
        assertThat(second.generation).as("the follower's generation").isEqualTo(member.generation);
    }

    // ---------------------------------------------------------------- JoinGroup

    @When("a member joins the empty group {string} with JoinGroup v{int}")
    public void joinEmptyGroup(String groupName, int version) {
        member = newMember(groupName, "subscribed-by-leader");
        lastJoin = joinNew(member, advertised(member.connection, ApiKeys.JOIN_GROUP, version), REBALANCE_TIMEOUT_MS);
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
            assertThat(m.metadata()).as("metadata of %s", m.memberId()).isEqualTo(member.subscription);
        });
    }

    @When("a member joins group {string} with JoinGroup v{int} and member id {string}")
    public void joinWithUnknownId(String groupName, int version, String literalMemberId) {
        Member stranger = newMember(groupName, "subscribed-by-follower");
        stranger.id = literalMemberId;
        lastJoin = join(stranger, advertised(stranger.connection, ApiKeys.JOIN_GROUP, version), REBALANCE_TIMEOUT_MS);
    }

    @Then("group {string} still has only its stable member")
    public void stillOnlyMember(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = describe();
        assertThat(described.groupState()).as("state of %s", groupName).isEqualTo("Stable");
        assertThat(described.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .as("members of %s", groupName).containsExactly(member.id);
    }

    /** The join blocks until the rebalance ends: it runs aside and its answer time is recorded. */
    @When("a second member joins group {string} with JoinGroup v{int} and a rebalance timeout of {int} ms")
    public void secondJoins(String groupName, int version, int rebalanceTimeoutMs) {
        second = newMember(groupName, "subscribed-by-follower");
        short v = advertised(second.connection, ApiKeys.JOIN_GROUP, version);
        long start = System.nanoTime();
        lastJoin = joinNew(second, v, rebalanceTimeoutMs);
        joinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * The first member never rejoined: the coordinator waits for it no longer than the rebalance
     * timeout, then removes it and completes the rebalance with the members that did rejoin.
     */
    @Then("the second member's join is answered after {int} ms at the earliest and {int} s at the latest, leading generation 2 alone")
    public void answeredAfterRebalanceTimeout(int notBeforeMs, int notAfterS) {
        assertThat(Errors.forCode(lastJoin.errorCode())).as("the second member's JoinGroup error").isEqualTo(Errors.NONE);
        assertThat(joinMillis).as("ms until the second member's join was answered")
                .isBetween((long) notBeforeMs, TimeUnit.SECONDS.toMillis(notAfterS));
        assertThat(lastJoin.generationId()).as("generation_id").isEqualTo(2);
        assertThat(lastJoin.leader()).as("leader").isEqualTo(second.id);
        assertThat(lastJoin.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .as("members of generation 2").containsExactly(second.id);
    }

    @Then("the first member is no longer a member of group {string}")
    public void firstRemoved(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = describe();
        assertThat(described.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .as("members of %s", groupName).containsExactly(second.id);
        heartbeat(member, newest(member.connection, ApiKeys.HEARTBEAT), member.generation);
        assertThat(world.lastError).as("heartbeat of the removed member").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    // ---------------------------------------------------------------- SyncGroup

    @When("the follower syncs with SyncGroup v{int}")
    public void followerSyncs(int version) {
        short v = advertised(second.connection, ApiKeys.SYNC_GROUP, version);
        followerSync = CompletableFuture.supplyAsync(() -> sync(second, v, second.generation, Map.of()), ASIDE);
    }

    /** A follower's SyncGroup is parked until the leader's arrives: no answer, however long it waits. */
    @Then("the follower has no answer while the leader has not synced")
    public void followerWaits() {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !followerSync.isDone() && "CompletingRebalance".equals(describe().groupState()));
    }

    @When("the leader syncs with SyncGroup v{int}, handing each member its assignment")
    public void leaderSyncs(int version) {
        short v = advertised(member.connection, ApiKeys.SYNC_GROUP, version);
        handedOut.put(member.id, "assignment-of-the-leader".getBytes(StandardCharsets.UTF_8));
        handedOut.put(second.id, "assignment-of-the-follower".getBytes(StandardCharsets.UTF_8));
        SyncGroupResponseData leader = sync(member, v, member.generation, handedOut);
        assertThat(Errors.forCode(leader.errorCode())).as("the leader's SyncGroup error").isEqualTo(Errors.NONE);
        assertThat(leader.assignment()).as("the leader's assignment").isEqualTo(handedOut.get(member.id));
    }

    @Then("the follower receives the assignment the leader gave it")
    public void followerReceives() throws Exception {
        SyncGroupResponseData answer = followerSync.get(RAW_REBALANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Errors.forCode(answer.errorCode())).as("the follower's SyncGroup error").isEqualTo(Errors.NONE);
        assertThat(answer.assignment()).as("the follower's assignment").isEqualTo(handedOut.get(second.id));
    }

    @When("the member syncs with SyncGroup v{int} and generation {int}")
    public void syncWithGeneration(int version, int generation) {
        sync(member, advertised(member.connection, ApiKeys.SYNC_GROUP, version), generation,
                Map.of(member.id, new byte[0]));
    }

    // ---------------------------------------------------------------- Heartbeat and LeaveGroup

    @When("the member heartbeats with Heartbeat v{int} and generation {int}")
    public void heartbeatWithGeneration(int version, int generation) {
        heartbeat(member, advertised(member.connection, ApiKeys.HEARTBEAT, version), generation);
    }

    @When("the member leaves group {string} with LeaveGroup v{int}")
    public void memberLeaves(String groupName, int version) {
        leave(member.id, version);
    }

    @When("member {string} leaves group {string} with LeaveGroup v{int}")
    public void strangerLeaves(String literalMemberId, String groupName, int version) {
        leave(literalMemberId, version);
    }

    /** Before v3 the member is named at the top and the error is the group's; since v3 each member has its own. */
    private void leave(String memberId, int version) {
        short v = advertised(member.connection, ApiKeys.LEAVE_GROUP, version);
        LeaveGroupRequestData request = new LeaveGroupRequestData().setGroupId(world.name(group));
        if (v < 3) {
            request.setMemberId(memberId);
        } else {
            request.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)));
        }
        LeaveGroupResponseData response = member.connection.send(ApiKeys.LEAVE_GROUP, v, request);
        world.lastError = Errors.forCode(response.errorCode());
        if (v >= 3) {
            assertThat(Errors.forCode(response.errorCode())).as("LeaveGroup v%d group-level error", v).isEqualTo(Errors.NONE);
            assertThat(response.members()).as("members in the LeaveGroup answer").singleElement()
                    .satisfies(m -> assertThat(m.memberId()).isEqualTo(memberId));
            world.lastError = Errors.forCode(response.members().get(0).errorCode());
        }
    }

    @Then("group {string} is Empty, without members")
    public void emptyGroup(String groupName) {
        DescribeGroupsResponseData.DescribedGroup described = describe();
        assertThat(described.groupState()).as("state of %s", groupName).isEqualTo("Empty");
        assertThat(described.members()).as("members of %s", groupName).isEmpty();
    }

    // ---------------------------------------------------------------- OffsetCommit

    private OffsetCommitRequestData.OffsetCommitRequestTopic commitTopic(short version, String physical, int partition,
                                                                        long offset) {
        return commitTopic(version, physical, partition, offset, true);
    }

    private OffsetCommitRequestData.OffsetCommitRequestTopic commitTopic(short version, String physical, int partition,
                                                                        long offset, boolean exists) {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedMetadata("")));
        // v10 names topics by id (KIP-848); an unknown topic has no id, so it is asked for with a random one
        if (version < 10) {
            return topic.setName(physical);
        }
        if (!exists) {
            unknownTopicId = Uuid.randomUuid();
        }
        return topic.setTopicId(exists ? topicId(physical) : unknownTopicId);
    }

    private Uuid topicId(String physical) {
        return RawReads.metadata(world.raw(), physical).topicId();
    }

    private void commit(RawConnection connection, int version, int generation, String memberId,
                        List<OffsetCommitRequestData.OffsetCommitRequestTopic> topics) {
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(world.name(group))
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId).setTopics(topics);
        lastCommit = retried(() -> connection.send(ApiKeys.OFFSET_COMMIT, v, request),
                r -> Errors.forCode(r.topics().get(0).partitions().get(0).errorCode()));
        List<OffsetCommitResponseData.OffsetCommitResponsePartition> partitions = lastCommit.topics().stream()
                .flatMap(t -> t.partitions().stream()).toList();
        assertThat(partitions).as("partitions in the OffsetCommit answer").hasSize(topics.size());
        world.lastError = Errors.forCode(partitions.get(0).errorCode());
    }

    @When("the member commits offset {long} for partition {int} of {string} with OffsetCommit v{int} and generation {int}")
    public void memberCommits(long offset, int partition, String topic, int version, int generation) {
        short v = advertised(member.connection, ApiKeys.OFFSET_COMMIT, version);
        commit(member.connection, v, generation, member.id,
                List.of(commitTopic(v, world.topic(topic), partition, offset)));
    }

    @When("group {string} commits offset {long} for partition {int} of {string} with OffsetCommit v{int}, generation -1 and no member id")
    public void simpleCommit(String groupName, long offset, int partition, String topic, int version) {
        group = groupName;
        RawConnection connection = member != null ? member.connection : world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        commit(connection, v, -1, "", List.of(commitTopic(v, world.topic(topic), partition, offset)));
    }

    @When("group {string} commits offset {long} for partition {int} of {string} and of the unknown topic {string} in one OffsetCommit v{int}")
    public void mixedCommit(String groupName, long offset, int partition, String topic, String unknown, int version) {
        group = groupName;
        RawConnection connection = world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        commit(connection, v, -1, "", List.of(commitTopic(v, world.topic(topic), partition, offset),
                commitTopic(v, world.topic(unknown), partition, offset, false)));
    }

    /** Each partition of a commit is answered by itself: one unknown topic fails alone. */
    @Then("partition {int} of {string} is answered NONE and partition {int} of {string} {error}")
    public void mixedAnswer(int partition, String topic, int unknownPartition, String unknown, Errors expected) {
        assertThat(lastCommit.topics()).as("topics in the OffsetCommit answer").hasSize(2);
        // the answer names topics as the request did: by name, or by id since v10
        String physical = world.topic(topic);
        Uuid id = topicId(physical);
        OffsetCommitResponseData.OffsetCommitResponseTopic known = lastCommit.topics().stream()
                .filter(t -> t.name().equals(physical) || t.topicId().equals(id)).findFirst().orElseThrow(
                        () -> new AssertionError(topic + " is not in the OffsetCommit answer " + lastCommit));
        OffsetCommitResponseData.OffsetCommitResponseTopic missing = lastCommit.topics().stream()
                .filter(t -> t != known).findFirst().orElseThrow();
        if (missing.topicId().equals(Uuid.ZERO_UUID)) {
            assertThat(missing.name()).as("the unknown topic answered").isEqualTo(world.topic(unknown));
        } else {
            assertThat(missing.topicId()).as("the unknown topic id answered").isEqualTo(unknownTopicId);
        }
        assertThat(known.partitions()).singleElement().satisfies(p -> {
            assertThat(p.partitionIndex()).isEqualTo(partition);
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d of %s", partition, topic)
                    .isEqualTo(Errors.NONE);
        });
        assertThat(missing.partitions()).singleElement().satisfies(p -> {
            assertThat(p.partitionIndex()).isEqualTo(unknownPartition);
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d of %s", unknownPartition, unknown)
                    .isEqualTo(expected);
        });
    }

    // ---------------------------------------------------------------- OffsetFetch

    /** Sends OffsetFetch in exactly {@code version}: one group, by name (v1-v7) or in a group list (v8+). */
    private void fetch(String groupName, int version, String topic, List<Integer> partitions, boolean requireStable) {
        group = groupName;
        RawConnection connection = world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_FETCH, version);
        fetchVersion = v;
        String physical = topic == null ? null : world.topic(topic);
        OffsetFetchRequestData request = new OffsetFetchRequestData();
        if (v >= 7) {
            request.setRequireStable(requireStable);
        }
        fetched = new LinkedHashMap<>();
        if (v < 8) {
            request.setGroupId(world.name(groupName)).setTopics(physical == null ? null
                    : List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(physical)
                    .setPartitionIndexes(partitions)));
            OffsetFetchResponseData response = retried(() -> connection.send(ApiKeys.OFFSET_FETCH, v, request),
                    r -> Errors.forCode(r.errorCode()));
            world.lastError = Errors.forCode(response.errorCode());
            response.topics().forEach(t -> t.partitions().forEach(p -> fetched.put(
                    new TopicPartition(t.name(), p.partitionIndex()), new OffsetFetchResponseData
                            .OffsetFetchResponsePartitions().setPartitionIndex(p.partitionIndex())
                            .setCommittedOffset(p.committedOffset()).setCommittedLeaderEpoch(p.committedLeaderEpoch())
                            .setMetadata(p.metadata()).setErrorCode(p.errorCode()))));
            return;
        }
        OffsetFetchRequestData.OffsetFetchRequestTopics asked = physical == null ? null
                : new OffsetFetchRequestData.OffsetFetchRequestTopics().setPartitionIndexes(partitions);
        Uuid id = physical == null ? null : topicId(physical);
        if (asked != null) {
            if (v >= 10) {
                asked.setTopicId(id);
            } else {
                asked.setName(physical);
            }
        }
        request.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(world.name(groupName))
                .setTopics(asked == null ? null : List.of(asked))));
        OffsetFetchResponseData response = retried(() -> connection.send(ApiKeys.OFFSET_FETCH, v, request),
                r -> r.groups().isEmpty() ? Errors.NONE : Errors.forCode(r.groups().get(0).errorCode()));
        assertThat(response.groups()).as("groups in the OffsetFetch answer").singleElement()
                .satisfies(g -> assertThat(g.groupId()).isEqualTo(world.name(groupName)));
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = response.groups().get(0);
        world.lastError = Errors.forCode(answer.errorCode());
        for (OffsetFetchResponseData.OffsetFetchResponseTopics t : answer.topics()) {
            // v10 answers by topic id: the partitions are keyed by it, as the request named them
            String key = v >= 10 ? t.topicId().toString() : t.name();
            t.partitions().forEach(p -> fetched.put(new TopicPartition(key, p.partitionIndex()), p));
        }
    }

    @When("the offsets of group {string} for partitions 0 and 1 of {string} are fetched with OffsetFetch v{int}")
    public void fetchTwo(String groupName, String topic, int version) {
        fetch(groupName, version, topic, List.of(0, 1), false);
    }

    @When("the offsets of group {string} for partitions 0 and 1 of {string} are fetched with OffsetFetch v{int}, requiring stable offsets")
    public void fetchStable(String groupName, String topic, int version) {
        fetch(groupName, version, topic, List.of(0, 1), true);
    }

    @When("every offset of group {string} is fetched with OffsetFetch v{int}, naming no topics")
    public void fetchAll(String groupName, int version) {
        fetch(groupName, version, null, null, false);
    }

    /**
     * The answer, partition by partition: the committed offset, or -1 without an error where nothing is
     * committed; empty metadata; the leader epoch (v5+) -1 as nothing here commits one.
     */
    @Then("the answer holds exactly partition 0 of {string} at {long} and partition 1 at {long}, each without an error")
    public void answerHolds(String topic, long first, long second) {
        assertThat(world.lastError).as("OffsetFetch v%d error", fetchVersion).isEqualTo(Errors.NONE);
        String physical = world.topic(topic);
        String key = fetchVersion >= 10 ? topicId(physical).toString() : physical;
        TopicPartition p0 = new TopicPartition(key, 0);
        TopicPartition p1 = new TopicPartition(key, 1);
        assertThat(fetched).as("partitions in the OffsetFetch v%d answer", fetchVersion).containsOnlyKeys(p0, p1);
        List<Long> expected = List.of(first, second);
        List<TopicPartition> order = new ArrayList<>(List.of(p0, p1));
        for (int i = 0; i < 2; i++) {
            OffsetFetchResponseData.OffsetFetchResponsePartitions p = fetched.get(order.get(i));
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", i).isEqualTo(Errors.NONE);
            assertThat(p.committedOffset()).as("committed_offset of partition %d", i).isEqualTo(expected.get(i));
            assertThat(p.metadata()).as("metadata of partition %d", i).isEqualTo("");
            if (fetchVersion >= 5) {
                assertThat(p.committedLeaderEpoch()).as("committed_leader_epoch of partition %d", i).isEqualTo(-1);
            }
        }
    }
}
