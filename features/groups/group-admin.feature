@consumer-groups
Feature: Groups are listed, described and deleted through the admin APIs
  ListGroups names every group of a coordinator with its state and protocol type, and can filter by
  state (v4+, KIP-518). DescribeGroups details a group: its state, protocol and members (client id,
  host, assignment); an unknown group is GROUP_ID_NOT_FOUND (v6+, KIP-1043). DeleteGroups removes a
  group that has no members, with its committed offsets; a group with members cannot be deleted
  (NON_EMPTY_GROUP).

  @must @api:ListGroups @api:DescribeGroups @id:GRPADMIN-001
  Scenario: An active group is listed and described as Stable with its members
    Given a topic "orders" with 2 partitions
    And consumers "c1" and "c2" in group "listed" subscribe to "orders"
    And the members of group "listed" share all 2 partitions, "c1" with 1 and "c2" with 1
    Then the group "listed" is listed as Stable with protocol type "consumer"
    And the group "listed" is described as Stable with protocol "range" and 2 members, each with 1 assigned partition of "orders", together all of them

  @must @api:ListGroups @id:GRPADMIN-002
  Scenario: A group that only committed offsets is listed as Empty
    Given a topic "orders" with 1 partition
    And group "offline" committed offset 2 for partition 0 of "orders"
    Then the group "offline" is listed as Empty

  @must @api:ListGroups @id:GRPADMIN-003
  Scenario: Listing the groups in one state names only the groups in that state (KIP-518)
    Given a topic "orders" with 1 partition
    And group "offline" committed offset 2 for partition 0 of "orders"
    And consumer "c1" in group "active" subscribes to "orders"
    And the members of group "active" share all 1 partitions, "c1" with 1
    Then listing the groups in state Empty names "offline" but not "active"
    And listing the groups in state Stable names "active" but not "offline"

  @must @api:DeleteGroups @id:GRPADMIN-004
  Scenario: A group with members cannot be deleted
    Given a topic "orders" with 1 partition
    And consumer "c1" in group "busy" subscribes to "orders"
    And the members of group "busy" share all 1 partitions, "c1" with 1
    When the group "busy" is deleted
    Then the request fails with NON_EMPTY_GROUP
    And the group "busy" is still described as Stable with 1 member

  @must @api:DeleteGroups @id:GRPADMIN-005
  Scenario: A group without members is deleted with its committed offsets
    Given a topic "orders" with 1 partition
    And group "done" committed offset 3 for partition 0 of "orders"
    When the group "done" is deleted
    Then the request succeeds
    And group "done" has no committed offsets
    And the group "done" is not listed

  @must @api:DeleteGroups @id:GRPADMIN-006
  Scenario: Deleting a group that does not exist fails with GROUP_ID_NOT_FOUND
    When the group "never-existed" is deleted
    Then the request fails with GROUP_ID_NOT_FOUND

  @must @api:DescribeGroups @id:GRPADMIN-007 @since:4.0
  Scenario: Describing a group that does not exist fails with GROUP_ID_NOT_FOUND (KIP-1043)
    # @since:4.0: DescribeGroups v6 answers GROUP_ID_NOT_FOUND from Kafka 4.0 on (KIP-1043); 3.9 answers without an error
    When the group "never-existed" is described
    Then the request fails with GROUP_ID_NOT_FOUND
