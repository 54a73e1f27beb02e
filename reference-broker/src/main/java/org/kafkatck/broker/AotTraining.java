package org.kafkatck.broker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.logging.common.LogConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The training run of the JDK's ahead-of-time cache (JEP 483 and 514) that the build makes on JDK 25 and
 * later: {@code java -XX:AOTCacheOutput=reference-broker.aot -cp reference-broker.jar
 * org.kafkatck.broker.AotTraining DIR}. Started with {@code -XX:AOTCache=reference-broker.aot}, the broker then
 * finds its classes loaded and linked, which more than halves the time to its first answer (docs/performance.md,
 * "Start-up with many partitions").
 *
 * <p>The run does what a start does, twice, in a scratch data directory: reads the command line and the
 * configuration, opens the logs (the second time with partitions on disk), answers ApiVersions, Metadata and
 * Produce on the Kafka listener, and stops cleanly. What it loads is what the cache holds.
 */
public final class AotTraining {
    private static final String TOPIC = "aot-training";
    private static final int PARTITIONS = 4;

    private AotTraining() {
    }

    /**
     * @param args the scratch data directory, emptied first
     * @throws Exception when a start or a request fails: the build stops rather than ship a cache of half a start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: java -XX:AOTCacheOutput=FILE -cp reference-broker.jar "
                    + AotTraining.class.getName() + " SCRATCH_DIR");
            System.exit(2);
        }
        LogConfig.configureRuntime();
        Path dir = Path.of(args[0]).toAbsolutePath();
        deleteRecursively(dir);
        Map<String, String> settings = Map.of("broker.storage.dir", dir.toString(), "broker.host", "127.0.0.1",
                "broker.port", "0", "broker.http.port", "0");
        for (int start = 1; start <= 2; start++) {
            BrokerCommand.parse();
            BrokerConfig config = BrokerConfig.from(BrokerCommand.loadConfig(null, settings));
            try (ReferenceBroker broker = ReferenceBroker.start(config)) {
                if (start == 1) {
                    broker.logs().createTopic(TOPIC, PARTITIONS, Map.of());
                }
                exercise(broker.kafkaPort());
            }
        }
        deleteRecursively(dir);
        // the cache is written as the JVM exits; the broker's HTTP server may leave threads behind
        System.exit(0);
    }

    /** Sends the requests a client starts with, and one produce to each partition. */
    private static void exercise(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            int correlation = 0;
            exchange(socket, new ApiVersionsRequest.Builder().build(), ++correlation);
            exchange(socket, new MetadataRequest.Builder(List.of(TOPIC), false).build(), ++correlation);
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC);
            for (int p = 0; p < PARTITIONS; p++) {
                topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(p)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE,
                                new SimpleRecord(System.currentTimeMillis(), null, "training".getBytes()))));
            }
            ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
            produce.topicData().add(topic);
            exchange(socket, ProduceRequest.builder(produce).build((short) 9), ++correlation);
        }
    }

    private static void exchange(Socket socket, AbstractRequest request, int correlation) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "aot-training", correlation);
        ByteBuffer frame = request.serializeWithHeader(header);
        OutputStream out = socket.getOutputStream();
        out.write(ByteBuffer.allocate(4).putInt(frame.remaining()).array());
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        if (ByteBuffer.wrap(response).getInt() != correlation) {
            throw new IOException("Answer to another request than " + request.apiKey() + " " + correlation);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
