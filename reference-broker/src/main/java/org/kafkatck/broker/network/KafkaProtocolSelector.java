package org.kafkatck.broker.network;

import java.util.Set;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Claims every connection of the Kafka listener for the Kafka protocol.
 *
 * <p>The listener is dedicated to Kafka (it is configured with no other protocol), so the selector
 * needs no bytes to decide; Helidon then hands each accepted socket to a {@link KafkaConnection}
 * running on its own virtual thread.
 */
public final class KafkaProtocolSelector implements ServerConnectionSelector {
    private final RequestDispatcher dispatcher;
    private final int maxRequestBytes;

    /**
     * @param dispatcher      routes each decoded request to its API handler
     * @param maxRequestBytes frames larger than this close the connection
     */
    public KafkaProtocolSelector(RequestDispatcher dispatcher, int maxRequestBytes) {
        this.dispatcher = dispatcher;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new KafkaConnection(ctx, dispatcher, maxRequestBytes);
    }
}
