package org.kafkatck.broker.group;

/** The states of a classic consumer group, named as Apache Kafka names them in DescribeGroups and ListGroups. */
public enum GroupState {
    /** No members; the group may still hold committed offsets. */
    EMPTY("Empty"),
    /** A rebalance started: members must rejoin (JoinGroup) before the rebalance timeout. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Every member joined; the leader's assignment is awaited (SyncGroup). */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Members have their assignment and heartbeat. */
    STABLE("Stable"),
    /** Deleted; requests racing the deletion are told to find the coordinator again. */
    DEAD("Dead");

    private final String wireName;

    GroupState(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name Kafka uses for this state on the wire */
    public String wireName() {
        return wireName;
    }

    /** @return the state with that wire name, case-insensitively, or {@code null} */
    public static GroupState fromWireName(String name) {
        for (GroupState state : values()) {
            if (state.wireName.equalsIgnoreCase(name)) {
                return state;
            }
        }
        return null;
    }
}
