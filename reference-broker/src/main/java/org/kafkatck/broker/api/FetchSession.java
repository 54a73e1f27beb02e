package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.Uuid;

/**
 * An incremental fetch session (KIP-227): the partitions a client fetches, with what it last asked for
 * and what it was last told of each, so that an incremental fetch needs to name only the partitions
 * whose fetch position changed and is answered only with the partitions that have something new.
 */
final class FetchSession {
    private final int id;
    private final boolean usesTopicIds;
    private final Map<Key, SessionPartition> partitions = new LinkedHashMap<>();
    private int epoch = 1;

    FetchSession(int id, boolean usesTopicIds, List<SessionPartition> initial) {
        this.id = id;
        this.usesTopicIds = usesTopicIds;
        initial.forEach(p -> partitions.put(p.key(), p));
    }

    /** A partition is named by topic name before Fetch v13 and by topic id from v13 on (KIP-516). */
    record Key(String topic, Uuid topicId, int partition) {
        static Key of(boolean byId, String topic, Uuid topicId, int partition) {
            return byId ? new Key(null, topicId, partition) : new Key(topic, null, partition);
        }
    }

    /** One partition of a fetch: what the client asked for, and the bounds it was last told. */
    static final class SessionPartition {
        final String topic;
        final Uuid topicId;
        final int partition;
        final boolean byId;
        long fetchOffset;
        int partitionMaxBytes;
        int currentLeaderEpoch;
        /** Last high watermark and log start offset sent; -1 until sent or after an error, so the next answer includes it. */
        long highWatermark = -1;
        long logStartOffset = -1;

        SessionPartition(boolean byId, String topic, Uuid topicId, int partition, long fetchOffset,
                         int partitionMaxBytes, int currentLeaderEpoch) {
            this.byId = byId;
            this.topic = topic;
            this.topicId = topicId;
            this.partition = partition;
            this.fetchOffset = fetchOffset;
            this.partitionMaxBytes = partitionMaxBytes;
            this.currentLeaderEpoch = currentLeaderEpoch;
        }

        Key key() {
            return Key.of(byId, topic, topicId, partition);
        }

        /** Takes what a later mention of the same partition asks for; what the client was told stays. */
        void askAs(SessionPartition later) {
            fetchOffset = later.fetchOffset;
            partitionMaxBytes = later.partitionMaxBytes;
            currentLeaderEpoch = later.currentLeaderEpoch;
        }

        /**
         * Records what an answer told the client and says whether an incremental fetch must include it:
         * new records, a changed high watermark or log start offset, or an error (KIP-227).
         */
        boolean mustRespond(long answeredHighWatermark, long answeredLogStart, int recordBytes, boolean error) {
            boolean changed = recordBytes > 0 || error || answeredHighWatermark != highWatermark
                    || answeredLogStart != logStartOffset;
            highWatermark = error ? -1 : answeredHighWatermark;
            logStartOffset = answeredLogStart;
            return changed;
        }
    }

    int id() {
        return id;
    }

    boolean usesTopicIds() {
        return usesTopicIds;
    }

    /** @return the epoch the next incremental fetch must carry */
    int epoch() {
        return epoch;
    }

    /** Accepts an incremental fetch: the epoch moves on, wrapping to 1 as Kafka's FetchMetadata.nextEpoch does. */
    void advance() {
        epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }

    /** Adds or updates the partitions an incremental fetch names. */
    void update(SessionPartition named) {
        SessionPartition cached = partitions.get(named.key());
        if (cached == null) {
            partitions.put(named.key(), named);
        } else {
            cached.askAs(named);
        }
    }

    /** Removes a partition the client no longer fetches ({@code forgotten_topics_data}). */
    void forget(Key key) {
        partitions.remove(key);
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    /** @return the session's partitions, in the order they are read */
    List<SessionPartition> partitions() {
        return new ArrayList<>(partitions.values());
    }

    /** Moves a partition that just returned records behind the others, so every partition gets its turn at the byte budget. */
    void rotate(SessionPartition served) {
        if (partitions.remove(served.key()) != null) {
            partitions.put(served.key(), served);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FetchSession session && session.id == id;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }
}
