package org.kafkatck.tck.steps;

import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

/**
 * A transactional producer spoken in raw frames of the classic transaction protocol (KIP-98), in pinned
 * versions that Apache Kafka 4.4 and the reference broker both serve with the same meaning: InitProducerId v4,
 * AddPartitionsToTxn v3, Produce v9 (unless told otherwise) and EndTxn v4. Unlike the Java producer it never
 * retries, bumps or repairs anything by itself, so a scenario sees exactly what the broker answered.
 */
final class RawTransactionalProducer {
    static final short INIT_PRODUCER_ID_VERSION = 4;
    static final short ADD_PARTITIONS_VERSION = 3;
    static final short PRODUCE_VERSION = 9;
    static final short END_TXN_VERSION = 4;

    private final World world;
    private final String transactionalId;
    private final RawConnection coordinator;
    private long producerId;
    private short epoch;
    private int nextSequence;
    /** The last batch written, as sent, so that it can be sent again (a producer's retry). */
    private MemoryRecords lastBatch;
    private String lastTopic;
    private int lastPartition;

    private RawTransactionalProducer(World world, String transactionalId, RawConnection coordinator) {
        this.world = world;
        this.transactionalId = transactionalId;
        this.coordinator = coordinator;
    }

    /**
     * Finds the transaction coordinator of {@code transactionalId} and gets a producer id and epoch from it,
     * retrying retriable answers (Apache Kafka creates {@code __transaction_state} on first use; an id with an
     * open transaction answers CONCURRENT_TRANSACTIONS while it aborts it) within the step timeout.
     */
    static RawTransactionalProducer init(World world, String transactionalId) {
        RawTransactionalProducer producer = new RawTransactionalProducer(world, transactionalId,
                coordinatorOf(world, transactionalId));
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (true) {
            InitProducerIdResponseData response = producer.coordinator.send(ApiKeys.INIT_PRODUCER_ID,
                    INIT_PRODUCER_ID_VERSION, new InitProducerIdRequestData().setTransactionalId(transactionalId)
                            .setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1));
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.NONE) {
                producer.producerId = response.producerId();
                producer.epoch = response.producerEpoch();
                return producer;
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw new AssertionError("InitProducerId v" + INIT_PRODUCER_ID_VERSION + " for " + transactionalId
                        + " answered " + error);
            }
            World.pause();
        }
    }

    private static RawConnection coordinatorOf(World world, String transactionalId) {
        RawConnection any = world.raw();
        long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
        while (true) {
            FindCoordinatorResponseData response = any.send(ApiKeys.FIND_COORDINATOR, (short) 3,
                    new FindCoordinatorRequestData().setKey(transactionalId).setKeyType((byte) 1));
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.NONE) {
                return world.rawTo(response.host() + ":" + response.port());
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw new AssertionError("FindCoordinator for transactional id " + transactionalId + " answered " + error);
            }
            World.pause();
        }
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    String transactionalId() {
        return transactionalId;
    }

    /** Adds one partition to the transaction (AddPartitionsToTxn v3) and answers its error. */
    Errors addPartition(String physicalTopic, int partition) {
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(physicalTopic)
                .setPartitions(List.of(partition)));
        AddPartitionsToTxnResponseData response = coordinator.send(ApiKeys.ADD_PARTITIONS_TO_TXN, ADD_PARTITIONS_VERSION,
                new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(transactionalId)
                        .setV3AndBelowProducerId(producerId).setV3AndBelowProducerEpoch(epoch)
                        .setV3AndBelowTopics(topics));
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic =
                response.resultsByTopicV3AndBelow().find(physicalTopic);
        if (topic == null || topic.resultsByPartition().find(partition) == null) {
            throw new AssertionError("AddPartitionsToTxn v" + ADD_PARTITIONS_VERSION + " answered nothing for "
                    + physicalTopic + "-" + partition);
        }
        return Errors.forCode(topic.resultsByPartition().find(partition).partitionErrorCode());
    }

    /**
     * Writes one transactional batch of {@code values}, numbered from the next sequence, with Produce
     * {@code version} (v13 names the topic by id). The sequence moves on only when the write is acknowledged.
     */
    ProduceResponseData.PartitionProduceResponse write(RawConnection leader, String physicalTopic, Uuid topicId,
                                                       int partition, short version, String... values) {
        return write(leader, physicalTopic, topicId, partition, version, nextSequence, values);
    }

    /** Writes one transactional batch starting at {@code sequence}. */
    ProduceResponseData.PartitionProduceResponse write(RawConnection leader, String physicalTopic, Uuid topicId,
                                                       int partition, short version, int sequence, String... values) {
        MemoryRecords batch = Requests.transactional(producerId, epoch, sequence, values);
        ProduceResponseData.PartitionProduceResponse answer = send(leader, physicalTopic, topicId, partition, version,
                copy(batch));
        if (answer.errorCode() == Errors.NONE.code()) {
            nextSequence = sequence + values.length;
            lastBatch = batch;
            lastTopic = physicalTopic;
            lastPartition = partition;
        }
        return answer;
    }

    /**
     * Writes one transactional batch of this producer in a Produce request that does not name the transactional
     * id, as a client that forgot it (or a non-transactional client replaying such a batch) would.
     */
    ProduceResponseData.PartitionProduceResponse writeWithoutTransactionalId(RawConnection leader, String physicalTopic,
                                                                             int partition, String... values) {
        ProduceRequestData request = Requests.produce(physicalTopic, partition, (short) -1,
                Requests.transactional(producerId, epoch, nextSequence, values));
        ProduceResponseData response = leader.send(ApiKeys.PRODUCE, PRODUCE_VERSION, request);
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    /** Sends the last acknowledged batch again, byte for byte, as a producer retrying a lost answer does. */
    ProduceResponseData.PartitionProduceResponse resendLast(RawConnection leader) {
        if (lastBatch == null) {
            throw new AssertionError("transactional id " + transactionalId + " has written no batch yet");
        }
        return send(leader, lastTopic, Uuid.ZERO_UUID, lastPartition, PRODUCE_VERSION, copy(lastBatch));
    }

    private ProduceResponseData.PartitionProduceResponse send(RawConnection leader, String physicalTopic, Uuid topicId,
                                                              int partition, short version, MemoryRecords batch) {
        ProduceRequestData request = Requests.produce(physicalTopic, partition, (short) -1, batch)
                .setTransactionalId(transactionalId);
        if (version >= 13) {
            request.topicData().iterator().next().setName("").setTopicId(topicId);
        }
        ProduceResponseData response = leader.send(ApiKeys.PRODUCE, version, request);
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    /** Ends the transaction (EndTxn v4) and answers the error. */
    Errors end(boolean commit) {
        EndTxnResponseData response = coordinator.send(ApiKeys.END_TXN, END_TXN_VERSION, new EndTxnRequestData()
                .setTransactionalId(transactionalId).setProducerId(producerId).setProducerEpoch(epoch)
                .setCommitted(commit));
        return Errors.forCode(response.errorCode());
    }

    void close() {
        coordinator.close();
    }

    /** Each send gets its own copy, so that the batch remembered for a retry stays exactly as first sent. */
    private static MemoryRecords copy(MemoryRecords records) {
        java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        return MemoryRecords.readableRecords(copy);
    }
}
