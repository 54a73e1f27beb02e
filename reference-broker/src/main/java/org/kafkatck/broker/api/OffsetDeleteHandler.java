package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.group.GroupCoordinator;

/**
 * OffsetDelete (key 47, KIP-496): forgets a group's committed offsets for some partitions.
 *
 * <ul>
 *   <li>v0: group and partitions.</li>
 * </ul>
 * An unknown group gets GROUP_ID_NOT_FOUND; a partition of a topic the group's members subscribe to
 * gets GROUP_SUBSCRIBED_TO_TOPIC and keeps its offset. Without GROUP DELETE the request is refused with
 * GROUP_AUTHORIZATION_FAILED; a partition of a topic the principal may not READ is TOPIC_AUTHORIZATION_FAILED.
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
        if (!context.authorized(AclOperation.DELETE, ResourceType.GROUP, request.groupId())) {
            return Refusal.of(context, request, Errors.GROUP_AUTHORIZATION_FAILED);
        }
        Set<String> unauthorized = new HashSet<>();
        Set<TopicPartition> partitions = new HashSet<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : request.topics()) {
            if (!context.authorized(AclOperation.READ, ResourceType.TOPIC, t.name())) {
                unauthorized.add(t.name());
                continue;
            }
            t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partitionIndex())));
        }
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
                        .setErrorCode(unauthorized.contains(topic.name()) ? Errors.TOPIC_AUTHORIZATION_FAILED.code()
                                : errors.get(new TopicPartition(topic.name(), p.partitionIndex())).code()));
            }
            response.topics().add(result);
        }
        return response.setErrorCode(Errors.NONE.code());
    }
}
