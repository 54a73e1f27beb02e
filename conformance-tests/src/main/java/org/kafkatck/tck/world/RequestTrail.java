package org.kafkatck.tck.world;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.tck.report.SentRequest;
import org.kafkatck.tck.targets.Preflight;

/**
 * The requests one scenario sent, newest last, so a failure can name the request the target answered
 * wrongly. Raw connections record each frame with its exact version; the Java clients record the API a
 * step exercises, in the version the Java client negotiates: the newest both kafka-clients and the target
 * speak. Only the last few are kept: a diagnosis needs the last one.
 */
public final class RequestTrail {
    private static final int KEPT = 16;
    private final Deque<SentRequest> requests = new ArrayDeque<>();
    private final List<Preflight.Row> advertised;

    /** @param advertised the target's version matrix from the preflight (empty when it was skipped) */
    public RequestTrail(List<Preflight.Row> advertised) {
        this.advertised = List.copyOf(advertised);
    }

    /** Records a request sent on a raw connection, in the version it was sent. */
    public synchronized void sent(ApiKeys api, short version) {
        add(SentRequest.of(api, version));
    }

    /** Records a request a Java client sends on behalf of a step, in the version the client negotiates. */
    public void clientCall(ApiKeys api) {
        add(SentRequest.of(api, negotiated(api)));
    }

    /** @return the last recorded request, or {@code null} when none was recorded */
    public synchronized SentRequest last() {
        return requests.peekLast();
    }

    /** @return the recorded requests, oldest first */
    public synchronized List<SentRequest> all() {
        return List.copyOf(requests);
    }

    /**
     * @return the version the Java client uses for {@code api}: the newest it and the target share, or -1
     *         when the preflight does not know the target's range of that API
     */
    int negotiated(ApiKeys api) {
        for (Preflight.Row row : advertised) {
            if (row.api() == api) {
                return row.usable() ? Math.min(row.targetMax(), row.clientMax()) : -1;
            }
        }
        return -1;
    }

    private synchronized void add(SentRequest request) {
        if (request.equals(requests.peekLast())) {
            return; // a poll loop repeats its Fetch; one entry says it
        }
        if (requests.size() == KEPT) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }
}
