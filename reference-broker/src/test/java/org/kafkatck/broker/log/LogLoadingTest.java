package org.kafkatck.broker.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loading the logs at start, on several threads: every partition comes back in its place with its end
 * offset and leader epoch, after a clean shutdown and after a crash, and a partition that cannot be
 * opened fails the start instead of going missing. Loading in the background, a partition is served
 * opened before the loaders reach it, and one that cannot be opened fails every reader of it.
 */
class LogLoadingTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final int TOPICS = 3;
    private static final int PARTITIONS = 20;

    @TempDir
    Path dir;

    private LogSettings settings() {
        return new LogSettings(dir, 1 << 20, MAX_MESSAGE, false, null);
    }

    private static void append(PartitionLog log, int records) {
        SimpleRecord[] simple = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            simple[i] = new SimpleRecord(1000L + i, null, ("v" + i).getBytes());
        }
        log.append(MemoryRecords.withRecords(Compression.NONE, simple), TimestampType.CREATE_TIME, MAX_MESSAGE,
                System.currentTimeMillis(), true);
    }

    /** Partition p of topic t holds t + p + 1 records, so a partition loaded in another's place shows. */
    private void fill(LogManager logs) {
        for (int t = 0; t < TOPICS; t++) {
            Topic topic = logs.createTopic("topic-" + t, PARTITIONS, Map.of());
            for (int p = 0; p < PARTITIONS; p++) {
                append(topic.partition(p), t + p + 1);
            }
        }
    }

    private void fillAndStopCleanly() {
        LogManager first = LogManager.open(settings());
        fill(first);
        first.close();
    }

    /** Opens the logs once more and checks every partition, as a start after a clean stop finds them. */
    private void assertLoadedAgain(int epoch) {
        LogManager again = LogManager.open(settings());
        assertLoaded(again, epoch);
        again.close();
    }

    private static void assertLoaded(LogManager logs, int epoch) {
        for (int t = 0; t < TOPICS; t++) {
            Topic topic = logs.topic("topic-" + t).orElseThrow();
            assertThat(topic.partitions()).hasSize(PARTITIONS);
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionLog log = topic.partition(p);
                assertThat(log.topicPartition().partition()).isEqualTo(p);
                assertThat(log.logEndOffset()).isEqualTo(t + p + 1);
                assertThat(log.leaderEpoch()).isEqualTo(epoch);
                assertThat(log.leaderEpochAt(0)).isEqualTo(LeaderEpochs.FIRST_EPOCH);
            }
        }
    }

    @Test
    void everyPartitionIsLoadedInItsPlaceAfterACleanShutdown() {
        fillAndStopCleanly();

        LogManager second = LogManager.open(settings());
        assertLoaded(second, LeaderEpochs.FIRST_EPOCH + 1);
        second.close();
        LogManager third = LogManager.open(settings());
        assertLoaded(third, LeaderEpochs.FIRST_EPOCH + 2);
        third.close();
    }

    @Test
    void everyPartitionIsRecoveredInItsPlaceAfterACrash() {
        LogManager first = LogManager.open(settings());
        fill(first);
        // no close: the next open finds no clean-shutdown marker and validates every log

        LogManager recovered = LogManager.open(settings());
        assertLoaded(recovered, LeaderEpochs.FIRST_EPOCH + 1);
        recovered.close();
    }

    @Test
    void aPartitionThatCannotBeOpenedFailsTheStart() throws Exception {
        fillAndStopCleanly();
        // a segment that is a directory cannot be read
        Path partition = dir.resolve("topic-1").resolve("17");
        Files.createDirectory(partition.resolve("00000000000000000100.log"));

        assertThatThrownBy(() -> LogManager.open(settings())).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("topic-1-17");
    }

    @Test
    void aPartitionAskedForWhileTheLogsLoadIsOpenedForItsReader() {
        fillAndStopCleanly();

        LogManager loading = LogManager.openLazily(settings(), org.kafkatck.broker.storage.LogDirectory.of(dir));
        try {
            // the topics are known at once; the last partition of the last topic, read before any loader has
            // started, is opened for its reader: the log as it was stopped, not a new or empty one
            assertThat(loading.topic("topic-" + (TOPICS - 1))).isPresent();
            PartitionLog last = loading.topic("topic-" + (TOPICS - 1)).orElseThrow().partition(PARTITIONS - 1);
            assertThat(last.logEndOffset()).isEqualTo(TOPICS - 1 + PARTITIONS);
            assertThat(last.leaderEpoch()).isEqualTo(LeaderEpochs.FIRST_EPOCH + 1);
            loading.loadInBackground();
            loading.awaitLoaded();
            assertLoaded(loading, LeaderEpochs.FIRST_EPOCH + 1);
        } finally {
            loading.close();
        }
        // the clean stop after a background load is a clean stop: the next start trusts the logs
        assertLoadedAgain(LeaderEpochs.FIRST_EPOCH + 2);
    }

    @Test
    void aPartitionThatCannotBeOpenedInTheBackgroundFailsItsReadersAndTheWait() throws Exception {
        fillAndStopCleanly();
        Files.createDirectory(dir.resolve("topic-2").resolve("3").resolve("00000000000000000100.log"));

        LogManager loading = LogManager.openLazily(settings(), org.kafkatck.broker.storage.LogDirectory.of(dir));
        loading.loadInBackground();
        Topic topic = loading.topic("topic-2").orElseThrow();
        assertThatThrownBy(() -> topic.partition(3)).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("topic-2-3");
        assertThat(topic.partition(4).logEndOffset()).isEqualTo(2 + 4 + 1);
        assertThatThrownBy(loading::awaitLoaded).isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("topic-2-3");
        // a broker that stops after such a start does not tell the next one its logs can be trusted
        loading.close();
        assertThat(dir.resolve(".clean-shutdown")).doesNotExist();
    }

    @Test
    void closingWhileTheLogsLoadStopsTheLoadingAndKeepsTheShutdownClean() {
        fillAndStopCleanly();

        LogManager loading = LogManager.openLazily(settings(), org.kafkatck.broker.storage.LogDirectory.of(dir));
        loading.loadInBackground();
        loading.close();
        // whatever was opened is closed again; nothing was lost, and the logs are trusted at the next start
        assertLoadedAgain(LeaderEpochs.FIRST_EPOCH + 2);
    }
}
