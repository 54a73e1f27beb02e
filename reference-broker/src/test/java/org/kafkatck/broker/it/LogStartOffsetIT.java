package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin client's deleteRecords moves the log start offset, and a restarted broker keeps it. */
class LogStartOffsetIT {

    @Test
    void deletedRecordsStayDeletedAfterARestart(@TempDir Path dataDir) throws Exception {
        BrokerConfig config = BrokerConfig.forTests().withDiskStorage(dataDir);
        TopicPartition tp = new TopicPartition("trimmed", 0);
        try (ReferenceBroker broker = ReferenceBroker.start(config)) {
            try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
                admin.createTopics(List.of(new NewTopic("trimmed", 1, (short) 1))).all().get();
                try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
                    for (int i = 0; i < 10; i++) {
                        producer.send(new ProducerRecord<>("trimmed", 0, "k" + i, "v" + i)).get();
                    }
                }
                long lowWatermark = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(7)))
                        .lowWatermarks().get(tp).get().lowWatermark();
                assertThat(lowWatermark).isEqualTo(7);
            }
        }
        try (ReferenceBroker broker = ReferenceBroker.start(config);
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset())
                    .as("log start offset after a restart").isEqualTo(7);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                    .isEqualTo(10);
        }
    }
}
