package org.kafkatck.broker;

/**
 * Who this broker is to its clients: cluster id, node id and the endpoint advertised in Metadata.
 * The port is known only once the Kafka listener is bound, so it is set after start.
 */
public final class BrokerIdentity {
    private final String clusterId;
    private final int nodeId;
    private final String host;
    private volatile int port;

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
}
