package org.kafkatck.broker.it;

import java.util.function.BiConsumer;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.api.RequestContext;

/**
 * Lets a test see each request as the broker's handlers receive it (its API, version, client id, listener and
 * principal) without changing what the broker answers: what a client sent, and as whom the broker took it, is
 * observable only inside the broker.
 */
final class ObservingDecorator implements HandlerDecorator {
    private final BiConsumer<ApiKeys, RequestContext> observer;

    /** @param observer told of every request before its handler serves it */
    ObservingDecorator(BiConsumer<ApiKeys, RequestContext> observer) {
        this.observer = observer;
    }

    @Override
    public ApiHandler<?, ?> decorate(ApiHandler<?, ?> handler) {
        return observed(handler);
    }

    private <Q extends ApiMessage, R extends ApiMessage> ApiHandler<Q, R> observed(ApiHandler<Q, R> handler) {
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
                observer.accept(handler.apiKey(), context);
                return handler.handle(context, request);
            }
        };
    }
}
