package org.kafkatck.broker.acl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.LogDirectory;

import static org.assertj.core.api.Assertions.assertThat;

class AclStoreTest {
    private static final AclBinding READ_ORDERS = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
    private static final AclBinding WRITE_PAY = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "pay", PatternType.PREFIXED),
            new AccessControlEntry("User:bob", "10.0.0.1", AclOperation.WRITE, AclPermissionType.DENY));
    private static final AclBinding GROUP_ALL = new AclBinding(
            new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
            new AccessControlEntry("User:*", "*", AclOperation.ALL, AclPermissionType.ALLOW));

    @TempDir
    Path dir;

    private AclStore open() {
        return AclStore.open(dir, false, LogDirectory.of(dir));
    }

    @Test
    void aclsSurviveAReopen() {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS, WRITE_PAY, GROUP_ALL));
            store.delete(List.of(WRITE_PAY.toFilter()));
        }
        try (AclStore store = open()) {
            assertThat(store.all()).containsExactly(READ_ORDERS, GROUP_ALL);
        }
    }

    @Test
    void openingCompactsTheFileToTheLiveAcls() throws Exception {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS));
        }
        long oneAcl = Files.size(dir.resolve("acls.log"));
        try (AclStore store = open()) {
            store.add(List.of(WRITE_PAY, GROUP_ALL));
            store.delete(List.of(WRITE_PAY.toFilter(), GROUP_ALL.toFilter()));
            assertThat(Files.size(dir.resolve("acls.log"))).isGreaterThan(oneAcl);
        }
        try (AclStore store = open()) {
            assertThat(store.all()).containsExactly(READ_ORDERS);
        }
        assertThat(Files.size(dir.resolve("acls.log"))).isEqualTo(oneAcl);
    }

    @Test
    void aTornLastRecordIsDropped() throws Exception {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS, WRITE_PAY));
        }
        Files.write(dir.resolve("acls.log"), new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (AclStore store = open()) {
            assertThat(store.all()).containsExactly(READ_ORDERS, WRITE_PAY);
            store.add(List.of(GROUP_ALL));
        }
        try (AclStore store = open()) {
            assertThat(store.all()).containsExactly(READ_ORDERS, WRITE_PAY, GROUP_ALL);
        }
    }

    @Test
    void anAclAddedTwiceIsStoredOnce() {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS, READ_ORDERS));
            store.add(List.of(READ_ORDERS));
            assertThat(store.all()).containsExactly(READ_ORDERS);
        }
    }

    @Test
    void eachFilterReportsWhatItMatchedEvenWhenAnotherFilterMatchedItToo() {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS, WRITE_PAY, GROUP_ALL));
            AclBindingFilter topics = new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY), AccessControlEntryFilter.ANY);
            AclBindingFilter nothing = new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.CLUSTER, null, PatternType.ANY), AccessControlEntryFilter.ANY);
            List<List<AclBinding>> deleted = store.delete(List.of(topics, READ_ORDERS.toFilter(), nothing));
            assertThat(deleted).containsExactly(List.of(READ_ORDERS, WRITE_PAY), List.of(READ_ORDERS), List.of());
            assertThat(store.all()).containsExactly(GROUP_ALL);
        }
    }

    @Test
    void prefixedAndMatchFiltersSelectAsKafkaDoes() {
        try (AclStore store = open()) {
            store.add(List.of(READ_ORDERS, WRITE_PAY, GROUP_ALL));
            // MATCH: every ACL that would apply to the topic "payments": the PREFIXED "pay"
            assertThat(store.matching(new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, "payments", PatternType.MATCH),
                    AccessControlEntryFilter.ANY))).containsExactly(WRITE_PAY);
            assertThat(store.matching(new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.ANY, null, PatternType.LITERAL),
                    new AccessControlEntryFilter("User:*", null, AclOperation.ANY, AclPermissionType.ANY))))
                    .containsExactly(GROUP_ALL);
        }
    }

    @Test
    void aStoreInMemoryForgetsOnRestart() {
        AclStore store = AclStore.inMemory();
        store.add(List.of(READ_ORDERS));
        assertThat(store.all()).containsExactly(READ_ORDERS);
        assertThat(AclStore.inMemory().all()).isEmpty();
    }
}
