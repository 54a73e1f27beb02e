package org.kafkatck.broker.producer;

import java.nio.file.Path;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerStateManagerTest {
    private final ProducerStateManager state = new ProducerStateManager();

    @Test
    void unknownProducerMayStartAtAnySequence() {
        assertThat(state.check(1, (short) 0, 42, 44)).isEmpty();
    }

    @Test
    void sequencesMustFollowWithinAnEpoch() {
        state.update(1, (short) 0, new BatchMetadata(0, 2, 0, 2));
        assertThat(state.check(1, (short) 0, 3, 3)).isEmpty();
        assertThatThrownBy(() -> state.check(1, (short) 0, 5, 5)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void oneOfTheLastFiveBatchesIsADuplicate() {
        for (int i = 0; i < 6; i++) {
            state.update(1, (short) 0, new BatchMetadata(i, i, 10 + i, 10 + i));
        }
        assertThat(state.check(1, (short) 0, 5, 5)).hasValueSatisfying(b -> assertThat(b.firstOffset()).isEqualTo(15));
        assertThat(state.check(1, (short) 0, 1, 1)).hasValueSatisfying(b -> assertThat(b.firstOffset()).isEqualTo(11));
        assertThatThrownBy(() -> state.check(1, (short) 0, 0, 0)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void olderEpochIsFencedAndNewerEpochStartsAtZero() {
        state.update(1, (short) 3, new BatchMetadata(0, 0, 0, 0));
        assertThatThrownBy(() -> state.check(1, (short) 2, 1, 1)).isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> state.check(1, (short) 4, 1, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(state.check(1, (short) 4, 0, 0)).isEmpty();
    }

    @Test
    void sequenceWrapsAfterIntegerMax() {
        state.update(1, (short) 0, new BatchMetadata(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0, 1));
        assertThat(state.check(1, (short) 0, 0, 0)).isEmpty();
    }

    @Test
    void snapshotRoundTrips(@TempDir Path dir) throws Exception {
        state.update(7, (short) 1, new BatchMetadata(0, 4, 100, 104));
        state.writeSnapshot(dir.resolve("s"), 105);
        ProducerStateManager loaded = new ProducerStateManager();
        assertThat(loaded.loadSnapshot(dir.resolve("s"))).isEqualTo(105);
        assertThat(loaded.check(7, (short) 1, 0, 4)).isPresent();
        assertThat(loaded.loadSnapshot(dir.resolve("missing"))).isZero();
    }

    @Test
    void producerIdsAreNeverReusedAcrossRestarts(@TempDir Path dir) {
        ProducerIdManager first = ProducerIdManager.persistent(dir.resolve("ids"));
        long a = first.nextProducerId();
        long b = first.nextProducerId();
        ProducerIdManager second = ProducerIdManager.persistent(dir.resolve("ids"));
        assertThat(b).isEqualTo(a + 1);
        assertThat(second.nextProducerId()).isGreaterThan(b);
    }
}
