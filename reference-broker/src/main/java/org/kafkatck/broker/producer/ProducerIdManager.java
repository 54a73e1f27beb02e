package org.kafkatck.broker.producer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    private long next;
    private long blockEnd;

    private ProducerIdManager(Path file, long next) {
        this.file = file;
        this.next = next;
        this.blockEnd = next;
    }

    /** @return a manager whose ids live only as long as this process */
    public static ProducerIdManager inMemory() {
        return new ProducerIdManager(null, 0);
    }

    /** @return a manager that continues after the last block reserved in {@code file} */
    public static ProducerIdManager persistent(Path file) {
        long next = 0;
        try {
            if (Files.exists(file)) {
                next = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Unreadable producer id block file " + file + ": " + e.getMessage(), e);
        }
        return new ProducerIdManager(file, next);
    }

    /** @return a fresh producer id */
    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            blockEnd = next + BLOCK_SIZE;
            if (file != null) {
                try {
                    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                    Files.writeString(tmp, Long.toString(blockEnd), StandardCharsets.UTF_8);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot reserve producer ids in " + file, e);
                }
            }
        }
        return next++;
    }
}
