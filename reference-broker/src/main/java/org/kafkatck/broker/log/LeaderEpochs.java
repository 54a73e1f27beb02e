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
 *
 * <h2>No write at start</h2>
 * Rewriting the file (two fsyncs) for every partition at every start made a start with thousands of
 * partitions take seconds. So the broker numbers its starts ({@link BrokerTerm}, one file for all
 * partitions) and the file keeps, besides the epochs, the term it was written in and that term's epoch:
 * the epoch of a later term is that epoch plus the terms since, whether or not the file was written in
 * between. The file is then written only when something is appended under a new epoch, before the
 * append, and forced to disk when the log is ({@link #sync}), so every flushed batch's epoch is on disk;
 * a batch not yet flushed is validated after a crash anyway, and {@link #beginTerm} takes the epochs of
 * those batches from their headers ({@code partitionLeaderEpoch}) should the file have missed them.
 * Without a term (0: tests, a term file that went backwards) the file is written at start, as before.
 */
final class LeaderEpochs {
    static final String FILE = "leader-epoch-checkpoint";
    static final int FIRST_EPOCH = 1;
    /** Format 0: the epochs alone. Format 1: a line "term epoch" after the format, then the epochs. */
    private static final int FORMAT = 1;

    /** Start offset by epoch, ascending in both. */
    private final TreeMap<Integer, Long> starts = new TreeMap<>();
    private final Path file;
    /** The broker's start number this leadership belongs to; 0 when unknown. */
    private final long term;
    /** Whether the file holds the current epoch: false until the first append of a new term writes it. */
    private boolean written = true;
    /** Whether the file was written without being forced to disk since. */
    private boolean unsynced;

    private LeaderEpochs(Path file, long term) {
        this.file = file;
        this.term = term;
    }

    /** @return the epochs of a log kept in memory: its first epoch, from offset 0 */
    static LeaderEpochs inMemory() {
        LeaderEpochs epochs = new LeaderEpochs(null, 0);
        epochs.starts.put(FIRST_EPOCH, 0L);
        return epochs;
    }

    /** Loads the epochs of a log and begins a new one at its end, writing the file now; for tests. */
    static LeaderEpochs beginTerm(Path dir, long logStartOffset, long logEndOffset) throws IOException {
        return beginTerm(dir, logStartOffset, logEndOffset, 0, known -> Map.of());
    }

    /**
     * Loads the epochs of a log kept in {@code dir} and begins a new one at {@code logEndOffset}; epochs
     * that began after the end of a log whose tail was lost are dropped, but their numbers are not reused.
     *
     * @param logStartOffset where the log starts, for a log written before epochs were kept
     * @param term           the broker's start number ({@link BrokerTerm}), or 0 to write the file now
     * @param unflushed      given the largest epoch the file knows, the first offset of each larger epoch
     *                       stamped in the batches validated after a crash (those after the last flush);
     *                       none after a clean shutdown
     */
    static LeaderEpochs beginTerm(Path dir, long logStartOffset, long logEndOffset, long term,
                                  UnflushedEpochs unflushed) throws IOException {
        LeaderEpochs epochs = new LeaderEpochs(dir.resolve(FILE), term);
        int next = FIRST_EPOCH;
        boolean writeNow = true;
        List<String> lines = readIfPresent(epochs.file);
        if (lines != null) {
            int format = Integer.parseInt(lines.get(0).trim());
            int first = 1;
            if (format >= 1) {
                String[] header = lines.get(1).trim().split(" ");
                long fileTerm = Long.parseLong(header[0]);
                int fileEpoch = Integer.parseInt(header[1]);
                next = Math.max(next, fileEpoch + 1);
                if (term > fileTerm) {
                    // the epoch of every term since the file was written, written or not
                    next = Math.max(next, Math.toIntExact(fileEpoch + (term - fileTerm)));
                    writeNow = false;
                }
                first = 2;
            }
            for (String line : lines.subList(first, lines.size())) {
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
        // the largest epoch the file holds data for: a later one may have batches the file missed
        int known = epochs.starts.isEmpty() ? -1 : epochs.starts.lastKey();
        for (Map.Entry<Integer, Long> batch : unflushed.above(known).entrySet()) {
            // an epoch whose batches survived a crash that the file's last (unforced) write did not
            if (batch.getValue() <= logEndOffset && (epochs.starts.isEmpty() || batch.getKey() > epochs.starts.lastKey())) {
                epochs.starts.put(batch.getKey(), batch.getValue());
            }
            next = Math.max(next, batch.getKey() + 1);
        }
        epochs.assign(next, logEndOffset);
        epochs.written = false;
        if (writeNow) {
            epochs.write(true);
        }
        return epochs;
    }

    /** The epochs of the batches a crash left after the last flush, when the epoch file may have missed some. */
    @FunctionalInterface
    interface UnflushedEpochs {
        /** @return the first offset of each epoch above {@code known} found in those batches, ascending */
        Map<Integer, Long> above(int known) throws IOException;
    }

    /** @return the lines of {@code file}, or {@code null} when there is none (one call instead of a check and a read) */
    private static List<String> readIfPresent(Path file) throws IOException {
        try {
            // readString, not readAllLines: no BufferedReader and decoder per file (a fifth of a start's CPU at 10,000)
            return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
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

    /**
     * Writes the file before the first append under the current epoch; a no-op after that.
     *
     * @param force whether to force it to disk now (the append is forced too); otherwise {@link #sync} does
     */
    synchronized void recordBeforeAppend(boolean force) throws IOException {
        if (!written) {
            write(force);
        }
    }

    /** Forces the file to disk if it was written without; called when the log is flushed. */
    synchronized void sync() throws IOException {
        if (unsynced) {
            write(true);
        }
    }

    private void write(boolean force) throws IOException {
        StringBuilder content = new StringBuilder().append(FORMAT).append('\n')
                .append(term).append(' ').append(current()).append('\n');
        starts.forEach((epoch, start) -> content.append(epoch).append(' ').append(start).append('\n'));
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        if (force) {
            AtomicFile.write(file, bytes);
        } else {
            AtomicFile.writeRebuildable(file, bytes);
        }
        written = true;
        unsynced = !force;
    }

    /** Removes the checkpoint of a deleted log. */
    void delete() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
