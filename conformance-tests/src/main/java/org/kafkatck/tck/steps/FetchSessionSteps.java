package org.kafkatck.tck.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental fetch sessions (KIP-227), sent raw. A broker may decline a session (session id 0): the
 * steps about a granted session then have nothing to check and pass, as the spec allows declining;
 * whether a session is granted at all is asked by a {@code @should} scenario.
 */
public class FetchSessionSteps {
    /** Oldest Fetch version with sessions. */
    private static final short FETCH_SESSIONS = 7;

    private final World world;
    private RawConnection connection;
    private short version;
    private String physical;
    private int sessionId;
    private int nextEpoch;
    /** Whether the broker granted the session the scenario asked for; a declined one leaves nothing to check. */
    private boolean granted;
    private final Map<Integer, Errors> olderEpochErrors = new java.util.TreeMap<>();
    private FetchResponseData response;

    /** @param world the scenario's state */
    public FetchSessionSteps(World world) {
        this.world = world;
    }

    private void connect(String topic) {
        physical = world.topic(topic);
        connection = world.rawToLeader(physical, 0);
        version = connection.version(ApiKeys.FETCH, RawReads.LAST_FETCH_BY_NAME);
        assertThat(version).as("Fetch version (sessions need v7+)").isGreaterThanOrEqualTo(FETCH_SESSIONS);
    }

    private FetchResponseData send(int id, int epoch, Map<Integer, Long> positions, List<Integer> forgotten) {
        return send(id, epoch, positions, forgotten, -1);
    }

