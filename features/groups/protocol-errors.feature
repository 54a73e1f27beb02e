@consumer-groups @api:JoinGroup @api:SyncGroup @api:Heartbeat @api:LeaveGroup
Feature: The group coordinator fences stale and unknown members
  Every request of a member names its group, its member id and the generation it joined. The
  coordinator refuses what does not match: a member id it does not know (UNKNOWN_MEMBER_ID), a past
  generation (ILLEGAL_GENERATION), a static instance id now used by another member
  (FENCED_INSTANCE_ID). During a rebalance, heartbeats answer REBALANCE_IN_PROGRESS so members rejoin.
  Since JoinGroup v4 (KIP-394) a new member first gets its member id with MEMBER_ID_REQUIRED and must
  join again with it. A coordinator that is still starting up may answer COORDINATOR_NOT_AVAILABLE or
  COORDINATOR_LOAD_IN_PROGRESS (Apache Kafka does while it creates `__consumer_offsets`); clients
  retry those, and so does the TCK.

  @must
  Scenario: A new member first receives its member id with MEMBER_ID_REQUIRED
    When a member joins group "g" without a member id
    Then the broker answers MEMBER_ID_REQUIRED
    And the answer carries a member id to join with

  @must
  Scenario: A member that rejoins with its assigned id becomes the leader of a new group
    When a member joins group "g" without a member id
    And it joins again with the member id it was given
    Then the broker answers NONE
    And it is the leader of generation 1 of group "g"

  @must
  Scenario: Joining with a member id the group does not know fails with UNKNOWN_MEMBER_ID
    Given a member has joined group "g" and took its assignment
    When a member joins group "g" with member id "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID

  @must
  Scenario: A heartbeat from an unknown member fails with UNKNOWN_MEMBER_ID
    Given a member has joined group "g" and took its assignment
    When a heartbeat for group "g" names member "made-up-member"
    Then the broker answers UNKNOWN_MEMBER_ID

  @must
  Scenario: A heartbeat for a past generation fails with ILLEGAL_GENERATION
    Given a member has joined group "g" and took its assignment
    When the member heartbeats with generation 99
    Then the broker answers ILLEGAL_GENERATION

  @must
  Scenario: A SyncGroup for a past generation fails with ILLEGAL_GENERATION
    Given a member has joined group "g" and took its assignment
    When the member syncs with generation 99
    Then the broker answers ILLEGAL_GENERATION

  @must
  Scenario: A heartbeat in a stable group succeeds
    Given a member has joined group "g" and took its assignment
    When the member heartbeats
    Then the broker answers NONE

  @must
  Scenario: A member learns of a rebalance from its heartbeat
    Given a member has joined group "g" and took its assignment
    When a second member starts joining group "g"
    And the member heartbeats
    Then the broker answers REBALANCE_IN_PROGRESS

  @must
  Scenario: A session timeout outside the broker's bounds fails with INVALID_SESSION_TIMEOUT
    When a member joins group "g" with a session timeout of 1 ms
    Then the broker answers INVALID_SESSION_TIMEOUT

  @must
  Scenario: An empty group id fails with INVALID_GROUP_ID
    When a member joins the group with an empty id
    Then the broker answers INVALID_GROUP_ID

  @must
  Scenario: A member with another protocol type fails with INCONSISTENT_GROUP_PROTOCOL
    Given a member has joined group "g" and took its assignment
    When a member joins group "g" with protocol type "connect"
    Then the broker answers INCONSISTENT_GROUP_PROTOCOL

  @must
  Scenario: A static member replaced by a new instance is fenced with FENCED_INSTANCE_ID
    Given a static member "host-1" has joined group "g" and took its assignment
    When another member joins group "g" with the same instance id "host-1"
    And the first member heartbeats
    Then the broker answers FENCED_INSTANCE_ID

  @must
  Scenario: A member that left is unknown afterwards
    Given a member has joined group "g" and took its assignment
    When the member leaves group "g"
    And the member heartbeats
    Then the broker answers UNKNOWN_MEMBER_ID

  @must @api:FindCoordinator
  Scenario: FindCoordinator names a broker of the cluster for every group asked
    When the coordinators of groups "g1" and "g2" are looked up together
    Then each is a broker of the cluster
