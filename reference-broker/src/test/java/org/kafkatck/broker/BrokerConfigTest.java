package org.kafkatck.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    private static BrokerConfig parse(Map<String, String> values) {
        return BrokerConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).addSource(ConfigSources.classpath("application.yaml")).build());
    }

    @Test
    void defaultsMatchApacheKafka() {
        BrokerConfig config = parse(Map.of());
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.storage()).isEqualTo(BrokerConfig.Storage.DISK);
        assertThat(config.segmentBytes()).isEqualTo(1L << 30);
        assertThat(config.maxMessageBytes()).isEqualTo(1_048_588);
        assertThat(config.flushPolicy()).isEqualTo(BrokerConfig.FlushPolicy.OS);
        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.effectiveAdvertisedHost()).isEqualTo("localhost");
        assertThat(config.connectionsMaxIdle()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void valuesAreOverridden() {
        BrokerConfig config = parse(Map.of("broker.port", "0", "broker.storage.mode", "memory",
                "broker.topics.autocreate", "false", "broker.advertised.host", "kafka.example"));
        assertThat(config.kafkaPort()).isZero();
        assertThat(config.storage()).isEqualTo(BrokerConfig.Storage.MEMORY);
        assertThat(config.autoCreateTopics()).isFalse();
        assertThat(config.effectiveAdvertisedHost()).isEqualTo("kafka.example");
        assertThat(parse(Map.of("broker.connections.max.idle.ms", "1500")).connectionsMaxIdle())
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> parse(Map.of("broker.port", "ninety")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: broker.port = 'ninety', expected an integer from 0 to 65535");
        assertThatThrownBy(() -> parse(Map.of("broker.port", "70000")))
                .hasMessageContaining("broker.port");
        assertThatThrownBy(() -> parse(Map.of("broker.storage.mode", "tape")))
                .hasMessage("Invalid configuration: broker.storage.mode = 'tape', expected one of [disk, memory]");
        assertThatThrownBy(() -> parse(Map.of("broker.topics.autocreate", "maybe")))
                .hasMessageContaining("broker.topics.autocreate");
        assertThatThrownBy(() -> parse(Map.of("broker.topics.partitions", "0")))
                .hasMessageContaining("broker.topics.partitions");
        assertThatThrownBy(() -> parse(Map.of("broker.connections.max.idle.ms", "0")))
                .hasMessage("Invalid configuration: broker.connections.max.idle.ms = '0', expected an integer from 1"
                        + " to 2147483647");
    }

    @Test
    void fileLayerOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, "broker:\n  port: 19092\n  storage:\n    mode: memory\n");
        BrokerConfig config = BrokerConfig.from(ReferenceBroker.loadConfig(file));
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.storage()).isEqualTo(BrokerConfig.Storage.MEMORY);
    }

    @Test
    void missingConfigFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> ReferenceBroker.loadConfig(dir.resolve("nope.yaml")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nope.yaml");
    }

    @Test
    void theAuthorizerIsOffByDefault() {
        BrokerConfig config = parse(Map.of());
        assertThat(config.authorization()).isEqualTo(org.kafkatck.broker.acl.AclSettings.DISABLED);
        assertThat(BrokerConfig.forTests().authorization()).isEqualTo(org.kafkatck.broker.acl.AclSettings.DISABLED);
    }

    @Test
    void authorizerSettingsAreRead() {
        BrokerConfig config = parse(Map.of("broker.authorizer.enabled", "true",
                "broker.super.users", " User:admin ; User:ops;", "broker.allow.everyone.if.no.acl.found", "true"));
        assertThat(config.authorization().enabled()).isTrue();
        assertThat(config.authorization().superUsers()).containsExactlyInAnyOrder(
                new org.apache.kafka.common.security.auth.KafkaPrincipal("User", "admin"),
                new org.apache.kafka.common.security.auth.KafkaPrincipal("User", "ops"));
        assertThat(config.authorization().allowEveryoneIfNoAclFound()).isTrue();
        assertThat(parse(Map.of("broker.super.users.0", "User:a", "broker.super.users.1", "Group:b"))
                .authorization().superUsers()).containsExactlyInAnyOrder(
                new org.apache.kafka.common.security.auth.KafkaPrincipal("User", "a"),
                new org.apache.kafka.common.security.auth.KafkaPrincipal("Group", "b"));
    }

    @Test
    void invalidAuthorizerSettingsNameTheKey() {
        assertThatThrownBy(() -> parse(Map.of("broker.super.users", "User:admin;alice")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: broker.super.users = 'alice', expected principals such as User:admin"
                        + " (type:name)");
        assertThatThrownBy(() -> parse(Map.of("broker.super.users", "User:")))
                .hasMessageContaining("broker.super.users = 'User:'");
        assertThatThrownBy(() -> parse(Map.of("broker.authorizer.enabled", "yes")))
                .hasMessage("Invalid configuration: broker.authorizer.enabled = 'yes', expected true or false");
        assertThatThrownBy(() -> parse(Map.of("broker.allow.everyone.if.no.acl.found", "1")))
                .hasMessageContaining("broker.allow.everyone.if.no.acl.found");
    }
}
