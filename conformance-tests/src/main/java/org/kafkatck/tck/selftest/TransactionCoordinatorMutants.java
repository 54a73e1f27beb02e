package org.kafkatck.tck.selftest;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.txn.Transaction;
import org.kafkatck.broker.txn.TransactionCoordinator;
import org.kafkatck.broker.txn.TransactionState;

/**
 * Mutants of the transaction coordinator's edges (caught by {@code features/transactions/coordinator.feature}):
 * zombies not fenced, fencing errors old clients do not know (KIP-588), KIP-360 retries that bump again, a new
 * instance that does not end the open transaction, EndTxn retries that are not idempotent, and requests checked
 * less strictly than Kafka checks them.
 *
 * <p>Some mutants look at the coordinator's state before answering, as the broken brokers did: they reach it
 * through the wrapped handler ({@link #stateOf}), test scope only; the reference broker carries no hook.
 */
final class TransactionCoordinatorMutants {
    private TransactionCoordinatorMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                Mutant.<EndTxnRequestData, EndTxnResponseData>of("end-txn-no-fencing", ApiKeys.END_TXN,
                        "serves an EndTxn of a fenced instance as if its epoch were current",
                        "redpanda-data/redpanda#3232 and #23131: requests of a fenced producer not refused",
                        (context, request, broker) -> {
                            EndTxnResponseData response = broker.handle(context, request);
                            for (int i = 0; i < 5 && fenced(response.errorCode()); i++) {
                                request.setProducerEpoch((short) (request.producerEpoch() + 1));
                                response = broker.handle(context, request);
                            }
                            return response;
                        }),
                Mutant.<EndTxnRequestData, EndTxnResponseData>of("end-txn-fenced-not-downgraded", ApiKeys.END_TXN,
                        "answers PRODUCER_FENCED to EndTxn v0-v1, whose clients only know INVALID_PRODUCER_EPOCH",
                        "KIP-588 (KAFKA-9911, apache/kafka#8549): PRODUCER_FENCED only from EndTxn v2",
                        (context, request, broker) -> {
                            EndTxnResponseData response = broker.handle(context, request);
                            return response.setErrorCode(undowngraded(response.errorCode()));
                        }),
                Mutant.<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData>of(
                        "add-partitions-to-txn-fenced-not-downgraded", ApiKeys.ADD_PARTITIONS_TO_TXN,
                        "answers PRODUCER_FENCED to AddPartitionsToTxn v0-v1, whose clients only know"
                                + " INVALID_PRODUCER_EPOCH",
                        "KIP-588 (KAFKA-9911, apache/kafka#8549): PRODUCER_FENCED only from AddPartitionsToTxn v2",
                        (context, request, broker) -> {
                            AddPartitionsToTxnResponseData response = broker.handle(context, request);
                            response.resultsByTopicV3AndBelow().forEach(t -> t.resultsByPartition().forEach(p ->
                                    p.setPartitionErrorCode(undowngraded(p.partitionErrorCode()))));
                            return response;
                        }),
                Mutant.<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData>of(
                        "add-offsets-to-txn-fenced-not-downgraded", ApiKeys.ADD_OFFSETS_TO_TXN,
                        "answers PRODUCER_FENCED to AddOffsetsToTxn v0-v1, whose clients only know"
                                + " INVALID_PRODUCER_EPOCH",
                        "KIP-588 (KAFKA-9911, apache/kafka#8549): PRODUCER_FENCED only from AddOffsetsToTxn v2",
                        (context, request, broker) -> {
                            AddOffsetsToTxnResponseData response = broker.handle(context, request);
                            return response.setErrorCode(undowngraded(response.errorCode()));
                        }),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>of(
                        "init-producer-id-fenced-not-downgraded", ApiKeys.INIT_PRODUCER_ID,
                        "answers PRODUCER_FENCED to a KIP-360 InitProducerId v3, whose clients only know"
                                + " INVALID_PRODUCER_EPOCH",
                        "KIP-588 (KAFKA-9911, apache/kafka#8549): PRODUCER_FENCED only from InitProducerId v4",
                        (context, request, broker) -> {
                            InitProducerIdResponseData response = broker.handle(context, request);
                            return response.setErrorCode(undowngraded(response.errorCode()));
                        }),
                kip360BumpEveryRetry(),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>of(
                        "init-producer-id-open-txn-not-aborted", ApiKeys.INIT_PRODUCER_ID,
                        "answers CONCURRENT_TRANSACTIONS to a new instance while a transaction is open, but never"
                                + " aborts it: the new instance waits for the transaction timeout",
                        "tulios/kafkajs#296 and #299: a restarted producer relies on the coordinator aborting the"
                                + " old instance's transaction (KAFKA-5283, apache/kafka#3183)",
                        (context, request, broker) -> {
                            if (request.transactionalId() != null && stateOf(broker, request.transactionalId())
                                    .filter(t -> t.state() == TransactionState.ONGOING).isPresent()) {
                                return new InitProducerIdResponseData().setThrottleTimeMs(0).setProducerId(-1)
                                        .setProducerEpoch((short) -1)
                                        .setErrorCode(Errors.CONCURRENT_TRANSACTIONS.code());
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<EndTxnRequestData, EndTxnResponseData>of("end-txn-commit-retry-not-idempotent",
                        ApiKeys.END_TXN, "answers INVALID_TXN_STATE to a COMMIT retried after the commit completed",
                        "redpanda-data/redpanda#22937: EndTxn made idempotent; INVALID_TXN_STATE was returned when the"
                                + " transaction had already reached completed_commit",
                        (context, request, broker) -> {
                            if (request.committed() && stateOf(broker, request.transactionalId())
                                    .filter(t -> t.state() == TransactionState.COMPLETE_COMMIT).isPresent()) {
                                return new EndTxnResponseData().setThrottleTimeMs(0).setProducerId(-1)
                                        .setProducerEpoch((short) -1).setErrorCode(Errors.INVALID_TXN_STATE.code());
                            }
                            return broker.handle(context, request);
                        }),
                Mutant.<EndTxnRequestData, EndTxnResponseData>of("end-txn-empty-transaction-unknown-error",
                        ApiKeys.END_TXN, "answers UNKNOWN_SERVER_ERROR to ending a transaction that never started",
                        "redpanda-data/redpanda#7996: commit/abort of a transaction that had not begun returned"
                                + " unknown_server_error instead of Kafka's INVALID_TXN_STATE",
                        (context, request, broker) -> {
                            boolean empty = stateOf(broker, request.transactionalId())
                                    .filter(t -> t.state() == TransactionState.EMPTY
                                            && t.producerId() == request.producerId()
                                            && t.producerEpoch() == request.producerEpoch()).isPresent();
                            EndTxnResponseData response = broker.handle(context, request);
                            return empty ? response.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()) : response;
                        }),
                Mutant.<EndTxnRequestData, EndTxnResponseData>of("end-txn-producer-id-unchecked", ApiKeys.END_TXN,
                        "ends the transaction of a transactional id whatever producer id the request names",
                        "KIP-98: a producer id the coordinator did not give to the transactional id is"
                                + " INVALID_PRODUCER_ID_MAPPING (Kafka TransactionCoordinatorTest)",
                        (context, request, broker) -> {
                            stateOf(broker, request.transactionalId())
                                    .ifPresent(t -> request.setProducerId(t.producerId()));
                            return broker.handle(context, request);
                        }),
                Mutant.<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData>of(
                        "add-partitions-to-txn-partial-add", ApiKeys.ADD_PARTITIONS_TO_TXN,
                        "adds the partitions that exist when others in the same request do not",
                        "KAFKA-5322 (apache/kafka#3204): the other partitions are OPERATION_NOT_ATTEMPTED, nothing"
                                + " is added",
                        TransactionCoordinatorMutants::addWhatExists),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>request(
                        "init-producer-id-half-pair-accepted", ApiKeys.INIT_PRODUCER_ID,
                        "accepts an InitProducerId naming a producer id without an epoch, or an epoch without one",
                        "KIP-360 (KAFKA-8710, apache/kafka#7115): producer id and epoch are given together or not at"
                                + " all; Kafka answers INVALID_REQUEST",
                        request -> {
                            if ((request.producerId() == -1) != (request.producerEpoch() == -1)) {
                                request.setProducerId(-1).setProducerEpoch((short) -1);
                            }
                        }));
    }

