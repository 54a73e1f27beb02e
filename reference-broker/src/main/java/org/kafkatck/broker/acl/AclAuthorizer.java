package org.kafkatck.broker.acl;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.authorizer.AuthorizationResult;

/**
 * Decides whether a principal may perform an operation on a resource, with the rules of Kafka's
 * {@code StandardAuthorizer}:
 *
 * <ul>
 *   <li>a super user may do anything;</li>
 *   <li>an ACL applies to a resource when its pattern is LITERAL and names it, is LITERAL {@code *}, or is
 *       PREFIXED with a prefix of its name; to a principal when it names it or {@code User:*}; to a host when it
 *       names the client's address or {@code *};</li>
 *   <li>a DENY that applies wins over any ALLOW; an ALLOW of READ, WRITE, DELETE or ALTER also allows DESCRIBE,
 *       an ALLOW of ALTER_CONFIGS also DESCRIBE_CONFIGS, ALL allows (or denies) everything; implied operations
 *       never come from a DENY (denying READ does not deny DESCRIBE);</li>
 *   <li>when no ACL names the resource at all (for any principal), {@code allow.everyone.if.no.acl.found}
 *       decides; when some do but none applies, the answer is DENIED.</li>
 * </ul>
 *
 * <p>With the authorizer off, every action is allowed, as on a Kafka broker without an authorizer.
 */
