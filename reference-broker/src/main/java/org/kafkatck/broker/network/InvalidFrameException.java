package org.kafkatck.broker.network;

/**
 * A request frame the broker cannot answer in the Kafka protocol: its header or body does not parse,
 * or it names an API or version that has no response format here. The connection that sent it is
 * closed, as Apache Kafka does.
 */
public class InvalidFrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what was wrong with the frame */
    public InvalidFrameException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what was wrong with the frame
     * @param cause   the parse failure
     */
    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
