package org.kafkatck.tck.steps;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** DescribeLogDirs read raw: the broker's log directories and the size of each partition in them. */
public class LogDirSteps {
    private final World world;

    /** @param world the scenario's state */
    public LogDirSteps(World world) {
        this.world = world;
    }

    /** Produces one uncompressed batch raw and remembers its size: the bytes the partition must grow by. */
    @When("a batch of {int} records is produced to partition {int} of {string}")
    public void produceBatch(int count, int partition, String topic) {
        String physical = world.topic(topic);
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
        int size = batch.sizeInBytes();
        RawConnection connection = world.rawToLeader(physical, partition);
        ProduceResponseData response = connection.send(ApiKeys.PRODUCE, connection.version(ApiKeys.PRODUCE, (short) 12),
                Requests.produce(physical, partition, (short) -1, batch));
        assertThat(Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode()))
                .as("error of the produce").isEqualTo(Errors.NONE);
        world.remembered.merge("produced-bytes", (long) size, (a, b) -> (Long) a + (Long) b);
    }

    @When("the log dirs of the broker are described for {string}")
    public void describeFor(String topic) {
        DescribeLogDirsRequestData request = new DescribeLogDirsRequestData();
        request.setTopics(new DescribeLogDirsRequestData.DescribableLogDirTopicCollection());
        DescribeLogDirsRequestData.DescribableLogDirTopic wanted = new DescribeLogDirsRequestData.DescribableLogDirTopic()
                .setTopic(world.topic(topic));
        for (int p = 0; p < 8; p++) {
            wanted.partitions().add(p);
        }
        request.topics().add(wanted);
        describe(request);
    }

    @When("the log dirs of the broker are described for every topic")
    public void describeAll() {
        describe(new DescribeLogDirsRequestData().setTopics(null));
    }

    private void describe(DescribeLogDirsRequestData request) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.DESCRIBE_LOG_DIRS, (short) 4);
        DescribeLogDirsResponseData response = connection.send(ApiKeys.DESCRIBE_LOG_DIRS, version, request);
        world.remembered.put("log-dirs", response);
        world.remembered.put("log-dirs-version", version);
    }

    @Then("the broker reports {int} log dir(s), without error")
    public void logDirCount(int count) {
        DescribeLogDirsResponseData response = response();
        assertThat(Errors.forCode(response.errorCode())).as("top-level error").isEqualTo(Errors.NONE);
        assertThat(response.results()).as("log dirs").hasSize(count);
        response.results().forEach(r -> {
            assertThat(Errors.forCode(r.errorCode())).as("error of log dir %s", r.logDir()).isEqualTo(Errors.NONE);
            assertThat(r.logDir()).as("log dir path").startsWith("/");
        });
    }

    @Then("the log dir lists exactly partitions {int} to {int} of {string}, each of size {long} with offset lag 0")
    public void listsPartitions(int first, int last, String topic, long size) {
        Map<Integer, DescribeLogDirsResponseData.DescribeLogDirsPartition> partitions = partitionsOf(topic);
        assertThat(partitions.keySet()).as("partitions of %s listed", topic)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(first, last).boxed().toList());
        partitions.values().forEach(p -> {
            assertThat(p.partitionSize()).as("size of partition %d", p.partitionIndex()).isEqualTo(size);
            assertThat(p.offsetLag()).as("offset lag of partition %d", p.partitionIndex()).isZero();
            assertThat(p.isFutureKey()).as("future log").isFalse();
        });
    }

    @Then("partition {int} of {string} is listed with the size of the batches produced to it")
    public void sizeOfProduced(int partition, String topic) {
        DescribeLogDirsResponseData.DescribeLogDirsPartition p = partitionsOf(topic).get(partition);
        assertThat(p).as("partition %d of %s listed", partition, topic).isNotNull();
        assertThat(p.partitionSize()).as("size of partition %d: the bytes of its segments", partition)
                .isEqualTo((Long) world.remembered.get("produced-bytes"));
    }

    @Then("partition {int} of {string} is listed with size {long}")
    public void sizeOf(int partition, String topic, long size) {
        DescribeLogDirsResponseData.DescribeLogDirsPartition p = partitionsOf(topic).get(partition);
        assertThat(p).as("partition %d of %s listed", partition, topic).isNotNull();
        assertThat(p.partitionSize()).as("size of partition %d", partition).isEqualTo(size);
    }

    @Then("the log dir lists no partition of {string}")
    public void listsNone(String topic) {
        assertThat(partitionsOf(topic)).as("partitions of %s listed", topic).isEmpty();
    }

    @Then("the log dir reports its volume's total bytes and usable bytes, usable no more than total")
    public void volume() {
        assertThat((Short) world.remembered.get("log-dirs-version")).as("DescribeLogDirs version")
                .isGreaterThanOrEqualTo((short) 4);
        DescribeLogDirsResponseData.DescribeLogDirsResult dir = response().results().get(0);
        assertThat(dir.totalBytes()).as("total bytes").isPositive();
        assertThat(dir.usableBytes()).as("usable bytes").isPositive().isLessThanOrEqualTo(dir.totalBytes());
    }

    private Map<Integer, DescribeLogDirsResponseData.DescribeLogDirsPartition> partitionsOf(String topic) {
        String physical = world.topic(topic);
        Map<Integer, DescribeLogDirsResponseData.DescribeLogDirsPartition> partitions = new LinkedHashMap<>();
        for (DescribeLogDirsResponseData.DescribeLogDirsResult dir : response().results()) {
            for (DescribeLogDirsResponseData.DescribeLogDirsTopic t : dir.topics()) {
                if (t.name().equals(physical)) {
                    for (DescribeLogDirsResponseData.DescribeLogDirsPartition p : t.partitions()) {
                        assertThat(partitions.put(p.partitionIndex(), p)).as("partition %d listed once", p.partitionIndex())
                                .isNull();
                    }
                }
            }
        }
        return partitions;
    }

    private DescribeLogDirsResponseData response() {
        DescribeLogDirsResponseData response = (DescribeLogDirsResponseData) world.remembered.get("log-dirs");
        assertThat(response).as("DescribeLogDirs answered").isNotNull();
        return response;
    }
}
