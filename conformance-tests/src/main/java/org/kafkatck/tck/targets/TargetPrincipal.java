package org.kafkatck.tck.targets;

import java.util.Map;

/**
 * One identity a secured target lets the TCK connect as.
 *
 * @param name             the principal the broker sees, e.g. {@code User:alice}, as ACLs name it
 * @param clientProperties client properties that authenticate as this principal, applied on top of the
 *                         target's {@link BrokerTarget#clientProperties()} (typically {@code sasl.jaas.config})
 */
public record TargetPrincipal(String name, Map<String, String> clientProperties) {

    /** Copies the properties so that a caller's later change cannot alter this identity. */
    public TargetPrincipal {
        clientProperties = Map.copyOf(clientProperties);
    }
}
