package org.kafkatck.broker.it;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections are reclaimed after {@code connections.max.idle.ms} without a byte received, whether
 * idle, stalled in the middle of a request or silent from the start; a request arriving slowly or a
 * long-poll Fetch is not idle; and a stop closes every connection at once.
 */
class ConnectionLifecycleIT {
    private static final Duration MAX_IDLE = Duration.ofMillis(1000);
    /** The reaper looks every tenth of the idle time; the rest is scheduling on a busy machine. */
    private static final Duration LATEST_CLOSE = MAX_IDLE.plusMillis(1500);

    private static ReferenceBroker broker;

    @BeforeAll
    static void start() {
        broker = ReferenceBroker.start(BrokerConfig.forTests().withConnectionsMaxIdle(MAX_IDLE));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void idleConnectionIsClosedAfterMaxIdle() throws Exception {
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            long lastSent = System.nanoTime();
            assertThat(apiVersions(client).errorCode()).isZero();
            assertClosedInTime(client, lastSent);
        }
    }

    @Test
    void connectionThatNeverSendsIsClosedAfterMaxIdle() throws Exception {
        // from the broker's side a half-open connection (a client gone without a FIN) looks just like this
        long connected = System.nanoTime();
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            assertClosedInTime(client, connected);
        }
    }

    @Test
    void connectionStalledInTheMiddleOfARequestIsClosedAfterMaxIdle() throws Exception {
        byte[] frame = apiVersionsFrame();
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            long lastSent = System.nanoTime();
            client.writeRaw(Arrays.copyOf(frame, frame.length / 2));
            assertClosedInTime(client, lastSent);
        }
    }

    @Test
    void requestArrivingSlowerThanMaxIdleIsServed() throws Exception {
        byte[] frame = apiVersionsFrame();
        int pieces = 4;
        Duration pause = MAX_IDLE.multipliedBy(6).dividedBy(10);
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            for (int i = 0; i < pieces; i++) {
                if (i > 0) {
                    // the spacing is the behaviour under test: each byte received restarts the idle time
                    Thread.sleep(pause);
                }
                client.writeRaw(Arrays.copyOfRange(frame, i * frame.length / pieces, (i + 1) * frame.length / pieces));
            }
            ApiVersionsResponseData response = client.readResponse(ApiKeys.API_VERSIONS, (short) 3);
            assertThat(response.errorCode()).isZero();
        }
    }

    @Test
    void longPollFetchIsNotIdle() throws Exception {
        Duration maxWait = MAX_IDLE.multipliedBy(5).dividedBy(2);
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            Uuid topicId = createTopic(client, "long-poll-not-idle");
            long start = System.nanoTime();
            FetchResponseData response = client.send(ApiKeys.FETCH, (short) 13, new FetchRequestData()
                    .setMaxWaitMs((int) maxWait.toMillis()).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20))))));
            long answered = System.nanoTime();
            assertThat(Duration.ofNanos(answered - start)).isGreaterThanOrEqualTo(maxWait);
            assertThat(response.responses().getFirst().partitions().getFirst().errorCode()).isZero();
            assertThat(client.closedByBroker()).as("closed by the broker once idle").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(LATEST_CLOSE);
        }
    }

    @Test
    void stopClosesIdleAndStalledConnectionsAtOnce() throws Exception {
        int perKind = 50;
        ReferenceBroker stopping = ReferenceBroker.start(BrokerConfig.forTests());
        List<RawClient> clients = new ArrayList<>();
        try {
            byte[] frame = apiVersionsFrame();
            for (int i = 0; i < perKind; i++) {
                RawClient idle = new RawClient(stopping.kafkaPort());
                clients.add(idle);
                assertThat(apiVersions(idle).errorCode()).isZero();
                RawClient stalled = new RawClient(stopping.kafkaPort());
                clients.add(stalled);
                stalled.writeRaw(Arrays.copyOf(frame, frame.length / 2));
            }
            // a last request answered proves the broker has read what every earlier connection sent
            assertThat(apiVersions(clients.getFirst()).errorCode()).isZero();

            long start = System.nanoTime();
            stopping.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("stop with %d idle and %d mid-frame connections took %d ms%n", perKind, perKind,
                    took.toMillis());
            assertThat(took).isLessThan(Duration.ofMillis(300));
            for (RawClient client : clients) {
                assertThat(client.closedByBroker()).isTrue();
            }
        } finally {
            stopping.close();
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void stopEndsALongPollFetchAfterTheGracePeriod() throws Exception {
        ReferenceBroker stopping = ReferenceBroker.start(BrokerConfig.forTests());
        try (RawClient client = new RawClient(stopping.kafkaPort())) {
            Uuid topicId = createTopic(client, "long-poll-at-stop");
            client.writeFrame(RawClient.encode(new RequestHeader(ApiKeys.FETCH, (short) 13, "raw-client", 99),
                    new FetchRequestData().setMaxWaitMs(30_000).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                            .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId)
                                    .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                            .setFetchOffset(0).setPartitionMaxBytes(1 << 20))))), (short) 13));
            await().atMost(Duration.ofSeconds(10)).until(ConnectionLifecycleIT::aFetchIsParked);

            long start = System.nanoTime();
            stopping.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("stop with a 30 s long-poll fetch in progress took %d ms%n", took.toMillis());
            assertThat(took).isLessThan(Duration.ofMillis(1500));
            assertThat(client.closedByBroker()).isTrue();
        } finally {
            stopping.close();
        }
    }

    private static void assertClosedInTime(RawClient client, long sinceNanos) {
        assertThat(client.closedByBroker()).as("closed by the broker").isTrue();
        Duration after = Duration.ofNanos(System.nanoTime() - sinceNanos);
        assertThat(after).as("closed after").isGreaterThanOrEqualTo(MAX_IDLE).isLessThan(LATEST_CLOSE);
    }

    /** Whether a thread of this JVM waits in a long-poll Fetch, seen in a thread dump (virtual threads included). */
    private static boolean aFetchIsParked() throws Exception {
        Path dump = Files.createTempFile("threads", ".json");
        try {
            Files.delete(dump); // the dump refuses to overwrite a file
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Files.readString(dump).contains("FetchWaiter.await");
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static ApiVersionsResponseData apiVersions(RawClient client) throws Exception {
        return client.send(ApiKeys.API_VERSIONS, (short) 3,
                new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
    }

    /** An ApiVersions v3 request frame, size prefix included. */
    private static byte[] apiVersionsFrame() {
        ByteBuffer body = RawClient.encode(new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "raw-client", 1),
                new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"), (short) 3);
        return ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body).array();
    }

    private static Uuid createTopic(RawClient client, String name) throws Exception {
        MetadataResponseData metadata = client.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData()
                .setAllowAutoTopicCreation(true)
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(name))));
        assertThat(metadata.topics().find(name).errorCode()).isZero();
        return metadata.topics().find(name).topicId();
    }
}
