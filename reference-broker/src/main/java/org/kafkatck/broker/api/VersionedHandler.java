package org.kafkatck.broker.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Base of the handlers: the API and its served version range, declared once in the handler's
 * constructor ({@code super(ApiKeys.FETCH, 4, 18)}).
 *
 * @param <Q> request message type
 * @param <R> response message type
 */
public abstract class VersionedHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {
    private final ApiKeys apiKey;
    private final short minVersion;
    private final short maxVersion;

    /**
     * @param apiKey     the API served
     * @param minVersion the oldest version served
     * @param maxVersion the newest version served
     */
    protected VersionedHandler(ApiKeys apiKey, int minVersion, int maxVersion) {
        this.apiKey = apiKey;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    @Override
    public final ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public final short minVersion() {
        return minVersion;
    }

    @Override
    public final short maxVersion() {
        return maxVersion;
    }
}
