package org.kafkatck.broker;

/**
 * A configuration value the broker cannot run with. Its message is one line that names the key,
 * the offending value and what was expected, fit to be printed as the only output of a failed start.
 */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key      the full config key, for example {@code broker.port}
     * @param value    the value found
     * @param expected what would have been accepted
     */
    public InvalidConfigException(String key, String value, String expected) {
        super("Invalid configuration: " + key + " = '" + value + "', expected " + expected);
    }
}
