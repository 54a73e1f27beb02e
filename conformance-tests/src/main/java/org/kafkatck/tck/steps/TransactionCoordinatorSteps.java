package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transaction coordinator's edges, spoken in raw frames of pinned versions: fencing errors by version
 * (KIP-588), KIP-360 resume, InitProducerId during an open transaction, wrong producer ids, partitions that do
 * not exist, and EndTxn of empty or already ended transactions. The Java producer hides all of these (it picks
 * versions, retries and maps errors), so the requests are written here exactly as a client of each version would.
 *
 * <p>An <em>instance</em> is one producer's view of a transactional id: the producer id and epoch it was given
 * (or claims). Requests of an instance always carry that pair; what the coordinator answered is kept for the
 * next {@code Then}.
 */
public class TransactionCoordinatorSteps {
    private static final int TIMEOUT_MS = 60_000;

    /** One producer's view of a transactional id. */
    private record Instance(String transactionalId, long producerId, short epoch) {
    }

    private final World world;
    private final Map<String, Instance> instances = new HashMap<>();
    private Errors lastError;
    private long lastProducerId;
    private short lastEpoch;
    private Map<TopicPartition, Errors> lastPartitionErrors = Map.of();

    /** @param world the scenario's state */
    public TransactionCoordinatorSteps(World world) {
        this.world = world;
    }

