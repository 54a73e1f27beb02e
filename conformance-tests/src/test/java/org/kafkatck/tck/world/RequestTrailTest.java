package org.kafkatck.tck.world;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.kafkatck.tck.report.SentRequest;
import org.kafkatck.tck.targets.Preflight;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTrailTest {
    /** A target that advertises Metadata v0-v9, Produce v3-v13 and Fetch v4-v99 (newer than the Java client). */
    private static final List<Preflight.Row> ADVERTISED = List.of(
            new Preflight.Row(ApiKeys.METADATA, 0, 9, ApiKeys.METADATA.oldestVersion(), ApiKeys.METADATA.latestVersion()),
            new Preflight.Row(ApiKeys.PRODUCE, 3, 13, ApiKeys.PRODUCE.oldestVersion(), ApiKeys.PRODUCE.latestVersion()),
            new Preflight.Row(ApiKeys.FETCH, 4, 99, ApiKeys.FETCH.oldestVersion(), ApiKeys.FETCH.latestVersion()),
            new Preflight.Row(ApiKeys.OFFSET_COMMIT, -1, -1, ApiKeys.OFFSET_COMMIT.oldestVersion(),
                    ApiKeys.OFFSET_COMMIT.latestVersion()));

    @Test
    void aJavaClientCallHasTheVersionTheClientNegotiates() {
        RequestTrail trail = new RequestTrail(ADVERTISED);

        trail.clientCall(ApiKeys.METADATA);
        assertThat(trail.last()).as("the target's newest").isEqualTo(new SentRequest("Metadata", 3, 9));
        trail.clientCall(ApiKeys.FETCH);
        assertThat(trail.last()).as("the client's newest").isEqualTo(new SentRequest("Fetch", 1,
                ApiKeys.FETCH.latestVersion()));
        trail.clientCall(ApiKeys.OFFSET_COMMIT);
        assertThat(trail.last()).as("not advertised").isEqualTo(new SentRequest("OffsetCommit", 8, -1));
        trail.clientCall(ApiKeys.DESCRIBE_LOG_DIRS);
        assertThat(trail.last()).as("not in the preflight's matrix").isEqualTo(new SentRequest("DescribeLogDirs", 35, -1));
    }

    @Test
    void aRawRequestKeepsItsVersionAndARepeatIsOneEntry() {
        RequestTrail trail = new RequestTrail(ADVERTISED);

        trail.sent(ApiKeys.FETCH, (short) 12);
        trail.sent(ApiKeys.FETCH, (short) 12);
        trail.sent(ApiKeys.LIST_OFFSETS, (short) 7);

        assertThat(trail.all()).containsExactly(new SentRequest("Fetch", 1, 12), new SentRequest("ListOffsets", 2, 7));
    }

    @Test
    void onlyTheLastSixteenAreKept() {
        RequestTrail trail = new RequestTrail(List.of());
        for (short version = 0; version < 20; version++) {
            trail.sent(ApiKeys.FETCH, version);
        }

        assertThat(trail.all()).hasSize(16).first().isEqualTo(new SentRequest("Fetch", 1, 4));
        assertThat(trail.last()).isEqualTo(new SentRequest("Fetch", 1, 19));
    }

    @Test
    void anAdminCallIsRecordedAsTheApiItSends() {
        RequestTrail trail = new RequestTrail(ADVERTISED);
        Admin nothing = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> null);
        Admin admin = AdminTrail.recording(nothing, trail);

        admin.describeTopics(List.of("orders"));
        assertThat(trail.last()).isEqualTo(new SentRequest("Metadata", 3, 9));
        admin.close();
        assertThat(trail.all()).as("close sends no request the trail names").hasSize(1);
    }

    @Test
    void aProducerSendAndAConsumerCommitAreRecorded() {
        RequestTrail trail = new RequestTrail(ADVERTISED);
        TrailInterceptor interceptor = new TrailInterceptor();
        interceptor.configure(Map.of(TrailInterceptor.TRAIL, trail));

        interceptor.onSend(new ProducerRecord<>("orders", new byte[0]));
        assertThat(trail.last()).isEqualTo(new SentRequest("Produce", 0, 13));
        interceptor.onCommit(Map.of());
        assertThat(trail.last()).isEqualTo(new SentRequest("OffsetCommit", 8, -1));
    }
}
