package org.kafkatck.broker.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.CloseConnectionException;
import org.kafkatck.broker.api.RequestContext;
import org.kafkatck.broker.api.VersionedHandler;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * Produce (key 0, versions 3-13, as the broker) for the sink: acknowledges every batch with the offsets it would
 * get, without checking its CRC, records, timestamps or size and without storing it ({@link SinkLogs}). Topics by
 * name or id (v13), WRITE authorization, acks 0, 1 and -1 (anything else INVALID_REQUIRED_ACKS; with acks=0 nothing is
 * answered and a failure closes the connection), a partition named twice appended once with the batch named last,
 * as the broker. An idempotent producer's sequences are not checked; a transactional batch is refused with
 * INVALID_TXN_STATE (the sink serves no transactions).
 */
final class SinkProduceHandler extends VersionedHandler<ProduceRequestData, ProduceResponseData> {
    private final SinkLogs sink;

    SinkProduceHandler(SinkLogs sink) {
        super(ApiKeys.PRODUCE, 3, 13);
        this.sink = sink;
    }

    @Override
    public ProduceResponseData handle(RequestContext context, ProduceRequestData request) {
        boolean byId = context.apiVersion() >= 13;
        short acks = request.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        LogManager logs = sink.logs();
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        List<String> failures = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topicData.name())
                    .setTopicId(topicData.topicId());
            Topic topic = byId ? logs.topic(topicData.topicId()).orElse(null) : logs.topic(topicData.name()).orElse(null);
            Errors topicError = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            String name = byId ? (topic == null ? null : topic.name()) : topicData.name();
            if (name != null && !context.authorized(AclOperation.WRITE, ResourceType.TOPIC, name)) {
                topicError = Errors.TOPIC_AUTHORIZATION_FAILED;
                topic = null;
            }
            Map<Integer, ProduceRequestData.PartitionProduceData> last = new LinkedHashMap<>();
            topicData.partitionData().forEach(p -> last.put(p.index(), p));
            for (ProduceRequestData.PartitionProduceData partitionData : last.values()) {
                PartitionProduceResponse result;
                if (!validAcks) {
                    result = failed(partitionData.index(), Errors.INVALID_REQUIRED_ACKS, null);
                } else if (topic == null) {
                    result = failed(partitionData.index(), topicError, null);
                } else if (topic.partition(partitionData.index()) == null) {
                    result = failed(partitionData.index(), Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
                } else {
                    result = append(topic, partitionData);
                }
                if (result.errorCode() != Errors.NONE.code()) {
                    failures.add(topicData.name() + "-" + partitionData.index() + ": " + Errors.forCode(result.errorCode()));
                }
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            if (!failures.isEmpty()) {
                throw new CloseConnectionException("Produce with acks=0 failed for " + String.join(", ", failures));
            }
            return null;
        }
        return response;
    }

    private PartitionProduceResponse append(Topic topic, ProduceRequestData.PartitionProduceData data) {
        if (!(data.records() instanceof MemoryRecords records)) {
            return failed(data.index(), Errors.INVALID_RECORD, "Missing records");
        }
        try {
            long base = sink.append(topic, data.index(), records.buffer());
            return new PartitionProduceResponse().setIndex(data.index()).setErrorCode(Errors.NONE.code())
                    .setBaseOffset(base).setLogAppendTimeMs(-1).setLogStartOffset(0);
        } catch (RuntimeException e) {
            return failed(data.index(), Errors.forException(e), e.getMessage());
        }
    }

    private static PartitionProduceResponse failed(int partition, Errors error, String message) {
        return new PartitionProduceResponse().setIndex(partition).setErrorCode(error.code())
                .setErrorMessage(message != null ? message : error.message())
                .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
    }
}
