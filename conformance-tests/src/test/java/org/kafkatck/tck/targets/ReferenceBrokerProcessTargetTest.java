package org.kafkatck.tck.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ListenerConfig;
import org.kafkatck.broker.security.ClientAuth;
import org.kafkatck.broker.security.SaslUser;
import org.kafkatck.broker.security.SelfSignedCertificates;
import org.kafkatck.tck.wire.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reference broker in a child JVM, as the bench starts it, with {@code --security sasl_ssl}: the
 * configuration file it is given, read by the broker's own configuration code, and a started broker that the
 * Java clients reach only over SASL_SSL as the admin.
 */
class ReferenceBrokerProcessTargetTest {

    @Test
    void theSecuredConfigurationIsWhatTheInProcessTargetSetsInCode(@TempDir Path dir) throws Exception {
        SecuredIdentities identities = new SecuredIdentities(
                new SelfSignedCertificates(dir, dir.resolve("broker \"1\".p12"), dir.resolve("b-trust.p12"),
                        dir.resolve("client.p12"), dir.resolve("client-trust.p12")),
                Map.of("admin", "pw-admin", "alice", "pw\\alice", "bob", "pw\"bob"));
        // the broker checks that its keystore is readable
        Files.writeString(identities.certificates().brokerKeystore(), "not read here");
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, ReferenceBrokerProcessTarget.securedConfig(identities, 40123));

        BrokerConfig config = BrokerConfig.from(Config.builder().disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource().addSource(ConfigSources.file(file))
                .addSource(ConfigSources.classpath("application.yaml")).build());

