package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data path of transactions (KIP-98, KIP-890) in raw frames: transactional batches and the markers that
 * end them as a Fetch returns them, the last stable offset and the aborted transactions a fetch reports, and
 * the partition leader's checks of transactional writes. The producers are {@link RawTransactionalProducer}s,
 * so what is asserted is what the broker answered, not what the Java client made of it.
 */
public class TransactionDataSteps {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final World world;
    private final Map<String, RawTransactionalProducer> producers = new HashMap<>();
    private final Map<String, ProduceResponseData.PartitionProduceResponse> lastWrites = new HashMap<>();
    private RawConnection leader;
    private FetchResponseData.PartitionData fetched;
    private String fetchedWhat;

    /** @param world the scenario's state */
    public TransactionDataSteps(World world) {
        this.world = world;
    }

    /** Closes the producers' coordinator connections. */
    @After
    public void closeProducers() {
        producers.values().forEach(RawTransactionalProducer::close);
    }

    @Given("a raw transactional producer {string}")
    public void rawProducer(String alias) {
        rawProducerWithId(alias, "raw-" + alias);
    }

    @Given("a raw transactional producer {string} with transactional id {string}")
    public void rawProducerWithId(String alias, String transactionalId) {
        producers.put(alias, RawTransactionalProducer.init(world, world.name(transactionalId)));
    }

    @Given("{string} has added partition {int} of {string} to its transaction")
    public void addedPartition(String alias, int partition, String topic) {
        Errors error = producer(alias).addPartition(world.topic(topic), partition);
        assertThat(error).as("AddPartitionsToTxn v%d of partition %d of %s", RawTransactionalProducer.ADD_PARTITIONS_VERSION,
                partition, topic).isEqualTo(Errors.NONE);
    }

    @When("{string} writes {string} to partition {int} of {string} in its transaction")
    public void writes(String alias, String values, int partition, String topic) {
        writesWithVersion(alias, values, partition, topic, RawTransactionalProducer.PRODUCE_VERSION);
        assertThat(Errors.forCode(lastWrites.get(alias).errorCode()))
                .as("error of the transactional write of %s by %s (Produce v%d)", values, alias,
                        RawTransactionalProducer.PRODUCE_VERSION)
                .isEqualTo(Errors.NONE);
    }

    @When("{string} writes {string} to partition {int} of {string} in its transaction with Produce v{int}")
    public void writesWithVersion(String alias, String values, int partition, String topic, int version) {
        String physical = world.topic(topic);
        Uuid topicId = version >= 13 ? RawReads.metadata(leader(topic), physical).topicId() : Uuid.ZERO_UUID;
        lastWrites.put(alias, producer(alias).write(leader(topic), physical, topicId, partition, (short) version,
                values(values)));
    }

    @When("{string} writes {string} with sequence {int} to partition {int} of {string} in its transaction")
    public void writesWithSequence(String alias, String values, int sequence, int partition, String topic) {
        lastWrites.put(alias, producer(alias).write(leader(topic), world.topic(topic), Uuid.ZERO_UUID, partition,
                RawTransactionalProducer.PRODUCE_VERSION, sequence, values(values)));
    }

    @When("{string} writes {string} to partition {int} of {string} in its transaction without naming its transactional id")
    public void writesWithoutId(String alias, String values, int partition, String topic) {
        lastWrites.put(alias, producer(alias).writeWithoutTransactionalId(leader(topic), world.topic(topic), partition,
                values(values)));
    }

    @When("{string} sends its last batch to {string} again")
    public void resendsLast(String alias, String topic) {
        lastWrites.put(alias, producer(alias).resendLast(leader(topic)));
    }

    @Then("the write of {string} is refused with {error}")
    public void refused(String alias, Errors expected) {
        ProduceResponseData.PartitionProduceResponse answer = lastWrite(alias);
        assertThat(Errors.forCode(answer.errorCode())).as("error of the last transactional write of %s", alias)
                .isEqualTo(expected);
        assertThat(answer.baseOffset()).as("base offset of a refused write").isEqualTo(-1L);
    }

    @Then("the write of {string} is acknowledged at offset {long}")
    public void acknowledged(String alias, long offset) {
        ProduceResponseData.PartitionProduceResponse answer = lastWrite(alias);
        assertThat(Errors.forCode(answer.errorCode())).as("error of the last transactional write of %s", alias)
                .isEqualTo(Errors.NONE);
        assertThat(answer.baseOffset()).as("base offset of the last transactional write of %s", alias).isEqualTo(offset);
    }

