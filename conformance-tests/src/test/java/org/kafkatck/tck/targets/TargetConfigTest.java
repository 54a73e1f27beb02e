package org.kafkatck.tck.targets;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetConfigTest {

    private static TargetConfig parse(Map<String, String> values) {
        return TargetConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).build());
    }

    @Test
    void theReferenceBrokerIsTheDefault() {
        TargetConfig config = parse(Map.of());
        assertThat(config.target()).isEqualTo("reference");
        assertThat(config.createTarget()).isInstanceOf(ReferenceBrokerTarget.class);
    }

    @Test
    void externalTargetCarriesClientPropertiesThrough() {
        TargetConfig config = parse(Map.of("tck.target", "external", "tck.bootstrap.servers", "b1:9092,b2:9092",
                "tck.client.security.protocol", "SASL_SSL", "tck.client.sasl.jaas.config", "x y z"));
        BrokerTarget target = config.createTarget();
        assertThat(target).isInstanceOf(ExternalTarget.class);
        assertThat(target.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(target.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x y z").hasSize(2);
    }

    @Test
    void externalTargetNeedsBootstrapServers() {
        assertThatThrownBy(() -> parse(Map.of("tck.target", "external")).createTarget())
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("bootstrap servers");
    }

    @Test
    void otherKinds() {
        assertThat(parse(Map.of("tck.target", "apache-kafka")).createTarget()).isInstanceOf(ApacheKafkaTarget.class);
        TargetConfig container = parse(Map.of("tck.target", "container", "tck.container.image", "redpandadata/redpanda",
                "tck.container.port", "19092", "tck.container.env.REDPANDA_MODE", "dev"));
        assertThat(container.containerPort()).isEqualTo(19092);
        assertThat(container.containerEnv()).containsEntry("REDPANDA_MODE", "dev");
        assertThat(container.createTarget()).isInstanceOf(ContainerTarget.class);
    }

    @Test
    void apacheKafkaRunsTheBundledVersionUnlessOneIsNamed() {
        TargetConfig bundled = parse(Map.of("tck.target", "apache-kafka"));
        assertThat(bundled.kafkaVersion()).isEmpty();
        assertThat(bundled.kafkaCache()).isEqualTo(KafkaDistribution.defaultCache());
        assertThat(bundled.createTarget().kafkaVersion()).contains("4.4.0");

        TargetConfig other = parse(Map.of("tck.target", "apache-kafka", "tck.kafka.version", " 4.0.1 ",
                "tck.kafka.cache", "/var/cache/kafka"));
        assertThat(other.kafkaVersion()).isEqualTo("4.0.1");
        assertThat(other.kafkaCache()).isEqualTo(java.nio.file.Path.of("/var/cache/kafka"));
        assertThat(other.createTarget().kafkaVersion()).contains("4.0.1");
        assertThat(parse(Map.of("tck.target", "reference")).createTarget().kafkaVersion()).isEmpty();
    }

    @Test
    void unknownTargetIsRefusedInOneLine() {
        assertThatThrownBy(() -> parse(Map.of("tck.target", "mainframe")))
                .hasMessage("Unknown target 'mainframe'; choose one of [reference, external, apache-kafka, container]");
        assertThatThrownBy(() -> parse(Map.of("tck.container.port", "x")))
                .hasMessageContaining("tck.container.port");
    }

    @Test
    void securityIsPlaintextUnlessSaslSslIsAsked() {
        assertThat(parse(Map.of()).security()).isEqualTo(TargetSecurity.PLAINTEXT);
        assertThat(parse(Map.of("tck.security", "SASL_SSL")).security()).isEqualTo(TargetSecurity.SASL_SSL);
        assertThatThrownBy(() -> parse(Map.of("tck.security", "ssl")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("tck.security must be one of [plaintext, sasl_ssl], got 'ssl'");
        assertThat(parse(Map.of()).createTarget().principals()).as("plaintext: no principals").isEmpty();
        assertThatThrownBy(() -> parse(Map.of("tck.target", "external", "tck.bootstrap.servers", "b1:9092",
                "tck.security", "sasl_ssl")).createTarget())
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("tck.security=sasl_ssl secures the brokers the TCK starts (reference, apache-kafka); an"
                        + " external target is secured by its client properties (tck.client.*)");
    }

    @Test
    void principalsOfAnExternalTargetComeFromConfigOnTopOfTheClientProperties() {
        Map<String, String> values = new java.util.HashMap<>(Map.of("tck.target", "external",
                "tck.bootstrap.servers", "b1:9092", "tck.client.security.protocol", "SASL_SSL",
                "tck.client.sasl.jaas.config", "admin-jaas"));
        values.putAll(Map.of("tck.principals.admin.name", "User:admin",
                "tck.principals.first.name", "alice",
                "tck.principals.first.client.sasl.jaas.config", "alice-jaas",
                "tck.principals.second.name", "User:bob",
                "tck.principals.second.client.sasl.jaas.config", "bob-jaas",
                "tck.principals.second.client.sasl.mechanism", "PLAIN"));
        BrokerTarget target = parse(values).createTarget();
        TargetPrincipals principals = target.principals().orElseThrow();
        assertThat(principals.admin()).isEqualTo(new TargetPrincipal("User:admin", Map.of()));
        assertThat(principals.first()).isEqualTo(new TargetPrincipal("User:alice",
                Map.of("sasl.jaas.config", "alice-jaas")));
        assertThat(principals.second()).isEqualTo(new TargetPrincipal("User:bob",
                Map.of("sasl.jaas.config", "bob-jaas", "sasl.mechanism", "PLAIN")));
        assertThat(target.clientProperties()).as("tck.client.* unchanged")
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
                        "admin-jaas"));
    }

    @Test
    void principalsAreAllOrNothing() {
        assertThat(parse(Map.of("tck.target", "external", "tck.bootstrap.servers", "b1:9092")).createTarget()
                .principals()).isEmpty();
        assertThatThrownBy(() -> parse(Map.of("tck.principals.admin.name", "admin",
                "tck.principals.first.name", "alice")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("tck.principals.second.name is missing: give all of [admin, first, second] or none");
    }

    @Test
    void aContainerTargetOffersConfiguredPrincipalsToo() {
        BrokerTarget target = parse(Map.of("tck.target", "container", "tck.container.image", "x",
                "tck.principals.admin.name", "admin", "tck.principals.first.name", "alice",
                "tck.principals.second.name", "bob")).createTarget();
        assertThat(target.principals().orElseThrow().second().name()).isEqualTo("User:bob");
    }
}
