package org.kafkatck.broker.sink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.api.SinkFetchHandler.Read;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's partition index and template pool, without a broker. */
class SinkPartitionTest {
    private static ByteBuffer batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(UTF_8), values[i].getBytes(UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records).buffer();
    }

    private static ByteBuffer intern(TemplatePool pool, ByteBuffer batch) {
        return pool.intern(batch, batch.position(), batch.remaining());
    }

    private static List<String> values(Read read) {
        List<String> values = new ArrayList<>();
        for (Record record : read.records().records()) {
            values.add(record.offset() + ":" + UTF_8.decode(record.value()));
        }
        return values;
    }

    @Test
    void servesWholeBatchesWithTheirOffsetsAndLeaderEpochStampedAndValidCrcs() {
        TemplatePool pool = new TemplatePool(1 << 20, 100);
        SinkPartition partition = new SinkPartition();
        assertThat(partition.append(new ByteBuffer[] {intern(pool, batch("a", "b", "c"))}, 1)).isZero();
        assertThat(partition.append(new ByteBuffer[] {intern(pool, batch("d")), intern(pool, batch("e", "f"))}, 2))
                .isEqualTo(3);
        assertThat(partition.end()).isEqualTo(6);

        Read read = partition.read(4, Integer.MAX_VALUE, false, 7);
        // the batch holding offset 4 starts at 4; a fetch from inside a batch gets the whole batch
        assertThat(values(read)).containsExactly("4:e", "5:f");
        assertThat(values(partition.read(1, Integer.MAX_VALUE, false, 7)))
                .containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f");
        assertThat(read.endOffset()).isEqualTo(6);
        for (MutableRecordBatch served : partition.read(0, Integer.MAX_VALUE, false, 7).records().batches()) {
            assertThat(served.partitionLeaderEpoch()).isEqualTo(7);
            served.ensureValid(); // the CRC does not cover the stamped fields
        }
    }

    @Test
    void honoursMaxBytesButReturnsTheFirstBatchWholeWhenAskedTo() {
        TemplatePool pool = new TemplatePool(1 << 20, 100);
        SinkPartition partition = new SinkPartition();
        ByteBuffer first = intern(pool, batch("a", "b"));
        ByteBuffer second = intern(pool, batch("c"));
        partition.append(new ByteBuffer[] {first, second}, 2);

        assertThat(values(partition.read(0, first.remaining() - 1, true, 0))).containsExactly("0:a", "1:b");
        assertThat(partition.read(0, first.remaining() - 1, false, 0).records().sizeInBytes()).isZero();
        assertThat(values(partition.read(0, first.remaining() + second.remaining() - 1, false, 0))).containsExactly("0:a", "1:b");
        assertThat(values(partition.read(0, first.remaining() + second.remaining(), false, 0)))
                .containsExactly("0:a", "1:b", "2:c");
    }

    @Test
    void theEndIsEmptyAndBeyondItIsOutOfRange() {
        SinkPartition partition = new SinkPartition();
        assertThat(partition.read(0, 1000, true, 0).records().sizeInBytes()).isZero();
        partition.append(new ByteBuffer[] {intern(new TemplatePool(1 << 20, 100), batch("a"))}, 1);
        assertThat(partition.read(1, 1000, true, 0).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> partition.read(2, 1000, true, 0)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> partition.read(-1, 1000, true, 0)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void aFullPoolServesABatchOfTheSameSpanAndSizeSoOffsetsAndBytesStayExact() {
        ByteBuffer kept = batch("aa", "bb");
        TemplatePool pool = new TemplatePool(kept.remaining(), 100);
        ByteBuffer template = intern(pool, kept);

        assertThat(intern(pool, batch("aa", "bb"))).isSameAs(template); // same content: the same copy, not counted
        assertThat(intern(pool, batch("cc", "dd"))).isSameAs(template); // same span and size, pool full
        ByteBuffer smaller = batch("c", "d");
        ByteBuffer otherSize = intern(pool, smaller);
        // same span, no template of that size: a synthetic batch of the same span and size
        assertThat(otherSize).isNotSameAs(template);
        assertThat(TemplatePool.lastOffsetDelta(otherSize)).isEqualTo(1);
        assertThat(otherSize.remaining()).isEqualTo(smaller.remaining());
        ByteBuffer big = batch("x".repeat(1 << 20), "y", "z");
        ByteBuffer newSpan = intern(pool, big);
        assertThat(TemplatePool.lastOffsetDelta(newSpan)).isEqualTo(2); // synthetic: three records, the same 1 MiB
        assertThat(newSpan.remaining()).isEqualTo(big.remaining());
        // over the stand-ins' budget (the pool's capacity): not kept, built again alike
        assertThat(intern(pool, batch("x".repeat(1 << 20), "v", "w"))).isNotSameAs(newSpan).isEqualTo(newSpan);
        assertThat(intern(pool, batch("e", "f"))).isSameAs(otherSize); // within the budget: kept
        SimpleRecord[] many = new SimpleRecord[50];
        for (int i = 0; i < many.length; i++) {
            many[i] = new SimpleRecord(1_000L, null, "same".getBytes(UTF_8));
        }
        ByteBuffer compressed = MemoryRecords.withRecords(Compression.gzip().build(), many).buffer();
        ByteBuffer tooSmall = intern(pool, compressed);
        // smaller than any uncompressed batch of 50 records: the synthetic batch of the span, without values
        assertThat(TemplatePool.lastOffsetDelta(tooSmall)).isEqualTo(49);
        assertThat(tooSmall.remaining()).isGreaterThan(compressed.remaining());
        assertThat(pool.templates()).isEqualTo(1);
        assertThat(pool.bytes()).isEqualTo(kept.remaining());
        assertThat(pool.substituted()).isEqualTo(6);

        SinkPartition partition = new SinkPartition();
        partition.append(new ByteBuffer[] {template, newSpan}, 2);
        List<Record> records = new ArrayList<>();
        partition.read(0, Integer.MAX_VALUE, false, 0).records().records().forEach(records::add);
        assertThat(records).extracting(Record::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(records.get(4).hasValue()).isFalse();
    }
}
