package org.kafkatck.broker.group;

/**
 * One assignment protocol a member supports (for consumers: an assignor such as {@code range}),
 * with the member's metadata for it (for consumers: its subscription).
 *
 * @param name     the protocol name
 * @param metadata opaque to the broker; relayed to the leader
 */
public record Protocol(String name, byte[] metadata) {
}