    /**
     * A coordinator that takes every KIP-360 InitProducerId for a new bump: a retry whose answer was lost names the
     * epoch it bumped from, and is bumped again from the current one.
     */
    private static Mutant kip360BumpEveryRetry() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>of("init-producer-id-kip360-bump-every-retry",
                ApiKeys.INIT_PRODUCER_ID, "bumps the epoch again for a KIP-360 InitProducerId retried after a lost answer",
                "KAFKA-8710 (apache/kafka#7115): an InitProducerId naming the previous epoch is a retry and gets the"
                        + " current epoch without a bump",
                (context, request, broker) -> {
                    if (context.apiVersion() >= 3 && request.transactionalId() != null && request.producerId() >= 0
                            && !seen.add(request.transactionalId() + "/" + request.producerId() + "/"
                            + request.producerEpoch())) {
                        request.setProducerEpoch((short) (request.producerEpoch() + 1));
                    }
                    return broker.handle(context, request);
                });
    }

    /** Serves the request without its missing partitions, and answers as if it had been refused whole. */
    private static AddPartitionsToTxnResponseData addWhatExists(org.kafkatck.broker.api.RequestContext context,
                                                                AddPartitionsToTxnRequestData request,
                                                                ApiHandler<AddPartitionsToTxnRequestData,
                                                                        AddPartitionsToTxnResponseData> broker) {
        AddPartitionsToTxnResponseData response = broker.handle(context, request.duplicate());
        if (context.apiVersion() > 3) {
            return response;
        }
        AddPartitionsToTxnRequestData existing = request.duplicate();
        boolean missing = false;
        for (var topicResult : response.resultsByTopicV3AndBelow()) {
            var topic = existing.v3AndBelowTopics().find(topicResult.name());
            for (var partition : topicResult.resultsByPartition()) {
                if (partition.partitionErrorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                    missing = true;
                    topic.partitions().remove(Integer.valueOf(partition.partitionIndex()));
                }
            }
        }
        existing.v3AndBelowTopics().removeIf(t -> t.partitions().isEmpty());
        if (missing && !existing.v3AndBelowTopics().isEmpty()) {
            broker.handle(context, existing);
        }
        return response;
    }

    /** @return PRODUCER_FENCED where the broker rightly answered the old clients' INVALID_PRODUCER_EPOCH */
    private static short undowngraded(short error) {
        return error == Errors.INVALID_PRODUCER_EPOCH.code() ? Errors.PRODUCER_FENCED.code() : error;
    }

    private static boolean fenced(short error) {
        return error == Errors.PRODUCER_FENCED.code() || error == Errors.INVALID_PRODUCER_EPOCH.code();
    }

    /** @return what the coordinator behind {@code handler} knows of {@code transactionalId} */
    static Optional<Transaction> stateOf(ApiHandler<?, ?> handler, String transactionalId) {
        for (Field field : handler.getClass().getDeclaredFields()) {
            if (field.getType() == TransactionCoordinator.class) {
                try {
                    field.setAccessible(true);
                    return ((TransactionCoordinator) field.get(handler)).describe(transactionalId);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot reach the coordinator of " + handler, e);
                }
            }
        }
        throw new IllegalStateException(handler.getClass() + " holds no transaction coordinator");
    }
}
