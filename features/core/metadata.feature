@core
Feature: Metadata tells clients where every partition lives
  Before producing or consuming, a client asks any broker for Metadata: the brokers of the cluster
  with the host and port to reach them, the cluster id, the controller, and for each topic its id
  (KIP-516, Metadata v10+) and partitions with their leaders and leader epochs (KIP-320, Metadata
  v7+). Clients send every partition's requests to its leader, and use the epoch to notice a stale
  leader. DescribeCluster (KIP-700) describes the same cluster. A Metadata request may allow the
  broker to create unknown topics (`allow.auto.create.topics`), which it does only when its own
  `auto.create.topics.enable` is on. Since Metadata v12 a topic may be asked for by id alone.

  @must @api:DescribeCluster @api:Metadata @id:META-001
  Scenario: The cluster describes its brokers and its id
    When the cluster is described
    Then it has at least 1 broker with a host and a port
    And Metadata names the same brokers and cluster id as DescribeCluster
    And it has a non-empty cluster id that stays the same when described again

  @must @api:Metadata @id:META-002
  Scenario: Every partition of a topic has a leader among the brokers, with a leader epoch
    Given a topic "placement" with 3 partitions
    Then each of the 3 partitions of "placement" has a leader among the brokers, with a leader epoch

  @must @api:Metadata @id:META-003
  Scenario: A topic has a stable, non-zero topic id
    Given a topic "identified" with 1 partition
    Then "identified" has a non-zero topic id that stays the same when described again

  @must @api:Metadata @id:META-004
  Scenario: Listing topics includes a created topic
    Given a topic "listed" with 1 partition
    When all topics are listed
    Then the listing contains "listed"

  @must @api:Metadata @id:META-005
  Scenario: Metadata for an unknown topic, without auto-creation, reports UNKNOWN_TOPIC_OR_PARTITION
    When metadata for "nowhere" is requested without allowing auto-creation
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION
    And the topic "nowhere" does not exist

  @must @api:Metadata @id:META-006
  Scenario: Metadata for an illegal topic name reports INVALID_TOPIC_EXCEPTION
    When metadata for the topic named "not a valid name!" is requested allowing auto-creation
    Then the broker answers INVALID_TOPIC_EXCEPTION

  @should @api:Metadata @id:META-007
  Scenario: A broker with auto-creation enabled creates a topic on first use
    Given the broker creates topics on first use (auto.create.topics.enable=true)
    When metadata for "created-on-demand" is requested allowing auto-creation
    Then the topic "created-on-demand" exists

  @must @api:Metadata @id:META-008
  Scenario: A topic can be described by its id (KIP-516)
    Given a topic "by-id" with 2 partitions
    When "by-id" is described by its topic id
    Then the description names "by-id" with 2 partitions

  @must @api:Metadata @id:META-009
  Scenario: Describing an unknown topic id fails with UNKNOWN_TOPIC_ID
    When a random topic id is described
    Then the broker answers UNKNOWN_TOPIC_ID

  @must @api:DescribeTopicPartitions @api:DescribeCluster @id:META-010
  Scenario: A client allowed everything is told every operation it may perform on a topic and on the cluster
    Asked for them (KIP-430), a broker lists the operations the asking client may perform. The TCK's own
    client may do everything: a broker without an authorizer lets every client do everything, and on a
    secured broker the TCK connects as its administrator. So the answer is every operation there is for a
    topic and for the cluster, not an empty set and not "not computed".
    Given a topic "permitted" with 1 partition
    When the Admin client describes "permitted" and the cluster, asking for the authorized operations
    Then the topic's authorized operations are READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS
    And the cluster's authorized operations are CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE

  @must @api:Metadata @id:META-011
  Scenario: Metadata tells a client allowed everything every operation it may perform on a topic, when asked
    Given a topic "permitted" with 1 partition
    When Metadata for "permitted" is requested with the topic's authorized operations
    Then the topic's authorized operations are READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS
