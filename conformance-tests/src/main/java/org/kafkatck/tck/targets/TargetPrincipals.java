package org.kafkatck.tck.targets;

/**
 * The identities the {@code security} profile needs from a target: the administrator every other scenario
 * already runs as (a super user, or one granted everything), and two ordinary users that start with no ACLs
 * at all, so that a scenario can grant one of them an operation and see the other still refused.
 *
 * @param admin  the principal of {@link BrokerTarget#clientProperties()}; may change ACLs
 * @param first  an ordinary user
 * @param second another ordinary user, distinct from {@code first}
 */
public record TargetPrincipals(TargetPrincipal admin, TargetPrincipal first, TargetPrincipal second) {
}
