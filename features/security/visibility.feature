@security
Feature: A user sees only the topics and groups it may describe
  Metadata asked for every topic lists only the topics the principal may DESCRIBE, silently leaving out the
  others, so that a user cannot learn which topics exist. Asked for a topic by name that it may not describe,
  existing or not, it answers TOPIC_AUTHORIZATION_FAILED (KAFKA-5547), never UNKNOWN_TOPIC_OR_PARTITION.
  ListGroups lists only the groups the principal may DESCRIBE, unless it may DESCRIBE the cluster.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs.

  @must @api:Metadata @id:SEC-023
  Scenario: Listing the topics leaves out those the user may not describe
    Given a topic "visible" with 1 partition
    And a topic "hidden" with 1 partition
    And user "alice" is allowed DESCRIBE on topic "visible"
    When user "alice" lists the topics
    Then the topics listed include "visible" but not "hidden"

  @must @api:Metadata @id:SEC-024
  Scenario Outline: A topic asked for by name that the user may not describe is refused with TOPIC_AUTHORIZATION_FAILED: <which>
    Given a topic "visible" with 1 partition
    And a topic "hidden" with 1 partition
    And user "alice" is allowed DESCRIBE on topic "visible"
    When user "alice" asks for the partitions of "visible"
    Then the request succeeds
    When user "alice" asks for the partitions of "<topic>"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED

    Examples:
      | which                | topic   |
      | a topic that exists  | hidden  |
      | a topic that doesn't | nowhere |

  @must @api:ListGroups @id:SEC-025
  Scenario: Listing the groups leaves out those the user may not describe
    Given a topic "orders" with 1 partition
    And group "visible-group" committed offset 0 for partition 0 of "orders"
    And group "hidden-group" committed offset 0 for partition 0 of "orders"
    And user "alice" is allowed DESCRIBE on group "visible-group"
    When user "alice" lists the groups
    Then the groups listed include "visible-group" but not "hidden-group"
