package org.kafkatck.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.errors.KafkaStorageException;

import static java.lang.System.Logger.Level.ERROR;

/**
 * The broker's data directory and whether it can still be trusted with writes.
 *
 * <p>This is Apache Kafka's log-directory failure policy: the first I/O error on a write or a flush
 * (a full disk, a failing device, a file that cannot be opened) takes the whole directory offline.
 * From then on every partition and store in it refuses reads and writes with
 * {@code KAFKA_STORAGE_ERROR}, readiness health is DOWN, and the failure is logged once. Nothing more
 * is written, so data acknowledged before the failure stays on disk exactly as it was; a torn tail the
 * failed write may have left is cut by the store that failed, and again by recovery at the next start,
 * before anything else is appended. The directory comes back only with a restart of the broker, once
 * the operator has fixed the cause.
 */
public final class LogDirectory {
    private static final System.Logger LOG = System.getLogger(LogDirectory.class.getName());

    private final Path path;
    private final AtomicReference<String> failure = new AtomicReference<>();

    private LogDirectory(Path path) {
        this.path = path;
    }

    /** @return the state of a data directory on disk */
    public static LogDirectory of(Path path) {
        return new LogDirectory(path);
    }

    /** @return the state of memory storage, which never fails */
    public static LogDirectory memory() {
        return new LogDirectory(null);
    }

    /** @return the directory, or {@code null} for memory storage */
    public Path path() {
        return path;
    }

    /** @return whether the directory still takes reads and writes */
    public boolean online() {
        return failure.get() == null;
    }

    /** @return why the directory went offline, if it did */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * @throws KafkaStorageException when the directory is offline
     */
    public void checkOnline() {
        String reason = failure.get();
        if (reason != null) {
            throw new KafkaStorageException("Log directory " + path + " is offline: " + reason);
        }
    }

    /**
     * Takes the directory offline because {@code action} failed; only the first failure is logged.
     *
     * @return the exception to answer the failed request with
     */
    public KafkaStorageException fail(String action, IOException cause) {
        String reason = action + " failed: " + cause;
        if (failure.compareAndSet(null, reason)) {
            LOG.log(ERROR, "Log directory {0} is offline: {1}. Every partition and store in it answers"
                    + " KAFKA_STORAGE_ERROR until the broker is restarted; data acknowledged before the failure"
                    + " stays on disk.", path, reason);
        }
        return new KafkaStorageException("Log directory " + path + " is offline: " + reason, cause);
    }
}
