package org.kafkatck.broker.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.TopicPartition;

/**
 * An {@link OffsetStore} (in memory or on disk) that can stop the next commit or group deletion at
 * a chosen point until the test lets it go: the critical points of the races a coordinator must
 * serialise, made deterministic.
 */
final class PausingOffsetStore extends OffsetStore {
    private final OffsetStore delegate;
    private final AtomicReference<Pause> beforeCommit = new AtomicReference<>();
    private final AtomicReference<Pause> midCommit = new AtomicReference<>();
    private final AtomicReference<Pause> beforeGroupDeletion = new AtomicReference<>();

    PausingOffsetStore(OffsetStore delegate) {
        super(null, false);
        this.delegate = delegate;
    }

    /** The next commit stops before it writes anything. */
    Pause pauseNextCommit() {
        return arm(beforeCommit);
    }

    /**
     * The next commit writes its first partition, then stops before the others: a store whose
     * multi-partition write is not atomic to readers, as a map updated entry by entry is not.
     */
    Pause pauseNextCommitHalfway() {
        return arm(midCommit);
    }

    /** The next group deletion stops before it deletes anything. */
    Pause pauseNextGroupDeletion() {
        return arm(beforeGroupDeletion);
    }

    private static Pause arm(AtomicReference<Pause> point) {
        Pause pause = new Pause();
        point.set(pause);
        return pause;
    }

    @Override
    public Set<String> groups() {
        return delegate.groups();
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return delegate.offsets(groupId);
    }

    @Override
    public void commit(String groupId, Map<TopicPartition, CommittedOffset> commits) {
        Pause before = beforeCommit.getAndSet(null);
        if (before != null) {
            before.hold();
        }
        Pause halfway = midCommit.getAndSet(null);
        if (halfway == null || commits.size() < 2) {
            delegate.commit(groupId, commits);
            return;
        }
        Map<TopicPartition, CommittedOffset> rest = new LinkedHashMap<>(commits);
        TopicPartition first = rest.keySet().iterator().next();
        delegate.commit(groupId, Map.of(first, rest.remove(first)));
        halfway.hold();
        delegate.commit(groupId, rest);
    }

    @Override
    public void delete(String groupId, Set<TopicPartition> partitions) {
        delegate.delete(groupId, partitions);
    }

    @Override
    public void deleteGroup(String groupId) {
        Pause before = beforeGroupDeletion.getAndSet(null);
        if (before != null) {
            before.hold();
        }
        delegate.deleteGroup(groupId);
    }

    @Override
    public void deleteTopic(String topic) {
        delegate.deleteTopic(topic);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** One stop: the store's thread reports it reached the point, then waits for the test. */
    static final class Pause {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private void hold() {
            reached.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the paused store operation");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Waits until the store's thread stands at the point. */
        void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the store operation never reached its pause point");
            }
        }

        /** Lets the store's thread carry on. */
        void release() {
            released.countDown();
        }
    }
}
