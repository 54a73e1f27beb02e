package org.kafkatck.tck.targets;

/** A target that cannot be started or reached. Its message is one line fit for the console. */
public class TargetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, in one line */
    public TargetUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in one line
     * @param cause   the underlying failure
     */
    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
