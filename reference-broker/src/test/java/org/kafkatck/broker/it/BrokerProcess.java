package org.kafkatck.broker.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged reference broker ({@code target/reference-broker.jar}, as users run it) in a child JVM,
 * optionally under shell resource limits ({@code ulimit}), for faults a test cannot inject in-process.
 */
final class BrokerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready in [\\d,]+ ms: kafka ([^:]+):(\\d+) .*http [^:]+:(\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final int kafkaPort;
    private final int httpPort;

    private BrokerProcess(Process process) throws IOException {
        this.process = process;
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("broker-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("Broker exited before it was ready:\n"
                    + String.join("\n", output)));
        });
        try {
            Matcher m = ready.get(60, TimeUnit.SECONDS);
            kafkaPort = Integer.parseInt(m.group(2));
            httpPort = Integer.parseInt(m.group(3));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Broker not ready in 60 s: " + e.getMessage() + "\n" + String.join("\n", output), e);
        }
    }

    /**
     * Starts the packaged broker on ephemeral ports with its data in {@code dataDir}.
     *
     * @param ulimits shell {@code ulimit} options applied to the child only, e.g. {@code "-f 2048"}; empty for none
     */
    static BrokerProcess start(Path dataDir, String ulimits, String... properties) throws IOException {
        Path jar = Path.of("target", "reference-broker.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the broker is packaged before integration tests run");
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dbroker.host=127.0.0.1", "-Dbroker.port=0", "-Dbroker.http.port=0",
                "-Dbroker.storage.dir=" + dataDir.toAbsolutePath()));
        java.addAll(List.of(properties));
        java.addAll(List.of("-jar", jar.toString()));
        String command = (ulimits.isEmpty() ? "" : "ulimit " + ulimits + " && ") + "exec "
                + String.join(" ", java.stream().map(BrokerProcess::quote).toList());
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        return new BrokerProcess(process);
    }

    /**
     * Starts a broker with a command line of the user's, in {@code workDir}, configured through the environment
     * (the command may name no ports: {@code env} should give ephemeral ones and a data directory).
     */
    static BrokerProcess run(Path workDir, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new BrokerProcess(builder.start());
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    int kafkaPort() {
        return kafkaPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** @return the HTTP status and body of {@code /observe/health} */
    HttpResponse<String> health() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return every line the broker printed so far */
    List<String> output() {
        return List.copyOf(output);
    }

    /** Stops the broker as an operator does (SIGTERM) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
