package org.kafkatck.tck.targets;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kafkatck.tck.wire.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reference target with {@code tck.security=sasl_ssl}: only a SASL_SSL listener, the Java clients and the
 * raw connections authenticating as admin, the three principals, and a restart on the same port and users.
 */
class SecuredReferenceTargetTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static ReferenceBrokerTarget target;

    @BeforeAll
    static void start() {
        target = new ReferenceBrokerTarget(TargetSecurity.SASL_SSL);
        target.start();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    private static Map<String, Object> client(Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>(target.clientProperties());
        props.putAll(overrides);
        props.put("bootstrap.servers", target.bootstrapServers());
        return props;
    }

    private static Map<String, String> as(TargetPrincipal principal) {
        Map<String, String> props = new HashMap<>(target.clientProperties());
        props.putAll(principal.clientProperties());
        return props;
    }

    @Test
    void clientsAuthenticateAsTheAdminOverTlsWithScramSha512() {
        assertThat(target.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .doesNotContainKey("ssl.endpoint.identification.algorithm");
        assertThat(target.clientProperties().get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\"");
        assertThat(target.description()).endsWith("(reference broker, in-process, SASL_SSL)");
    }

    @Test
    void principalsAreAdminAliceAndBob() {
        TargetPrincipals principals = target.principals().orElseThrow();
        assertThat(List.of(principals.admin().name(), principals.first().name(), principals.second().name()))
                .containsExactly("User:admin", "User:alice", "User:bob");
        assertThat(principals.admin().clientProperties()).isEqualTo(
                Map.of("sasl.jaas.config", target.clientProperties().get("sasl.jaas.config")));
        assertThat(principals.first().clientProperties().get("sasl.jaas.config")).contains("username=\"alice\"");
        assertThat(principals.second().clientProperties().get("sasl.jaas.config")).contains("username=\"bob\"");
    }

    @Test
    void theAdminIsASuperUserOfAnAuthorizerThatIsOn() throws Exception {
        try (Admin admin = Admin.create(client(Map.of()))) {
            // SECURITY_DISABLED without an authorizer; an empty list with one, for a principal allowed to describe
            assertThat(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY, AccessControlEntryFilter.ANY))
                    .values().get(20, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aRawConnectionAuthenticatesAsEachPrincipal() {
        TargetPrincipals principals = target.principals().orElseThrow();
        for (TargetPrincipal principal : List.of(principals.admin(), principals.first(), principals.second())) {
            try (RawConnection raw = RawConnection.open(target.bootstrapServers(), TIMEOUT, as(principal))) {
                MetadataResponseData metadata = raw.send(ApiKeys.METADATA, (short) 12,
                        new MetadataRequestData().setTopics(List.of()));
                assertThat(metadata.brokers()).as("Metadata answered to " + principal.name()).hasSize(1);
                assertThat(raw.nextCorrelationId()).as("the scenario's numbering starts after authentication")
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void aRawConnectionWithAWrongPasswordFailsWithAOneLineReason() {
        Map<String, String> wrong = new HashMap<>(target.clientProperties());
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"alice\" password=\"wrong\";");
        assertThatThrownBy(() -> RawConnection.open(target.bootstrapServers(), TIMEOUT, wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SASL SCRAM-SHA-512 authentication as alice to " + target.bootstrapServers()
                        + " failed: SASL_AUTHENTICATION_FAILED: Authentication failed during authentication due to"
                        + " invalid credentials with SASL mechanism SCRAM-SHA-512");
    }

    @Test
    void aMechanismTheBrokerDoesNotEnableIsRefusedAtTheHandshake() {
        Map<String, String> plain = new HashMap<>(target.clientProperties());
        plain.put("sasl.mechanism", "PLAIN");
        plain.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"alice\" password=\"x\";");
        assertThatThrownBy(() -> RawConnection.open(target.bootstrapServers(), TIMEOUT, plain))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SASL PLAIN authentication as alice to " + target.bootstrapServers()
                        + " failed: SaslHandshake answered UNSUPPORTED_SASL_MECHANISM (enabled mechanisms: [SCRAM-SHA-512])");
    }

    @Test
    void anUnauthenticatedRawConnectionIsClosedAtItsFirstRequestOtherThanApiVersions() {
        try (RawConnection raw = RawConnection.openUnauthenticated(target.bootstrapServers(), TIMEOUT,
                target.clientProperties())) {
            assertThat(raw.apiVersions((short) 3).errorCode()).as("ApiVersions is served before SASL").isZero();
            raw.writeFrame(RawConnection.encode(new RequestHeader(ApiKeys.METADATA, (short) 12, "kafka-tck-raw", 9),
                    new MetadataRequestData().setTopics(List.of()), (short) 12));
            assertThat(raw.closedByBroker(TIMEOUT)).isTrue();
        }
    }

    @Test
    void aPlainTextConnectionIsRefusedByTheTlsListener() {
        assertThatThrownBy(() -> {
            try (RawConnection raw = RawConnection.open(target.bootstrapServers(), Duration.ofSeconds(3), Map.of())) {
                raw.apiVersions((short) 3);
            }
        }).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void aTrustStoreWithoutTheBrokersCertificateFailsTheTlsHandshake() {
        Map<String, String> untrusted = new HashMap<>(target.clientProperties());
        untrusted.remove("ssl.truststore.location");
        untrusted.remove("ssl.truststore.password");
        untrusted.remove("ssl.truststore.type");
        assertThatThrownBy(() -> RawConnection.open(target.bootstrapServers(), TIMEOUT, untrusted))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("TLS handshake with " + target.bootstrapServers() + " failed: ");
    }

    @Test
    void theJavaClientRefusesAWrongPassword() {
        Map<String, Object> wrong = client(Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram"
                + ".ScramLoginModule required username=\"bob\" password=\"wrong\";"));
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aRestartKeepsThePortTheUsersAndTheData() throws Exception {
        String bootstrap = target.bootstrapServers();
        Map<String, String> before = target.clientProperties();
        try (Admin admin = Admin.create(client(Map.of()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client(Map.of()), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic("secured-kept", 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("secured-kept", 0, null, "a".getBytes())).get(20, TimeUnit.SECONDS);
        }

        target.restart(RestartableTarget.Stop.CLEAN);

        assertThat(target.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(target.clientProperties()).isEqualTo(before);
        try (Admin admin = Admin.create(client(Map.of()))) {
            TopicPartition tp = new TopicPartition("secured-kept", 0);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                    .get(20, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
        try (RawConnection raw = RawConnection.open(bootstrap, TIMEOUT,
                as(target.principals().orElseThrow().first()))) {
            assertThat(raw.apiVersions((short) 3).errorCode()).as("alice still authenticates").isZero();
        }
    }
}
