@consumer-groups
Feature: Consumers in a group share the partitions of their topics
  Consumers that use the same `group.id` form a group (the classic protocol). Each finds the group's
  coordinator broker (FindCoordinator), joins the group (JoinGroup), and once everyone has joined, the
  leader member computes who reads which partition and hands the assignment out through SyncGroup.
  Members then heartbeat; a member that joins, leaves or stops heartbeating triggers a rebalance,
  after which every partition again has exactly one member. A member that leaves (LeaveGroup) is
  removed at once; one that goes silent is removed when its session timeout expires, not before.

  @must @api:FindCoordinator @api:JoinGroup @api:SyncGroup @id:GROUP-001
  Scenario: A single consumer in a group is assigned every partition
    Given a topic "orders" with 3 partitions
    When consumer "c1" in group "billing" subscribes to "orders"
    Then the members of group "billing" share all 3 partitions, "c1" with 3

  @must @api:JoinGroup @api:SyncGroup @id:GROUP-002
  Scenario: Three consumers on six partitions get two partitions each
    Given a topic "orders" with 6 partitions
    When consumers "c1", "c2" and "c3" in group "billing" subscribe to "orders"
    Then the members of group "billing" share all 6 partitions, "c1" with 2, "c2" with 2 and "c3" with 2

  # The consumers' session timeout is the Java client's 45 s: only the LeaveGroup their close sends
  # can hand the partitions over within 5 seconds.
  @must @api:LeaveGroup @id:GROUP-003
  Scenario: A member that leaves hands its partitions to the others at once
    Given a topic "orders" with 4 partitions
    And consumers "c1" and "c2" in group "billing" subscribe to "orders"
    And the members of group "billing" share all 4 partitions, "c1" with 2 and "c2" with 2
    When consumer "c2" closes
    Then within 5 seconds the members of group "billing" share all 4 partitions, "c1" with 4

  @must @api:JoinGroup @api:Heartbeat @api:DescribeGroups @id:GROUP-004
  Scenario: A member that stops heartbeating is removed when its session timeout expires, not before
    Given a member has joined group "silent" with a session timeout of 6000 ms and took its assignment
    And it heartbeats every second for 3 seconds
    When it stops heartbeating and drops its connection
    Then group "silent" becomes Empty between 6 and 8 seconds after the member's last heartbeat

  @must @api:JoinGroup @api:SyncGroup @id:GROUP-005
  Scenario: Members of a group read every record once between them
    Given a topic "orders" with 4 partitions
    And consumers "c1" and "c2" in group "billing" subscribe to "orders"
    And the members of group "billing" share all 4 partitions, "c1" with 2 and "c2" with 2
    When 40 records are sent to "orders" spread over its partitions
    Then between them the members of group "billing" receive each of the 40 records exactly once

  @must @api:JoinGroup @id:GROUP-006
  Scenario: A static member that restarts within its session timeout keeps its assignment without a rebalance
    Given a topic "orders" with 2 partitions
    And consumer "c1" with instance id "host-1" in group "static" subscribes to "orders"
    And the members of group "static" share all 2 partitions, "c1" with 2
    When consumer "c1" is restarted with the same instance id
    Then the group "static" is in the same generation as before the restart
    And the members of group "static" share all 2 partitions, "c1" with 2
