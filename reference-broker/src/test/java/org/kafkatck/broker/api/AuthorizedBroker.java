package org.kafkatck.broker.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.acl.AclAuthorizer;
import org.kafkatck.broker.acl.AclSettings;
import org.kafkatck.broker.acl.AclStore;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.group.GroupSettings;
import org.kafkatck.broker.group.OffsetStore;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.LogSettings;
import org.kafkatck.broker.txn.TransactionCoordinator;
import org.kafkatck.broker.txn.TransactionLog;

/**
 * What the handler authorization tests build their handlers on: in-memory logs with the topics {@code orders} and
 * {@code secret}, a group and a transaction coordinator, and an authorizer that is on, with {@code admin} a super
 * user, {@code alice} holding the ACLs a test gives her and {@code bob} none.
 */
final class AuthorizedBroker implements AutoCloseable {
    static final KafkaPrincipal ALICE = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");
    static final KafkaPrincipal BOB = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob");
    static final KafkaPrincipal ADMIN = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "admin");

    final LogManager logs = LogManager.open(new LogSettings(null, 1 << 20, 1 << 20, false, null));
    final GroupCoordinator groups = new GroupCoordinator(GroupSettings.defaults(), OffsetStore.inMemory(),
            logs::exists);
    final AtomicLong producerIds = new AtomicLong(1000);
    final TransactionCoordinator transactions = new TransactionCoordinator(TransactionLog.inMemory(),
            producerIds::getAndIncrement, (tp, pid, epoch, commit) -> { }, (group, pid, commit) -> { }, 900_000);
    final BrokerIdentity identity = new BrokerIdentity("cluster", 1, "localhost", 9092);
    final AclStore acls = AclStore.inMemory();
    final AclAuthorizer authorizer = new AclAuthorizer(new AclSettings(true, Set.of(ADMIN), false), acls);

    /** @param aliceAcls what alice may do */
    AuthorizedBroker(List<AclBinding> aliceAcls) {
        logs.createTopic("orders", 1, Map.of());
        logs.createTopic("secret", 1, Map.of());
        acls.add(aliceAcls);
    }

    /** @return an ACL allowing alice {@code operation} on the resources {@code name} and {@code pattern} name */
    static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(ALICE.toString(), "*", operation, AclPermissionType.ALLOW));
    }

    /** @return a request of {@code principal}, authenticated, from 10.0.0.1 */
    RequestContext as(KafkaPrincipal principal, ApiKeys api, int version) {
        return new RequestContext(new RequestHeader(api, (short) version, "client", 1), "10.0.0.1:5000", null,
                principal, authorizer);
    }

    /** @return a request on a broker without an authorizer */
    static RequestContext unsecured(ApiKeys api, int version) {
        return new RequestContext(new RequestHeader(api, (short) version, "client", 1), "10.0.0.1:5000");
    }

    @Override
    public void close() {
        groups.close();
        logs.close();
    }
}
