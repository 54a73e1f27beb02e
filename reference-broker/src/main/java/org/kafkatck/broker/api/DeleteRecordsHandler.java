package org.kafkatck.broker.api;

import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * DeleteRecords (key 21): moves partitions' log start offsets forward, so the records before them are
 * no longer served (KIP-107).
 *
 * <ul>
 *   <li>v0: per partition, the offset before which records are deleted; the answer carries the new low
 *       watermark (the log start offset).</li>
 *   <li>v1: same format (throttling after the response, KIP-219).</li>
 *   <li>v2: flexible versions.</li>
 * </ul>
 * Offset {@code -1} means the high watermark. An offset beyond the high watermark is OFFSET_OUT_OF_RANGE,
 * an unknown topic or partition UNKNOWN_TOPIC_OR_PARTITION, a topic whose cleanup policy lacks
 * {@code delete} POLICY_VIOLATION; a failed partition has low watermark -1. An offset below the current
 * log start changes nothing and answers the current log start.
 * A partition of a topic the principal may not DELETE is TOPIC_AUTHORIZATION_FAILED (low watermark -1).
 */
public final class DeleteRecordsHandler extends VersionedHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> {
    private final LogManager logs;

    /** @param logs the topics */
    public DeleteRecordsHandler(LogManager logs) {
        super(ApiKeys.DELETE_RECORDS, 0, 2);
        this.logs = logs;
    }

    @Override
    public DeleteRecordsResponseData handle(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData().setThrottleTimeMs(0);
        for (DeleteRecordsRequestData.DeleteRecordsTopic requested : request.topics()) {
            DeleteRecordsTopicResult topicResult = response.topics().find(requested.name());
            if (topicResult == null) {
                topicResult = new DeleteRecordsTopicResult().setName(requested.name());
                response.topics().add(topicResult);
            }
            Topic topic = logs.topic(requested.name()).orElse(null);
            for (DeleteRecordsRequestData.DeleteRecordsPartition partition : requested.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(partition.partitionIndex());
                PartitionLog log = topic == null ? null : topic.partition(partition.partitionIndex());
                if (!context.authorized(AclOperation.DELETE, ResourceType.TOPIC, requested.name())) {
                    failed(result, Errors.TOPIC_AUTHORIZATION_FAILED);
                } else if (log == null) {
                    failed(result, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    try {
                        result.setLowWatermark(log.deleteRecordsBefore(partition.offset()))
                                .setErrorCode(Errors.NONE.code());
                    } catch (RuntimeException e) {
                        failed(result, Errors.forException(e));
                    }
                }
                topicResult.partitions().remove(topicResult.partitions().find(partition.partitionIndex()));
                topicResult.partitions().add(result);
            }
        }
        return response;
    }

    private static void failed(DeleteRecordsPartitionResult result, Errors error) {
        result.setErrorCode(error.code()).setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK);
    }
}
