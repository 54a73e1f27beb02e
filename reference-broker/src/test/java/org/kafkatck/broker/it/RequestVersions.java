package org.kafkatck.broker.it;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.api.RequestContext;

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

    @Override
    public ApiHandler<?, ?> decorate(ApiHandler<?, ?> handler) {
        return recording(handler);
    }

    private <Q extends ApiMessage, R extends ApiMessage> ApiHandler<Q, R> recording(ApiHandler<Q, R> handler) {
        return new ApiHandler<>() {
            @Override
            public ApiKeys apiKey() {
                return handler.apiKey();
            }

            @Override
            public short minVersion() {
                return handler.minVersion();
            }

            @Override
            public short maxVersion() {
                return handler.maxVersion();
            }

            @Override
            public R handle(RequestContext context, Q request) {
                received.add(new Request(context.header().clientId(), handler.apiKey(), context.apiVersion()));
                return handler.handle(context, request);
            }
        };
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
