package org.kafkatck.broker.it;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.HandlerDecorator;

/**
 * Records the API versions each client sent, as the broker received them: the clients of other
 * ecosystems use older versions than the Java client, and a compatibility test should say which
 * versions it exercised rather than assume.
 */
final class RequestVersions implements HandlerDecorator {
    /** One request as received. */
    private record Request(String clientId, ApiKeys api, short version) {
    }

    private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();

    private final HandlerDecorator observing = new ObservingDecorator((api, context) ->
            received.add(new Request(context.header().clientId(), api, context.apiVersion())));

    @Override
    public ApiHandler<?, ?> decorate(ApiHandler<?, ?> handler) {
        return observing.decorate(handler);
    }

    /** Forgets what was received so far. */
    void clear() {
        received.clear();
    }

    /**
     * @param clientIds the client ids of one client
     * @return per API it used, the versions it sent
     */
    Map<ApiKeys, SortedSet<Short>> sentBy(Set<String> clientIds) {
        return received.stream().filter(r -> clientIds.contains(r.clientId()))
                .collect(Collectors.groupingBy(Request::api, TreeMap::new,
                        Collectors.mapping(Request::version, Collectors.toCollection(TreeSet::new))));
    }

    /** @return every client id seen, for diagnostics */
    Set<String> clientIds() {
        return received.stream().map(Request::clientId).collect(Collectors.toCollection(TreeSet::new));
    }
}
