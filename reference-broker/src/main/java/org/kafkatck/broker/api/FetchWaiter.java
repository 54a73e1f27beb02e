package org.kafkatck.broker.api;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.kafkatck.broker.log.PartitionLog;

/**
 * Parks a long-polling fetch until one of its partitions is appended to or its deadline passes.
 * Partitions notify it on every append; there is no polling and no sleeping.
 */
final class FetchWaiter implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final List<PartitionLog> logs;
    private final Runnable listener = this::signal;
    private boolean signalled;

    FetchWaiter(List<PartitionLog> logs) {
        this.logs = logs;
        logs.forEach(log -> log.addAppendListener(listener));
    }

    /** Waits until an append or the deadline; returns at once if an append came since the last wait. */
    void await(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = deadlineNanos - System.nanoTime();
            while (!signalled && remaining > 0) {
                remaining = appended.awaitNanos(remaining);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        logs.forEach(log -> log.removeAppendListener(listener));
    }

    static long deadline(long maxWaitMs) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMs));
    }
}
