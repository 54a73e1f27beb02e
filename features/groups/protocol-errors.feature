@consumer-groups
Feature: The group coordinator fences stale and unknown members
  Every request of a member names its group, its member id and the generation it joined. The
  coordinator refuses what does not match: a member id it does not know (UNKNOWN_MEMBER_ID), a
  generation the group has left behind (ILLEGAL_GENERATION), a static instance id now used by another
  member (FENCED_INSTANCE_ID). During a rebalance, heartbeats answer REBALANCE_IN_PROGRESS so members
  rejoin. Since JoinGroup v4 (KIP-394) a new member first gets its member id with MEMBER_ID_REQUIRED
  and must join again with it. The leader's JoinGroup answer carries every member's subscription, and
  SyncGroup hands each member the assignment the leader computed for it; since JoinGroup v7 and
  SyncGroup v5 both answers name the protocol type and protocol (KIP-559). A coordinator that is still
  starting up may answer COORDINATOR_NOT_AVAILABLE or COORDINATOR_LOAD_IN_PROGRESS (Apache Kafka does
  while it creates `__consumer_offsets`); clients retry those, and so does the TCK.

  @must @api:JoinGroup @id:GRPERR-001
  Scenario: A new member first receives its member id with MEMBER_ID_REQUIRED
    When a member joins group "g" without a member id
    Then the broker answers MEMBER_ID_REQUIRED
    And the answer carries a member id to join with

  @must @api:JoinGroup @id:GRPERR-002
  Scenario: A member that rejoins with its assigned id leads a new group and sees its own subscription
    When a member joins group "g" without a member id
    And it joins again with the member id it was given
    Then the broker answers NONE
    And it is the leader of generation 1 of group "g"
    And the answer names protocol type "consumer" and protocol "range"
    And the answer lists the member with the subscription it sent

  @must @api:JoinGroup @api:SyncGroup @id:GRPERR-003
  Scenario: The leader sees every member's subscription and each member receives the assignment the leader gave it
    Given a member has joined group "g" and took its assignment
    When a second member joins group "g" and the group rebalances
    Then the leader's answer lists both members with the subscriptions they sent
    And the follower's answer lists no members
    When the leader hands out an assignment to each member
    Then each member receives the assignment the leader gave it, named with protocol type "consumer" and protocol "range"

  @must @api:JoinGroup @id:GRPERR-004
  Scenario: Joining with a member id the group does not know fails with UNKNOWN_MEMBER_ID
    Given a member has joined group "g" and took its assignment
    When a member joins group "g" with member id "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID

  @must @api:Heartbeat @id:GRPERR-005
  Scenario: A heartbeat from an unknown member fails with UNKNOWN_MEMBER_ID
    Given a member has joined group "g" and took its assignment
    When a heartbeat for group "g" names member "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID

  @must @api:Heartbeat @id:GRPERR-006
  Scenario: A heartbeat from a generation the group has left behind fails with ILLEGAL_GENERATION
    Given a member has joined group "g" and took its assignment
    And the group "g" has moved on to the next generation
    When the member heartbeats with its previous generation
    Then the broker answers ILLEGAL_GENERATION
    And a heartbeat with its current generation is still answered NONE

  @must @api:SyncGroup @id:GRPERR-007
  Scenario: A SyncGroup from a generation the group has left behind fails with ILLEGAL_GENERATION
    Given a member has joined group "g" and took its assignment
    And the group "g" has moved on to the next generation
    When the member syncs with its previous generation
    Then the broker answers ILLEGAL_GENERATION
    And a heartbeat with its current generation is still answered NONE

  @must @api:OffsetCommit @api:OffsetFetch @id:GRPERR-008
  Scenario: A commit from a generation the group has left behind fails with ILLEGAL_GENERATION and stores nothing
    Given a topic "orders" with 1 partition
    And a member has joined group "g" and took its assignment
    And the group "g" has moved on to the next generation
    When the member commits offset 3 for partition 0 of "orders" with its previous generation
    Then the broker answers ILLEGAL_GENERATION
    And group "g" has no committed offset for partition 0 of "orders"
    When the member commits offset 5 for partition 0 of "orders" with its current generation
    Then the broker answers NONE
    And group "g" has committed offset 5 for partition 0 of "orders"

  @must @api:Heartbeat @id:GRPERR-009
  Scenario: A heartbeat in a stable group succeeds
    Given a member has joined group "g" and took its assignment
    When the member heartbeats
    Then the broker answers NONE

  @must @api:Heartbeat @id:GRPERR-010
  Scenario: A member learns of a rebalance from its heartbeat
    Given a member has joined group "g" and took its assignment
    When a second member starts joining group "g"
    And the member heartbeats
    Then the broker answers REBALANCE_IN_PROGRESS

  @must @api:JoinGroup @id:GRPERR-011
  Scenario Outline: A session timeout outside the broker's bounds fails with INVALID_SESSION_TIMEOUT
    When a member joins group "g" with a session timeout of <timeout> ms
    Then the broker answers INVALID_SESSION_TIMEOUT

    Examples: below group.min.session.timeout.ms (6 s) and above group.max.session.timeout.ms (30 min)
      | timeout |
      | 1       |
      | 1800001 |

  @must @api:JoinGroup @id:GRPERR-012
  Scenario: An empty group id fails with INVALID_GROUP_ID
    When a member joins the group with an empty id
    Then the broker answers INVALID_GROUP_ID

  @must @api:JoinGroup @id:GRPERR-013
  Scenario: A member with another protocol type fails with INCONSISTENT_GROUP_PROTOCOL
    Given a member has joined group "g" and took its assignment
    When a member joins group "g" with protocol type "connect"
    Then the broker answers INCONSISTENT_GROUP_PROTOCOL

  @must @api:JoinGroup @api:Heartbeat @id:GRPERR-014
  Scenario: A static member replaced by a new instance is fenced with FENCED_INSTANCE_ID
    Given a static member "host-1" has joined group "g" and took its assignment
    When another member joins group "g" with the same instance id "host-1"
    And the first member heartbeats
    Then the broker answers FENCED_INSTANCE_ID

  @must @api:LeaveGroup @id:GRPERR-015
  Scenario: A member that leaves is removed at once and unknown afterwards
    Given a member has joined group "g" with a session timeout of 30000 ms and took its assignment
    When the member leaves group "g"
    Then the group "g" is Empty at once
    When the member heartbeats
    Then the broker answers UNKNOWN_MEMBER_ID

  @must @api:LeaveGroup @id:GRPERR-016
  Scenario: Leaving with a member id the group does not know fails with UNKNOWN_MEMBER_ID and harms no member
    Given a member has joined group "g" and took its assignment
    When a member leaves group "g" with member id "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID
    And the group "g" still has its member, Stable

  @must @api:FindCoordinator @id:GRPERR-017
  Scenario: A batched FindCoordinator answers each group asked by its key (KIP-699)
    When the coordinators of groups "g1" and "g2" are looked up together
    Then each group asked is answered once, by its key, with a broker of the cluster