    private FetchResponseData send(int id, int epoch, Map<Integer, Long> positions, List<Integer> forgotten,
                                   int currentLeaderEpoch) {
        List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
        positions.forEach((partition, offset) -> partitions.add(new FetchRequestData.FetchPartition()
                .setPartition(partition).setFetchOffset(offset).setPartitionMaxBytes(1024 * 1024)
                .setCurrentLeaderEpoch(currentLeaderEpoch)));
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1024 * 1024).setIsolationLevel((byte) 0)
                .setSessionId(id).setSessionEpoch(epoch).setRackId("")
                .setTopics(partitions.isEmpty() ? List.of() : List.of(new FetchRequestData.FetchTopic()
                        .setTopic(physical).setTopicId(Uuid.ZERO_UUID).setPartitions(partitions)))
                .setForgottenTopicsData(forgotten.isEmpty() ? List.of() : List.of(new FetchRequestData.ForgottenTopic()
                        .setTopic(physical).setTopicId(Uuid.ZERO_UUID).setPartitions(forgotten)));
        response = connection.send(ApiKeys.FETCH, version, request);
        world.lastError = Errors.forCode(response.errorCode());
        return response;
    }

    private Map<Integer, Long> ends(int... partitions) {
        Map<Integer, Long> positions = new LinkedHashMap<>();
        for (int partition : partitions) {
            positions.put(partition, RawReads.listOffsets(connection, physical, partition,
                    ListOffsetsRequest.LATEST_TIMESTAMP).offset());
        }
        return positions;
    }

    @When("a full fetch of partitions 0 and 1 of {string} asks for a session")
    public void askForSession(String topic) {
        connect(topic);
        send(0, 0, ends(0, 1), List.of());
    }

    @Then("the broker grants a session: a session id other than 0")
    public void sessionGranted() {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(response.sessionId()).as("session id of the answer to a full fetch at session epoch 0").isNotZero();
    }

    @Given("a fetch session of partitions {int} and {int} of {string} was asked for, reading from their ends")
    public void sessionOfTwo(int first, int second, String topic) {
        grant(topic, first, second);
    }

    @Given("a fetch session of partition {int} of {string} was asked for, reading from its end")
    public void sessionOfOne(int partition, String topic) {
        grant(topic, partition);
    }

    private void grant(String topic, int... partitions) {
        connect(topic);
        send(0, 0, ends(partitions), List.of());
        assertThat(world.lastError).as("error of the full fetch that asks for a session").isEqualTo(Errors.NONE);
        assertThat(partitionsAnswered()).as("partitions answered by the full fetch").hasSize(partitions.length);
        granted = response.sessionId() != 0;
        sessionId = response.sessionId();
        nextEpoch = 1;
    }

    @When("the session's next incremental fetch names no partitions")
    public void incrementalOfNothing() {
        incremental(Map.of(), List.of());
    }

    @When("the session's next incremental fetch adds partition {int} from offset {long}")
    public void incrementalAdding(int partition, long offset) {
        incremental(Map.of(partition, offset), List.of());
    }

    @When("the session's next incremental fetch forgets partition {int}")
    public void incrementalForgetting(int partition) {
        incremental(Map.of(), List.of(partition));
    }

    private void incremental(Map<Integer, Long> positions, List<Integer> forgotten) {
        if (!granted) {
            return;
        }
        send(sessionId, nextEpoch, positions, forgotten);
        assertThat(world.lastError).as("error of the incremental fetch at epoch %d", nextEpoch).isEqualTo(Errors.NONE);
        assertThat(response.sessionId()).as("session id of the incremental fetch's answer").isEqualTo(sessionId);
        nextEpoch++;
    }

    /** A session is known by its id alone: a client that reconnects goes on with it (KIP-227). */
    @When("the session's next incremental fetch, sent on a new connection, names no partitions")
    public void incrementalOnNewConnection() {
        connection = world.rawToLeader(physical, 0);
        incremental(Map.of(), List.of());
    }

    /**
     * Names partition 0 at its end under the newest and the oldest epoch below the partition's, one
     * incremental fetch each. A partition still at its first epoch has none, and there is nothing to fence.
     */
    @When("the session's next incremental fetches name partition 0 under each leader epoch older than the partition's")
    public void incrementalNamingOlderEpochs() {
        if (!granted) {
            return;
        }
        int current = RawReads.leaderEpoch(connection, physical, 0);
        olderEpochErrors.clear();
        for (int epoch : java.util.stream.IntStream.of(current - 1, 0).filter(e -> e >= 0 && e < current).distinct()
                .toArray()) {
            send(sessionId, nextEpoch, ends(0), List.of(), epoch);
            assertThat(world.lastError).as("top-level error of the incremental fetch at epoch %d", nextEpoch)
                    .isEqualTo(Errors.NONE);
            nextEpoch++;
            assertThat(partitionsAnswered()).as("partitions answered").containsExactly(0);
            olderEpochErrors.put(epoch, Errors.forCode(response.responses().get(0).partitions().get(0).errorCode()));
        }
    }

    @Then("the session answers partition 0 with FENCED_LEADER_EPOCH each time")
    public void fencedEachTime() {
        olderEpochErrors.forEach((epoch, error) -> assertThat(error)
                .as("error of partition 0 named under the older leader epoch %d", epoch)
                .isEqualTo(Errors.FENCED_LEADER_EPOCH));
    }

    @When("an incremental fetch names the session at an epoch {int} ahead of the one expected")
    public void incrementalWrongEpoch(int ahead) {
        if (!granted) {
            return;
        }
        send(sessionId, nextEpoch + ahead, Map.of(), List.of());
    }

    @When("an incremental fetch names the session at the epoch expected")
    public void incrementalRightEpoch() {
        if (!granted) {
            return;
        }
        send(sessionId, nextEpoch, Map.of(), List.of());
    }

    @When("a fetch of partitions 0 and 1 of {string} at session epoch -1 is sent")
    public void sessionless(String topic) {
        connect(topic);
        send(0, -1, ends(0, 1), List.of());
    }

    @When("a full fetch of partition {int} at session epoch -1 names the session")
    public void closeSession(int partition) {
        if (!granted) {
            return;
        }
        send(sessionId, -1, ends(partition), List.of());
    }

    @Then("it is answered without a session: session id 0, with both partitions")
    public void answeredWithoutSession() {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(response.sessionId()).as("session id of the answer").isZero();
        assertThat(partitionsAnswered()).as("partitions answered").containsExactly(0, 1);
    }

    @Then("it is answered without a session: session id 0")
    public void answeredSessionless() {
        if (!granted) {
            return;
        }
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(response.sessionId()).as("session id of the answer").isZero();
    }

    @Then("an incremental fetch of the closed session is refused with FETCH_SESSION_ID_NOT_FOUND")
    public void closedSessionRefused() {
        if (!granted) {
            return;
        }
        send(sessionId, nextEpoch, Map.of(), List.of());
        assertThat(world.lastError).as("error of an incremental fetch of session %d, closed", sessionId)
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
    }

    @Then("the incremental fetch answers no partitions")
    public void answersNothing() {
        if (!granted) {
            return;
        }
        assertThat(partitionsAnswered()).as("partitions in the answer to an incremental fetch").isEmpty();
    }

    @Then("the incremental fetch answers only partition {int}, with {int} record(s) from offset {long}")
    public void answersOnly(int partition, int records, long offset) {
        if (!granted) {
            return;
        }
        assertThat(partitionsAnswered()).as("partitions in the answer to an incremental fetch").containsExactly(partition);
        FetchResponseData.PartitionData data = response.responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(data.errorCode())).as("error of partition %d", partition).isEqualTo(Errors.NONE);
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : RawReads.batches(data)) {
            batch.forEach(record -> offsets.add(record.offset()));
        }
        assertThat(offsets).as("offsets of the records of partition %d", partition)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(offset, offset + records).boxed().toList());
    }

    @Then("the session refuses it with {error}")
    public void sessionRefuses(Errors expected) {
        if (granted) {
            assertThat(world.lastError).as("error of the incremental fetch").isEqualTo(expected);
        }
    }

    @Then("the session serves it")
    public void sessionServes() {
        if (granted) {
            assertThat(world.lastError).as("error of the incremental fetch").isEqualTo(Errors.NONE);
            assertThat(response.sessionId()).as("session id of the answer").isEqualTo(sessionId);
        }
    }

    private List<Integer> partitionsAnswered() {
        List<Integer> answered = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            assertThat(topic.topic()).as("topic answered").isEqualTo(physical);
            topic.partitions().forEach(p -> answered.add(p.partitionIndex()));
        }
        return answered;
    }
}
