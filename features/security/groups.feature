@security
Feature: The group APIs need their ACLs on the group, and on the topics they name
  Fetching a group's committed offsets needs DESCRIBE on the group, and names only the topics the user may
  DESCRIBE: a topic it names without that is answered TOPIC_AUTHORIZATION_FAILED for each partition, and asked
  for every committed offset the group holds, the broker silently leaves such topics out. Describing groups
  needs DESCRIBE on each group, answered group by group. Deleting a group, or a group's committed offsets, needs
  DELETE on the group. A refused request changes nothing.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs; the topics and the
  groups' committed offsets are created by the administrator.

  Background:
    Given a topic "orders" with 1 partition
    And group "billing" committed offset 1 for partition 0 of "orders"

  @must @api:OffsetFetch @id:SEC-026
  Scenario: Fetching a group's committed offsets needs DESCRIBE on the group
    Given user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" fetches the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers GROUP_AUTHORIZATION_FAILED
    When user "alice" is allowed DESCRIBE on group "billing"
    And user "alice" fetches the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers NONE
    And the committed offset answered is 1

  @must @api:OffsetFetch @id:SEC-027
  Scenario: A topic named in OffsetFetch that the user may not describe is answered TOPIC_AUTHORIZATION_FAILED
    Given user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" fetches the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers TOPIC_AUTHORIZATION_FAILED
    When user "alice" is allowed DESCRIBE on topic "orders"
    And user "alice" fetches the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers NONE
    And the committed offset answered is 1

  @must @api:OffsetFetch @id:SEC-028
  Scenario: Fetching every committed offset of a group leaves out the topics the user may not describe
    Given a topic "secret" with 1 partition
    And group "billing" committed offset 1 for partition 0 of "secret"
    And user "alice" is allowed DESCRIBE on group "billing"
    And user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" fetches all committed offsets of group "billing"
    Then the committed offsets answered include "orders" but not "secret"

  @must @api:DescribeGroups @id:SEC-029
  Scenario: DescribeGroups refuses, group by group, the groups the user may not describe
    Given group "audit" committed offset 1 for partition 0 of "orders"
    And user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" describes the groups "billing" and "audit"
    Then group "billing" is described with NONE
    And group "audit" is described with GROUP_AUTHORIZATION_FAILED

  @must @api:DeleteGroups @id:SEC-030
  Scenario: Deleting a group needs DELETE on it
    Given user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" deletes group "billing"
    Then the broker answers GROUP_AUTHORIZATION_FAILED
    And group "billing" has committed offset 1 for partition 0 of "orders"
    When user "alice" is allowed DELETE on group "billing"
    And user "alice" deletes group "billing"
    Then the broker answers NONE
    And group "billing" has no committed offsets

  @must @api:OffsetDelete @id:SEC-031
  Scenario: Deleting a group's committed offsets needs DELETE on the group
    Given user "alice" is allowed READ on topic "orders"
    And user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" deletes the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers GROUP_AUTHORIZATION_FAILED
    And group "billing" has committed offset 1 for partition 0 of "orders"
    When user "alice" is allowed DELETE on group "billing"
    And user "alice" deletes the committed offset of partition 0 of "orders" for group "billing"
    Then the broker answers NONE
    And group "billing" has no committed offset for partition 0 of "orders"
