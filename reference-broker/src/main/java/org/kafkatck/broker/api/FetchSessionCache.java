package org.kafkatck.broker.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker's incremental fetch sessions (KIP-227), by id. The cache is bounded (Kafka's
 * {@code max.incremental.fetch.session.cache.slots}, 1000 by default): a new session evicts the one
 * used least recently, whose client then gets FETCH_SESSION_ID_NOT_FOUND and starts over with a full
 * fetch. A session is tied to nothing but its id; any connection may use it.
 */
final class FetchSessionCache {
    private final int maxSessions;
    private final Map<Integer, FetchSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    /** @param maxSessions sessions kept at most; 0 declines every session */
    FetchSessionCache(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** @return a new session of {@code partitions}, or {@code null} when this broker keeps no sessions */
    synchronized FetchSession create(boolean usesTopicIds, List<FetchSession.SessionPartition> partitions) {
        if (maxSessions <= 0) {
            return null;
        }
        while (sessions.size() >= maxSessions) {
            sessions.remove(sessions.keySet().iterator().next());
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession session = new FetchSession(id, usesTopicIds, partitions);
        sessions.put(id, session);
        return session;
    }

    /** @return the session {@code id}, marked as used, or {@code null} */
    synchronized FetchSession get(int id) {
        return sessions.get(id);
    }

    /** Closes session {@code id} if it exists. */
    synchronized void remove(int id) {
        sessions.remove(id);
    }

    /** @return sessions held now */
    synchronized int size() {
        return sessions.size();
    }
}
