package org.kafkatck.broker.acl;

import java.util.Set;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * How the broker authorizes: Kafka's {@code authorizer.class.name} (on or off), {@code super.users} and
 * {@code allow.everyone.if.no.acl.found}.
 *
 * @param enabled                    whether ACLs are kept and the ACL APIs served; off, they answer
 *                                   SECURITY_DISABLED as a Kafka broker without an authorizer does
 * @param superUsers                 principals allowed every operation whatever the ACLs say
 * @param allowEveryoneIfNoAclFound  the answer for a resource no ACL names (Kafka's default: false)
 */
public record AclSettings(boolean enabled, Set<KafkaPrincipal> superUsers, boolean allowEveryoneIfNoAclFound) {

    /** No authorizer: the broker's behaviour before ACLs existed, and Kafka's without an authorizer. */
    public static final AclSettings DISABLED = new AclSettings(false, Set.of(), false);

    /** Keeps an immutable copy of the super users. */
    public AclSettings {
        superUsers = Set.copyOf(superUsers);
    }
}
