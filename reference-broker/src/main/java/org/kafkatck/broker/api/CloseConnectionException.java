package org.kafkatck.broker.api;

/**
 * Thrown by a handler that must end the connection instead of answering, as Apache Kafka does
 * when a Produce with acks=0 fails: there is no response to carry the error, and a closed
 * connection makes the producer refresh its metadata.
 */
public class CloseConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason one line for the broker log */
    public CloseConnectionException(String reason) {
        super(reason);
    }
}
