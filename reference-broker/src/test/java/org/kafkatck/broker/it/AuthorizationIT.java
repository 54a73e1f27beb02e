package org.kafkatck.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ListenerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.acl.AclSettings;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ACLs enforced on the Java producer, consumer and Admin over SASL_PLAINTEXT: the super user {@code admin} creates the
 * topics and grants; {@code alice} and {@code bob} are refused with the exception Kafka's clients raise for Kafka's
 * error, and accepted once the ACL is granted. Each test has a broker of its own.
 */
class AuthorizationIT {
    private static final List<String> PLAIN = List.of("PLAIN");

    private ReferenceBroker broker;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = ReferenceBroker.start(BrokerConfig.forTests()
                .withSasl(new SaslSettings(PLAIN, List.of(new SaslUser("admin", "admin-secret", PLAIN),
                        new SaslUser("alice", "alice-secret", PLAIN), new SaslUser("bob", "bob-secret", PLAIN)),
                        4096, Duration.ZERO))
                .withAuthorization(new AclSettings(true, Set.of(new KafkaPrincipal("User", "admin")), false))
                .withListeners(List.of(ListenerConfig.sasl("SASL", "127.0.0.1", 0, null))));
        admin = Admin.create(client("admin"));
        admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("secret", 1, (short) 1),
                new NewTopic("app-logs", 1, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Map<String, Object> client(String user) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers("SASL"));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, user + "-" + System.nanoTime());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + user + "-secret\";");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    private void grant(String user, ResourceType type, String name, PatternType pattern, AclOperation operation,
                       AclPermissionType permission) throws Exception {
        admin.createAcls(List.of(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, permission)))).all().get();
    }

    private void allow(String user, ResourceType type, String name, AclOperation operation) throws Exception {
        grant(user, type, name, PatternType.LITERAL, operation, AclPermissionType.ALLOW);
    }

    private KafkaProducer<String, String> producer(String user, Map<String, Object> extra) {
        Map<String, Object> props = client(user);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Throwable cause(Throwable thrown) {
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }

    @Test
    void listTopicsShowsOnlyTheTopicsTheUserMayDescribeIncludingByPrefix() throws Exception {
        try (Admin alice = Admin.create(client("alice"))) {
            assertThat(alice.listTopics().names().get()).isEmpty();
            allow("alice", ResourceType.TOPIC, "orders", AclOperation.DESCRIBE);
            assertThat(alice.listTopics().names().get()).containsExactly("orders");
            grant("alice", ResourceType.TOPIC, "app-", PatternType.PREFIXED, AclOperation.READ, AclPermissionType.ALLOW);
            assertThat(alice.listTopics().names().get()).containsExactlyInAnyOrder("orders", "app-logs");
        }
        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("orders", "secret", "app-logs");
    }

    @Test
    void aProducerIsRefusedATopicUntilGrantedWrite() throws Exception {
        try (KafkaProducer<String, String> bob = producer("bob", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            assertThatThrownBy(() -> bob.send(new ProducerRecord<>("orders", "k", "v")).get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(TopicAuthorizationException.class));
        }
        allow("bob", ResourceType.TOPIC, "orders", AclOperation.WRITE);
        try (KafkaProducer<String, String> bob = producer("bob", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            assertThat(bob.send(new ProducerRecord<>("orders", "k", "v")).get().offset()).isEqualTo(0);
        }
    }

    @Test
    void anIdempotentProducerNeedsIdempotentWriteOrWriteOnSomeTopic() throws Exception {
        // DESCRIBE lets the producer's metadata through; InitProducerId is what is refused
        allow("bob", ResourceType.TOPIC, "orders", AclOperation.DESCRIBE);
        try (KafkaProducer<String, String> bob = producer("bob", Map.of())) {
            assertThatThrownBy(() -> bob.send(new ProducerRecord<>("orders", "k", "v")).get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(ClusterAuthorizationException.class));
        }
        allow("bob", ResourceType.TOPIC, "orders", AclOperation.WRITE);
        try (KafkaProducer<String, String> bob = producer("bob", Map.of())) {
            assertThat(bob.send(new ProducerRecord<>("orders", "k", "v")).get().offset()).isEqualTo(0);
        }
    }

    @Test
    void aTransactionalProducerNeedsWriteOnItsTransactionalId() throws Exception {
        allow("bob", ResourceType.TOPIC, "orders", AclOperation.WRITE);
        try (KafkaProducer<String, String> bob = producer("bob", Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-bob"))) {
            assertThatThrownBy(bob::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        allow("bob", ResourceType.TRANSACTIONAL_ID, "tx-bob", AclOperation.WRITE);
        try (KafkaProducer<String, String> bob = producer("bob", Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-bob"))) {
            bob.initTransactions();
            bob.beginTransaction();
            bob.send(new ProducerRecord<>("orders", "k", "v"));
            bob.commitTransaction();
        }
    }

    private List<String> consume(String user, String group, String topic) {
        Map<String, Object> props = client(user);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    @Test
    void aConsumerNeedsDescribeOnTheTopicThenReadOnItsGroupThenReadOnTheTopic() throws Exception {
        try (KafkaProducer<String, String> producer = producer("admin", Map.of())) {
            producer.send(new ProducerRecord<>("orders", "k", "v0")).get();
        }
        // without DESCRIBE the subscription's metadata is refused first
        assertThatThrownBy(() -> consume("alice", "g-alice", "orders")).isInstanceOf(TopicAuthorizationException.class);
        allow("alice", ResourceType.TOPIC, "orders", AclOperation.DESCRIBE);
        assertThatThrownBy(() -> consume("alice", "g-alice", "orders")).isInstanceOf(GroupAuthorizationException.class);
        allow("alice", ResourceType.GROUP, "g-alice", AclOperation.READ);
        // the group is joined; the fetch is refused
        assertThatThrownBy(() -> consume("alice", "g-alice", "orders")).isInstanceOf(TopicAuthorizationException.class);
        allow("alice", ResourceType.TOPIC, "orders", AclOperation.READ);
        assertThat(consume("alice", "g-alice", "orders")).containsExactly("v0");
    }

    @Test
    void listGroupsShowsOnlyTheGroupsTheUserMayDescribe() throws Exception {
        for (String group : List.of("g-a", "g-b")) {
            admin.alterConsumerGroupOffsets(group, Map.of(new org.apache.kafka.common.TopicPartition("orders", 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get();
        }
        try (Admin alice = Admin.create(client("alice"))) {
            assertThat(alice.listGroups().all().get()).isEmpty();
            allow("alice", ResourceType.GROUP, "g-a", AclOperation.DESCRIBE);
            assertThat(alice.listGroups().all().get().stream().map(g -> g.groupId()).toList()).containsExactly("g-a");
            assertThatThrownBy(() -> alice.describeConsumerGroups(List.of("g-b")).all().get())
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
        }
        assertThat(admin.listGroups().all().get().stream().map(g -> g.groupId()).toList())
                .containsExactlyInAnyOrder("g-a", "g-b");
    }

    @Test
    void aDenyWinsOverAnAllow() throws Exception {
        allow("alice", ResourceType.TOPIC, "*", AclOperation.WRITE);
        grant("alice", ResourceType.TOPIC, "secret", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.DENY);
        try (KafkaProducer<String, String> alice = producer("alice", Map.of())) {
            assertThat(alice.send(new ProducerRecord<>("orders", "k", "v")).get().offset()).isEqualTo(0);
            assertThatThrownBy(() -> alice.send(new ProducerRecord<>("secret", "k", "v")).get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(TopicAuthorizationException.class));
        }
    }

    @Test
    void adminOperationsOnTopicsAreRefusedUntilGranted() throws Exception {
        try (Admin bob = Admin.create(client("bob"))) {
            assertThatThrownBy(() -> bob.createTopics(List.of(new NewTopic("bobs", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> bob.deleteTopics(List.of("orders")).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            grant("bob", ResourceType.TOPIC, "bob", PatternType.PREFIXED, AclOperation.ALL, AclPermissionType.ALLOW);
            bob.createTopics(List.of(new NewTopic("bobs", 1, (short) 1))).all().get();
            assertThat(bob.listTopics().names().get()).containsExactly("bobs");
            bob.deleteTopics(List.of("bobs")).all().get();
            assertThatThrownBy(() -> bob.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get())
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThatThrownBy(() -> bob.describeConfigs(List.of(orders)).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            allow("bob", ResourceType.TOPIC, "orders", AclOperation.DESCRIBE_CONFIGS);
            assertThat(bob.describeConfigs(List.of(orders)).all().get().get(orders).get("cleanup.policy").value())
                    .isEqualTo("delete");
        }
        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("orders", "secret", "app-logs");
    }
}
