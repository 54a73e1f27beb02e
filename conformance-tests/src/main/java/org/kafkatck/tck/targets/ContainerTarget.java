package org.kafkatck.tck.targets;

import java.time.Duration;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Any broker image started with Testcontainers (for example {@code apache/kafka} or a Redpanda image).
 * The container's Kafka port is published on the same port of the host (9092 unless
 * {@code tck.container.port} says otherwise), so an image whose default configuration advertises
 * {@code localhost:9092}, as {@code apache/kafka}'s does, is reachable as it is; other settings can be
 * passed as environment variables ({@code tck.container.env.*}). Where no Docker engine is reachable
 * the target says so in one line.
 */
public final class ContainerTarget implements BrokerTarget {
    private final String image;
    private final int port;
    private final Map<String, String> env;
    private final java.util.Optional<TargetPrincipals> principals;
    private GenericContainer<?> container;

    /**
     * @param image the image to run
     * @param port  Kafka port inside the container, published on the same host port
     * @param env   environment variables for the container
     */
    public ContainerTarget(String image, int port, Map<String, String> env) {
        this(image, port, env, java.util.Optional.empty());
    }

    /**
     * @param image      the image to run
     * @param port       Kafka port inside the container, published on the same host port
     * @param env        environment variables for the container
     * @param principals the identities configured in {@code tck.principals}, if any
     */
    public ContainerTarget(String image, int port, Map<String, String> env,
                           java.util.Optional<TargetPrincipals> principals) {
        if (image == null || image.isBlank()) {
            throw new TargetUnavailableException("The container target needs an image (--image or tck.container.image)");
        }
        this.image = image;
        this.port = port;
        this.env = Map.copyOf(env);
        this.principals = principals;
    }

    @Override
    public java.util.Optional<TargetPrincipals> principals() {
        return principals;
    }

    @Override
    public String kind() {
        return "container";
    }

    @Override
    public String description() {
        return (container == null ? "" : bootstrapServers() + " ") + "(container " + image + ")";
    }

    @Override
    public void start() {
        if (!dockerAvailable()) {
            throw new TargetUnavailableException("No Docker engine is reachable, so the container target cannot run "
                    + image + "; grade a running broker with --target external --bootstrap-servers HOST:PORT instead");
        }
        GenericContainer<?> started = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(port)
                .withEnv(env)
                .withStartupTimeout(Duration.ofMinutes(3));
        started.setPortBindings(java.util.List.of(port + ":" + port));
        started.start();
        container = started;
        ExternalTarget.awaitReady(this, 60_000);
    }

    private static boolean dockerAvailable() {
        // Testcontainers logs every failed way of finding Docker at length; the one line below says it all
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("org.testcontainers");
        java.util.logging.Level level = quiet.getLevel();
        quiet.setLevel(java.util.logging.Level.OFF);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        } finally {
            quiet.setLevel(level);
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getHost() + ":" + port;
    }

    @Override
    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }
}
