package org.kafkatck.broker.api;

/**
 * Wraps the broker's API handlers as they are registered, the way Kafka's interceptors wrap a client:
 * an extension point for whoever embeds the broker. The broker started from its command line uses
 * none. The TCK's self-test uses it to run the spec against deliberately wrong brokers ("mutants"),
 * each the reference broker with one behaviour broken, and checks that the spec fails on every one.
 */
@FunctionalInterface
public interface HandlerDecorator {
    /** Leaves every handler as it is. */
    HandlerDecorator NONE = handler -> handler;

    /**
     * @param handler a handler of the broker
     * @return the handler to register in its place; it must serve the same API key
     */
    ApiHandler<?, ?> decorate(ApiHandler<?, ?> handler);
}
