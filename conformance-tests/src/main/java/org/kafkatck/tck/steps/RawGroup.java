package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw members of one scenario's group and the group APIs sent in a chosen version, shared by the
 * step classes that run a rule at every version ({@link GroupVersionSteps}, {@link OffsetVersionSteps}).
 * A group is set up with the newest versions; the request under test uses the version of the example
 * row, with exactly the fields that version carries.
 */
public class RawGroup {
    static final int SESSION_TIMEOUT_MS = 30_000;
    static final int REBALANCE_TIMEOUT_MS = 10_000;
    /** Bound on a rebalance between raw members, which answer at once: Apache Kafka takes milliseconds. */
    static final Duration RAW_REBALANCE_TIMEOUT = Duration.ofSeconds(5);
    /** Runs a request that blocks until the rebalance ends (JoinGroup, a follower's SyncGroup) aside. */
    static final Executor ASIDE = task -> Thread.ofVirtual().start(task);

    private final World world;
    /** The scenario's logical group name. */
    String group;
    /** The group's first member (the leader). */
    Member member;
    /** A second member (the follower, or the member that joins later). */
    Member second;

    /** One raw member: its connection to the coordinator, identity and the subscription it sent. */
    static final class Member {
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
    public RawGroup(World world) {
        this.world = world;
    }

    Member newMember(String groupName, String subscribedTopic) {
        group = groupName;
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(world.topic(subscribedTopic))));
        byte[] subscription = new byte[bytes.remaining()];
        bytes.get(subscription);
        return new Member(world.rawToCoordinator(world.name(groupName)), subscription);
    }

    static short newest(RawConnection connection, ApiKeys api) {
        return connection.version(api, api.latestVersion());
    }

    /** The version of an example row, which the broker must advertise. */
    static short advertised(RawConnection connection, ApiKeys api, int version) {
        short newest = newest(connection, api);
        assertThat(version).as("%s v%d is advertised by the broker (up to v%d)", api.name, version, newest)
                .isLessThanOrEqualTo(newest);
        return (short) version;
    }

    JoinGroupResponseData join(Member m, short version, int rebalanceTimeoutMs) {
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
    static <R> R retried(java.util.function.Supplier<R> send, java.util.function.Function<R, Errors> error) {
        R response = send.get();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (LOADING.contains(error.apply(response)) && System.nanoTime() < deadline) {
            World.pause();
            response = send.get();
        }
        return response;
    }

    /** The errors of a coordinator that is still loading its groups, which clients retry. */
    static final java.util.Set<Errors> LOADING = java.util.Set.of(Errors.COORDINATOR_LOAD_IN_PROGRESS,
            Errors.NOT_COORDINATOR, Errors.COORDINATOR_NOT_AVAILABLE);

    /** Joins with the KIP-394 member-id round trip (JoinGroup v4+) when the broker asks for it. */
    JoinGroupResponseData joinNew(Member m, short version, int rebalanceTimeoutMs) {
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

    SyncGroupResponseData sync(Member m, short version, int generation, Map<String, byte[]> assignments) {
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

    void heartbeat(Member m, short version, int generation) {
        HeartbeatResponseData response = m.connection.send(ApiKeys.HEARTBEAT, version, new HeartbeatRequestData()
                .setGroupId(world.name(group)).setGenerationId(generation).setMemberId(m.id));
        world.lastError = Errors.forCode(response.errorCode());
    }

    /** Joins and syncs as the leader of a new group, with the newest versions. */
    Member stableMember(String groupName, int rebalanceTimeoutMs) {
        Member m = newMember(groupName, "subscribed-by-leader");
        short joinVersion = newest(m.connection, ApiKeys.JOIN_GROUP);
        JoinGroupResponseData joined = joinNew(m, joinVersion, rebalanceTimeoutMs);
        assertThat(Errors.forCode(joined.errorCode())).as("joining %s", groupName).isEqualTo(Errors.NONE);
        SyncGroupResponseData synced = sync(m, newest(m.connection, ApiKeys.SYNC_GROUP), m.generation,
                Map.of(m.id, new byte[0]));
        assertThat(Errors.forCode(synced.errorCode())).as("syncing %s", groupName).isEqualTo(Errors.NONE);
        return m;
    }

    DescribeGroupsResponseData.DescribedGroup describe() {
        RawConnection connection = member.connection;
        DescribeGroupsResponseData response = connection.send(ApiKeys.DESCRIBE_GROUPS,
                newest(connection, ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequestData().setGroups(List.of(world.name(group))));
        assertThat(response.groups()).as("groups described").hasSize(1);
        return response.groups().get(0);
    }
}
