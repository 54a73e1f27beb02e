@consumer-groups
Feature: The group coordinator applies the same rules at every version clients speak
  Clients do not all speak the newest group protocol: the Java client, librdkafka and KafkaJS use
  JoinGroup v0 to v9, SyncGroup v0 to v5, Heartbeat v0 to v4 and LeaveGroup v0 to v5, depending on
  their age and on what the broker advertises in ApiVersions. A coordinator must apply the same rules
  at every version it advertises: it fences members of a generation the group has left behind
  (ILLEGAL_GENERATION) and member ids it does not know (UNKNOWN_MEMBER_ID); a rebalance waits for
  the members to rejoin no longer than the rebalance timeout (JoinGroup v1+; v0 uses the session
  timeout) and removes those that did not; a follower's SyncGroup is answered only once the leader
  has sent the assignment. Each example row sends the request under test in one version, with the
  fields that version carries; the group is set up with the newest versions. Before LeaveGroup v3 a
  leave names one member and its error is the group's; since v3 (KIP-345) each member named gets its
  own error.

  @must @api:JoinGroup @id:GRPVER-001
  Scenario Outline: A member joining an empty group with JoinGroup v<version> leads its first generation
    When a member joins the empty group "g" with JoinGroup v<version>
    Then it leads generation 1 of group "g", and the answer lists it with the subscription it sent

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

  @must @api:JoinGroup @id:GRPVER-002
  Scenario Outline: JoinGroup v<version> with a member id the group does not know fails with UNKNOWN_MEMBER_ID
    Given group "g" has a stable member
    When a member joins group "g" with JoinGroup v<version> and member id "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID
    And group "g" still has only its stable member

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

  @must @api:JoinGroup @id:GRPVER-003
  Scenario Outline: A member that does not rejoin within the rebalance timeout is removed (JoinGroup v<version>)
    Given group "g" has a stable member with a rebalance timeout of 500 ms
    When a second member joins group "g" with JoinGroup v<version> and a rebalance timeout of 500 ms
    Then the second member's join is answered after 500 ms at the earliest and 5 s at the latest, leading generation 2 alone
    And the first member is no longer a member of group "g"

    Examples: JoinGroup v0 has no rebalance timeout
      | version |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

  @must @api:SyncGroup @id:GRPVER-004
  Scenario Outline: A follower's SyncGroup v<version> waits for the leader's assignment
    Given group "g" has a leader and a follower that joined the same generation
    When the follower syncs with SyncGroup v<version>
    Then the follower has no answer while the leader has not synced
    When the leader syncs with SyncGroup v<version>, handing each member its assignment
    Then the follower receives the assignment the leader gave it

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |

  @must @api:SyncGroup @id:GRPVER-005
  Scenario Outline: SyncGroup v<version> from a generation the group has left behind fails with ILLEGAL_GENERATION
    Given group "g" has a stable member at generation 2
    When the member syncs with SyncGroup v<version> and generation 1
    Then the broker answers ILLEGAL_GENERATION
    When the member syncs with SyncGroup v<version> and generation 2
    Then the broker answers NONE

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |

  @must @api:Heartbeat @id:GRPVER-006
  Scenario Outline: Heartbeat v<version> from a generation the group has left behind fails with ILLEGAL_GENERATION
    Given group "g" has a stable member at generation 2
    When the member heartbeats with Heartbeat v<version> and generation 1
    Then the broker answers ILLEGAL_GENERATION
    When the member heartbeats with Heartbeat v<version> and generation 2
    Then the broker answers NONE

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |

  @must @api:LeaveGroup @id:GRPVER-007
  Scenario Outline: A member that leaves with LeaveGroup v<version> is removed at once
    Given group "g" has a stable member
    When the member leaves group "g" with LeaveGroup v<version>
    Then the broker answers NONE
    And group "g" is Empty, without members

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |

  @must @api:LeaveGroup @id:GRPVER-008
  Scenario Outline: LeaveGroup v<version> naming a member the group does not know fails with UNKNOWN_MEMBER_ID and harms no member
    Given group "g" has a stable member
    When member "made-up-member" leaves group "g" with LeaveGroup v<version>
    Then the broker answers UNKNOWN_MEMBER_ID
    And group "g" still has only its stable member

    Examples:
      | version |
      | 0       |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
