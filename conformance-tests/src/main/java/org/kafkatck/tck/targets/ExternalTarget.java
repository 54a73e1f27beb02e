package org.kafkatck.tck.targets;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A broker that is already running somewhere: any {@code bootstrap.servers}, plus client properties
 * passed through unchanged (so SASL/TLS brokers and hosted services can be graded).
 */
public final class ExternalTarget implements BrokerTarget {
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final java.util.Optional<TargetPrincipals> principals;

    /**
     * @param bootstrapServers the brokers to grade
     * @param clientProperties extra properties for every client
     */
    public ExternalTarget(String bootstrapServers, Map<String, String> clientProperties) {
        this(bootstrapServers, clientProperties, java.util.Optional.empty());
    }

    /**
     * @param bootstrapServers the brokers to grade
     * @param clientProperties extra properties for every client
     * @param principals       the identities configured in {@code tck.principals}, if any
     */
    public ExternalTarget(String bootstrapServers, Map<String, String> clientProperties,
                          java.util.Optional<TargetPrincipals> principals) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new TargetUnavailableException("The external target needs bootstrap servers "
                    + "(--bootstrap-servers, tck.bootstrap.servers or TCK_BOOTSTRAP_SERVERS)");
        }
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.principals = principals;
    }

    @Override
    public java.util.Optional<TargetPrincipals> principals() {
        return principals;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public String description() {
        return bootstrapServers + " (external)";
    }

    @Override
    public void start() {
        // nothing to start; the preflight checks that it answers
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public void close() {
        // not ours to stop
    }

    /** Waits until a broker behind {@code target} answers DescribeCluster, or fails with the reason. */
    static void awaitReady(BrokerTarget target, long timeoutMs) {
        Map<String, Object> props = new java.util.HashMap<>(target.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        long deadline = System.currentTimeMillis() + timeoutMs;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get();
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new TargetUnavailableException("Target " + target.description() + " did not become ready within "
                + timeoutMs + " ms: " + (last == null ? "no answer" : last.getMessage()), last);
    }
}