        assertThat(config.listeners()).hasSize(1);
        ListenerConfig listener = config.listeners().getFirst();
        assertThat(listener.name()).isEqualTo("SASL_SSL");
        assertThat(listener.host()).isEqualTo("127.0.0.1");
        assertThat(listener.port()).isEqualTo(40123);
        assertThat(listener.protocol()).isEqualTo(SecurityProtocol.SASL_SSL);
        var tls = listener.tls().orElseThrow();
        assertThat(tls.keystore()).isEqualTo(identities.certificates().brokerKeystore());
        assertThat(tls.keystoreType()).isEqualTo("PKCS12");
        assertThat(tls.keystorePassword()).isEqualTo(SelfSignedCertificates.PASSWORD);
        assertThat(tls.truststore()).isEmpty();
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(config.sasl().enabledMechanisms()).containsExactly("SCRAM-SHA-512");
        assertThat(config.sasl().users()).containsExactlyInAnyOrder(
                new SaslUser("admin", "pw-admin", List.of("SCRAM-SHA-512")),
                new SaslUser("alice", "pw\\alice", List.of("SCRAM-SHA-512")),
                new SaslUser("bob", "pw\"bob", List.of("SCRAM-SHA-512")));
        assertThat(config.authorization().enabled()).isTrue();
        assertThat(config.authorization().superUsers())
                .isEqualTo(Set.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "admin")));
        assertThat(config.authorization().allowEveryoneIfNoAclFound()).isFalse();
    }

    @Test
    void aPlainTextTargetHasNoClientPropertiesAndNoPrincipals() {
        ReferenceBrokerProcessTarget target = new ReferenceBrokerProcessTarget("256m");
        assertThat(target.clientProperties()).isEmpty();
        assertThat(target.principals()).isEmpty();
        assertThat(target.description()).endsWith("(reference broker, child JVM, disk storage)");
    }

    @Test
    void aSecuredChildBrokerServesTheClientsOverSaslSslAsTheAdminOnly() throws Exception {
        try (ReferenceBrokerProcessTarget target = new ReferenceBrokerProcessTarget("256m", TargetSecurity.SASL_SSL)) {
            target.start();

            assertThat(target.description()).endsWith("(reference broker, child JVM, disk storage, SASL_SSL)");
            assertThat(target.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(target.clientProperties().get("sasl.jaas.config")).contains("username=\"admin\"");
            assertThat(target.principals().orElseThrow().first().name()).isEqualTo("User:alice");

            Map<String, Object> props = new HashMap<>(target.clientProperties());
            props.put("bootstrap.servers", target.bootstrapServers());
            TopicPartition tp = new TopicPartition("secured-bench", 0);
            try (Admin admin = Admin.create(props);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                         new ByteArraySerializer());
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                         new ByteArrayDeserializer())) {
                admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(tp.topic(), "over TLS".getBytes())).get(60, TimeUnit.SECONDS);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        values.add(new String(record.value()));
                    }
                }
                assertThat(values).containsExactly("over TLS");
            }
            assertThatThrownBy(() -> {
                try (RawConnection raw = RawConnection.open(target.bootstrapServers(), Duration.ofSeconds(5), Map.of())) {
                    raw.apiVersions((short) 3);
                }
            }).as("plain text on the SASL_SSL listener").isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    @Test
    void theSinkRunsAsAChildJvmAndServesBackWhatItAcknowledged() throws Exception {
        try (ReferenceBrokerProcessTarget target = ReferenceBrokerProcessTarget.sink("256m", TargetSecurity.PLAINTEXT)) {
            assertThat(target.kind()).isEqualTo("sink");
            target.start();

            assertThat(target.description()).endsWith("(sink: reference broker storing nothing, child JVM, memory)");
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", target.bootstrapServers());
            TopicPartition tp = new TopicPartition("sunk", 0);
            try (Admin admin = Admin.create(props);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                         new ByteArraySerializer());
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                         new ByteArrayDeserializer())) {
                admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                assertThat(producer.send(new ProducerRecord<>(tp.topic(), "first".getBytes())).get(60, TimeUnit.SECONDS)
                        .offset()).isZero();
                assertThat(producer.send(new ProducerRecord<>(tp.topic(), "second".getBytes())).get(60, TimeUnit.SECONDS)
                        .offset()).isEqualTo(1);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.size() < 2 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        values.add(record.offset() + ":" + new String(record.value()));
                    }
                }
                assertThat(values).containsExactly("0:first", "1:second");
            }
        }
    }

    @Test
    void extraSettingsAndJvmOptionsAndARestartOnTheSameDataAndPort() throws Exception {
        try (ReferenceBrokerProcessTarget target = new ReferenceBrokerProcessTarget("256m", TargetSecurity.PLAINTEXT,
                ReferenceBrokerProcessTarget.Variant.REFERENCE, Map.of("BROKER_MESSAGE_MAX_BYTES", "2097152"),
                List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"))) {
            target.start();
            String address = target.bootstrapServers();
            long firstPid = target.process().orElseThrow().pid();
            // the child's command line, NUL-separated (Linux)
            assertThat(Files.readString(Path.of("/proc", Long.toString(firstPid), "cmdline")).split("\0"))
                    .contains("-XX:+DebugNonSafepoints");
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", address);
            props.put("max.request.size", "2097152");
            TopicPartition tp = new TopicPartition("big-restart", 0);
            try (Admin admin = Admin.create(props);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                // larger than the broker's default message.max.bytes (1048588): accepted through the environment
                producer.send(new ProducerRecord<>(tp.topic(), new byte[1_500_000])).get(60, TimeUnit.SECONDS);
            }
            for (RestartableTarget.Stop how : RestartableTarget.Stop.values()) {
                target.restart(how);
                assertThat(target.bootstrapServers()).isEqualTo(address);
                assertThat(target.process().orElseThrow().pid()).isNotEqualTo(firstPid);
                assertThat(target.startupMillis()).isPositive();
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", address))) {
                    assertThat(admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                            .get(60, TimeUnit.SECONDS).get(tp).offset()).as("after a %s restart", how).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aVariantIsStartedFromItsOwnMainClassAndNamedByIt() {
        ReferenceBrokerProcessTarget target = new ReferenceBrokerProcessTarget("256m", TargetSecurity.PLAINTEXT,
                new ReferenceBrokerProcessTarget.Variant("sink", "org.example.Sink", "sink broker, child JVM", "memory"),
                Map.of(), List.of());
        assertThat(target.kind()).isEqualTo("sink");
        assertThat(target.description()).endsWith("(sink broker, child JVM)");
        assertThatThrownBy(target::start).isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("The sink broker exited").hasMessageContaining("org.example.Sink");
        target.close();
        ReferenceBrokerProcessTarget sink = ReferenceBrokerProcessTarget.sink("256m", TargetSecurity.PLAINTEXT);
        assertThat(sink.kind()).isEqualTo("sink");
        assertThat(sink.description()).endsWith("(sink: reference broker storing nothing, child JVM, memory)");
    }
}
