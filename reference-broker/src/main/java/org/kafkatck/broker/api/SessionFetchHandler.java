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
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.api.FetchSession.Key;
import org.kafkatck.broker.api.FetchSession.SessionPartition;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * What every Fetch handler does around reading records: incremental fetch sessions (KIP-227), the partitions a
 * request names (each once), READ authorization, unknown topics and leader epoch checks, and the response grouped
 * by topic with only the partitions that have news in an incremental fetch. A subclass reads the records, and
 * waits for them ({@link #awaitData}): {@link FetchHandler} from the broker's logs, {@link SinkFetchHandler} from
 * the sink's memory.
 */
abstract class SessionFetchHandler extends VersionedHandler<FetchRequestData, FetchResponseData> {
    private static final int INITIAL_EPOCH = 0;
    private static final int FINAL_EPOCH = -1;

    private final FetchSessionCache sessions;

    /** @param maxSessions incremental fetch sessions kept at most; 0 declines sessions */
    SessionFetchHandler(int maxSessions) {
        super(ApiKeys.FETCH, 4, 18);
        this.sessions = new FetchSessionCache(maxSessions);
    }

    /** One partition to read, resolved against the topics, and what was read of it. */
    static final class Target {
        final SessionPartition wanted;
        final Topic topic;
        /** The partition's log; {@code null} when {@link #error} refuses it. */
        final PartitionLog log;
        final Errors error;
        /** What the last read pass found, set by the subclass. */
        PartitionData data;

        private Target(SessionPartition wanted, Topic topic, PartitionLog log, Errors error) {
            this.wanted = wanted;
            this.topic = topic;
            this.log = log;
            this.error = error;
        }
    }

    /** @return the broker's topics: which exist, their ids, partitions and leader epochs */
    abstract LogManager logs();

    /**
     * Reads the targets, again as data arrives, until {@code minBytes} are there, a partition fails, or
     * {@code maxWaitMs} passes; leaves each target's {@link Target#data} set.
     */
    abstract void awaitData(List<Target> targets, FetchRequestData request, boolean readCommitted)
            throws InterruptedException;

    @Override
    public final FetchResponseData handle(RequestContext context, FetchRequestData request) {
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
                    first.askAs(partition);
                }
            }
        }
        return new ArrayList<>(named.values());
    }

    private List<Target> resolve(RequestContext context, boolean refusedFollower, List<SessionPartition> wanted,
                                 boolean byId) {
        LogManager logs = logs();
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

    /**
     * A partition's answer before anything is read: index, no preferred replica, an empty aborted-transaction list
     * for {@code read_committed}, no records; with the refusal filled in when the target is refused.
     *
     * @return the data, also set as the target's
     */
    static PartitionData newData(Target target, boolean readCommitted) {
        PartitionData data = new PartitionData()
                .setPartitionIndex(target.wanted.partition)
                .setPreferredReadReplica(-1)
                .setAbortedTransactions(readCommitted ? new ArrayList<>() : null)
                .setRecords(org.apache.kafka.common.record.internal.MemoryRecords.EMPTY);
        if (target.log == null) {
            data.setErrorCode(target.error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
        }
        target.data = data;
        return data;
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
