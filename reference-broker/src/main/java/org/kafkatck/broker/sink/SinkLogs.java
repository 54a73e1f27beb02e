package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.kafkatck.broker.api.SinkFetchHandler;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.Topic;

/**
 * The sink's partitions: per partition an end offset and an index of the batches appended, each served as a
 * template of {@link TemplatePool} (bounded), so memory grows by about 12 bytes a batch whatever the batches hold.
 * Which topics and partitions exist, their ids and leader epochs, are the broker's ({@link LogManager}, in memory
 * mode, whose own logs stay empty); a partition is keyed by topic id, so a topic deleted and created again starts
 * from 0. Every append wakes the fetches waiting for one.
 */
public final class SinkLogs implements SinkFetchHandler.Source {
    /** Bytes of produced batches kept as templates at most by default. */
    public static final long DEFAULT_TEMPLATE_BYTES = 64L << 20;
    /** Templates kept at most by default (bounds the lookup maps when batches are tiny). */
    public static final int DEFAULT_MAX_TEMPLATES = 1 << 16;

    private record PartitionKey(Uuid topicId, int partition) {
    }

    private final CompletableFuture<LogManager> logs = new CompletableFuture<>();
    private final Map<PartitionKey, SinkPartition> partitions = new ConcurrentHashMap<>();
    private final TemplatePool templates;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();

    /**
     * @param templateBytes bytes of produced batches kept as templates at most
     * @param maxTemplates  templates kept at most
     */
    public SinkLogs(long templateBytes, int maxTemplates) {
        this.templates = new TemplatePool(templateBytes, maxTemplates);
    }

    /** Hands over the broker's topics once it has started; requests that come before wait for it. */
    void attach(LogManager brokerLogs) {
        logs.complete(brokerLogs);
    }

    @Override
    public LogManager logs() {
        return logs.join();
    }

    /**
     * Appends the batches of a produce request's partition: offsets assigned, nothing checked beyond the headers
     * (no CRC), nothing stored beyond the index entries and, while the pool has room, template copies.
     *
     * @param topic     the partition's topic
     * @param partition the partition's index
     * @param records   the batches, as sent
     * @return the base offset of the first batch
     * @throws CorruptRecordException               when the bytes do not hold whole batches
     * @throws InvalidRecordException               when a batch is not magic v2 (as the broker: INVALID_RECORD)
     * @throws InvalidTxnStateException             when a batch is transactional (the sink serves no transactions)
     */
    long append(Topic topic, int partition, ByteBuffer records) {
        int batches = 0;
        for (int position = records.position(), size; position < records.limit(); position += size) {
            size = checkedSize(records, position);
            batches++;
        }
        if (batches == 0) {
            throw new CorruptRecordException("A produce request's partition holds no record batch");
        }
        ByteBuffer[] served = new ByteBuffer[batches];
        int i = 0;
        for (int position = records.position(), size; position < records.limit(); position += size) {
            size = BatchHeader.sizeAt(records, position);
            served[i++] = templates.intern(records, position, size);
        }
        long base = partition(topic, partition).append(served, batches);
        appends.incrementAndGet();
        if (waiting.get() > 0) {
            lock.lock();
            try {
                appended.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return base;
    }

    private static int checkedSize(ByteBuffer records, int position) {
        int size = BatchHeader.sizeAt(records, position);
        if (size < 0) {
            throw new CorruptRecordException("A record batch is truncated or has an invalid length");
        }
        if (BatchHeader.magic(records, position) != BatchHeader.MAGIC_V2) {
            throw new InvalidRecordException("Only record batches of magic v2 are served");
        }
        if (BatchHeader.transactionalOrControl(records, position)) {
            throw new InvalidTxnStateException("The sink does not serve transactions");
        }
        return size;
    }

    @Override
    public long appends() {
        return appends.get();
    }

    @Override
    public void awaitAppend(long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        // registered before the check: an append that does not see a waiter was counted before the check below
        waiting.incrementAndGet();
        try {
            long remaining = deadlineNanos - System.nanoTime();
            while (appends.get() == seen && remaining > 0) {
                remaining = appended.awaitNanos(remaining);
            }
        } finally {
            waiting.decrementAndGet();
            lock.unlock();
        }
    }

    /** @return fetches waiting for an append now */
    int waitingFetches() {
        return waiting.get();
    }

    @Override
    public long endOffset(Topic topic, int partition) {
        return partition(topic, partition).end();
    }

    @Override
    public SinkFetchHandler.Read read(Topic topic, int partition, long offset, int maxBytes, boolean minOneBatch,
                                      int leaderEpoch) {
        return partition(topic, partition).read(offset, maxBytes, minOneBatch, leaderEpoch);
    }

    private SinkPartition partition(Topic topic, int partition) {
        return partitions.computeIfAbsent(new PartitionKey(topic.id(), partition), key -> new SinkPartition());
    }

    /** @return bytes of produced batches held as templates */
    public long templateBytes() {
        return templates.bytes();
    }

    /** @return produced batches held as templates */
    public int templateCount() {
        return templates.templates();
    }

    /** @return batches served as another batch's template because the template pool was full */
    public long substitutedBatches() {
        return templates.substituted();
    }
}
