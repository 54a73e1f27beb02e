package org.kafkatck.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicSettingsTest {
    private static final LogSettings BROKER = new LogSettings(null, 4096, 2_000_000, false, null);

    @Test
    void defaultsComeFromKafkaAndTheBroker() {
        TopicSettings settings = TopicSettings.of(Map.of(), BROKER);
        assertThat(settings.retentionMs()).isEqualTo(604_800_000L);
        assertThat(settings.retentionBytes()).isEqualTo(-1L);
        assertThat(settings.maxMessageBytes()).isEqualTo(2_000_000);
        assertThat(settings.segmentBytes()).isEqualTo(4096);
        assertThat(settings.deletes()).isTrue();
        assertThat(settings.compacts()).isFalse();
        assertThat(settings.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(settings.compressionType()).isEqualTo("producer");
        assertThat(settings.valueOf("cleanup.policy")).isEqualTo("delete");
        assertThat(settings.explicit()).isEmpty();
    }

    @Test
    void explicitConfigsOverrideDefaults() {
        TopicSettings settings = TopicSettings.of(Map.of("cleanup.policy", "compact,delete", "retention.ms", "1500",
                "message.timestamp.type", "LogAppendTime", "max.message.bytes", "100"), BROKER);
        assertThat(settings.compacts()).isTrue();
        assertThat(settings.deletes()).isTrue();
        assertThat(settings.retentionMs()).isEqualTo(1500L);
        assertThat(settings.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(settings.maxMessageBytes()).isEqualTo(100);
        assertThat(settings.valueOf("cleanup.policy")).isEqualTo("compact,delete");
        assertThat(settings.isExplicit("retention.ms")).isTrue();
        assertThat(settings.isExplicit("segment.ms")).isFalse();
    }

    @Test
    void unknownNamesAndBadValuesAreRefusedAsKafkaRefusesThem() {
        assertThatThrownBy(() -> TopicSettings.of(Map.of("no.such.config", "1"), BROKER))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Unknown topic config name: no.such.config");
        assertThatThrownBy(() -> TopicSettings.of(Map.of("retention.ms", "soon"), BROKER))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid value soon for configuration retention.ms");
        assertThatThrownBy(() -> TopicSettings.of(Map.of("segment.bytes", "1000"), BROKER))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Value must be at least 1048576");
        assertThatThrownBy(() -> TopicSettings.of(Map.of("cleanup.policy", "shred"), BROKER))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> TopicSettings.of(Map.of("message.timestamp.type", "Now"), BROKER))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("message.timestamp.type");
    }

    @Test
    void alteredConfigsTakeEffectAndSurviveARestart(@TempDir Path dir) {
        LogSettings durable = new LogSettings(dir, 1 << 20, 1_000_000, false, null);
        try (LogManager logs = LogManager.open(durable)) {
            Topic topic = logs.createTopic("orders", 1, Map.of("retention.ms", "1000"));
            logs.alterTopicConfigs("orders", Map.of("max.message.bytes", "500"), true);
            assertThat(topic.settings().retentionMs()).as("validate-only changes nothing").isEqualTo(1000L);
            logs.alterTopicConfigs("orders", Map.of("max.message.bytes", "500"), false);
            assertThat(topic.maxMessageBytes()).isEqualTo(500);
            assertThat(topic.settings().retentionMs()).as("a config no longer named falls back to its default")
                    .isEqualTo(604_800_000L);
            assertThatThrownBy(() -> logs.alterTopicConfigs("nothing", Map.of(), false))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
            assertThatThrownBy(() -> logs.alterTopicConfigs("orders", Map.of("max.message.bytes", "-5"), false))
                    .isInstanceOf(InvalidConfigurationException.class);
            assertThat(topic.maxMessageBytes()).isEqualTo(500);
        }
        try (LogManager logs = LogManager.open(durable)) {
            assertThat(logs.topic("orders").orElseThrow().configs()).isEqualTo(Map.of("max.message.bytes", "500"));
        }
    }
}
