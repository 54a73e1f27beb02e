package org.kafkatck.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** The topic-config checks and rewrites a produced batch goes through: timestamp bounds and compression.type. */
class ProduceValidationTest {
    private static final LogSettings BROKER = new LogSettings(null, 1 << 20, 1_048_588, false, null);
    private static final long NOW = 1_700_000_000_000L;

    private static MemoryRecords batch(Compression compression, long... timestamps) {
        SimpleRecord[] records = new SimpleRecord[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            records[i] = new SimpleRecord(timestamps[i], ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(compression, 42L, (short) 3, 7, records);
    }

    @Test
    void everyRecordOutsideTheBoundsIsNamed() {
        TopicSettings settings = TopicSettings.of(Map.of("message.timestamp.after.max.ms", "1000",
                "message.timestamp.before.max.ms", "1000"), BROKER);
        assertThatThrownBy(() -> RecordTimestamps.check(batch(Compression.NONE, NOW, NOW + 5000, NOW - 5000, NOW),
                settings, NOW))
                .isInstanceOfSatisfying(RecordValidationException.class, e -> {
                    assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP);
                    assertThat(e.getMessage()).isEqualTo("One or more records have been rejected due to invalid timestamp");
                    assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex)
                            .containsExactly(1, 2);
                    assertThat(e.recordErrors().get(0).message()).contains(Long.toString(NOW + 5000));
                });
    }

    @Test
    void timestampsAreNotCheckedOnLogAppendTimeTopics() {
        TopicSettings settings = TopicSettings.of(Map.of("message.timestamp.type", "LogAppendTime",
                "message.timestamp.after.max.ms", "0"), BROKER);
        RecordTimestamps.check(batch(Compression.NONE, NOW + 1_000_000), settings, NOW);
    }

    @Test
    void theDefaultsAcceptAnyPastAndAnHourAhead() {
        TopicSettings settings = TopicSettings.of(Map.of(), BROKER);
        RecordTimestamps.check(batch(Compression.gzip().build(), 0L, NOW + 3_600_000L), settings, NOW);
        assertThatThrownBy(() -> RecordTimestamps.check(batch(Compression.NONE, NOW + 3_600_001L), settings, NOW))
                .isInstanceOf(RecordValidationException.class);
    }

    @Test
    void aTopicCodecRewritesTheBatchKeepingRecordsAndProducerFields() {
        MemoryRecords original = batch(Compression.NONE, NOW, NOW + 1);
        MemoryRecords rewritten = TopicCompression.toTopicCodec(original,
                TopicSettings.of(Map.of("compression.type", "gzip"), BROKER), true);
        RecordBatch batch = rewritten.batches().iterator().next();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(batch.producerId()).isEqualTo(42L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(7);
        assertThat(batch.isValid()).isTrue();
        List<String> values = new ArrayList<>();
        for (Record record : batch) {
            values.add(StandardCharsets.UTF_8.decode(record.value()) + "@" + record.timestamp());
        }
        assertThat(values).containsExactly("v0@" + NOW, "v1@" + (NOW + 1));
    }

    @Test
    void producerAndTheSameCodecKeepTheBatchAsItIs() {
        MemoryRecords gzip = batch(Compression.gzip().build(), NOW);
        assertThat(TopicCompression.toTopicCodec(gzip, TopicSettings.of(Map.of(), BROKER), true)).isSameAs(gzip);
        assertThat(TopicCompression.toTopicCodec(gzip, TopicSettings.of(Map.of("compression.type", "gzip"), BROKER),
                true)).isSameAs(gzip);
    }

    @Test
    void uncompressedDecompresses() {
        MemoryRecords lz4 = batch(Compression.lz4().build(), NOW);
        MemoryRecords rewritten = TopicCompression.toTopicCodec(lz4,
                TopicSettings.of(Map.of("compression.type", "uncompressed"), BROKER), true);
        assertThat(rewritten.batches().iterator().next().compressionType()).isEqualTo(CompressionType.NONE);
    }

    @Test
    void aCompressedRecordAboveMaxDecompressedMessageBytesIsAnInvalidRecord() {
        TopicSettings settings = TopicSettings.of(Map.of("max.decompressed.message.bytes", "20"), BROKER);
        MemoryRecords big = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(NOW, null, "x".repeat(100).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> DecompressedRecordSize.check(big, settings))
                .isInstanceOf(org.apache.kafka.common.InvalidRecordException.class);
        DecompressedRecordSize.check(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(NOW, null, "x".repeat(100).getBytes(StandardCharsets.UTF_8))), settings);
    }
}