public final class AclAuthorizer {
    private static final String WILDCARD = ResourcePattern.WILDCARD_RESOURCE;
    private static final String WILDCARD_PRINCIPAL = KafkaPrincipal.USER_TYPE + ":*";
    // the operations Kafka's AclEntry.supportedOperations lists per resource type: what authorized_operations covers
    private static final Map<ResourceType, Set<AclOperation>> SUPPORTED_OPERATIONS = Map.of(
            ResourceType.TOPIC, EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS),
            ResourceType.GROUP, EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
            ResourceType.CLUSTER, EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE),
            ResourceType.TRANSACTIONAL_ID, EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE,
                    AclOperation.TWO_PHASE_COMMIT),
            ResourceType.DELEGATION_TOKEN, EnumSet.of(AclOperation.DESCRIBE),
            ResourceType.USER, EnumSet.of(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS));

    /** No authorizer: allows everything (the broker without {@code broker.authorizer.enabled}). */
    public static final AclAuthorizer NONE = new AclAuthorizer(AclSettings.DISABLED, AclStore.inMemory());

    private final AclSettings settings;
    private final AclStore store;

    /**
     * @param settings whether the authorizer is on, the super users and the answer when no ACL is found
     * @param store    the ACLs
     */
    public AclAuthorizer(AclSettings settings, AclStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** @return whether an authorizer is configured (ACL APIs answer SECURITY_DISABLED when not) */
    public boolean enabled() {
        return settings.enabled();
    }

    /** @return the ACLs this authorizer decides with */
    public AclStore store() {
        return store;
    }

    /**
     * @param principal    who asks (for example {@code User:alice}, or {@code User:ANONYMOUS} unauthenticated)
     * @param host         the client's IP address as text
     * @param operation    a concrete operation (not ANY or UNKNOWN)
     * @param resourceType a concrete resource type (not ANY or UNKNOWN)
     * @param resourceName the resource's name ({@code kafka-cluster} for the cluster)
     * @return ALLOWED or DENIED
     */
    public AuthorizationResult authorize(KafkaPrincipal principal, String host, AclOperation operation,
                                         ResourceType resourceType, String resourceName) {
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("Cannot authorize operation " + operation);
        }
        if (resourceType == ResourceType.ANY || resourceType == ResourceType.UNKNOWN) {
            throw new IllegalArgumentException("Cannot authorize resource type " + resourceType);
        }
        if (!settings.enabled()) {
            return AuthorizationResult.ALLOWED;
        }
        // a subclass of KafkaPrincipal (a custom principal builder's) is compared by type and name only
        KafkaPrincipal base = new KafkaPrincipal(principal.getPrincipalType(), principal.getName());
        if (settings.superUsers().contains(base)) {
            return AuthorizationResult.ALLOWED;
        }
        boolean resourceHasAcls = false;
        boolean allowed = false;
        List<AclBinding> acls = store.all();
        for (AclBinding acl : acls) {
            if (!appliesToResource(acl.pattern(), resourceType, resourceName)) {
                continue;
            }
            resourceHasAcls = true;
            if (!appliesTo(acl, base, host, operation)) {
                continue;
            }
            if (acl.entry().permissionType() == AclPermissionType.DENY) {
                return AuthorizationResult.DENIED;
            }
            allowed = true;
        }
        if (allowed) {
            return AuthorizationResult.ALLOWED;
        }
        if (!resourceHasAcls && settings.allowEveryoneIfNoAclFound()) {
            return AuthorizationResult.ALLOWED;
        }
        return AuthorizationResult.DENIED;
    }

    /**
     * Whether the principal may perform {@code operation} on at least one resource of the type, as Kafka's
     * {@code Authorizer.authorizeByResourceType} decides it (InitProducerId's idempotent-producer rule, KIP-679):
     * a super user, or a resource without ACLs under {@code allow.everyone.if.no.acl.found}, may; a LITERAL
     * {@code *} DENY refuses; otherwise some ALLOW (for the operation itself or ALL, no implied operations) must
     * name a resource that no DENY covers (a LITERAL DENY of the same name, or a PREFIXED DENY of a prefix of it).
     *
     * @param principal    who asks
     * @param host         the client's IP address as text
     * @param operation    a concrete operation
     * @param resourceType a concrete resource type
     * @return ALLOWED or DENIED
     */
    public AuthorizationResult authorizeAny(KafkaPrincipal principal, String host, AclOperation operation,
                                            ResourceType resourceType) {
        // a name no ACL is likely to cover: lets super users and allow.everyone.if.no.acl.found through, as Kafka
        if (authorize(principal, host, operation, resourceType, "hardcode") == AuthorizationResult.ALLOWED) {
            return AuthorizationResult.ALLOWED;
        }
        String principalText = new KafkaPrincipal(principal.getPrincipalType(), principal.getName()).toString();
        Set<String> deniedLiteral = new HashSet<>();
        Set<String> deniedPrefixes = new HashSet<>();
        Set<ResourcePattern> allowed = new HashSet<>();
        for (AclBinding acl : store.all()) {
            ResourcePattern pattern = acl.pattern();
            if (pattern.resourceType() != resourceType
                    || !(acl.entry().host().equals(WILDCARD) || acl.entry().host().equals(host))
                    || !(acl.entry().principal().equals(principalText) || acl.entry().principal().equals(WILDCARD_PRINCIPAL))
                    || !(acl.entry().operation() == operation || acl.entry().operation() == AclOperation.ALL)) {
                continue;
            }
            boolean literal = pattern.patternType() == PatternType.LITERAL;
            if (acl.entry().permissionType() == AclPermissionType.DENY) {
                if (literal && pattern.name().equals(WILDCARD)) {
                    return AuthorizationResult.DENIED;
                }
                (literal ? deniedLiteral : deniedPrefixes).add(pattern.name());
            } else if (acl.entry().permissionType() == AclPermissionType.ALLOW) {
                if (literal && pattern.name().equals(WILDCARD)) {
                    return AuthorizationResult.ALLOWED;
                }
                allowed.add(pattern);
            }
        }
        for (ResourcePattern pattern : allowed) {
            boolean literal = pattern.patternType() == PatternType.LITERAL;
            if (literal && deniedLiteral.contains(pattern.name())) {
                continue;
            }
            boolean coveredByDeniedPrefix = false;
            for (int end = 1; end <= pattern.name().length() && !coveredByDeniedPrefix; end++) {
                coveredByDeniedPrefix = deniedPrefixes.contains(pattern.name().substring(0, end));
            }
            if (!coveredByDeniedPrefix) {
                return AuthorizationResult.ALLOWED;
            }
        }
        return AuthorizationResult.DENIED;
    }

    /**
     * The operations of the resource type that the principal may perform on the resource, as the bit field of
     * their codes Kafka answers in {@code *_authorized_operations} (its {@code AuthHelper.authorizedOperations}).
     *
     * @param principal    who asks
     * @param host         the client's IP address as text
     * @param resourceType TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN or USER
     * @param resourceName the resource's name
     * @return bit {@code code} set for each allowed operation
     */
    public int authorizedOperations(KafkaPrincipal principal, String host, ResourceType resourceType,
                                    String resourceName) {
        Set<Byte> codes = new HashSet<>();
        for (AclOperation operation : SUPPORTED_OPERATIONS.get(resourceType)) {
            if (authorize(principal, host, operation, resourceType, resourceName) == AuthorizationResult.ALLOWED) {
                codes.add(operation.code());
            }
        }
        return Utils.to32BitField(codes);
    }

    private static boolean appliesToResource(ResourcePattern pattern, ResourceType type, String name) {
        if (pattern.resourceType() != type) {
            return false;
        }
        return switch (pattern.patternType()) {
            case LITERAL -> pattern.name().equals(WILDCARD) || pattern.name().equals(name);
            case PREFIXED -> name.startsWith(pattern.name());
            default -> false;
        };
    }

    private static boolean appliesTo(AclBinding acl, KafkaPrincipal principal, String host, AclOperation operation) {
        // "Type:name" on both sides: Kafka parses an ACL's principal by its first colon, as toString joins it
        String aclPrincipal = acl.entry().principal();
        if (!aclPrincipal.equals(principal.toString()) && !aclPrincipal.equals(WILDCARD_PRINCIPAL)) {
            return false;
        }
        if (!acl.entry().host().equals(WILDCARD) && !acl.entry().host().equals(host)) {
            return false;
        }
        return operationApplies(acl.entry().operation(), acl.entry().permissionType(), operation);
    }

    private static boolean operationApplies(AclOperation granted, AclPermissionType permission, AclOperation asked) {
        if (granted == AclOperation.ALL || granted == asked) {
            return true;
        }
        if (permission != AclPermissionType.ALLOW) {
            return false;
        }
        return switch (asked) {
            case DESCRIBE -> granted == AclOperation.READ || granted == AclOperation.WRITE
                    || granted == AclOperation.DELETE || granted == AclOperation.ALTER;
            case DESCRIBE_CONFIGS -> granted == AclOperation.ALTER_CONFIGS;
            default -> false;
        };
    }
}
