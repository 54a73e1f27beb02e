package org.kafkatck.broker.api;

import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/** The handlers of the broker, one per API key, and the version ranges derived from them. */
public final class ApiRegistry {
    private final Map<ApiKeys, ApiHandler<?, ?>> handlers = new EnumMap<>(ApiKeys.class);
    private final HandlerDecorator decorator;

    /** A registry that registers handlers as they are. */
    public ApiRegistry() {
        this(HandlerDecorator.NONE);
    }

    /** @param decorator wraps each handler as it is registered */
    public ApiRegistry(HandlerDecorator decorator) {
        this.decorator = decorator;
    }

    /**
     * Adds a handler.
     *
     * @throws IllegalArgumentException when its range lies outside what kafka-clients can encode
     *                                  or another handler serves the same API
     */
    public ApiRegistry register(ApiHandler<?, ?> served) {
        ApiHandler<?, ?> handler = decorator.decorate(served);
        if (handler.apiKey() != served.apiKey()) {
            throw new IllegalArgumentException("A decorator turned the " + served.apiKey() + " handler into one for "
                    + handler.apiKey());
        }
        ApiKeys key = handler.apiKey();
        if (handler.minVersion() < key.oldestVersion() || handler.maxVersion() > key.latestVersion(true)
                || handler.minVersion() > handler.maxVersion()) {
            throw new IllegalArgumentException(key + " handler declares v" + handler.minVersion() + "-v"
                    + handler.maxVersion() + ", outside the codec's v" + key.oldestVersion() + "-v" + key.latestVersion(true));
        }
        if (handlers.putIfAbsent(key, handler) != null) {
            throw new IllegalArgumentException("Two handlers for " + key);
        }
        return this;
    }

    /** @return the handler of {@code key}, or {@code null} when the API is not served */
    public ApiHandler<?, ?> handler(ApiKeys key) {
        return handlers.get(key);
    }

    /** @return every served API with its version range, as ApiVersions reports it */
    public ApiVersionCollection apiVersions() {
        ApiVersionCollection versions = new ApiVersionCollection();
        handlers.values().forEach(h -> versions.add(new ApiVersion()
                .setApiKey(h.apiKey().id)
                .setMinVersion(h.minVersion())
                .setMaxVersion(h.maxVersion())));
        return versions;
    }
}
