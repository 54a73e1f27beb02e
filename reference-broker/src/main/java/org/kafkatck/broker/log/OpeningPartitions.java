package org.kafkatck.broker.log;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;

import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * The partitions of a topic found on disk at start, while the loader threads open them: the broker answers
 * requests before every log is open, and a request for a partition not yet open opens it on its own thread
 * (or waits for the loader that is opening it) instead of waiting for the whole directory. So a partition is
 * never served before it is loaded and recovered, and a start with thousands of partitions serves the first
 * of them at once.
 *
 * <p>Each partition is a {@link FutureTask}: whichever thread reaches it first runs the open, the others wait
 * for that one. A partition whose log cannot be opened throws the open's {@link KafkaStorageException} to
 * every reader.
 */
final class OpeningPartitions extends AbstractList<PartitionLog> implements RandomAccess {
    private final List<FutureTask<PartitionLog>> tasks;
    /** Set by {@link #cancel()}: a partition not yet begun is then not opened. */
    private volatile boolean cancelled;

    /** @param open opens the log of a partition, by number, and binds it to its topic */
    OpeningPartitions(int partitions, IntFunction<PartitionLog> open) {
        tasks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            tasks.add(new FutureTask<>(() -> {
                if (cancelled) {
                    throw new NotOpened();
                }
                return open.apply(partition);
            }));
        }
    }

    /** @return the open log of {@code index}, opening it on this thread when no loader has begun it */
    @Override
    public PartitionLog get(int index) {
        FutureTask<PartitionLog> task = tasks.get(index);
        task.run();
        return await(task);
    }

    @Override
    public int size() {
        return tasks.size();
    }

    /**
     * @return the log of {@code index} when it is open, without waiting; {@code null} while it is not yet
     *         open, or when it could not be opened
     */
    PartitionLog ifOpen(int index) {
        FutureTask<PartitionLog> task = tasks.get(index);
        return task.state() == java.util.concurrent.Future.State.SUCCESS ? task.resultNow() : null;
    }

    /** Opens the partitions not yet begun, in order; run by each loader thread, which share the work. */
    void openAll() {
        for (FutureTask<PartitionLog> task : tasks) {
            task.run();
        }
    }

    /**
     * Waits for every partition to be opened, opening on this thread those not yet begun.
     *
     * @throws KafkaStorageException the first partition's that could not be opened
     */
    void awaitAll() {
        for (FutureTask<PartitionLog> task : tasks) {
            task.run();
            await(task);
        }
    }

    /**
     * Stops opening: the partitions not yet begun are never opened; waits for those being opened.
     *
     * @return the logs that are open, to be closed by the caller
     */
    List<PartitionLog> cancel() {
        // a FutureTask cancelled while it runs would drop the log it opens, leaving its files open: the
        // flag makes the tasks not yet begun fail at once instead, and those running are waited for
        cancelled = true;
        List<PartitionLog> opened = new ArrayList<>();
        for (FutureTask<PartitionLog> task : tasks) {
            task.run();
            try {
                opened.add(await(task));
            } catch (KafkaStorageException e) {
                // never opened, or failed to: nothing to close
            }
        }
        return opened;
    }

    /** @return whether every partition is open */
    boolean allOpen() {
        return tasks.stream().allMatch(task -> task.state() == java.util.concurrent.Future.State.SUCCESS);
    }

    /** @return whether the open of a partition failed (one never begun because of {@link #cancel()} did not) */
    boolean anyFailed() {
        return tasks.stream().anyMatch(task -> task.state() == java.util.concurrent.Future.State.FAILED
                && !(task.exceptionNow() instanceof NotOpened));
    }

    /** Why a partition not yet begun when {@link #cancel()} came is not open. */
    private static final class NotOpened extends KafkaStorageException {
        NotOpened() {
            super("The broker is shutting down; the log was not opened");
        }
    }

    private static PartitionLog await(FutureTask<PartitionLog> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // a request thread interrupted while a loader opens its partition still needs the log;
                    // the interrupt is restored once it has it
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof KafkaStorageException storage) {
                        throw storage;
                    }
                    throw new KafkaStorageException("Cannot open the log: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
