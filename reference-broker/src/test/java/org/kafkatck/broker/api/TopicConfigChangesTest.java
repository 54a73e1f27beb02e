package org.kafkatck.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

class TopicConfigChangesTest {
    private static final byte SET = 0;
    private static final byte DELETE = 1;
    private static final byte APPEND = 2;
    private static final byte SUBTRACT = 3;

    private static Map<String, String> apply(Map<String, String> configs, TopicConfigChanges.Change... changes) {
        return TopicConfigChanges.apply(new LinkedHashMap<>(configs), List.of(changes));
    }

    @Test
    void setAndDeleteChangeOnlyTheNamedConfig() {
        Map<String, String> configs = apply(Map.of("retention.ms", "1000", "segment.ms", "5000"),
                new TopicConfigChanges.Change("retention.ms", SET, "2000"),
                new TopicConfigChanges.Change("segment.ms", DELETE, null));
        assertThat(configs).containsExactly(Map.entry("retention.ms", "2000"));
    }

    @Test
    void appendStartsFromKafkasDefaultAndSkipsValuesAlreadyThere() {
        assertThat(apply(Map.of(), new TopicConfigChanges.Change("cleanup.policy", APPEND, "compact")))
                .containsEntry("cleanup.policy", "delete,compact");
        assertThat(apply(Map.of("cleanup.policy", "compact"),
                new TopicConfigChanges.Change("cleanup.policy", APPEND, "compact")))
                .containsEntry("cleanup.policy", "compact");
    }

    @Test
    void subtractRemovesFromTheList() {
        assertThat(apply(Map.of("cleanup.policy", "compact,delete"),
                new TopicConfigChanges.Change("cleanup.policy", SUBTRACT, "delete")))
                .containsEntry("cleanup.policy", "compact");
    }

    @Test
    void appendToAConfigThatIsNotAListIsAnInvalidConfig() {
        assertThatThrownBy(() -> apply(Map.of(), new TopicConfigChanges.Change("retention.ms", APPEND, "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't APPEND to key retention.ms because its type is not LIST.");
    }

    @Test
    void anUnknownNameIsAnInvalidConfig() {
        assertThatThrownBy(() -> apply(Map.of(), new TopicConfigChanges.Change("no.such.config", SET, "1")))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void aConfigNamedTwiceIsAnInvalidRequest() {
        assertThatThrownBy(() -> TopicConfigChanges.checkRequest(List.of(
                new TopicConfigChanges.Change("retention.ms", SET, "1"),
                new TopicConfigChanges.Change("retention.ms", DELETE, null))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aSetWithoutAValueIsAnInvalidRequest() {
        assertThatThrownBy(() -> TopicConfigChanges.checkRequest(List.of(
                new TopicConfigChanges.Change("retention.ms", SET, null))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Null value not supported for : retention.ms");
        TopicConfigChanges.checkRequest(List.of(new TopicConfigChanges.Change("retention.ms", DELETE, null)));
    }
}
