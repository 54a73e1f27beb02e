package org.kafkatck.broker.network;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, taken while a response is written and given back after. A direct buffer is
 * written to a socket as it is, where the JDK copies a heap buffer into a temporary direct one first (and,
 * for a gathering write, copies every buffer again after each partial write); pooling keeps the cost of
 * allocating direct memory off the request path. At most {@code retained} idle buffers are kept.
 */
final class DirectBufferPool {
    private final int bufferBytes;
    private final int retained;
    private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /**
     * @param bufferBytes size of each buffer
     * @param retained    how many idle buffers are kept for reuse
     */
    DirectBufferPool(int bufferBytes, int retained) {
        this.bufferBytes = bufferBytes;
        this.retained = retained;
    }

    /** @return a cleared buffer, from the pool when one is idle */
    ByteBuffer take() {
        ByteBuffer buffer = idle.pollFirst();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(bufferBytes);
        }
        idleCount.decrementAndGet();
        return buffer.clear();
    }

    /** Gives a buffer back; it must not be used after. */
    void give(ByteBuffer buffer) {
        if (idleCount.incrementAndGet() <= retained) {
            idle.offerFirst(buffer.clear());
        } else {
            idleCount.decrementAndGet(); // left to the garbage collector
        }
    }

    /** @return how many idle buffers the pool holds */
    int idle() {
        return idleCount.get();
    }

    /** @return the size of each buffer */
    int bufferBytes() {
        return bufferBytes;
    }
}
