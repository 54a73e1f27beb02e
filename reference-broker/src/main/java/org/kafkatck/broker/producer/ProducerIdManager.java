package org.kafkatck.broker.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kafkatck.broker.storage.AtomicFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * Hands out producer ids that are never reused, across restarts too.
 *
 * <p>Ids are reserved in blocks: the end of the current block is written to disk before any id of it
 * is handed out, so a crash wastes at most one block but never repeats an id (Apache Kafka's
 * controller does the same with its producer-id blocks).
 */
public final class ProducerIdManager {
    private static final long BLOCK_SIZE = 1000;

    private final Path file;
    private final LogDirectory directory;
    private long next;
    private long blockEnd;

    private ProducerIdManager(Path file, LogDirectory directory, long next) {
        this.file = file;
        this.directory = directory;
        this.next = next;
        this.blockEnd = next;
    }

    /** @return a manager whose ids live only as long as this process */
    public static ProducerIdManager inMemory() {
        return new ProducerIdManager(null, LogDirectory.memory(), 0);
    }

    /** @return a manager that continues after the last block reserved in {@code file} */
    public static ProducerIdManager persistent(Path file) {
        return persistent(file, LogDirectory.of(file.toAbsolutePath().getParent()));
    }

    /**
     * @param directory the data directory's state: a failed reservation takes it offline
     * @return a manager that continues after the last block reserved in {@code file}
     */
    public static ProducerIdManager persistent(Path file, LogDirectory directory) {
        long next = 0;
        try {
            if (Files.exists(file)) {
                next = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Unreadable producer id block file " + file + ": " + e.getMessage(), e);
        }
        return new ProducerIdManager(file, directory, next);
    }

    /**
     * @return a fresh producer id
     * @throws org.apache.kafka.common.errors.KafkaStorageException when a new block cannot be reserved
     */
    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            long newEnd = next + BLOCK_SIZE;
            if (file != null) {
                // on disk first: an id handed out is always below the reserved end a restart reads back
                directory.checkOnline();
                try {
                    AtomicFile.write(file, Long.toString(newEnd).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw directory.fail("Reserving producer ids in " + file, e);
                }
            }
            blockEnd = newEnd;
        }
        return next++;
    }
}