    @Given("instance {string} of transactional id {string} is initialised")
    public void initialised(String alias, String transactionalId) {
        String physical = world.name(transactionalId);
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (true) {
            // only the coordinator starting up is waited for (Apache Kafka creates __transaction_state on first
            // use); CONCURRENT_TRANSACTIONS would mean a transaction is open, which a fresh id never has
            InitProducerIdResponseData response = initProducerId((short) 4, physical, -1, (short) -1);
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.NONE) {
                instances.put(alias, new Instance(physical, response.producerId(), response.producerEpoch()));
                return;
            }
            if (!coordinatorNotReady(error) || System.nanoTime() > deadline) {
                throw new AssertionError("InitProducerId v4 for transactional id " + physical + " answered " + error);
            }
            World.pause();
        }
    }

    @Given("instance {string} claims transactional id {string} with the producer id and epoch of {string}")
    public void claimsOtherId(String alias, String transactionalId, String owner) {
        Instance of = instance(owner);
        instances.put(alias, new Instance(world.name(transactionalId), of.producerId(), of.epoch()));
    }

    @Given("instance {string} claims transactional id {string} with another producer id and the epoch of {string}")
    public void claimsOtherProducerId(String alias, String transactionalId, String owner) {
        Instance of = instance(owner);
        instances.put(alias, new Instance(world.name(transactionalId), of.producerId() + 1, of.epoch()));
    }

    @Given("instance {string} writes {string} to partition {int} of {string} in a transaction")
    public void writesInTransaction(String alias, String values, int partition, String topic) {
        Instance instance = instance(alias);
        addPartitions(alias, 3, List.of(partition), topic);
        assertThat(lastError).as("AddPartitionsToTxn v3 of instance %s", alias).isEqualTo(Errors.NONE);
        String physical = world.topic(topic);
        // Produce v9: a transactional batch of a partition added to the transaction (KIP-98, before KIP-890)
        ProduceResponseData response = world.rawToLeader(physical, partition).send(ApiKeys.PRODUCE, (short) 9,
                Requests.produce(physical, partition, (short) -1, Requests.transactional(instance.producerId(),
                        instance.epoch(), 0, values(values))).setTransactionalId(instance.transactionalId()));
        assertThat(Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode()))
                .as("transactional write of instance %s to partition %d of %s", alias, partition, topic)
                .isEqualTo(Errors.NONE);
    }

    @When("instance {string} of transactional id {string} asks for its producer id with InitProducerId v{int}")
    public void asksForProducerId(String alias, String transactionalId, int version) {
        String physical = world.name(transactionalId);
        InitProducerIdResponseData response = initProducerId((short) version, physical, -1, (short) -1);
        remember(response);
        if (lastError == Errors.NONE) {
            instances.put(alias, new Instance(physical, response.producerId(), response.producerEpoch()));
        }
    }

    @Then("within {int} seconds instance {string} of transactional id {string} gets the producer id of {string} and its epoch plus {int}")
    public void eventuallyGets(int seconds, String alias, String transactionalId, String previous, int bump) {
        Instance before = instance(previous);
        String physical = world.name(transactionalId);
        // the client's retry of CONCURRENT_TRANSACTIONS: asked again until the coordinator has ended what was open
        await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            InitProducerIdResponseData response = initProducerId((short) 4, physical, -1, (short) -1);
            assertThat(Errors.forCode(response.errorCode())).as("InitProducerId v4 retried by instance %s", alias)
                    .isEqualTo(Errors.NONE);
            remember(response);
        });
        assertThat(lastProducerId).as("producer id given to instance %s", alias).isEqualTo(before.producerId());
        assertThat(lastEpoch).as("epoch given to instance %s (%s had %d)", alias, previous, before.epoch())
                .isEqualTo((short) (before.epoch() + bump));
        instances.put(alias, new Instance(physical, lastProducerId, lastEpoch));
    }

    @When("instance {string} resumes with InitProducerId v{int} naming its producer id and epoch")
    @When("instance {string} resumes again with InitProducerId v{int} naming the same producer id and epoch")
    public void resumes(String alias, int version) {
        Instance instance = instance(alias);
        remember(initProducerId((short) version, instance.transactionalId(), instance.producerId(), instance.epoch()));
    }

    @When("instance {string} resumes with InitProducerId v{int} naming its producer id and its epoch plus {int}")
    public void resumesAhead(String alias, int version, int ahead) {
        Instance instance = instance(alias);
        remember(initProducerId((short) version, instance.transactionalId(), instance.producerId(),
                (short) (instance.epoch() + ahead)));
    }

    @When("instance {string} resumes with InitProducerId v{int} naming another producer id and its epoch")
    public void resumesOtherProducerId(String alias, int version) {
        Instance instance = instance(alias);
        remember(initProducerId((short) version, instance.transactionalId(), instance.producerId() + 1,
                instance.epoch()));
    }

    @When("InitProducerId v{int} for transactional id {string} names producer id {long} and epoch {int}")
    public void initNaming(int version, String transactionalId, long producerId, int epoch) {
        remember(initProducerId((short) version, world.name(transactionalId), producerId, (short) epoch));
    }

    @When("instance {string} sends EndTxn v{int} to {word}")
    public void endTxn(String alias, int version, String result) {
        assertThat(result).as("EndTxn result").isIn("COMMIT", "ABORT");
        Instance instance = instance(alias);
        EndTxnResponseData response = send(instance.transactionalId(), ApiKeys.END_TXN, (short) version,
                new EndTxnRequestData().setTransactionalId(instance.transactionalId())
                        .setProducerId(instance.producerId()).setProducerEpoch(instance.epoch())
                        .setCommitted(result.equals("COMMIT")));
        lastError = Errors.forCode(response.errorCode());
    }

    @When("instance {string} adds partition {int} of {string} to its transaction with AddPartitionsToTxn v{int}")
    public void addsPartition(String alias, int partition, String topic, int version) {
        addPartitions(alias, version, List.of(partition), topic);
    }

    @When("instance {string} adds partitions {int} and {int} of {string} to its transaction with AddPartitionsToTxn v{int}")
    public void addsPartitions(String alias, int first, int second, String topic, int version) {
        addPartitions(alias, version, List.of(first, second), topic);
    }

    private void addPartitions(String alias, int version, List<Integer> partitions, String topic) {
        assertThat(version).as("AddPartitionsToTxn version a client sends").isBetween(0, 3);
        Instance instance = instance(alias);
        String physical = world.topic(topic);
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(physical).setPartitions(partitions));
        AddPartitionsToTxnResponseData response = send(instance.transactionalId(), ApiKeys.ADD_PARTITIONS_TO_TXN,
                (short) version, new AddPartitionsToTxnRequestData()
                        .setV3AndBelowTransactionalId(instance.transactionalId())
                        .setV3AndBelowProducerId(instance.producerId())
                        .setV3AndBelowProducerEpoch(instance.epoch()).setV3AndBelowTopics(topics));
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        response.resultsByTopicV3AndBelow().forEach(t -> t.resultsByPartition().forEach(p ->
                errors.put(new TopicPartition(t.name(), p.partitionIndex()), Errors.forCode(p.partitionErrorCode()))));
        assertThat(errors.keySet()).as("partitions answered by AddPartitionsToTxn v%d", version)
                .containsExactlyInAnyOrderElementsOf(partitions.stream().map(p -> new TopicPartition(physical, p))
                        .toList());
        lastPartitionErrors = errors;
        // a client request adds all its partitions or none: one error for all when they agree
        lastError = errors.values().stream().distinct().count() == 1 ? errors.values().iterator().next() : null;
    }

    @When("instance {string} adds the offsets of group {string} to its transaction with AddOffsetsToTxn v{int}")
    public void addsOffsets(String alias, String group, int version) {
        Instance instance = instance(alias);
        AddOffsetsToTxnResponseData response = send(instance.transactionalId(), ApiKeys.ADD_OFFSETS_TO_TXN,
                (short) version, new AddOffsetsToTxnRequestData().setTransactionalId(instance.transactionalId())
                        .setProducerId(instance.producerId()).setProducerEpoch(instance.epoch())
                        .setGroupId(world.name(group)));
        lastError = Errors.forCode(response.errorCode());
    }

    @Then("the coordinator answers {error}")
    public void answers(Errors expected) {
        assertThat(lastError).as("error the transaction coordinator answered").isEqualTo(expected);
    }

    @Then("the coordinator answers NONE with the producer id of {string} and its epoch plus {int}")
    public void answersEpoch(String alias, int bump) {
        Instance instance = instance(alias);
        answers(Errors.NONE);
        assertThat(lastProducerId).as("producer id answered").isEqualTo(instance.producerId());
        assertThat(lastEpoch).as("epoch answered (instance %s has %d)", alias, instance.epoch())
                .isEqualTo((short) (instance.epoch() + bump));
    }

    @Then("partition {int} of {string} is answered {error} and partition {int} {error}")
    public void partitionErrors(int partition, String topic, Errors error, int other, Errors otherError) {
        String physical = world.topic(topic);
        assertThat(lastPartitionErrors).as("errors of AddPartitionsToTxn by partition").isEqualTo(Map.of(
                new TopicPartition(physical, partition), error, new TopicPartition(physical, other), otherError));
    }

    private void remember(InitProducerIdResponseData response) {
        lastError = Errors.forCode(response.errorCode());
        lastProducerId = response.producerId();
        lastEpoch = response.producerEpoch();
    }

    private InitProducerIdResponseData initProducerId(short version, String transactionalId, long producerId,
                                                      short epoch) {
        InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(TIMEOUT_MS);
        if (version >= 3) {
            request.setProducerId(producerId).setProducerEpoch(epoch);
        } else {
            assertThat(producerId).as("producer id in InitProducerId v%d (KIP-360 came with v3)", version).isEqualTo(-1);
        }
        return send(transactionalId, ApiKeys.INIT_PRODUCER_ID, version, request);
    }

    /** Sends one request to the coordinator of {@code transactionalId} and returns its answer. */
    private <R extends ApiMessage> R send(String transactionalId, ApiKeys api, short version, ApiMessage request) {
        try (RawConnection coordinator = coordinator(transactionalId)) {
            return coordinator.send(api, version, request);
        }
    }

    /** FindCoordinator (key type TRANSACTION) for {@code transactionalId}, retried while it is starting up. */
    private RawConnection coordinator(String transactionalId) {
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        try (RawConnection any = world.raw()) {
            while (true) {
                FindCoordinatorResponseData response = any.send(ApiKeys.FIND_COORDINATOR, (short) 3,
                        new FindCoordinatorRequestData().setKey(transactionalId).setKeyType((byte) 1));
                Errors error = Errors.forCode(response.errorCode());
                if (error == Errors.NONE) {
                    return world.rawTo(response.host() + ":" + response.port());
                }
                if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new AssertionError("FindCoordinator for transactional id " + transactionalId
                            + " answered " + error);
                }
                World.pause();
            }
        }
    }

    private static boolean coordinatorNotReady(Errors error) {
        return error == Errors.COORDINATOR_NOT_AVAILABLE || error == Errors.COORDINATOR_LOAD_IN_PROGRESS
                || error == Errors.NOT_COORDINATOR;
    }

    private Instance instance(String alias) {
        Instance instance = instances.get(alias);
        assertThat(instance).as("producer instance %s", alias).isNotNull();
        return instance;
    }

    private static String[] values(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).toArray(String[]::new);
    }
}
