package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.tck.world.Principals;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ACLs of the {@code security} profile: granting and denying operations to the target's users, and the ACL APIs
 * (CreateAcls, DescribeAcls, DeleteAcls) through the Admin client. Logical resource names map to names unique to
 * the scenario, which starts them (see {@link World#nameWithTagFirst()}), so a PREFIXED ACL of one scenario names
 * none of another's resources; the scenario's ACLs are deleted after it.
 */
public class AclSteps {
    /** The only name of the cluster resource. */
    static final String CLUSTER = "kafka-cluster";
    /** Every user, as an ACL names them. */
    static final String EVERY_USER = "User:*";

    private final World world;
    private final Principals principals;

    /** @param world the scenario's state */
    public AclSteps(World world) {
        this.world = world;
        this.principals = world.principals();
    }

    /** Scenarios of the profile name their resources tag first, so that prefixes of names stay the scenario's own. */
    @Before(value = "@security", order = 5)
    public void nameTagFirst() {
        world.nameWithTagFirst();
    }

    /** Deletes the scenario's ACLs before its clients are closed (hooks of a higher order run first after a scenario). */
    @After(value = "@security", order = 20_000)
    public void deleteAcls() {
        principals.deleteCreated();
    }

    /** Allows or denies a user an operation on a topic named literally. */
    @Given("user {string} is {permission} {word} on topic {string}")
    public void onTopic(String user, AclPermissionType permission, String operation, String topic) throws Exception {
        grant(principals.name(user), permission, operation, ResourceType.TOPIC, world.topic(topic), PatternType.LITERAL);
    }

    /** Allows or denies a user an operation on every topic whose name starts with a prefix (PREFIXED). */
    @Given("user {string} is {permission} {word} on topics whose names start with {string}")
    public void onPrefix(String user, AclPermissionType permission, String operation, String prefix) throws Exception {
        grant(principals.name(user), permission, operation, ResourceType.TOPIC, world.topic(prefix),
                PatternType.PREFIXED);
    }

    /** Allows or denies every user ({@code User:*}) an operation on a topic. */
    @Given("every user is {permission} {word} on topic {string}")
    public void everyUser(AclPermissionType permission, String operation, String topic) throws Exception {
        grant(EVERY_USER, permission, operation, ResourceType.TOPIC, world.topic(topic), PatternType.LITERAL);
    }

    /** Allows a user an operation on a group. */
    @Given("user {string} is allowed {word} on group {string}")
    public void allowedOnGroup(String user, String operation, String group) throws Exception {
        grant(principals.name(user), AclPermissionType.ALLOW, operation, ResourceType.GROUP, world.name(group),
                PatternType.LITERAL);
    }

    /** Allows a user an operation on a transactional id. */
    @Given("user {string} is allowed {word} on transactional id {string}")
    public void allowedOnTransactionalId(String user, String operation, String id) throws Exception {
        grant(principals.name(user), AclPermissionType.ALLOW, operation, ResourceType.TRANSACTIONAL_ID,
                world.name(id), PatternType.LITERAL);
    }

    /** Allows a user an operation on a topic only from one host (the client address the broker sees). */
    @Given("user {string} is allowed {word} on topic {string} from host {string}")
    public void allowedOnTopicFromHost(String user, String operation, String topic, String host) throws Exception {
        grant(principals.name(user), host, AclPermissionType.ALLOW, operation, ResourceType.TOPIC, world.topic(topic),
                PatternType.LITERAL);
    }

    private void grant(String principal, AclPermissionType permission, String operation, ResourceType type,
                       String name, PatternType pattern) throws Exception {
        grant(principal, "*", permission, operation, type, name, pattern);
    }

    private void grant(String principal, String host, AclPermissionType permission, String operation,
                       ResourceType type, String name, PatternType pattern) throws Exception {
        principals.create(List.of(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, AclOperation.valueOf(operation), permission))));
    }

    /** The administrator creates ACLs given as a table: principal, permission, operation, resource, name, pattern. */
    @When("the administrator creates these ACLs:")
    public void adminCreates(DataTable table) throws Exception {
        principals.create(bindings(table, null));
    }

    /** Lists the ACLs of a user on the resources of one name, of any type and pattern, and compares them exactly. */
    @Then("the ACLs of user {string} on resources named {string} are exactly:")
    public void aclsAreExactly(String user, String name, DataTable table) {
        Set<AclBinding> expected = new HashSet<>(bindings(table, user));
        AclBindingFilter filter = filter(user, ResourceType.ANY, name);
        await().atMost(Principals.APPLIED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(new HashSet<>(describe(filter)))
                        .as("ACLs DescribeAcls answers for %s", filter).isEqualTo(expected));
    }

    /** A user has no ACLs left on resources of that name (deletion reaches the authorizer within a bound). */
    @Then("user {string} has no ACLs on resources named {string}")
    public void noAcls(String user, String name) {
        AclBindingFilter filter = filter(user, ResourceType.ANY, name);
        await().atMost(Principals.APPLIED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(describe(filter)).as("ACLs DescribeAcls answers for %s", filter)
                        .isEmpty());
    }

    /** The administrator deletes a user's ACLs on a topic by a filter of any pattern type. */
    @When("the administrator deletes the ACLs of user {string} on topic {string}, of any pattern")
    public void adminDeletes(String user, String topic) throws Exception {
        AclBindingFilter filter = filter(user, ResourceType.TOPIC, topic);
        DeleteAclsResult.FilterResults results = principals.admin(Principals.ADMIN).deleteAcls(List.of(filter))
                .values().get(filter).get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<AclBinding> deleted = new ArrayList<>();
        results.values().forEach(r -> {
            assertThat(r.exception()).as("error of the deletion of %s", r.binding()).isNull();
            deleted.add(r.binding());
        });
        world.remembered.put("deleted ACLs", deleted);
    }

    /** DeleteAcls answered exactly these bindings as deleted. */
    @Then("the ACLs deleted are exactly:")
    @SuppressWarnings("unchecked")
    public void deletedExactly(DataTable table) {
        Collection<AclBinding> deleted = (Collection<AclBinding>) world.remembered.get("deleted ACLs");
        assertThat(deleted).as("bindings DeleteAcls answered as deleted")
                .containsExactlyInAnyOrderElementsOf(bindings(table, null));
    }

    /** A user tries to allow itself an operation: only a principal allowed ALTER on the cluster may. */
    @When("user {string} allows itself to {word} topic {string}")
    public void allowsItself(String user, String operation, String topic) {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, world.topic(topic),
                PatternType.LITERAL), new AccessControlEntry(principals.name(user), "*",
                AclOperation.valueOf(operation), AclPermissionType.ALLOW));
        principals.mayHaveCreated(binding);
        Outcomes.capture(world, () -> principals.admin(user).createAcls(List.of(binding)).all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user asks for the ACLs: only a principal allowed DESCRIBE on the cluster may. */
    @When("user {string} lists the ACLs")
    public void listsAcls(String user) {
        Outcomes.capture(world, () -> principals.admin(user).describeAcls(AclBindingFilter.ANY).values()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A user tries to delete another user's ACLs: only a principal allowed ALTER on the cluster may. */
    @When("user {string} deletes the ACLs of user {string} on topic {string}")
    public void deletesAcls(String user, String owner, String topic) {
        AclBindingFilter filter = filter(owner, ResourceType.TOPIC, topic);
        Outcomes.capture(world, () -> principals.admin(user).deleteAcls(List.of(filter)).all()
                .get(World.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    private AclBindingFilter filter(String user, ResourceType type, String logicalName) {
        return new AclBindingFilter(new ResourcePatternFilter(type, world.name(logicalName), PatternType.ANY),
                new AccessControlEntryFilter(principals.name(user), null, AclOperation.ANY, AclPermissionType.ANY));
    }

    private Collection<AclBinding> describe(AclBindingFilter filter) throws Exception {
        return principals.admin(Principals.ADMIN).describeAcls(filter).values().get(10, TimeUnit.SECONDS);
    }

    /** Reads ACLs from a table; the principal comes from its column, or is {@code user} when the table has none. */
    private List<AclBinding> bindings(DataTable table, String user) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Map<String, String> row : table.asMaps()) {
            String principal = principals.name(user != null ? user : row.get("principal"));
            ResourceType type = ResourceType.valueOf(row.get("resource"));
            String name = type == ResourceType.CLUSTER ? CLUSTER : world.name(row.get("name"));
            bindings.add(new AclBinding(new ResourcePattern(type, name, PatternType.valueOf(row.get("pattern"))),
                    new AccessControlEntry(principal, "*", AclOperation.valueOf(row.get("operation")),
                            AclPermissionType.valueOf(row.get("permission")))));
        }
        return bindings;
    }
}
