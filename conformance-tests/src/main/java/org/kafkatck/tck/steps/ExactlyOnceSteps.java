package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-process-write (KIP-98, KIP-447): a processor consumes an input partition under read_committed with a
 * consumer group, writes a copy of each record to an output partition, and commits the group's offsets in the
 * same transaction ({@code sendOffsetsToTransaction}). Each processor resumes from the offsets its group
 * committed, as the broker answers them: nothing is remembered by the steps, so a broker that loses or
 * wrongly keeps offsets makes the processor copy records twice or not at all.
 */
public class ExactlyOnceSteps {
    private final World world;
    private final Map<String, Processor> processors = new HashMap<>();

    /** @param world the scenario's state */
    public ExactlyOnceSteps(World world) {
        this.world = world;
    }

    /** One instance of a read-process-write application: a read_committed consumer and a transactional producer. */
    private final class Processor {
        private final TopicPartition in;
        private final String out;
        private final String group;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        /** Records polled and not yet processed. */
        private final Deque<ConsumerRecord<byte[], byte[]>> polled = new ArrayDeque<>();

        Processor(String in, String out, String transactionalId, String group) {
            this.in = new TopicPartition(world.topic(in), 0);
            this.out = world.topic(out);
            this.group = world.name(group);
            this.producer = world.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, world.name(transactionalId)));
            // a new instance fences the previous one and ends its open transaction before it may start
            producer.initTransactions();
            this.consumer = world.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, this.group,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
            // the position comes from the group's committed offset (OffsetFetch, requiring stable offsets)
            consumer.assign(List.of(this.in));
        }

        /** Begins a transaction and writes a copy of the next {@code count} input records, with their offsets. */
        void copyNext(int count) {
            List<ConsumerRecord<byte[], byte[]>> batch = next(count);
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                producer.send(new ProducerRecord<>(out, 0, record.key(), record.value()));
            }
            producer.sendOffsetsToTransaction(Map.of(in, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1)),
                    new ConsumerGroupMetadata(group));
            // what was sent is on the broker: an abort or a crash must find the records written
            producer.flush();
        }

        private List<ConsumerRecord<byte[], byte[]>> next(int count) {
            long deadline = System.nanoTime() + World.STEP_TIMEOUT.toNanos();
            while (polled.size() < count && System.nanoTime() < deadline) {
                world.trail().clientCall(ApiKeys.FETCH);
                consumer.poll(Duration.ofMillis(100)).forEach(polled::add);
            }
            assertThat(polled).as("records of %s the processor read from its group's committed offset", in)
                    .hasSizeGreaterThanOrEqualTo(count);
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(polled.removeFirst());
            }
            return batch;
        }

        /** After an abort: forgets what it read and goes back to the offset its group has committed. */
        void rewind() {
            polled.clear();
            OffsetAndMetadata committed = consumer.committed(Set.of(in), World.STEP_TIMEOUT).get(in);
            if (committed == null) {
                consumer.seekToBeginning(List.of(in));
            } else {
                consumer.seek(in, committed.offset());
            }
        }

        /** Dies without a word: no EndTxn, no flush of anything not yet sent, no LeaveGroup. */
        void crash() {
            producer.close(Duration.ZERO);
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
        }
    }

    @Given("{string} holds the records {string}")
    public void holds(String topic, String values) throws Exception {
        KafkaProducer<byte[], byte[]> producer = world.producer(Map.of());
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
        for (String value : values.split(",")) {
            acks.add(producer.send(new ProducerRecord<>(world.topic(topic), 0, null, value.strip().getBytes())));
        }
        for (java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> ack : acks) {
            ack.get(20, TimeUnit.SECONDS);
        }
    }

    @Given("processor {string} copies {string} to {string} with transactional id {string} in group {string}")
    @When("processor {string} starts copying {string} to {string} with transactional id {string} in group {string}")
    public void processor(String alias, String in, String out, String transactionalId, String group) {
        processors.put(alias, new Processor(in, out, transactionalId, group));
    }

    @When("{string} copies the next {int} records in a committed transaction")
    public void copiesAndCommits(String alias, int count) {
        Processor processor = processor(alias);
        processor.copyNext(count);
        processor.producer.commitTransaction();
    }

    @When("{string} copies the next {int} records in a transaction")
    public void copiesInOpenTransaction(String alias, int count) {
        processor(alias).copyNext(count);
    }

    @When("{string} commits the transaction of its copies")
    public void commitsCopies(String alias) {
        processor(alias).producer.commitTransaction();
    }

    @When("{string} copies the next {int} records in an aborted transaction and goes back to its group's committed offset")
    public void copiesAndAborts(String alias, int count) {
        Processor processor = processor(alias);
        processor.copyNext(count);
        processor.producer.abortTransaction();
        processor.rewind();
    }

    @When("{string} copies the next {int} records in a transaction and crashes before committing it")
    public void copiesAndCrashes(String alias, int count) {
        Processor processor = processor(alias);
        processor.copyNext(count);
        processor.crash();
        processors.remove(alias);
    }

    private Processor processor(String alias) {
        Processor processor = processors.get(alias);
        assertThat(processor).as("processor %s", alias).isNotNull();
        return processor;
    }
}
