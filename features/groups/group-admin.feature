@consumer-groups @api:ListGroups @api:DescribeGroups @api:DeleteGroups
Feature: Groups are listed, described and deleted through the admin APIs
  ListGroups names every group of a coordinator with its state, DescribeGroups details the members
  of a group (client, host, assignment), and DeleteGroups removes a group that has no members, with
  its committed offsets. A group with members cannot be deleted (NON_EMPTY_GROUP).

  @must
  Scenario: An active group is listed and described as Stable with its members
    Given a topic "orders" with 2 partitions
    And consumers "c1" and "c2" in group "listed" subscribe to "orders"
    And the members of group "listed" share all 2 partitions, "c1" with 1 and "c2" with 1
    Then the group "listed" is listed
    And the group "listed" is described as Stable with 2 members, each with 1 assigned partition

  @must
  Scenario: A group with members cannot be deleted
    Given a topic "orders" with 1 partition
    And consumer "c1" in group "busy" subscribes to "orders"
    And the members of group "busy" share all 1 partitions, "c1" with 1
    When the group "busy" is deleted
    Then the request fails with NON_EMPTY_GROUP

  @must
  Scenario: A group without members is deleted with its committed offsets
    Given a topic "orders" with 1 partition
    And group "done" committed offset 3 for partition 0 of "orders"
    When the group "done" is deleted
    Then the request succeeds
    And group "done" has no committed offsets

  @must
  Scenario: Deleting a group that does not exist fails with GROUP_ID_NOT_FOUND
    When the group "never-existed" is deleted
    Then the request fails with GROUP_ID_NOT_FOUND

  @must
  Scenario: Describing a group that does not exist fails with GROUP_ID_NOT_FOUND (KIP-1043)
    When the group "never-existed" is described
    Then the request fails with GROUP_ID_NOT_FOUND

  @must @api:OffsetCommit
  Scenario: A group that only committed offsets is listed as Empty
    Given a topic "orders" with 1 partition
    And group "offline" committed offset 2 for partition 0 of "orders"
    Then the group "offline" is listed as Empty
