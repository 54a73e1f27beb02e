package org.kafkatck.broker.api;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound and the eviction order of incremental fetch sessions (KIP-227). */
class FetchSessionCacheTest {
    private static FetchSession.SessionPartition partition(int index) {
        return new FetchSession.SessionPartition(false, "t", null, index, 0, 1024, -1);
    }

    @Test
    void aFullCacheEvictsTheSessionUsedLeastRecently() {
        FetchSessionCache cache = new FetchSessionCache(2);
        FetchSession first = cache.create(false, List.of(partition(0)));
        FetchSession second = cache.create(false, List.of(partition(1)));
        assertThat(cache.get(first.id())).isSameAs(first); // first is now the most recently used

        FetchSession third = cache.create(false, List.of(partition(2)));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(second.id())).isNull();
        assertThat(cache.get(first.id())).isSameAs(first);
        assertThat(cache.get(third.id())).isSameAs(third);
    }

    @Test
    void sessionIdsAreNeverZeroAndDistinct() {
        FetchSessionCache cache = new FetchSessionCache(1000);
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int id = cache.create(false, List.of(partition(0))).id();
            assertThat(id).isPositive();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void aCacheOfZeroDeclinesSessions() {
        assertThat(new FetchSessionCache(0).create(false, List.of(partition(0)))).isNull();
    }

    @Test
    void theEpochMovesOnByOne() {
        FetchSession session = new FetchSession(7, false, List.of(partition(0)));
        assertThat(session.epoch()).isEqualTo(1);
        session.advance();
        assertThat(session.epoch()).isEqualTo(2);
    }

    @Test
    void aPartitionThatReturnedRecordsIsReadLast() {
        FetchSession session = new FetchSession(7, false, List.of(partition(0), partition(1), partition(2)));
        session.rotate(session.partitions().get(0));
        assertThat(session.partitions()).extracting(p -> p.partition).containsExactly(1, 2, 0);
    }
}
