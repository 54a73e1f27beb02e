package org.kafkatck.tck.steps;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One connection and its framing, driven by hand: several requests written before any answer is read
 * (pipelining), and request headers a normal client never sends (a null client id, an unknown tagged
 * field). Each answer's header and body are parsed from the bytes the broker sent.
 */
public class ConnectionSteps {
    /** How long the pipelined Fetch waits for records that never come. */
    private static final int FETCH_WAIT_MS = 500;

    private final World world;
    /** The requests written, in order: API, version, correlation id. */
    private final List<Sent> sent = new ArrayList<>();
    private long writtenNanos;
    private RawConnection connection;

    private record Sent(ApiKeys api, short version, int correlationId) {
    }

    /** @param world the scenario's state */
    public ConnectionSteps(World world) {
        this.world = world;
    }

    private void write(RequestHeaderData header, ApiMessage body) {
        ApiKeys api = ApiKeys.forId(header.requestApiKey());
        short version = header.requestApiVersion();
        connection.writeFrame(RawConnection.encode(new RequestHeader(header, api.requestHeaderVersion(version)), body,
                version));
        sent.add(new Sent(api, version, header.correlationId()));
    }

    private static RequestHeaderData header(ApiKeys api, short version, int correlationId) {
        return new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("kafka-tck-raw");
    }

    private short metadataVersion() {
        return connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
    }

    private static MetadataRequestData noTopics() {
        return new MetadataRequestData().setTopics(List.of()).setAllowAutoTopicCreation(false);
    }

    /**
     * Correlation ids neither increasing nor starting at 1, so a broker that answers in another order
     * or makes the ids up is seen.
     */
    @When("a Fetch waiting for records of {string}, a Metadata and an ApiVersions request are written on one connection before any answer is read")
    public void pipeline(String topic) {
        String physical = world.topic(topic);
        connection = world.raw();
        short fetchVersion = connection.version(ApiKeys.FETCH, RawReads.LAST_FETCH_BY_NAME);
        short apiVersionsVersion = connection.version(ApiKeys.API_VERSIONS, (short) 3);
        // a new topic's leader may take a moment to serve it (Apache Kafka answers NOT_LEADER_OR_FOLLOWER until then)
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> RawReads.fetch(connection, physical, 0, 0).errorCode() == Errors.NONE.code());
        FetchRequestData fetch = new FetchRequestData().setReplicaId(FetchRequest.CONSUMER_REPLICA_ID)
                .setMaxWaitMs(FETCH_WAIT_MS).setMinBytes(1).setMaxBytes(1024 * 1024).setIsolationLevel((byte) 0)
                .setSessionId(0).setSessionEpoch(-1).setRackId("")
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(physical).setTopicId(Uuid.ZERO_UUID)
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                .setFetchOffset(0).setPartitionMaxBytes(1024 * 1024)))));
        writtenNanos = System.nanoTime();
        write(header(ApiKeys.FETCH, fetchVersion, 1001), fetch);
        write(header(ApiKeys.METADATA, metadataVersion(), 7), noTopics());
        write(header(ApiKeys.API_VERSIONS, apiVersionsVersion, 42), new ApiVersionsRequestData()
                .setClientSoftwareName("kafka-tck").setClientSoftwareVersion("1.0"));
    }

    /** Each answer is parsed as the answer to the request at its position: header, then the whole body. */
    private ApiMessage read(Sent request) {
        ByteBuffer frame = connection.readResponseFrame();
        short headerVersion = request.api() == ApiKeys.API_VERSIONS ? 0 : request.api().responseHeaderVersion(request.version());
        ResponseHeader header = ResponseHeader.parse(frame, headerVersion);
        assertThat(header.correlationId()).as("correlation id of the answer to the %s request", request.api().name)
                .isEqualTo(request.correlationId());
        ApiMessage body = AbstractResponse.parseResponse(request.api(), new ByteBufferAccessor(frame), request.version()).data();
        assertThat(frame.remaining()).as("bytes left over after the %s v%d answer", request.api().name, request.version())
                .isZero();
        return body;
    }

    @Then("the answers arrive in request order, each with its request's correlation id, the Fetch's after its wait")
    public void answersInOrder() {
        FetchResponseData fetch = (FetchResponseData) read(sent.get(0));
        long fetchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writtenNanos);
        assertThat(Errors.forCode(fetch.errorCode())).as("Fetch error").isEqualTo(Errors.NONE);
        assertThat(fetch.responses()).as("topics in the Fetch answer").singleElement()
                .satisfies(t -> assertThat(t.partitions()).singleElement().satisfies(p -> {
                    assertThat(Errors.forCode(p.errorCode())).as("error of the fetched partition").isEqualTo(Errors.NONE);
                    assertThat(p.highWatermark()).as("high watermark of the empty partition").isZero();
                }));
        // the Fetch found no records: it is answered when its wait ends, and the later requests only after it
        assertThat(fetchMillis).as("ms until the Fetch (max wait %d ms) was answered", FETCH_WAIT_MS)
                .isGreaterThanOrEqualTo(FETCH_WAIT_MS - 50L);
        MetadataResponseData metadata = (MetadataResponseData) read(sent.get(1));
        assertThat(metadata.brokers()).as("brokers in the Metadata answer").isNotEmpty();
        ApiVersionsResponseData versions = (ApiVersionsResponseData) read(sent.get(2));
        assertThat(Errors.forCode(versions.errorCode())).as("ApiVersions error").isEqualTo(Errors.NONE);
        assertThat(versions.apiKeys().find(ApiKeys.METADATA.id)).as("Metadata in the ApiVersions answer").isNotNull();
    }

    @When("a Metadata request with a null client id is sent")
    public void nullClientId() {
        connection = world.raw();
        write(header(ApiKeys.METADATA, metadataVersion(), 3).setClientId(null), noTopics());
    }

    /** Tag 1234 means nothing in any request header: a broker must skip it (KIP-482). */
    @When("a Metadata request whose header carries an unknown tagged field is sent")
    public void unknownTaggedField() {
        connection = world.raw();
        short version = metadataVersion();
        assertThat(ApiKeys.METADATA.requestHeaderVersion(version)).as("request header version of Metadata v%d", version)
                .isEqualTo((short) 2);
        RequestHeaderData header = header(ApiKeys.METADATA, version, 3);
        header.unknownTaggedFields().add(new RawTaggedField(1234, new byte[] {1, 2, 3}));
        write(header, noTopics());
    }

    @Then("it is answered with its correlation id and the brokers of the cluster")
    public void answeredWithBrokers() {
        MetadataResponseData metadata = (MetadataResponseData) read(sent.get(0));
        assertThat(metadata.brokers()).as("brokers in the Metadata answer").isNotEmpty()
                .allSatisfy(b -> assertThat(b.host() + ":" + b.port()).isNotBlank());
        assertThat(metadata.clusterId()).as("cluster id in the Metadata answer").isNotBlank();
        assertThat(metadata.topics()).as("topics of a request naming none").isEmpty();
    }
}
