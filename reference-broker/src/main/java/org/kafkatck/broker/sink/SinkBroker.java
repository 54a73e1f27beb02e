package org.kafkatck.broker.sink;

import java.util.Map;

import io.helidon.logging.common.LogConfig;
import org.kafkatck.broker.BrokerCommand;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.api.SinkFetchHandler;

import static java.lang.System.Logger.Level.INFO;

/**
 * The benchmark's ceiling: the reference broker with its storage handlers replaced by ones that acknowledge and
 * serve from memory without storing (see {@link SinkLogs}). Produce, Fetch, ListOffsets and OffsetForLeaderEpoch
 * are the sink's; everything else (network, TLS, SASL, ApiVersions, Metadata, topics, groups and offsets,
 * InitProducerId, ACLs) is the reference broker's, unchanged, in memory storage mode. What a client and the machine
 * can do at all through this broker's network path, so the bench can show how close a broker with a real log comes.
 * Transactions are not served: a transactional batch is refused with INVALID_TXN_STATE.
 *
 * <p>Run it as the broker, with the same configuration: {@code java -cp reference-broker.jar
 * org.kafkatck.broker.sink.SinkBroker [config.yaml]}; {@code broker.storage.mode} is forced to {@code memory}.
 */
public final class SinkBroker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SinkBroker.class.getName());

    private final ReferenceBroker broker;
    private final SinkLogs sink;

    private SinkBroker(ReferenceBroker broker, SinkLogs sink) {
        this.broker = broker;
        this.sink = sink;
    }

    /**
     * Command-line entry, as the broker's: {@code java -cp reference-broker.jar org.kafkatck.broker.sink.SinkBroker
     * [config.yaml]}.
     *
     * @param args an optional YAML file overriding the defaults
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        BrokerCommand.run(args, "Sink", Map.of("broker.storage.mode", "memory"), SinkBroker::start);
    }

    /**
     * Starts a sink with the default template pool ({@link SinkLogs#DEFAULT_TEMPLATE_BYTES}).
     *
     * @param config the broker's configuration, with memory storage
     * @return the running sink
     */
    public static SinkBroker start(BrokerConfig config) {
        return start(config, new SinkLogs(SinkLogs.DEFAULT_TEMPLATE_BYTES, SinkLogs.DEFAULT_MAX_TEMPLATES));
    }

    /**
     * @param config the broker's configuration, with memory storage
     * @param sink   the partitions to serve
     * @return the running sink
     * @throws IllegalArgumentException when the configuration asks for disk storage
     */
    public static SinkBroker start(BrokerConfig config, SinkLogs sink) {
        if (config.storage() != BrokerConfig.Storage.MEMORY) {
            throw new IllegalArgumentException("The sink runs with broker.storage.mode=memory, not " + config.storage());
        }
        ReferenceBroker broker = ReferenceBroker.start(config, decorator(sink, config.fetchSessionsMax()));
        sink.attach(broker.logs());
        LOG.log(INFO, "Sink ready: the reference broker with Produce, Fetch, ListOffsets and OffsetForLeaderEpoch "
                + "served from memory without storing, on {0}", broker.bootstrapServers());
        return new SinkBroker(broker, sink);
    }

    /** Swaps the four storage handlers for the sink's; the others are the broker's. */
    static HandlerDecorator decorator(SinkLogs sink, int maxFetchSessions) {
        return handler -> switch (handler.apiKey()) {
            case PRODUCE -> new SinkProduceHandler(sink);
            case FETCH -> new SinkFetchHandler(sink, maxFetchSessions);
            case LIST_OFFSETS -> new SinkListOffsetsHandler(sink);
            case OFFSET_FOR_LEADER_EPOCH -> new SinkOffsetForLeaderEpochHandler(sink);
            default -> (ApiHandler<?, ?>) handler;
        };
    }

    /** @return {@code host:port} for a client's {@code bootstrap.servers} */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** @return the broker under the sink (topics, groups, configuration) */
    public ReferenceBroker broker() {
        return broker;
    }

    /** @return the sink's partitions and template pool */
    public SinkLogs logs() {
        return sink;
    }

    @Override
    public void close() {
        broker.close();
    }
}
