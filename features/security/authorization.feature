@security
Feature: Each operation needs its ACL, and is refused with the resource's authorization error without it
  With an authorizer, a broker serves an ordinary user only what an ACL allows it (super users bypass the
  ACLs). Each API checks one operation on one resource: producing needs WRITE on the topic, consuming READ on
  the topic and, in a group, READ on the group, committing offsets READ on the group, creating and deleting a
  topic CREATE and DELETE on it, describing and changing its configs DESCRIBE_CONFIGS and ALTER_CONFIGS,
  asking for its offsets DESCRIBE, and a transactional producer WRITE on its transactional id. Allowing READ,
  WRITE, DELETE or ALTER also allows DESCRIBE. The error names the resource that was refused:
  TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, TRANSACTIONAL_ID_AUTHORIZATION_FAILED, or
  CLUSTER_AUTHORIZATION_FAILED for an operation on the cluster. A refused request changes nothing.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs; the topics and
  groups are created and filled by the administrator.

  Background:
    Given a topic "orders" with 1 partition

  @must @api:Produce @id:SEC-007
  Scenario: Producing needs WRITE on the topic
    Given user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" sends a record to "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And partition 0 of "orders" holds 0 records
    When user "alice" is allowed WRITE on topic "orders"
    And user "alice" sends a record to "orders"
    Then the request succeeds
    And partition 0 of "orders" holds 1 record

  @must @api:Fetch @id:SEC-008
  Scenario: Reading a topic needs READ on it
    Given 1 record was sent to "orders"
    And user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" reads partition 0 of "orders" from the beginning
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When user "alice" is allowed READ on topic "orders"
    And user "alice" reads partition 0 of "orders" from the beginning
    Then the request succeeds
    And it receives 1 record

  @must @api:JoinGroup @api:Fetch @id:SEC-009
  Scenario Outline: A consumer in a group needs READ on the topic and READ on the group: without <missing> it fails with <error>
    Given 1 record was sent to "orders"
    And user "alice" is allowed <topic operation> on topic "orders"
    And user "alice" is allowed <group operation> on group "billing"
    When user "alice" in group "billing" reads "orders"
    Then the request fails with <error>

    Examples:
      | missing         | topic operation | group operation | error                      |
      | READ on a group | READ            | DESCRIBE        | GROUP_AUTHORIZATION_FAILED |
      | READ on a topic | DESCRIBE        | READ            | TOPIC_AUTHORIZATION_FAILED |

  @must @api:JoinGroup @api:Fetch @api:OffsetCommit @id:SEC-010
  Scenario: A consumer allowed READ on the topic and on the group reads and commits
    Given 1 record was sent to "orders"
    And user "alice" is allowed READ on topic "orders"
    And user "alice" is allowed READ on group "billing"
    When user "alice" in group "billing" reads "orders"
    Then the request succeeds
    And it receives 1 record

  @must @api:OffsetCommit @id:SEC-011
  Scenario: Committing offsets needs READ on the group
    Given user "alice" is allowed READ on topic "orders"
    And user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" commits offset 1 of partition 0 of "orders" for group "billing"
    Then the request fails with GROUP_AUTHORIZATION_FAILED
    And group "billing" has no committed offset for partition 0 of "orders"
    When user "alice" is allowed READ on group "billing"
    And user "alice" commits offset 1 of partition 0 of "orders" for group "billing"
    Then the request succeeds
    And group "billing" has committed offset 1 for partition 0 of "orders"

  @must @api:CreateTopics @id:SEC-012
  Scenario: Creating a topic needs CREATE on it
    When user "alice" creates topic "invoices"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And the topic "invoices" does not exist
    When user "alice" is allowed CREATE on topic "invoices"
    And user "alice" creates topic "invoices"
    Then the request succeeds
    And the topic "invoices" exists

  @must @api:DeleteTopics @id:SEC-013
  Scenario: Deleting a topic needs DELETE on it
    Given user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" deletes topic "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And the topic "orders" exists
    When user "alice" is allowed DELETE on topic "orders"
    And user "alice" deletes topic "orders"
    Then the request succeeds
    And the topic "orders" does not exist

  @must @api:DescribeConfigs @id:SEC-014
  Scenario: Describing the configs of a topic needs DESCRIBE_CONFIGS on it
    When user "alice" describes the configs of topic "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When user "alice" is allowed DESCRIBE_CONFIGS on topic "orders"
    And user "alice" describes the configs of topic "orders"
    Then the request succeeds

  @must @api:IncrementalAlterConfigs @id:SEC-015
  Scenario: Changing the configs of a topic needs ALTER_CONFIGS on it
    When user "alice" sets config "retention.ms" of topic "orders" to "3600000"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And topic "orders" describes "retention.ms" as "604800000" from DEFAULT_CONFIG
    When user "alice" is allowed ALTER_CONFIGS on topic "orders"
    And user "alice" sets config "retention.ms" of topic "orders" to "3600000"
    Then the request succeeds
    And topic "orders" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG

  @must @api:ListOffsets @id:SEC-016
  Scenario: Asking for the offsets of a topic needs DESCRIBE on it
    Given 1 record was sent to "orders"
    When user "alice" asks ListOffsets for the latest offset of partition 0 of "orders"
    Then the broker answers TOPIC_AUTHORIZATION_FAILED
    When user "alice" is allowed DESCRIBE on topic "orders"
    And user "alice" asks ListOffsets for the latest offset of partition 0 of "orders"
    Then the broker answers NONE
    And the offset answered is 1

  @must @api:InitProducerId @api:FindCoordinator @id:SEC-017
  Scenario: A transactional producer needs WRITE on its transactional id
    Given user "alice" is allowed WRITE on topic "orders"
    And user "alice" is allowed DESCRIBE on transactional id "till"
    When user "alice" initialises a transactional producer with transactional id "till"
    Then the request fails with TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    When user "alice" is allowed WRITE on transactional id "till"
    And user "alice" commits "paid" to "orders" in a transaction with transactional id "till"
    Then the request succeeds
    And a read_committed consumer of "orders" receives exactly "paid"

  @must @id:SEC-018
  Scenario Outline: An ordinary user is refused <what>, an operation on the cluster, with CLUSTER_AUTHORIZATION_FAILED
    When user "alice" <does>
    Then the <answer> CLUSTER_AUTHORIZATION_FAILED

    @api:DescribeLogDirs
    Examples: log dirs
      | what                    | does                         | answer         |
      | describing the log dirs | asks DescribeLogDirs for all | broker answers |

    @api:DescribeUserScramCredentials
    Examples: SCRAM credentials
      | what                             | does                               | answer            |
      | describing the SCRAM credentials | describes the SCRAM credentials    | request fails with |
