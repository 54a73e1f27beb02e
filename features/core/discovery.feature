@core
Feature: Clients discover topics and where their partitions live
  A Metadata request names the topics it asks about. Since Metadata v1 a null list asks for every
  topic of the cluster and an empty list for none (only the brokers and the cluster); in v0, which
  has no null list, an empty list asks for every topic. Each partition's leader is one of the brokers
  the answer lists, reached at the host and port listed for it (the broker's advertised listener):
  clients send a partition's requests there. DescribeTopicPartitions (API 75, KIP-966) describes
  partitions in topic-name order and in pages: at most `response_partition_limit` partitions per
  answer; when more remain, `next_cursor` names the first topic and partition left out, and a
  request carrying it as `cursor` goes on from there. The Java Admin client describes topics with it
  when the broker advertises it; a broker that does not is described with Metadata instead.

  @must @api:Metadata @id:DISCOVER-001
  Scenario Outline: Metadata v<version>: a null topic list asks for every topic, an empty one for none
    Given a topic "alpha" with 1 partition
    When Metadata v<version> is requested with a null topic list
    Then the answer describes "alpha", with its partitions
    When Metadata v<version> is requested with an empty topic list
    Then the answer describes no topic, only the brokers of the cluster

    Examples:
      | version |
      | 1       |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |
      | 10      |
      | 11      |
      | 12      |

    @since:4.0
    Examples:
      # @since:4.0: Metadata v13 came with Kafka 4.0 (KIP-1102, REBOOTSTRAP_REQUIRED)
      | version |
      | 13      |

  @must @api:Metadata @id:DISCOVER-002
  Scenario: Metadata v0: an empty topic list asks for every topic
    Given a topic "alpha" with 1 partition
    When Metadata v0 is requested with an empty topic list
    Then the answer describes "alpha", with its partitions

  @must @api:Metadata @id:DISCOVER-003
  Scenario: A broker that creates topics on first use leaves an unknown topic uncreated when the request does not allow it
    Given the broker creates topics on first use (auto.create.topics.enable=true)
    When metadata for "not-wanted" is requested without allowing auto-creation
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION
    And the topic "not-wanted" does not exist

  @must @api:Metadata @api:Fetch @id:DISCOVER-004
  Scenario: Every partition's leader is reached at the host and port Metadata lists for it
    Given a topic "placement" with 3 partitions
    Then every partition of "placement" is served by a Fetch sent to the host and port Metadata lists for its leader

  @must @api:DescribeTopicPartitions @id:DISCOVER-005
  Scenario: DescribeTopicPartitions describes the topics asked for in name order, an unknown one with UNKNOWN_TOPIC_OR_PARTITION (KIP-966)
    Given a topic "beta" with 2 partitions
    And a topic "alpha" with 3 partitions
    When the partitions of "beta", "alpha" and the unknown topic "gamma" are described in one DescribeTopicPartitions request
    Then the answer lists "alpha" with partitions 0 to 2 and "beta" with partitions 0 to 1, then "gamma" as UNKNOWN_TOPIC_OR_PARTITION, without a cursor
    And each described partition has the leader and leader epoch Metadata reports for it

  @must @api:DescribeTopicPartitions @id:DISCOVER-006
  Scenario: DescribeTopicPartitions pages partitions, a cursor in the middle of a topic resuming there (KIP-966)
    Given a topic "alpha" with 3 partitions
    And a topic "beta" with 2 partitions
    When the partitions of "alpha" and "beta" are described 2 at a time, each request carrying the previous answer's cursor
    Then the answers are, in order:
      | partitions       | next cursor |
      | alpha-0, alpha-1 | alpha-2     |
      | alpha-2, beta-0  | beta-1      |
      | beta-1           |             |

  @must @api:DescribeTopicPartitions @id:DISCOVER-007
  Scenario: DescribeTopicPartitions ending a page with a whole topic points its cursor at the next topic (KIP-966)
    Given a topic "alpha" with 3 partitions
    And a topic "beta" with 2 partitions
    When the partitions of "alpha" and "beta" are described 3 at a time, each request carrying the previous answer's cursor
    Then the answers are, in order:
      | partitions                | next cursor |
      | alpha-0, alpha-1, alpha-2 | beta-0      |
      | beta-0, beta-1            |             |
