package dev.multisession.core.config;

/**
 * Thrown when configuration is invalid. The message names the key at fault and the fix,
 * so a failed deployment tells the operator what to change.
 */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigurationException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public ConfigurationException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
