package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.group.GroupCoordinator;

/**
 * OffsetDelete (key 47, KIP-496): forgets a group's committed offsets for some partitions.
 *
 * <ul>
 *   <li>v0: group and partitions.</li>
 * </ul>
 * An unknown group gets GROUP_ID_NOT_FOUND; a partition of a topic the group's members subscribe to
 * gets GROUP_SUBSCRIBED_TO_TOPIC and keeps its offset.
 */
public final class OffsetDeleteHandler extends VersionedHandler<OffsetDeleteRequestData, OffsetDeleteResponseData> {
    private final GroupCoordinator coordinator;

    /** @param coordinator the group coordinator */
    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        super(ApiKeys.OFFSET_DELETE, 0, 0);
        this.coordinator = coordinator;
    }

    @Override
    public OffsetDeleteResponseData handle(RequestContext context, OffsetDeleteRequestData request) {
        Set<TopicPartition> partitions = new HashSet<>();
        request.topics().forEach(t -> t.partitions().forEach(p -> partitions.add(
                new TopicPartition(t.name(), p.partitionIndex()))));
        Map<TopicPartition, Errors> errors = coordinator.deleteOffsets(request.groupId(), partitions);
        OffsetDeleteResponseData response = new OffsetDeleteResponseData().setThrottleTimeMs(0);
        if (errors == null) {
            return response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code());
        }
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic result = new OffsetDeleteResponseData
                    .OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                result.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(errors.get(new TopicPartition(topic.name(), p.partitionIndex())).code()));
            }
            response.topics().add(result);
        }
        return response.setErrorCode(Errors.NONE.code());
    }
}
