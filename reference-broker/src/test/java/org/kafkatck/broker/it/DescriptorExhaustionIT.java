package org.kafkatck.broker.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka listener survives running out of file descriptors: the packaged broker runs in a child JVM
 * under {@code ulimit -n 256}, clients connect until it cannot accept any more, and once they leave it
 * accepts again, with readiness DOWN in between.
 */
class DescriptorExhaustionIT {
    private static final int DESCRIPTOR_LIMIT = 256;
    /** More connections than the limit allows, so the broker surely runs out; bounds the loop too. */
    private static final int MAX_CONNECTIONS = 2 * DESCRIPTOR_LIMIT;

    private BrokerProcess broker;
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        closeClients();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listenerAcceptsAgainOnceDescriptorsAreFree(@TempDir Path dir) throws Exception {
        // the JVM's own descriptors (class path jars, the HTTP listener) take about a third of the limit
        broker = BrokerProcess.start(dir, "-n " + DESCRIPTOR_LIMIT, "-Dbroker.storage.mode=memory");
        int kafkaPort = broker.kafkaPort();

        // The health probe's connection is opened now: while descriptors are exhausted, no new one could be.
        // A first Metadata request loads the classes serving it while the class path can still be read.
        try (HealthProbe health = new HealthProbe(broker.httpPort()); RawClient warmUp = new RawClient(kafkaPort)) {
            assertThat(health.status()).isEqualTo(200);
            warmUp.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData());

            int opened = 0;
            while (health.status() == 200) {
                assertThat(opened).as("connections opened without the broker running out of descriptors")
                        .isLessThan(MAX_CONNECTIONS);
                for (int i = 0; i < 8; i++, opened++) {
                    clients.add(new Socket("127.0.0.1", kafkaPort));
                }
            }
            assertThat(health.status()).as("readiness while the broker cannot accept").isEqualTo(503);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output())
                    .contains("Kafka listener on port " + kafkaPort + " cannot accept connections")
                    .contains("Too many open files"));

            long freed = System.nanoTime();
            closeClients();
            await().atMost(Duration.ofSeconds(10)).until(() -> health.status() == 200);
            long recoveredMs = (System.nanoTime() - freed) / 1_000_000;
            System.out.printf("descriptor exhaustion after %d client connections; readiness UP again %d ms after they"
                    + " closed%n", opened, recoveredMs);

            try (RawClient client = new RawClient(kafkaPort)) {
                ApiVersionsResponseData versions = client.send(ApiKeys.API_VERSIONS, (short) 3,
                        new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
                assertThat(versions.errorCode()).isZero();
                MetadataResponseData metadata = client.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData());
                assertThat(metadata.brokers()).singleElement()
                        .satisfies(node -> assertThat(node.port()).isEqualTo(kafkaPort));
            }
            assertThat(health.status()).isEqualTo(200);
            String output = output();
            output.lines().filter(line -> line.contains("Kafka listener")).forEach(System.out::println);
            assertThat(output).contains("Kafka listener on port " + kafkaPort + " accepts connections again");
            assertThat(count(output, "cannot accept connections"))
                    .as("one log line at the start of each burst of failed accepts, one at its end")
                    .isEqualTo(count(output, "accepts connections again"));
            assertThat(output).doesNotContain("this server socket is terminating now");
        }
    }

    private String output() {
        return String.join("\n", broker.output());
    }

    private void closeClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** GET /observe/health over one kept-alive HTTP/1.1 connection. */
    private static final class HealthProbe implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        HealthProbe(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** @return the status code of the health endpoint */
        int status() throws IOException {
            out.write("GET /observe/health HTTP/1.1\r\nHost: broker\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            int contentLength = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.toLowerCase().startsWith("content-length:")) {
                    contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            in.readNBytes(contentLength);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("health connection closed by the broker after: " + line);
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
