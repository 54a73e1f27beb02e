package org.kafkatck.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who this broker is to its clients: cluster id, node id and the endpoints advertised in Metadata,
 * DescribeCluster and FindCoordinator. Each listener advertises its own endpoint: a client is told the
 * address of the listener its request arrived on, as Apache Kafka does. The first listener's endpoint is
 * the default ({@link #host()}, {@link #port()}). Ports are known only once the listeners are bound, so
 * they are set after start.
 */
public final class BrokerIdentity {
    private final String clusterId;
    private final int nodeId;
    private final String host;
    private volatile int port;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    /**
     * Where clients of one listener are told to connect.
     *
     * @param host advertised host
     * @param port advertised port
     */
    public record Endpoint(String host, int port) {
    }

    /**
     * @param clusterId the cluster id (persisted with the data on disk storage)
     * @param nodeId    this node's id
     * @param host      advertised host
     * @param port      advertised port, 0 until known
     */
    public BrokerIdentity(String clusterId, int nodeId, String host, int port) {
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return this node's id, also the controller id of this single-node cluster */
    public int nodeId() {
        return nodeId;
    }

    /** @return the host clients connect to */
    public String host() {
        return host;
    }

    /** @return the port clients connect to */
    public int port() {
        return port;
    }

    void port(int boundPort) {
        this.port = boundPort;
    }

    /** Sets what a listener advertises; the first listener's endpoint is also the default one. */
    void advertise(String listener, String advertisedHost, int advertisedPort) {
        endpoints.put(listener, new Endpoint(advertisedHost, advertisedPort));
    }

    /**
     * The endpoint to tell a client about.
     *
     * @param listener the name of the listener the client's request arrived on, or {@code null}
     * @return that listener's advertised endpoint, or the default one for {@code null} or an unknown name
     */
    public Endpoint endpoint(String listener) {
        Endpoint endpoint = listener == null ? null : endpoints.get(listener);
        return endpoint != null ? endpoint : new Endpoint(host, port);
    }
}
