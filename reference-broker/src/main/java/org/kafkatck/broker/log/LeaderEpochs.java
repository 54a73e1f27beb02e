package org.kafkatck.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kafkatck.broker.storage.AtomicFile;

/**
 * The leader epochs of one partition and the offset at which each began (KIP-101, KIP-320): what
 * OffsetForLeaderEpoch answers, what every appended batch is stamped with, and what Metadata reports.
 *
 * <p>Every start of a durable broker is a new leadership of its partitions, so it begins a new epoch
 * at the log end, as a Kafka broker that becomes leader again does; the epochs are kept in
 * {@value #FILE} and never go backwards, so a client never sees an epoch that was already used for
 * other data. Epochs start at 1 (the first term, as Raft-based brokers number their leader epochs): 0
 * is then an older epoch a client can name, so fencing and the answer for an epoch older than any
 * stored are observable from a partition's first leadership on. An in-memory log keeps its first epoch.
 */
final class LeaderEpochs {
    static final String FILE = "leader-epoch-checkpoint";
    static final int FIRST_EPOCH = 1;
    private static final int FORMAT = 0;

    /** Start offset by epoch, ascending in both. */
    private final TreeMap<Integer, Long> starts = new TreeMap<>();
    private final Path file;

    private LeaderEpochs(Path file) {
        this.file = file;
    }

    /** @return the epochs of a log kept in memory: its first epoch, from offset 0 */
    static LeaderEpochs inMemory() {
        LeaderEpochs epochs = new LeaderEpochs(null);
        epochs.starts.put(FIRST_EPOCH, 0L);
        return epochs;
    }

    /**
     * Loads the epochs of a log kept in {@code dir} and begins a new one at {@code logEndOffset}; epochs
     * that began after the end of a log whose tail was lost are dropped, but their numbers are not reused.
     *
     * @param logStartOffset where the log starts, for a log written before epochs were kept
     */
    static LeaderEpochs beginTerm(Path dir, long logStartOffset, long logEndOffset) throws IOException {
        LeaderEpochs epochs = new LeaderEpochs(dir.resolve(FILE));
        int next = FIRST_EPOCH;
        if (Files.exists(epochs.file)) {
            List<String> lines = Files.readAllLines(epochs.file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split(" ");
                int epoch = Integer.parseInt(fields[0]);
                long start = Long.parseLong(fields[1]);
                next = Math.max(next, epoch + 1);
                if (start <= logEndOffset) {
                    epochs.starts.put(epoch, start);
                }
            }
        } else if (logEndOffset > logStartOffset) {
            // data written before epochs were kept carries the first epoch
            epochs.starts.put(FIRST_EPOCH, logStartOffset);
            next = FIRST_EPOCH + 1;
        }
        epochs.assign(next, logEndOffset);
        epochs.write();
        return epochs;
    }

    /** @return the current leader epoch */
    synchronized int current() {
        return starts.lastKey();
    }

    /**
     * @return the epoch of the leader that appended {@code offset}: the latest epoch that began at or
     *         before it, or -1 when none did
     */
    synchronized int epochAt(long offset) {
        int found = -1;
        for (Map.Entry<Integer, Long> entry : starts.entrySet()) {
            if (entry.getValue() <= offset) {
                found = entry.getKey();
            }
        }
        return found;
    }

    /**
     * The end of {@code epoch}, as Kafka's leader epoch cache answers OffsetForLeaderEpoch: the log end
     * for the current epoch; otherwise the start of the next larger epoch, together with the largest
     * epoch at or below the one asked for (or the one asked for, when it is older than any stored).
     * Epochs wholly below the log start count as one that began at the log start.
     *
     * @return the epoch's end, or {@link EpochEnd#UNKNOWN} when {@code epoch} is negative or above every epoch
     */
    synchronized EpochEnd endOffsetFor(int epoch, long logStartOffset, long logEndOffset) {
        if (epoch < 0) {
            return EpochEnd.UNKNOWN;
        }
        if (epoch == starts.lastKey()) {
            return new EpochEnd(epoch, logEndOffset);
        }
        TreeMap<Integer, Long> live = fromLogStart(logStartOffset);
        Map.Entry<Integer, Long> higher = live.higherEntry(epoch);
        if (higher == null) {
            return EpochEnd.UNKNOWN;
        }
        Map.Entry<Integer, Long> floor = live.floorEntry(epoch);
        return new EpochEnd(floor == null ? epoch : floor.getKey(), higher.getValue());
    }

    /** The epochs as Kafka truncates them when the log start moves: the last one wholly before it begins at it. */
    private TreeMap<Integer, Long> fromLogStart(long logStartOffset) {
        TreeMap<Integer, Long> live = new TreeMap<>();
        Map.Entry<Integer, Long> lastBefore = null;
        for (Map.Entry<Integer, Long> entry : starts.entrySet()) {
            if (entry.getValue() <= logStartOffset) {
                lastBefore = entry;
            } else {
                live.put(entry.getKey(), entry.getValue());
            }
        }
        if (lastBefore != null) {
            live.put(lastBefore.getKey(), logStartOffset);
        }
        return live;
    }

    /** A new epoch replaces every epoch that began at or after its start: they hold no data. */
    private void assign(int epoch, long startOffset) {
        starts.values().removeIf(start -> start >= startOffset);
        starts.put(epoch, startOffset);
    }

    private void write() throws IOException {
        StringBuilder content = new StringBuilder().append(FORMAT).append('\n');
        starts.forEach((epoch, start) -> content.append(epoch).append(' ').append(start).append('\n'));
        AtomicFile.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the checkpoint of a deleted log. */
    void delete() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