    @When("{string} ends its transaction with {word}")
    public void ends(String alias, String result) {
        boolean commit = switch (result) {
            case "COMMIT" -> true;
            case "ABORT" -> false;
            default -> throw new IllegalArgumentException("a transaction ends with COMMIT or ABORT, not " + result);
        };
        RawTransactionalProducer producer = producer(alias);
        assertThat(producer.end(commit)).as("EndTxn v%d (%s) of %s", RawTransactionalProducer.END_TXN_VERSION, result,
                alias).isEqualTo(Errors.NONE);
        // the coordinator writes the markers after it answers: the transaction is complete once they are written
        TransactionState complete = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(world.admin().describeTransactions(List.of(producer.transactionalId()))
                        .description(producer.transactionalId()).get(20, TimeUnit.SECONDS).state())
                        .as("state of transactional id %s after EndTxn", producer.transactionalId()).isEqualTo(complete));
    }

    @When("partition {int} of {string} is fetched {word} from offset {long} with Fetch v{int}")
    public void fetch(int partition, String topic, String isolation, long offset, int version) {
        IsolationLevel level = switch (isolation) {
            case "read_committed" -> IsolationLevel.READ_COMMITTED;
            case "read_uncommitted" -> IsolationLevel.READ_UNCOMMITTED;
            default -> throw new IllegalArgumentException("isolation is read_committed or read_uncommitted, not "
                    + isolation);
        };
        fetched = fetch(topic, partition, offset, level, (short) version);
        fetchedWhat = "Fetch v" + version + " " + isolation + " of " + topic + "-" + partition + " from offset " + offset;
    }

    private FetchResponseData.PartitionData fetch(String topic, int partition, long offset, IsolationLevel isolation,
                                                  short version) {
        String physical = world.topic(topic);
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(FetchRequest.CONSUMER_REPLICA_ID)
                .setMaxWaitMs(0)
                .setMinBytes(1)
                .setMaxBytes(50 * 1024 * 1024)
                .setIsolationLevel(isolation.id())
                .setSessionId(0)
                .setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(physical).setTopicId(Uuid.ZERO_UUID)
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(partition)
                                .setFetchOffset(offset).setPartitionMaxBytes(50 * 1024 * 1024)))))
                .setRackId("");
        FetchResponseData response = leader(topic).send(ApiKeys.FETCH, version, request);
        assertThat(Errors.forCode(response.errorCode())).as("top-level error of Fetch v%d", version).isEqualTo(Errors.NONE);
        FetchResponseData.PartitionData answer = response.responses().stream()
                .flatMap(t -> t.partitions().stream()).filter(p -> p.partitionIndex() == partition).findFirst()
                .orElseThrow(() -> new AssertionError("Fetch v" + version + " answered no partition " + partition));
        assertThat(Errors.forCode(answer.errorCode())).as("error of %s-%d in Fetch v%d", topic, partition, version)
                .isEqualTo(Errors.NONE);
        return answer;
    }

    @Then("the fetch returns the batches at offsets {longs}")
    public void batchesAt(List<Long> offsets) {
        assertThat(RawReads.batches(fetched)).extracting(RecordBatch::baseOffset)
                .as("base offsets of the batches of %s", fetchedWhat).containsExactlyElementsOf(offsets);
    }

    @Then("the fetch returns no batch")
    public void noBatch() {
        assertThat(RawReads.batches(fetched)).extracting(RecordBatch::baseOffset)
                .as("base offsets of the batches of %s", fetchedWhat).isEmpty();
    }

    @Then("the fetch reports high watermark {long} and last stable offset {long}")
    public void offsets(long highWatermark, long lastStable) {
        assertThat(fetched.highWatermark()).as("high watermark in %s", fetchedWhat).isEqualTo(highWatermark);
        assertThat(fetched.lastStableOffset()).as("last stable offset in %s", fetchedWhat).isEqualTo(lastStable);
    }

    @Then("the fetch lists the aborted transaction of {string} from offset {long}")
    public void listsAborted(String alias, long firstOffset) {
        assertThat(fetched.abortedTransactions()).as("aborted transactions in %s", fetchedWhat).isNotNull();
        assertThat(fetched.abortedTransactions()).extracting(a -> a.producerId() + "@" + a.firstOffset())
                .as("aborted transactions (producer id @ first offset) in %s", fetchedWhat)
                .containsExactly(producer(alias).producerId() + "@" + firstOffset);
    }

    @Then("the fetch lists no aborted transaction")
    public void listsNoAborted() {
        assertThat(fetched.abortedTransactions()).as("aborted transactions in %s", fetchedWhat).isNotNull().isEmpty();
    }

    // KIP-98: the list is for read_committed consumers; clients that filter on any list (KafkaJS) drop records
    @Then("the fetch carries no aborted transactions list")
    public void carriesNoAbortedList() {
        assertThat(fetched.abortedTransactions()).as("aborted transactions in %s", fetchedWhat).isNull();
    }

    @Then("the batch at offset {long} of partition {int} of {string} is a control batch of {string} holding a {word} marker")
    public void controlBatch(long offset, int partition, String topic, String alias, String marker) {
        RawTransactionalProducer producer = producer(alias);
        RecordBatch batch = batchAt(topic, partition, offset);
        assertThat(batch.isControlBatch()).as("control attribute of the batch at offset %d", offset).isTrue();
        assertThat(batch.isTransactional()).as("transactional attribute of the marker at offset %d", offset).isTrue();
        assertThat(batch.producerId()).as("producer id of the marker").isEqualTo(producer.producerId());
        assertThat(batch.producerEpoch()).as("producer epoch of the marker").isEqualTo(producer.epoch());
        assertThat(batch.baseSequence()).as("base sequence of the marker: markers are not numbered")
                .isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(batch.lastOffset()).as("last offset of the marker batch: one record").isEqualTo(offset);
        List<Record> records = new java.util.ArrayList<>();
        batch.forEach(records::add);
        assertThat(records).as("records of the marker batch").hasSize(1);
        Record record = records.get(0);
        assertThat(ControlRecordType.parse(record.key())).as("type in the marker's key").isEqualTo(
                ControlRecordType.valueOf(marker));
        EndTransactionMarker value = EndTransactionMarker.deserialize(record);
        assertThat(value.coordinatorEpoch()).as("coordinator epoch in the marker's value").isGreaterThanOrEqualTo(0);
    }

    @Then("the batch at offset {long} of partition {int} of {string} is a transactional batch of {string} holding {string}")
    public void dataBatch(long offset, int partition, String topic, String alias, String values) {
        RawTransactionalProducer producer = producer(alias);
        RecordBatch batch = batchAt(topic, partition, offset);
        assertThat(batch.isControlBatch()).as("control attribute of the data batch at offset %d", offset).isFalse();
        assertThat(batch.isTransactional()).as("transactional attribute of the data batch at offset %d", offset).isTrue();
        assertThat(batch.producerId()).as("producer id of the data batch").isEqualTo(producer.producerId());
        assertThat(batch.producerEpoch()).as("producer epoch of the data batch").isEqualTo(producer.epoch());
        List<String> read = new java.util.ArrayList<>();
        batch.forEach(r -> read.add(java.nio.charset.StandardCharsets.UTF_8.decode(r.value()).toString()));
        assertThat(read).as("values of the data batch at offset %d", offset).containsExactlyElementsOf(List.of(values(values)));
    }

    /** @return the first batch a read_uncommitted Fetch from {@code offset} returns, which must start there */
    private RecordBatch batchAt(String topic, int partition, long offset) {
        FetchResponseData.PartitionData answer = fetch(topic, partition, offset, IsolationLevel.READ_UNCOMMITTED,
                RawReads.LAST_FETCH_BY_NAME);
        List<RecordBatch> batches = RawReads.batches(answer);
        assertThat(batches).as("batches a fetch from offset %d returns", offset).isNotEmpty();
        assertThat(batches.get(0).baseOffset()).as("base offset of the first batch a fetch from offset %d returns",
                offset).isEqualTo(offset);
        return batches.get(0);
    }

    /** One connection to the leader of partition 0 of the scenario's topic, opened when first needed. */
    private RawConnection leader(String topic) {
        if (leader == null) {
            leader = world.rawToLeader(world.topic(topic), 0);
        }
        return leader;
    }

    private ProduceResponseData.PartitionProduceResponse lastWrite(String alias) {
        ProduceResponseData.PartitionProduceResponse answer = lastWrites.get(alias);
        assertThat(answer).as("a transactional write of %s", alias).isNotNull();
        return answer;
    }

    private RawTransactionalProducer producer(String alias) {
        RawTransactionalProducer producer = producers.get(alias);
        assertThat(producer).as("raw transactional producer %s", alias).isNotNull();
        return producer;
    }

    private static String[] values(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).toArray(String[]::new);
    }
}
