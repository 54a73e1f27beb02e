package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kafkatck.broker.storage.AtomicFile;

/**
 * The number of the broker's current start over a data directory: 1 for the first, one more for each
 * after. Each start is a new leadership of every partition, so a partition's leader epoch follows from
 * this number ({@link LeaderEpochs}) and one durable write here replaces one per partition.
 */
final class BrokerTerm {
    static final String FILE = "leader-term";

    private BrokerTerm() {
    }

    /**
     * Reads the last term from {@code dataDir}, and makes the next one durable before it is used.
     *
     * @return the term of this start
     */
    static long begin(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        AtomicFile.deleteLeftover(file);
        long last = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
        long term = last + 1;
        AtomicFile.write(file, (term + "\n").getBytes(StandardCharsets.UTF_8));
        return term;
    }
}
