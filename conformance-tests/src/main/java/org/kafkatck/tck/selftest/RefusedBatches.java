package org.kafkatck.tck.selftest;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The shape shared by mutants that accept what the broker rightly refused: the request goes to the broker, and
 * each partition it refuses with one error is written again in a form the broker takes, whose answer replaces
 * the refusal. The client then sees its refused batch acknowledged.
 */
final class RefusedBatches {

    private RefusedBatches() {
    }

    /**
     * @param refusal the error whose batches are written again
     * @param rewrite the batch to write instead of a refused one, or {@code null} to leave that refusal alone
     */
    static Mutant.Mutation<ProduceRequestData, ProduceResponseData> accepted(Errors refusal,
                                                                             UnaryOperator<MemoryRecords> rewrite) {
        return (context, request, broker) -> {
            // the broker may consume the request's buffers, so each batch is copied before it sees them
            Map<String, MemoryRecords> originals = new HashMap<>();
            request.topicData().forEach(t -> t.partitionData().forEach(p -> {
                if (p.records() instanceof MemoryRecords records) {
                    ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
                    copy.put(records.buffer().duplicate()).flip();
                    originals.put(key(t.name(), t.topicId(), p.index()), MemoryRecords.readableRecords(copy));
                }
            }));
            ProduceResponseData response = broker.handle(context, request);
            if (response == null) {
                return null;
            }
            for (ProduceResponseData.TopicProduceResponse t : response.responses()) {
                for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                    MemoryRecords original = originals.get(key(t.name(), t.topicId(), p.index()));
                    MemoryRecords replacement = p.errorCode() == refusal.code() && original != null
                            ? rewrite.apply(original) : null;
                    if (replacement == null) {
                        continue;
                    }
                    ProduceRequestData retry = new ProduceRequestData().setAcks(request.acks())
                            .setTimeoutMs(request.timeoutMs()).setTransactionalId(request.transactionalId());
                    retry.topicData().add(new ProduceRequestData.TopicProduceData().setName(t.name())
                            .setTopicId(t.topicId()).setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                                    .setIndex(p.index()).setRecords(replacement))));
                    ProduceResponseData.PartitionProduceResponse accepted = broker.handle(context, retry)
                            .responses().iterator().next().partitionResponses().get(0);
                    p.setErrorCode(accepted.errorCode()).setErrorMessage(accepted.errorMessage())
                            .setBaseOffset(accepted.baseOffset()).setLogAppendTimeMs(accepted.logAppendTimeMs())
                            .setLogStartOffset(accepted.logStartOffset());
                }
            }
            return response;
        };
    }

    private static String key(String topic, org.apache.kafka.common.Uuid topicId, int partition) {
        return topic + topicId + "-" + partition;
    }
}
