package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.FetchSession.Key;
import org.kafkatck.broker.api.FetchSession.SessionPartition;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.ReadResult;
import org.kafkatck.broker.log.Topic;

/**
 * Fetch (key 1): returns record batches from the requested offsets, as stored.
 *
 * <ul>
 *   <li>v4: isolation level and last stable offset (KIP-98); v4 is the oldest Kafka 4 keeps (KIP-896). A
 *       {@code read_committed} fetch stops before the first batch of the oldest open transaction and lists the
 *       aborted transactions that overlap what it returns, so the consumer can drop their records.</li>
 *   <li>v5: log start offset. v6: same format.</li>
 *   <li>v7: incremental fetch sessions (KIP-227). A full fetch at session epoch 0 is granted a session
 *       (see {@link FetchSessionCache}); an incremental fetch (the session's id and next epoch) names only
 *       the partitions whose position changed, adds partitions or forgets them
 *       ({@code forgotten_topics_data}), and is answered only with the partitions that have new records,
 *       a new high watermark or log start offset, or an error. An unknown session id gets
 *       FETCH_SESSION_ID_NOT_FOUND, a wrong epoch INVALID_FETCH_SESSION_EPOCH; epoch -1 closes the
 *       session named and fetches without one.</li>
 *   <li>v8: same format. v9: current leader epoch (KIP-320). v10: same format.</li>
 *   <li>v11: rack id and preferred read replica (KIP-392; always -1 here).</li>
 *   <li>v12: flexible versions, diverging epoch. v13: topics by id (KIP-516).</li>
 *   <li>v14: same format. v15: replica state replaces replica id (KIP-903).</li>
 *   <li>v16: current-leader hints (KIP-951). v17: replica directory id. v18: high-watermark field for
 *       KRaft replicas; none matter to a consumer.</li>
 * </ul>
 * A fetch waits up to {@code maxWaitMs} for {@code minBytes}, woken by appends, never by polling. The
 * response holds at most {@code maxBytes} (and {@code partitionMaxBytes} per partition), except that the
 * first batch found is returned whole, so a consumer always makes progress (KIP-74). Partitions are
 * read and answered in the order requested; a partition named twice is read once, at the position its
 * last mention gives, in the place of its first (Kafka keeps them in an insertion-ordered map). A partition of a
 * topic the principal may not READ is TOPIC_AUTHORIZATION_FAILED, and so is every partition of a follower's fetch
 * (a replica id of 0 or more) without CLUSTER CLUSTER_ACTION.
 */
public final class FetchHandler extends VersionedHandler<FetchRequestData, FetchResponseData> {
    private static final int INITIAL_EPOCH = 0;
    private static final int FINAL_EPOCH = -1;

    private final LogManager logs;
    private final FetchSessionCache sessions;

    /**
     * @param logs        the topics to read
     * @param maxSessions incremental fetch sessions kept at most; 0 declines sessions
     */
    public FetchHandler(LogManager logs, int maxSessions) {
        super(ApiKeys.FETCH, 4, 18);
        this.logs = logs;
        this.sessions = new FetchSessionCache(maxSessions);
    }

    /** One partition to read, resolved against the logs, and what was read of it. */
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
                // nothing left to fetch: Kafka closes the session and answers without one
                sessions.remove(session.id());
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
        // a follower's fetch (a replica id set) needs CLUSTER_ACTION, else every partition is refused, as in Kafka
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

    /** Applies an incremental fetch to its session: partitions added or moved on, partitions forgotten. */
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
        List<Target> targets = new ArrayList<>();
        for (SessionPartition partition : wanted) {
            Topic topic = byId ? logs.topic(partition.topicId).orElse(null) : logs.topic(partition.topic).orElse(null);
            PartitionLog log = topic == null ? null : topic.partition(partition.partition);
            // Kafka resolves a topic id, then authorizes READ on the topic's name, then looks for the partition
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
    private static void awaitData(List<Target> targets, FetchRequestData request, boolean readCommitted)
            throws InterruptedException {
        long deadline = FetchWaiter.deadline(request.maxWaitMs());
        FetchWaiter waiter = null;
        try {
            while (true) {
                ReadPass pass = read(targets, request, readCommitted);
                if (pass.bytes >= request.minBytes() || pass.errors || targets.isEmpty()
                        || System.nanoTime() >= deadline) {
                    return;
                }
                if (waiter == null) {
                    waiter = new FetchWaiter(targets.stream().map(t -> t.log).filter(java.util.Objects::nonNull).toList());
                    continue; // re-read once: an append may have landed before the listener was registered
                }
                waiter.await(deadline);
            }
        } finally {
            if (waiter != null) {
                waiter.close();
            }
        }
    }

    private static final class ReadPass {
        private int bytes;
        private boolean errors;
    }

    private static ReadPass read(List<Target> targets, FetchRequestData request, boolean readCommitted) {
        ReadPass pass = new ReadPass();
        int maxBytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (Target target : targets) {
            if (target.data != null) {
                ReadResult.release(target.data.records()); // an earlier pass's read, superseded by this one
            }
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
            PartitionLog log = target.log;
            try {
                int budget = Math.min(target.wanted.partitionMaxBytes, maxBytes - pass.bytes);
                // read before the stable offset is taken: a transaction that ends meanwhile only shows next time
                long stable = log.lastStableOffset();
                // large reads come as file regions, sent with sendfile and released once the response is written
                ReadResult<Records> result = log.readForFetch(target.wanted.fetchOffset, Math.max(budget, 0),
                        pass.bytes == 0, readCommitted ? stable : Long.MAX_VALUE);
                pass.bytes += result.records().sizeInBytes();
                data.setErrorCode(Errors.NONE.code())
                        .setHighWatermark(result.highWatermark())
                        .setLastStableOffset(Math.min(stable, result.highWatermark()))
                        .setLogStartOffset(result.logStartOffset())
                        .setRecords(result.records());
                if (readCommitted) {
                    data.setAbortedTransactions(aborted(log, target.wanted.fetchOffset, result.records()));
                }
            } catch (RuntimeException e) {
                pass.errors = true;
                data.setErrorCode(Errors.forException(e).code())
                        .setHighWatermark(log.highWatermark())
                        .setLastStableOffset(log.lastStableOffset())
                        .setLogStartOffset(log.logStartOffset());
            }
        }
        return pass;
    }

    /**
     * The aborted transactions a {@code read_committed} consumer needs to drop records of what it was sent:
     * those that overlap the offsets from the fetch position to the end of the last batch returned (KIP-98).
     */
    private static List<FetchResponseData.AbortedTransaction> aborted(PartitionLog log, long fetchOffset,
                                                                      Records records) {
        long upTo = fetchOffset;
        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
            upTo = batch.nextOffset();
        }
        List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
        if (upTo > fetchOffset) {
            for (org.kafkatck.broker.producer.AbortedTransaction a : log.abortedTransactions(fetchOffset, upTo)) {
                aborted.add(new FetchResponseData.AbortedTransaction().setProducerId(a.producerId())
                        .setFirstOffset(a.firstOffset()));
            }
        }
        return aborted;
    }

    /**
     * Puts the partitions read into the response, grouped by topic where consecutive, as Kafka does. In
     * incremental fetch only partitions with news are answered; the session (when there is one) learns
     * what the client was told.
     */
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
