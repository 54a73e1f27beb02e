package org.kafkatck.tck.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.tck.targets.ReferenceBrokerTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every phase of {@code bench --suite scale} at tiny sizes against the in-process reference broker: each runs, checks
 * what it moved and reports the documented metrics. No timing is asserted (the figures are the machine's).
 */
class ScaleSuiteTest {
    private static final ScaleSizes TINY = new ScaleSizes(20, 4, 2_000, 100, 2, 1L << 20, 100 * 1024, 8, 5, 10, 2, 30);

    private static ReferenceBrokerTarget broker;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() {
        broker = new ReferenceBrokerTarget();
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private ScaleSuite suite(List<String> phases, List<String> log) {
        return new ScaleSuite(TINY, phases, 0, 1, new BrokerProfiler(BrokerProfiler.Mode.NONE, workDir), workDir,
                log::add);
    }

    @Test
    void fanInAndTheGroupReadOfItsSize() throws Exception {
        ScaleSuite suite = suite(List.of("fan-in", "group"), new ArrayList<>());
        Map<String, Double> fanIn = suite.run("fan-in", "reference", broker);
        assertThat(fanIn).containsOnlyKeys("rec/s", "MB/s", "p50 ms", "p99 ms");
        assertThat(fanIn.get("rec/s")).isPositive();
        Map<String, Double> group = suite.run("group", "reference", broker);
        assertThat(group).containsOnlyKeys("rec/s", "full assignment ms");
        assertThat(group.get("full assignment ms")).isNotNegative();
    }

    @Test
    void theGroupsRecordsAreWrittenInFullBatchesPartitionAfterPartition() throws Exception {
        ScaleLoad load = new ScaleLoad(broker.bootstrapServers(), Map.of());
        load.createTopic("layout", 3);
        // 400 records of 16 + 100 bytes per partition: 3 full 16 KiB batches and a last one, on any broker
        load.fillInLayout("layout", 3, 400, 50, 100);
        try (org.kafkatck.tck.wire.RawConnection raw = org.kafkatck.tck.wire.RawConnection.open(
                broker.bootstrapServers(), java.time.Duration.ofSeconds(10), Map.of())) {
            for (int p = 0; p < 3; p++) {
                org.apache.kafka.common.message.FetchRequestData fetch = new org.apache.kafka.common.message.FetchRequestData()
                        .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 24);
                fetch.topics().add(new org.apache.kafka.common.message.FetchRequestData.FetchTopic().setTopic("layout")
                        .setPartitions(List.of(new org.apache.kafka.common.message.FetchRequestData.FetchPartition()
                                .setPartition(p).setFetchOffset(0).setPartitionMaxBytes(1 << 24))));
                org.apache.kafka.common.message.FetchResponseData response = raw.send(
                        org.apache.kafka.common.protocol.ApiKeys.FETCH, (short) 12, fetch);
                org.apache.kafka.common.record.internal.Records records = (org.apache.kafka.common.record.internal.Records)
                        response.responses().get(0).partitions().get(0).records();
                List<Long> sizes = new ArrayList<>();
                long count = 0;
                for (var batch : records.batches()) {
                    sizes.add((long) batch.sizeInBytes());
                    count += batch.nextOffset() - batch.baseOffset();
                }
                assertThat(count).as("records of partition %d", p).isEqualTo(400);
                assertThat(sizes).as("batches of partition %d", p).hasSize(4);
            }
        }
        load.deleteTopics(List.of("layout"));
    }

    @Test
    void theLoadsCountExactlyWhatTheyMoved() throws Exception {
        ScaleLoad load = new ScaleLoad(broker.bootstrapServers(), Map.of());
        load.createTopic("exact", 6);
        PhaseResult produced = load.fanIn("exact", 3, 1_000, 50, 100);
        assertThat(produced.records()).isEqualTo(1_000);
        assertThat(produced.bytes()).isEqualTo(100_000);
        ScaleLoad.GroupRead read = load.groupRead("exact", 6, 3, 1_000, "exact-group", Map.of());
        assertThat(read.result().records()).isEqualTo(1_000);
        assertThat(read.result().bytes()).isEqualTo(100_000);
        assertThat(read.assignmentMillis()).isNotNegative();
        assertThat(load.consumeAll("exact", 6, 1_000, Map.of()).records()).isEqualTo(1_000);
        load.deleteTopics(List.of("exact"));
    }

    @Test
    void catchUpReadsTheBacklogWrittenOnce() throws Exception {
        List<String> log = new ArrayList<>();
        ScaleSuite suite = suite(List.of("catch-up"), log);
        assertThat(suite.run("catch-up", "reference", broker)).containsOnlyKeys("MB/s", "time to lag 0 s");
        assertThat(suite.run("catch-up", "reference", broker)).containsOnlyKeys("MB/s", "time to lag 0 s");
        assertThat(log).filteredOn(line -> line.contains("backlog of 1024 records x 1024 B written")).hasSize(1);
    }

    @Test
    void bigRecords() throws Exception {
        Map<String, Double> metrics = suite(List.of("big-records"), new ArrayList<>()).run("big-records", "reference",
                broker);
        assertThat(metrics).containsOnlyKeys("produce MB/s", "produce p99 ms", "consume MB/s");
    }

    @Test
    void manyClientsMeasureEveryAcknowledgedSend() throws Exception {
        ScaleLoad load = new ScaleLoad(broker.bootstrapServers(), Map.of());
        load.createTopic("many", 4);
        PhaseResult result = load.manyClients("many", 5, 10, 2, 100);
        // 5 clients x 10/s for 2 measured seconds, give or take the sends at the window's edges
        assertThat(result.records()).isBetween(90L, 110L);
        assertThat(result.p999Ms()).isGreaterThanOrEqualTo(result.p50Ms());
        assertThat(suite(List.of("many-clients"), new ArrayList<>()).run("many-clients", "reference", broker))
                .containsOnlyKeys("rec/s", "p50 ms", "p99 ms", "p99.9 ms");
    }

    @Test
    void startUpAfterACleanStopAndAfterACrash() throws Exception {
        Map<String, Double> metrics = suite(List.of("startup"), new ArrayList<>()).run("startup", "reference", broker);
        // the in-process broker has no process start to time: only the time to every partition answering
        assertThat(metrics).containsOnlyKeys("clean: all partitions ms", "kill -9: all partitions ms");
    }

    @Test
    void kafkasPerfToolsInChildJvms() throws Exception {
        Map<String, Double> metrics = suite(List.of("perf-tools"), new ArrayList<>()).run("perf-tools", "reference",
                broker);
        assertThat(metrics).containsOnlyKeys("produce rec/s", "produce p99 ms", "consume rec/s", "consume MB/s");
        assertThat(metrics.get("consume rec/s")).isPositive();
    }

    @Test
    void aRunSamplesTheBrokerProcessAndReportsTheMedians() {
        // the in-process broker is no process of its own: the report has the phase's metrics without CPU and memory
        List<String> log = new ArrayList<>();
        ScaleReport report = new ScaleReport();
        suite(List.of("big-records"), log).run(Map.of("reference", broker), report);
        assertThat(log).singleElement().asString().contains("reference").contains("big records");
        assertThat(report.render("h")).contains("big records      produce MB/s               reference")
                .doesNotContain("broker CPU s");
    }
}
