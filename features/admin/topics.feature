@admin
Feature: Topics are created, grown and deleted through the admin APIs
  CreateTopics creates topics with a partition count, a replication factor and configs, and can
  validate a request without creating anything (validate_only: the same checks and errors, no
  topic). Names are at most 249 characters of ASCII letters,
  digits, '.', '_' and '-', and not "." or "..". CreatePartitions adds partitions (it never removes
  any, and can also only validate), and DeleteTopics removes a topic with all its data. Each topic in a request succeeds or fails
  on its own, with its own error code.

  @must @api:CreateTopics @id:TOPIC-001
  Scenario: A created topic has the requested partitions
    When a topic "inventory" is created with 4 partitions
    Then the topic "inventory" has 4 partitions

  @must @api:CreateTopics @id:TOPIC-002
  Scenario: Creating an existing topic fails with TOPIC_ALREADY_EXISTS and leaves it as it was
    Given a topic "inventory" with 1 partition
    When a topic "inventory" is created with 3 partitions
    Then the request fails with TOPIC_ALREADY_EXISTS
    And the topic "inventory" still has 1 partition

  @must @api:CreateTopics @id:TOPIC-003
  Scenario Outline: An illegal topic name is refused with INVALID_TOPIC_EXCEPTION
    When a topic with the literal name "<name>" is created
    Then the request fails with INVALID_TOPIC_EXCEPTION

    Examples:
      | name               |
      | has space          |
      | ..                 |
      | bang!              |

  @must @api:CreateTopics @id:TOPIC-004
  Scenario: A name longer than 249 characters is refused with INVALID_TOPIC_EXCEPTION
    When a topic with a literal name of 250 characters is created
    Then the request fails with INVALID_TOPIC_EXCEPTION

  @must @api:CreateTopics @id:TOPIC-005
  Scenario: Zero partitions are refused with INVALID_PARTITIONS
    When a topic "empty" is created with 0 partitions
    Then the request fails with INVALID_PARTITIONS
    And no topic "empty" was created

  @must @api:CreateTopics @id:TOPIC-006
  Scenario: More replicas than brokers are refused with INVALID_REPLICATION_FACTOR
    When a topic "replicated" is created with 1 partition and replication factor 1000
    Then the request fails with INVALID_REPLICATION_FACTOR
    And no topic "replicated" was created

  @must @api:CreateTopics @id:TOPIC-007
  Scenario: An unknown topic config is refused with INVALID_CONFIG
    When a topic "configured" is created with 1 partition and config "no.such.config" = "1"
    Then the request fails with INVALID_CONFIG
    And no topic "configured" was created

  @must @api:CreateTopics @id:TOPIC-008
  Scenario: Validate-only creation checks the request and creates nothing
    When a topic "dry-run" is validated for creation with 2 partitions
    Then the request succeeds
    And no topic "dry-run" was created
    And a topic "dry-run" can then be created for real with 2 partitions

  @must @api:CreateTopics @id:TOPIC-009
  Scenario Outline: A validate-only creation that would fail answers the same error and creates nothing
    When a topic "dry-run" is validated for creation with <partitions> partitions and replication factor <replicas>
    Then the request fails with <error>
    And no topic "dry-run" was created

    Examples:
      | partitions | replicas | error                      |
      | 0          | -1       | INVALID_PARTITIONS         |
      | 1          | 1000     | INVALID_REPLICATION_FACTOR |

  @must @api:CreateTopics @id:TOPIC-010
  Scenario: A validate-only creation of an existing topic fails with TOPIC_ALREADY_EXISTS
    Given a topic "inventory" with 1 partition
    When a topic "inventory" is validated for creation with 3 partitions
    Then the request fails with TOPIC_ALREADY_EXISTS
    And the topic "inventory" still has 1 partition

  @must @api:CreateTopics @id:TOPIC-011
  Scenario: A topic named twice in one CreateTopics request is refused
    When one CreateTopics request creates "twice" two times
    Then the broker answers INVALID_REQUEST
    And no topic "twice" was created

  @should @api:CreateTopics @api:Metadata @id:TOPIC-012
  Scenario: CreateTopics returns the topic id that Metadata reports (KIP-516)
    When a topic "fresh" is created with 1 partition
    Then the topic id returned on creation is the topic id of "fresh"

  @must @api:DeleteTopics @id:TOPIC-013
  Scenario: A deleted topic is no longer listed
    Given a topic "short-lived" with 1 partition
    When the topic "short-lived" is deleted
    Then the request succeeds
    And the topic "short-lived" does not exist

  @must @api:DeleteTopics @id:TOPIC-014
  Scenario: Deleting an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION
    When the topic "never-created" is deleted
    Then the request fails with UNKNOWN_TOPIC_OR_PARTITION

  @should @api:DeleteTopics @id:TOPIC-015
  Scenario: A topic can be deleted by its id (KIP-516)
    Given a topic "doomed" with 1 partition
    When the topic "doomed" is deleted by its topic id
    Then the request succeeds
    And the topic "doomed" does not exist

  @must @api:DeleteTopics @api:CreateTopics @id:TOPIC-016
  Scenario: A deleted topic can be created again, empty
    Given a topic "phoenix" with 1 partition
    And 3 records were sent to "phoenix"
    When the topic "phoenix" is deleted
    And a topic "phoenix" is created again with 1 partition
    Then the latest offset of "phoenix" is 0

  @must @api:CreatePartitions @api:Produce @id:TOPIC-017
  Scenario: Partitions can be added to a topic and used at once
    Given a topic "growing" with 1 partition
    When the partitions of "growing" are increased to 3
    Then the request succeeds
    And the topic "growing" has 3 partitions
    And a record sent to partition 2 of "growing" is acknowledged at offset 0
    And partition 2 of "growing" holds 1 record

  @must @api:CreatePartitions @id:TOPIC-018
  Scenario Outline: A partition count that does not grow the topic is refused with INVALID_PARTITIONS
    Given a topic "growing" with 3 partitions
    When the partitions of "growing" are increased to <count>
    Then the request fails with INVALID_PARTITIONS
    And the topic "growing" still has 3 partitions

    Examples: fewer partitions (they cannot be removed) and as many
      | count |
      | 2     |
      | 3     |

  @must @api:CreatePartitions @id:TOPIC-019
  Scenario: Validate-only partition growth checks the request and adds nothing
    Given a topic "growing" with 1 partition
    When the partitions of "growing" are validated for an increase to 3
    Then the request succeeds
    And the topic "growing" still has 1 partition

  @must @api:CreatePartitions @id:TOPIC-020
  Scenario: Adding partitions to an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION
    When the partitions of "never-created" are increased to 2
    Then the request fails with UNKNOWN_TOPIC_OR_PARTITION

  @must @api:CreateTopics @api:DescribeConfigs @id:TOPIC-021
  Scenario: A topic's configs are described, those set at creation marked as the topic's own
    Given a topic "configured" with 1 partition and config "retention.ms" = "3600000"
    When the configs of topic "configured" are described
    Then config "retention.ms" is "3600000", set on the topic
    And config "cleanup.policy" is "delete", a default

  @must @api:DescribeConfigs @id:TOPIC-022
  Scenario: Describing the configs of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION
    When the configs of topic "never-created" are described
    Then the request fails with UNKNOWN_TOPIC_OR_PARTITION

  @must @api:CreateTopics @id:TOPIC-023
  Scenario: A topic name that differs from an existing one only by '.' and '_' is refused with INVALID_TOPIC_EXCEPTION
    Given a topic "metrics.cpu" with 1 partition
    When a topic "metrics_cpu" is created with 1 partition
    Then the request fails with INVALID_TOPIC_EXCEPTION
    And the topic "metrics_cpu" does not exist
