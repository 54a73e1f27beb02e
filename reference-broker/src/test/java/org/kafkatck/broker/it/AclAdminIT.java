package org.kafkatck.broker.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateAclsResult;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;
import org.kafkatck.broker.acl.AclSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Admin client's ACL calls against the reference broker: create, describe, delete, and a restart between. */
class AclAdminIT {
    private static final AclBinding READ_ORDERS = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
    private static final AclBinding WRITE_PAY = new AclBinding(
            new ResourcePattern(ResourceType.TOPIC, "pay", PatternType.PREFIXED),
            new AccessControlEntry("User:bob", "10.0.0.1", AclOperation.WRITE, AclPermissionType.DENY));
    private static final AclBinding JOIN_GROUPS = new AclBinding(
            new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
            new AccessControlEntry("User:*", "*", AclOperation.READ, AclPermissionType.ALLOW));
    private static final AclBinding CLUSTER_ALTER = new AclBinding(
            new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
            new AccessControlEntry("User:ops", "*", AclOperation.ALTER, AclPermissionType.ALLOW));

    /** A broker with an authorizer whose unauthenticated (PLAINTEXT) clients, User:ANONYMOUS, are super users. */
    private static BrokerConfig secured(Path dataDir) {
        return BrokerConfig.forTests().withDiskStorage(dataDir)
                .withAuthorization(new AclSettings(true, Set.of(KafkaPrincipal.ANONYMOUS), false));
    }

    @Test
    void onlyAPrincipalAllowedOnTheClusterManagesAcls(@TempDir Path dataDir) throws Exception {
        BrokerConfig noSuperUser = BrokerConfig.forTests().withDiskStorage(dataDir)
                .withAuthorization(new AclSettings(true, Set.of(new KafkaPrincipal("User", "admin")), false));
        try (ReferenceBroker broker = ReferenceBroker.start(noSuperUser);
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .cause().isInstanceOf(ClusterAuthorizationException.class)
                    .hasMessage("Principal User:ANONYMOUS is not authorized to DESCRIBE the cluster.");
            assertThatThrownBy(() -> admin.createAcls(List.of(READ_ORDERS)).all().get())
                    .cause().isInstanceOf(ClusterAuthorizationException.class)
                    .hasMessage("Principal User:ANONYMOUS is not authorized to ALTER the cluster.");
        }
        // no ACL names the cluster: allow.everyone.if.no.acl.found lets everyone in
        try (ReferenceBroker broker = ReferenceBroker.start(noSuperUser.withAuthorization(
                new AclSettings(true, Set.of(), true)));
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            admin.createAcls(List.of(READ_ORDERS)).all().get();
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).containsExactly(READ_ORDERS);
        }
    }

    @Test
    void aclsRoundTripThroughTheAdminClientAndSurviveARestart(@TempDir Path dataDir) throws Exception {
        try (ReferenceBroker broker = ReferenceBroker.start(secured(dataDir));
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            admin.createAcls(List.of(READ_ORDERS, WRITE_PAY, JOIN_GROUPS, CLUSTER_ALTER)).all().get();
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .containsExactlyInAnyOrder(READ_ORDERS, WRITE_PAY, JOIN_GROUPS, CLUSTER_ALTER);
            assertThat(admin.describeAcls(new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, "payments", PatternType.MATCH),
                    AccessControlEntryFilter.ANY)).values().get()).containsExactly(WRITE_PAY);

            DeleteAclsResult deleted = admin.deleteAcls(List.of(CLUSTER_ALTER.toFilter()));
            assertThat(deleted.all().get()).containsExactly(CLUSTER_ALTER);
        }
        try (ReferenceBroker broker = ReferenceBroker.start(secured(dataDir));
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .containsExactlyInAnyOrder(READ_ORDERS, WRITE_PAY, JOIN_GROUPS);
            AclBindingFilter topics = new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY), AccessControlEntryFilter.ANY);
            assertThat(admin.deleteAcls(List.of(topics)).all().get()).containsExactlyInAnyOrder(READ_ORDERS, WRITE_PAY);
        }
        try (ReferenceBroker broker = ReferenceBroker.start(secured(dataDir));
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).containsExactly(JOIN_GROUPS);
        }
    }

    @Test
    void aCreationKafkaRefusesFailsAloneWithItsMessage(@TempDir Path dataDir) throws Exception {
        AclBinding wrongCluster = new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "my-cluster", PatternType.LITERAL),
                new AccessControlEntry("User:ops", "*", AclOperation.ALTER, AclPermissionType.ALLOW));
        try (ReferenceBroker broker = ReferenceBroker.start(secured(dataDir));
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            CreateAclsResult result = admin.createAcls(List.of(READ_ORDERS, wrongCluster));
            result.values().get(READ_ORDERS).get();
            assertThatThrownBy(() -> result.values().get(wrongCluster).get())
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("The only valid name for the CLUSTER resource is kafka-cluster");
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).containsExactly(READ_ORDERS);
        }
    }

    @Test
    void withoutAnAuthorizerTheAdminClientGetsSecurityDisabled() throws Exception {
        try (ReferenceBroker broker = ReferenceBroker.start(BrokerConfig.forTests());
             Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .cause().isInstanceOf(SecurityDisabledException.class)
                    .hasMessage("No Authorizer is configured on the broker");
            assertThatThrownBy(() -> admin.createAcls(List.of(READ_ORDERS)).all().get())
                    .cause().isInstanceOf(SecurityDisabledException.class).hasMessage("No Authorizer is configured.");
            assertThatThrownBy(() -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get())
                    .cause().isInstanceOf(SecurityDisabledException.class).hasMessage("No Authorizer is configured.");
        }
    }
}
