package org.kafkatck.tck.world;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kafkatck.tck.targets.TargetPrincipal;
import org.kafkatck.tck.targets.TargetPrincipals;
import org.kafkatck.tck.wire.RawConnection;

import static org.awaitility.Awaitility.await;

/**
 * The identities of a secured target as the spec names them, the clients of one scenario that authenticate as
 * each, and the ACLs the scenario created (deleted again after it, so scenarios stay independent).
 *
 * <p>The spec speaks of {@value #FIRST} and {@value #SECOND}, two ordinary users that start without ACLs, and of
 * {@value #ADMIN}, the super user every other scenario runs as; they stand for the target's
 * {@link TargetPrincipals#first()}, {@link TargetPrincipals#second()} and {@link TargetPrincipals#admin()}.
 * A user's clients get the target's client properties with the user's own on top.
 */
public final class Principals {
    /** The spec's name for the target's first ordinary user. */
    public static final String FIRST = "alice";
    /** The spec's name for the target's second ordinary user. */
    public static final String SECOND = "bob";
    /** The spec's name for the target's super user. */
    public static final String ADMIN = "admin";
    /** Bound on an ACL change reaching the broker's authorizer (Apache Kafka applies it from its metadata log). */
    public static final Duration APPLIED_WITHIN = Duration.ofSeconds(10);
    private static final Pattern PASSWORD = Pattern.compile("password=\"[^\"]*\"");

    private final World world;
    private final Map<String, Admin> admins = new HashMap<>();
    private final List<AclBinding> created = new ArrayList<>();

    Principals(World world) {
        this.world = world;
    }

    /**
     * @return the target's principals
     * @throws IllegalStateException when the target offers none (the {@code security} profile does not apply)
     */
    public TargetPrincipals target() {
        return world.run().target().principals().orElseThrow(() -> new IllegalStateException(
                "the target offers no principals, so the security profile does not apply to it"));
    }

    /**
     * @param user {@value #FIRST}, {@value #SECOND} or {@value #ADMIN}
     * @return the target's principal the spec calls {@code user}
     */
    public TargetPrincipal of(String user) {
        TargetPrincipals principals = target();
        return switch (user) {
            case FIRST -> principals.first();
            case SECOND -> principals.second();
            case ADMIN -> principals.admin();
            default -> throw new IllegalArgumentException("the spec knows users \"" + FIRST + "\", \"" + SECOND
                    + "\" and \"" + ADMIN + "\", not \"" + user + "\"");
        };
    }

    /** @return the principal as ACLs name it, e.g. {@code User:alice} */
    public String name(String user) {
        return of(user).name();
    }

    /** @return client properties that authenticate as {@code user} */
    public Properties properties(String user) {
        Properties props = world.baseProperties();
        props.putAll(of(user).clientProperties());
        return props;
    }

    /**
     * @return client properties of {@code user} with a password that is not theirs in {@code sasl.jaas.config}
     * @throws IllegalStateException when the user's JAAS configuration names no password
     */
    public Properties propertiesWithWrongPassword(String user) {
        Properties props = properties(user);
        String jaas = (String) props.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas == null || !PASSWORD.matcher(jaas).find()) {
            throw new IllegalStateException("the client properties of " + name(user)
                    + " carry no sasl.jaas.config with a password to get wrong");
        }
        props.put(SaslConfigs.SASL_JAAS_CONFIG, PASSWORD.matcher(jaas)
                .replaceFirst(Matcher.quoteReplacement("password=\"not-the-password-of-" + user + "\"")));
        return props;
    }

    /** @return the SASL mechanism the target's clients authenticate with (the Java client's default GSSAPI if unset) */
    public String mechanism() {
        return world.run().target().clientProperties().getOrDefault(SaslConfigs.SASL_MECHANISM,
                SaslConfigs.DEFAULT_SASL_MECHANISM);
    }

    /** @return the scenario's Admin client authenticated as {@code user} */
    public Admin admin(String user) {
        return admins.computeIfAbsent(user, u -> admin(properties(u)));
    }

    /** @return a new Admin client of the scenario with exactly these properties */
    public Admin admin(Properties props) {
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return AdminTrail.recording(world.track(Admin.create(props)), world.trail());
    }

    /** @return a new producer authenticated as {@code user}, with the Java client's defaults plus {@code overrides} */
    public KafkaProducer<byte[], byte[]> producer(String user, Map<String, String> overrides) {
        Properties props = properties(user);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.putAll(overrides);
        world.recordedBy(props);
        return world.track(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @return a new consumer authenticated as {@code user}, reading from the earliest offset, without auto-commit */
    public KafkaConsumer<byte[], byte[]> consumer(String user, Map<String, String> overrides) {
        Properties props = properties(user);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(overrides);
        world.recordedBy(props);
        return world.track(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** @return a raw connection to the first bootstrap server, authenticated as {@code user} */
    public RawConnection raw(String user) {
        Map<String, String> props = new HashMap<>(world.run().target().clientProperties());
        props.putAll(of(user).clientProperties());
        return world.traced(RawConnection.open(bootstrap(), World.STEP_TIMEOUT, props));
    }

    /**
     * @return a raw connection to the first bootstrap server over the target's transport (TLS when it uses TLS)
     *         that has not authenticated: the first request is the scenario's own
     */
    public RawConnection unauthenticated() {
        return world.traced(RawConnection.openUnauthenticated(bootstrap(), World.STEP_TIMEOUT,
                world.run().target().clientProperties()));
    }

    private String bootstrap() {
        return world.run().target().bootstrapServers().split(",")[0].trim();
    }

    /**
     * Creates ACLs as the administrator, remembers them for {@link #deleteCreated()}, and waits until the broker
     * describes each of them: the broker that answers DescribeAcls is the one that authorizes requests, so from
     * then on every request sees them.
     */
    public void create(List<AclBinding> bindings) throws Exception {
        created.addAll(bindings);
        Admin admin = admin(ADMIN);
        admin.createAcls(bindings).all().get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(APPLIED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS)
                        .containsAll(bindings));
    }

    /** Remembers ACLs a step asked someone else to create, so that they are deleted after the scenario if they were. */
    public void mayHaveCreated(AclBinding binding) {
        created.add(binding);
    }

    /** Deletes every ACL the scenario created (or tried to), best effort: the scenario's verdict is already decided. */
    public void deleteCreated() {
        if (created.isEmpty()) {
            return;
        }
        try {
            admin(ADMIN).deleteAcls(created.stream().map(AclBinding::toFilter).distinct().toList()).all()
                    .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // the names are unique to the scenario: an ACL left behind cannot change another scenario's outcome
        } finally {
            created.clear();
        }
    }
}
