package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.FetchSession.Key;
import org.kafkatck.broker.api.FetchSession.SessionPartition;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * Fetch (key 1) for the sink (the benchmark's ceiling, {@code org.kafkatck.broker.sink}): the same protocol as
 * {@link FetchHandler} (versions 4-18, incremental fetch sessions, {@code maxBytes} and {@code partitionMaxBytes}
 * with the first batch whole (KIP-74), long polling woken by appends, read authorization, leader epoch checks), but
 * the records come from a {@link Source} that keeps no log. The sink has no transactions, so high watermark, last
 * stable offset and end offset are one, the log start offset is 0 and a {@code read_committed} fetch has no aborted
 * transactions. It lives in this package to share {@link FetchSessionCache} and {@link FetchSession} with the
 * broker's fetch path without changing it.
 */
public final class SinkFetchHandler extends VersionedHandler<FetchRequestData, FetchResponseData> {
    private static final int INITIAL_EPOCH = 0;
    private static final int FINAL_EPOCH = -1;

    /** Where the sink's records come from. */
    public interface Source {
        /** @return the broker's topics (which exist, their ids, partitions and leader epochs) */
        LogManager logs();

        /** @return how many appends the source has seen so far; a fetch waits for this to move */
        long appends();

        /**
         * Waits until {@link #appends()} is no longer {@code seen} or the deadline passes.
         *
         * @param seen          what {@link #appends()} returned before the fetch last read
         * @param deadlineNanos {@link System#nanoTime()} to give up at
         * @throws InterruptedException when interrupted
         */
        void awaitAppend(long seen, long deadlineNanos) throws InterruptedException;

        /** @return the end offset of a partition: its high watermark and last stable offset */
        long endOffset(Topic topic, int partition);

        /**
         * Reads whole batches from the one holding {@code offset}.
         *
         * @param topic       the partition's topic
         * @param partition   the partition's index
         * @param offset      the fetch position
         * @param maxBytes    bytes to return at most ...
         * @param minOneBatch ... unless the first batch is larger, when this is set (KIP-74)
         * @param leaderEpoch the partition leader epoch to stamp on the batches
         * @return the batches and the partition's end offset
         * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when the offset is outside the log
         */
        Read read(Topic topic, int partition, long offset, int maxBytes, boolean minOneBatch, int leaderEpoch);
    }

    /**
     * What a {@link Source} read.
     *
     * @param records   the batches, base offsets and leader epochs stamped
     * @param endOffset the partition's end offset (high watermark and last stable offset) when read
     */
    public record Read(MemoryRecords records, long endOffset) {
    }

    private final Source source;
    private final FetchSessionCache sessions;

    /**
     * @param source      where the records come from
     * @param maxSessions incremental fetch sessions kept at most; 0 declines sessions
     */
    public SinkFetchHandler(Source source, int maxSessions) {
        super(ApiKeys.FETCH, 4, 18);
        this.source = source;
        this.sessions = new FetchSessionCache(maxSessions);
    }

    /** One partition to read, resolved against the topics, and what was read of it. */
    private static final class Target {
        private final SessionPartition wanted;
        private final Topic topic;
        private final PartitionLog log;
        private final Errors error;
        private PartitionData data;

        private Target(SessionPartition wanted, Topic topic, PartitionLog log, Errors error) {
            this.wanted = wanted;
            this.topic = topic;
            this.log = log;
            this.error = error;
        }
    }

    @Override
    public FetchResponseData handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        boolean byId = version >= 13;
        FetchResponseData response = new FetchResponseData().setThrottleTimeMs(0).setSessionId(0)
                .setErrorCode(Errors.NONE.code());
        int epoch = version >= 7 ? request.sessionEpoch() : FINAL_EPOCH;
        FetchSession session = null;
        List<SessionPartition> wanted;
        if (epoch != INITIAL_EPOCH && epoch != FINAL_EPOCH) {
            session = sessions.get(request.sessionId());
            if (session == null) {
                return response.setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
            }
            Errors refused = updateSession(session, request, byId);
            if (refused != Errors.NONE) {
                return response.setErrorCode(refused.code());
            }
            if (session.isEmpty()) {
                sessions.remove(session.id()); // nothing left to fetch: closed, answered without a session
                return response;
            }
            wanted = session.partitions();
            response.setSessionId(session.id());
        } else {
            if (version >= 7 && request.sessionId() != 0) {
                sessions.remove(request.sessionId()); // a full fetch naming a session closes it
            }
            wanted = requested(request, byId);
        }
        boolean readCommitted = request.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        boolean refusedFollower = FetchRequest.replicaId(request) >= 0
                && !context.authorizedCluster(AclOperation.CLUSTER_ACTION);
        List<Target> targets = resolve(context, refusedFollower, wanted, byId);
        try {
            awaitData(targets, request, readCommitted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (session != null) {
            synchronized (session) {
                return answer(response, targets, session, true);
            }
        }
        if (epoch == INITIAL_EPOCH && version >= 7) {
            FetchSession created = sessions.create(byId, wanted);
            if (created != null) {
                response.setSessionId(created.id());
                synchronized (created) {
                    return answer(response, targets, created, false);
                }
            }
        }
        return answer(response, targets, null, false);
    }

    /** Applies an incremental fetch to its session, as {@link FetchHandler} does. */
    private static Errors updateSession(FetchSession session, FetchRequestData request, boolean byId) {
        synchronized (session) {
            if (session.epoch() != request.sessionEpoch()) {
                return Errors.INVALID_FETCH_SESSION_EPOCH;
            }
            if (session.usesTopicIds() != byId) {
                return Errors.FETCH_SESSION_TOPIC_ID_ERROR;
            }
            requested(request, byId).forEach(session::update);
            for (FetchRequestData.ForgottenTopic forgotten : request.forgottenTopicsData()) {
                forgotten.partitions().forEach(p -> session.forget(Key.of(byId, forgotten.topic(), forgotten.topicId(), p)));
            }
            session.advance();
            return Errors.NONE;
        }
    }

    /** The partitions a request names, each once, in the order first named, at the position last named. */
    private static List<SessionPartition> requested(FetchRequestData request, boolean byId) {
        Map<Key, SessionPartition> named = new LinkedHashMap<>();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                SessionPartition partition = new SessionPartition(byId, byId ? null : topic.topic(), topic.topicId(),
                        p.partition(), p.fetchOffset(), p.partitionMaxBytes(), p.currentLeaderEpoch());
                SessionPartition first = named.get(partition.key());
                if (first == null) {
                    named.put(partition.key(), partition);
                } else {
                    first.fetchOffset = partition.fetchOffset;
                    first.partitionMaxBytes = partition.partitionMaxBytes;
                    first.currentLeaderEpoch = partition.currentLeaderEpoch;
                }
            }
        }
        return new ArrayList<>(named.values());
    }

    private List<Target> resolve(RequestContext context, boolean refusedFollower, List<SessionPartition> wanted,
                                 boolean byId) {
        LogManager logs = source.logs();
        List<Target> targets = new ArrayList<>();
        for (SessionPartition partition : wanted) {
            Topic topic = byId ? logs.topic(partition.topicId).orElse(null) : logs.topic(partition.topic).orElse(null);
            PartitionLog log = topic == null ? null : topic.partition(partition.partition);
            String name = byId ? (topic == null ? null : topic.name()) : partition.topic;
            Errors error;
            if (refusedFollower || name != null && !context.authorized(AclOperation.READ, ResourceType.TOPIC, name)) {
                error = Errors.TOPIC_AUTHORIZATION_FAILED;
            } else if (topic == null) {
                error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            } else if (log == null) {
                error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            } else {
                error = LeaderEpochCheck.check(partition.currentLeaderEpoch, log);
            }
            targets.add(new Target(partition, topic, error == Errors.NONE ? log : null, error));
        }
        return targets;
    }

    /** Reads until {@code minBytes} are there, a partition fails, or {@code maxWaitMs} passes. */
    private void awaitData(List<Target> targets, FetchRequestData request, boolean readCommitted)
            throws InterruptedException {
        long deadline = FetchWaiter.deadline(request.maxWaitMs());
        while (true) {
            long seen = source.appends(); // taken before reading: an append during the read ends the wait at once
            ReadPass pass = read(targets, request, readCommitted);
            if (pass.bytes >= request.minBytes() || pass.errors || targets.isEmpty() || System.nanoTime() >= deadline) {
                return;
            }
            source.awaitAppend(seen, deadline);
        }
    }

    private static final class ReadPass {
        private int bytes;
        private boolean errors;
    }

    private ReadPass read(List<Target> targets, FetchRequestData request, boolean readCommitted) {
        ReadPass pass = new ReadPass();
        int maxBytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (Target target : targets) {
            PartitionData data = new PartitionData()
                    .setPartitionIndex(target.wanted.partition)
                    .setPreferredReadReplica(-1)
                    .setAbortedTransactions(readCommitted ? new ArrayList<>() : null)
                    .setRecords(MemoryRecords.EMPTY);
            target.data = data;
            if (target.log == null) {
                pass.errors = true;
                data.setErrorCode(target.error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
                continue;
            }
            try {
                int budget = Math.min(target.wanted.partitionMaxBytes, maxBytes - pass.bytes);
                Read read = source.read(target.topic, target.wanted.partition, target.wanted.fetchOffset,
                        Math.max(budget, 0), pass.bytes == 0, target.log.leaderEpoch());
                pass.bytes += read.records().sizeInBytes();
                data.setErrorCode(Errors.NONE.code())
                        .setHighWatermark(read.endOffset())
                        .setLastStableOffset(read.endOffset())
                        .setLogStartOffset(0)
                        .setRecords(read.records());
            } catch (RuntimeException e) {
                pass.errors = true;
                long end = source.endOffset(target.topic, target.wanted.partition);
                data.setErrorCode(Errors.forException(e).code()).setHighWatermark(end).setLastStableOffset(end)
                        .setLogStartOffset(0);
            }
        }
        return pass;
    }

    /** Puts the partitions read into the response, as {@link FetchHandler} does. */
    private static FetchResponseData answer(FetchResponseData response, List<Target> targets, FetchSession session,
                                            boolean incremental) {
        FetchableTopicResponse topicResponse = null;
        Key previousTopic = null;
        for (Target target : targets) {
            PartitionData data = target.data;
            int recordBytes = data.records() == null ? 0 : data.records().sizeInBytes();
            boolean news = target.wanted.mustRespond(data.highWatermark(), data.logStartOffset(), recordBytes,
                    data.errorCode() != Errors.NONE.code());
            if (session != null && recordBytes > 0) {
                session.rotate(target.wanted);
            }
            if (incremental && !news) {
                continue;
            }
            Key topicKey = Key.of(target.wanted.byId, target.wanted.topic, target.wanted.topicId, 0);
            if (topicResponse == null || !topicKey.equals(previousTopic)) {
                Uuid topicId = target.wanted.byId ? target.wanted.topicId
                        : target.topic != null ? target.topic.id() : Uuid.ZERO_UUID;
                topicResponse = new FetchableTopicResponse().setTopic(target.wanted.topic).setTopicId(topicId);
                response.responses().add(topicResponse);
                previousTopic = topicKey;
            }
            topicResponse.partitions().add(data);
        }
        return response;
    }
}
