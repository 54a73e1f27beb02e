package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.ReadResult;
import org.kafkatck.broker.log.Topic;

/**
 * Fetch (key 1): returns record batches from the requested offsets, as stored.
 *
 * <ul>
 *   <li>v4: isolation level and last stable offset (KIP-98); v4 is the oldest Kafka 4 keeps (KIP-896).</li>
 *   <li>v5: log start offset. v6: same format.</li>
 *   <li>v7: incremental fetch sessions (KIP-227). This broker declines sessions: every response has
 *       session id 0, which tells the client to keep sending full fetches; an incremental request
 *       (epoch &gt; 0) gets FETCH_SESSION_ID_NOT_FOUND.</li>
 *   <li>v8: same format. v9: current leader epoch (KIP-320). v10: same format.</li>
 *   <li>v11: rack id and preferred read replica (KIP-392; always -1 here).</li>
 *   <li>v12: flexible versions, diverging epoch. v13: topics by id (KIP-516).</li>
 *   <li>v14: same format. v15: replica state replaces replica id (KIP-903).</li>
 *   <li>v16: current-leader hints (KIP-951). v17: replica directory id. v18: high-watermark field for
 *       KRaft replicas; none matter to a consumer.</li>
 * </ul>
 * A fetch waits up to {@code maxWaitMs} for {@code minBytes}, woken by appends, never by polling. The
 * response holds at most {@code maxBytes} (and {@code partitionMaxBytes} per partition), except that the
 * first batch found is returned whole, so a consumer always makes progress (KIP-74).
 */
public final class FetchHandler extends VersionedHandler<FetchRequestData, FetchResponseData> {
    private static final int LEADER_EPOCH = 0;

    private final LogManager logs;

    /** @param logs the topics to read */
    public FetchHandler(LogManager logs) {
        super(ApiKeys.FETCH, 4, 18);
        this.logs = logs;
    }

    /** One requested partition, resolved against the logs once. */
    private record Target(FetchableTopicResponse topicResponse, FetchRequestData.FetchPartition request,
                          PartitionLog log, Errors error) {
    }

    @Override
    public FetchResponseData handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        FetchResponseData response = new FetchResponseData().setThrottleTimeMs(0).setSessionId(0);
        if (version >= 7 && request.sessionEpoch() > 0) {
            return response.setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        }
        response.setErrorCode(Errors.NONE.code());
        boolean readCommitted = version >= 4 && request.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        List<Target> targets = resolve(request, version, response);

        long deadline = FetchWaiter.deadline(request.maxWaitMs());
        FetchWaiter waiter = null;
        try {
            while (true) {
                ReadPass pass = read(targets, request, readCommitted);
                boolean satisfied = pass.bytes >= request.minBytes() || pass.errors || targets.isEmpty()
                        || System.nanoTime() >= deadline;
                if (satisfied) {
                    return response;
                }
                if (waiter == null) {
                    waiter = new FetchWaiter(targets.stream().map(Target::log).toList());
                    continue; // re-read once: an append may have landed before the listener was registered
                }
                waiter.await(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response;
        } finally {
            if (waiter != null) {
                waiter.close();
            }
        }
    }

    private List<Target> resolve(FetchRequestData request, short version, FetchResponseData response) {
        List<Target> targets = new ArrayList<>();
        for (FetchRequestData.FetchTopic fetchTopic : request.topics()) {
            Topic topic;
            Errors missing;
            if (version >= 13) {
                topic = logs.topic(fetchTopic.topicId()).orElse(null);
                missing = Errors.UNKNOWN_TOPIC_ID;
            } else {
                topic = logs.topic(fetchTopic.topic()).orElse(null);
                missing = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            }
            FetchableTopicResponse topicResponse = new FetchableTopicResponse()
                    .setTopic(fetchTopic.topic())
                    .setTopicId(version >= 13 ? fetchTopic.topicId() : (topic != null ? topic.id() : Uuid.ZERO_UUID));
            response.responses().add(topicResponse);
            for (FetchRequestData.FetchPartition partition : fetchTopic.partitions()) {
                PartitionLog log = topic == null ? null : topic.partition(partition.partition());
                Errors error = Errors.NONE;
                if (topic == null) {
                    error = missing;
                } else if (log == null) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (partition.currentLeaderEpoch() > LEADER_EPOCH) {
                    error = Errors.UNKNOWN_LEADER_EPOCH;
                } else if (partition.currentLeaderEpoch() >= 0 && partition.currentLeaderEpoch() < LEADER_EPOCH) {
                    error = Errors.FENCED_LEADER_EPOCH;
                }
                targets.add(new Target(topicResponse, partition, error == Errors.NONE ? log : null, error));
            }
        }
        return targets;
    }

    private static final class ReadPass {
        private int bytes;
        private boolean errors;
    }

    private static ReadPass read(List<Target> targets, FetchRequestData request, boolean readCommitted) {
        ReadPass pass = new ReadPass();
        int maxBytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (FetchableTopicResponse topicResponse : distinctTopics(targets)) {
            topicResponse.partitions().clear();
        }
        for (Target target : targets) {
            PartitionData data = new PartitionData()
                    .setPartitionIndex(target.request.partition())
                    .setPreferredReadReplica(-1)
                    .setAbortedTransactions(readCommitted ? new ArrayList<>() : null)
                    .setRecords(MemoryRecords.EMPTY);
            target.topicResponse.partitions().add(data);
            if (target.log == null) {
                pass.errors = true;
                data.setErrorCode(target.error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
                continue;
            }
            PartitionLog log = target.log;
            try {
                int budget = Math.min(target.request.partitionMaxBytes(), maxBytes - pass.bytes);
                ReadResult result = log.read(target.request.fetchOffset(), Math.max(budget, 0), pass.bytes == 0);
                pass.bytes += result.records().sizeInBytes();
                data.setErrorCode(Errors.NONE.code())
                        .setHighWatermark(result.highWatermark())
                        .setLastStableOffset(result.highWatermark())
                        .setLogStartOffset(result.logStartOffset())
                        .setRecords(result.records());
            } catch (RuntimeException e) {
                pass.errors = true;
                data.setErrorCode(Errors.forException(e).code())
                        .setHighWatermark(log.highWatermark())
                        .setLastStableOffset(log.highWatermark())
                        .setLogStartOffset(log.logStartOffset());
            }
        }
        return pass;
    }

    private static List<FetchableTopicResponse> distinctTopics(List<Target> targets) {
        List<FetchableTopicResponse> topics = new ArrayList<>();
        for (Target target : targets) {
            if (topics.isEmpty() || topics.get(topics.size() - 1) != target.topicResponse) {
                topics.add(target.topicResponse);
            }
        }
        return topics;
    }
}
