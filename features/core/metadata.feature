@core @api:Metadata
Feature: Metadata tells clients where every partition lives
  Before producing or consuming, a client asks any broker for Metadata: the brokers of the cluster
  with the host and port to reach them, the cluster id, the controller, and for each topic its id
  (KIP-516) and partitions with their leaders. Clients send every partition's requests to its leader.
  A Metadata request may allow the broker to create unknown topics (`allow.auto.create.topics`),
  which it does only when its own `auto.create.topics.enable` is on.

  @must @api:DescribeCluster
  Scenario: The cluster describes its brokers and its id
    When the cluster is described
    Then it has at least 1 broker with a host and a port
    And it has a non-empty cluster id that stays the same when described again

  @must
  Scenario: Every partition of a topic has a leader among the brokers
    Given a topic "placement" with 3 partitions
    Then every partition of "placement" has a leader among the brokers

  @must
  Scenario: A topic has a stable, non-zero topic id
    Given a topic "identified" with 1 partition
    Then "identified" has a non-zero topic id that stays the same when described again

  @must
  Scenario: Listing topics includes a created topic
    Given a topic "listed" with 1 partition
    When all topics are listed
    Then the listing contains "listed"

  @must
  Scenario: Metadata for an unknown topic, without auto-creation, reports UNKNOWN_TOPIC_OR_PARTITION
    When metadata for "nowhere" is requested without allowing auto-creation
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION
    And the topic "nowhere" does not exist

  @must
  Scenario: Metadata for an illegal topic name reports INVALID_TOPIC_EXCEPTION
    When metadata for the topic named "not a valid name!" is requested allowing auto-creation
    Then the broker answers INVALID_TOPIC_EXCEPTION

  @should
  Scenario: A broker with auto-creation enabled creates a topic on first use
    When metadata for "created-on-demand" is requested allowing auto-creation
    Then the topic "created-on-demand" exists

  @should
  Scenario: A topic can be described by its id (KIP-516)
    Given a topic "by-id" with 2 partitions
    When "by-id" is described by its topic id
    Then the description names "by-id" with 2 partitions

  @should
  Scenario: Describing an unknown topic id fails with UNKNOWN_TOPIC_ID
    When a random topic id is described
    Then the request fails with UNKNOWN_TOPIC_ID
