package org.kafkatck.broker.group;

/**
 * Group coordinator settings, with Apache Kafka's names and defaults.
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms} (3000): how long the first
 *                                rebalance of an empty group waits for more members, and waits again after
 *                                each stretch in which one joined, up to the rebalance timeout
 * @param minSessionTimeoutMs     {@code group.min.session.timeout.ms} (6000)
 * @param maxSessionTimeoutMs     {@code group.max.session.timeout.ms} (1800000)
 * @param maxMetadataBytes        {@code offset.metadata.max.bytes} (4096)
 */
public record GroupSettings(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                            int maxMetadataBytes) {

    /** @return Apache Kafka's defaults */
    public static GroupSettings defaults() {
        return new GroupSettings(3000, 6000, 1_800_000, 4096);
    }
}
