@security
Feature: Deleting records needs DELETE on the topic, adding partitions ALTER
  DeleteRecords needs DELETE on the topic and CreatePartitions ALTER on it; without it the topic is answered
  TOPIC_AUTHORIZATION_FAILED and keeps its records and its partitions.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs; the topics are created
  and filled by the administrator.

  Background:
    Given a topic "orders" with 1 partition

  @must @api:DeleteRecords @id:SEC-032
  Scenario: Deleting records needs DELETE on the topic
    Given 2 records were sent to "orders"
    And user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" deletes the records of partition 0 of "orders" before offset 1
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And partition 0 of "orders" starts at offset 0
    When user "alice" is allowed DELETE on topic "orders"
    And user "alice" deletes the records of partition 0 of "orders" before offset 1
    Then the request succeeds
    And the low watermark answered is 1
    And partition 0 of "orders" starts at offset 1

  @must @api:CreatePartitions @id:SEC-033
  Scenario: Adding partitions to a topic needs ALTER on it
    Given user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" grows topic "orders" to 2 partitions
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And the topic "orders" still has 1 partition
    When user "alice" is allowed ALTER on topic "orders"
    And user "alice" grows topic "orders" to 2 partitions
    Then the request succeeds
    And the topic "orders" has 2 partitions
