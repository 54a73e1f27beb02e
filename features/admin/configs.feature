@admin
Feature: Topic configs change at runtime, and change what the broker does
  A topic's configs can be changed while it is served. IncrementalAlterConfigs (KIP-339) changes some
  configs and leaves the others: SET a value, DELETE it (back to the default), APPEND to or SUBTRACT from
  a list config such as `cleanup.policy`. AlterConfigs replaces the topic's whole set: every config it
  does not name returns to the default. Both can only validate (validate_only: the same checks, no change).
  Each resource of a request succeeds or fails on its own: an unknown topic gets
  UNKNOWN_TOPIC_OR_PARTITION, an unknown config or an invalid value INVALID_CONFIG, and nothing of that
  resource changes. DescribeConfigs shows every topic config with where its value comes from
  (DYNAMIC_TOPIC_CONFIG when set on the topic, otherwise the broker's setting or Kafka's default), on
  request its synonyms (the topic's own value, then the broker-level configs it falls back to, such as
  `log.cleanup.policy`) and, from v3 (KIP-569), its type and documentation. A changed config applies to
  the next request. (Apache Kafka answers a change once its controller committed it and applies it on
  the broker a few milliseconds later; the scenarios allow that much.)

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-001
  Scenario: A config set incrementally is described as the topic's own
    Given a topic "tuned" with 1 partition
    When config "retention.ms" of topic "tuned" is set to "3600000"
    Then the broker answers NONE
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-002
  Scenario: A config set to the value of its default is still the topic's own
    Given a topic "tuned" with 1 partition
    When config "cleanup.policy" of topic "tuned" is set to "delete"
    Then the broker answers NONE
    And topic "tuned" describes "cleanup.policy" as "delete" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-003
  Scenario: An incremental change leaves the topic's other configs as they were
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When config "max.message.bytes" of topic "tuned" is set to "500000"
    Then the broker answers NONE
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG
    And topic "tuned" describes "max.message.bytes" as "500000" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-004
  Scenario: Deleting a topic's config returns it to the default
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When config "retention.ms" of topic "tuned" is deleted
    Then the broker answers NONE
    And topic "tuned" describes "retention.ms" as "604800000" from DEFAULT_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-005
  Scenario: APPEND adds to a list config, starting from its default
    Given a topic "tuned" with 1 partition
    When "compact" is appended to config "cleanup.policy" of topic "tuned"
    Then the broker answers NONE
    And topic "tuned" describes "cleanup.policy" as "delete,compact" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-006
  Scenario: SUBTRACT removes from a list config
    Given a topic "tuned" with 1 partition and config "cleanup.policy" = "compact,delete"
    When "delete" is subtracted from config "cleanup.policy" of topic "tuned"
    Then the broker answers NONE
    And topic "tuned" describes "cleanup.policy" as "compact" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-007
  Scenario: APPEND to a config that is not a list is refused with INVALID_CONFIG
    Given a topic "tuned" with 1 partition
    When "1000" is appended to config "retention.ms" of topic "tuned"
    Then the broker answers INVALID_CONFIG
    And topic "tuned" describes "retention.ms" as "604800000" from DEFAULT_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-008
  Scenario Outline: An unknown config or an invalid value is refused with INVALID_CONFIG and changes nothing
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When config "<name>" of topic "tuned" is set to "<value>"
    Then the broker answers INVALID_CONFIG
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG

    Examples:
      | name              | value        |
      | no.such.config    | 1            |
      | retention.ms      | not-a-number |
      | cleanup.policy    | shred        |
      | max.message.bytes | -5           |

    @since:4.1
    Examples:
      # @since:4.1: Kafka 4.1 raised the minimum of segment.bytes to 1 MiB (KIP-1030); 4.0 accepts 1000
      | name              | value        |
      | segment.bytes     | 1000         |

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-009
  Scenario: One refused resource does not stop the others in the same request
    Given a topic "good" with 1 partition
    And a topic "bad" with 1 partition
    When one IncrementalAlterConfigs request sets "retention.ms" to "3600000" on topic "good" and to "soon" on topic "bad"
    Then topic "good" answers NONE and topic "bad" answers INVALID_CONFIG
    And topic "good" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG
    And topic "bad" describes "retention.ms" as "604800000" from DEFAULT_CONFIG

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-010
  Scenario: A SET without a value is refused with INVALID_REQUEST
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When config "retention.ms" of topic "tuned" is set without a value
    Then the broker answers INVALID_REQUEST
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG

  @must @api:IncrementalAlterConfigs @id:CONFIG-011
  Scenario: Changing a config of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION
    When config "retention.ms" of topic "never-created" is set to "3600000"
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @must @api:IncrementalAlterConfigs @api:DescribeConfigs @id:CONFIG-012
  Scenario: A validate-only change is checked and applies nothing
    Given a topic "tuned" with 1 partition
    When config "retention.ms" of topic "tuned" is validated for a change to "3600000"
    Then the broker answers NONE
    And topic "tuned" describes "retention.ms" as "604800000" from DEFAULT_CONFIG

  @must @api:IncrementalAlterConfigs @id:CONFIG-013
  Scenario: A validate-only change with an invalid value is refused with INVALID_CONFIG
    Given a topic "tuned" with 1 partition
    When config "retention.ms" of topic "tuned" is validated for a change to "not-a-number"
    Then the broker answers INVALID_CONFIG

  @should @api:IncrementalAlterConfigs @id:CONFIG-014
  Scenario: A broker config that cannot change at runtime is refused with INVALID_REQUEST
    When config "node.id" of the broker is set to "7"
    Then the broker answers INVALID_REQUEST

  @must @api:AlterConfigs @api:DescribeConfigs @id:CONFIG-015
  Scenario: AlterConfigs replaces the topic's whole set of configs
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When the configs of topic "tuned" are replaced by "max.message.bytes" = "500000"
    Then the broker answers NONE
    And topic "tuned" describes "max.message.bytes" as "500000" from DYNAMIC_TOPIC_CONFIG
    And topic "tuned" describes "retention.ms" as "604800000" from DEFAULT_CONFIG

  @must @api:AlterConfigs @api:DescribeConfigs @id:CONFIG-016
  Scenario: AlterConfigs refuses an invalid value with INVALID_CONFIG and changes nothing
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When the configs of topic "tuned" are replaced by "cleanup.policy" = "shred"
    Then the broker answers INVALID_CONFIG
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG

  @must @api:AlterConfigs @id:CONFIG-017
  Scenario: AlterConfigs of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION
    When the configs of topic "never-created" are replaced by "retention.ms" = "3600000"
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @must @api:AlterConfigs @api:DescribeConfigs @id:CONFIG-018
  Scenario: A validate-only AlterConfigs is checked and applies nothing
    Given a topic "tuned" with 1 partition and config "retention.ms" = "3600000"
    When the configs of topic "tuned" are validated for a replacement by "max.message.bytes" = "500000"
    Then the broker answers NONE
    And topic "tuned" describes "retention.ms" as "3600000" from DYNAMIC_TOPIC_CONFIG
    And topic "tuned" describes "max.message.bytes" as "1048588" from DEFAULT_CONFIG

  @must @api:DescribeConfigs @id:CONFIG-019 @since:4.4
  Scenario: Every topic config Kafka defines is described
    # @since:4.4: Kafka 4.4 added errors.deadletterqueue.group.enable, max.decompressed.message.bytes, remote.copy.lag.bytes and remote.copy.lag.ms
    Given a topic "tuned" with 1 partition
    Then topic "tuned" is described with exactly these configs:
      | cleanup.policy                          |
      | compression.gzip.level                  |
      | compression.lz4.level                   |
      | compression.type                        |
      | compression.zstd.level                  |
      | delete.retention.ms                     |
      | errors.deadletterqueue.group.enable     |
      | file.delete.delay.ms                    |
      | flush.messages                          |
      | flush.ms                                |
      | follower.replication.throttled.replicas |
      | index.interval.bytes                    |
      | leader.replication.throttled.replicas   |
      | local.retention.bytes                   |
      | local.retention.ms                      |
      | max.compaction.lag.ms                   |
      | max.decompressed.message.bytes          |
      | max.message.bytes                       |
      | message.timestamp.after.max.ms          |
      | message.timestamp.before.max.ms         |
      | message.timestamp.type                  |
      | min.cleanable.dirty.ratio               |
      | min.compaction.lag.ms                   |
      | min.insync.replicas                     |
      | preallocate                             |
      | remote.copy.lag.bytes                   |
      | remote.copy.lag.ms                      |
      | remote.log.copy.disable                 |
      | remote.log.delete.on.disable            |
      | remote.storage.enable                   |
      | retention.bytes                         |
      | retention.ms                            |
      | segment.bytes                           |
      | segment.index.bytes                     |
      | segment.jitter.ms                       |
      | segment.ms                              |
      | unclean.leader.election.enable          |

  @must @api:DescribeConfigs @id:CONFIG-020
  Scenario: Synonyms list the topic's own value, then the broker-level config it falls back to
    Given a topic "tuned" with 1 partition and config "cleanup.policy" = "compact"
    Then topic "tuned", described with synonyms, lists for "cleanup.policy":
      | cleanup.policy     | compact | DYNAMIC_TOPIC_CONFIG |
      | log.cleanup.policy | delete  | DEFAULT_CONFIG       |

  @must @api:DescribeConfigs @id:CONFIG-021
  Scenario: A default config's synonyms name the broker-level config and its default
    Given a topic "tuned" with 1 partition
    Then topic "tuned", described with synonyms, lists for "delete.retention.ms":
      | log.cleaner.delete.retention.ms | 86400000 | DEFAULT_CONFIG |

  @must @api:DescribeConfigs @id:CONFIG-022
  Scenario: Synonyms are sent only when asked for
    Given a topic "tuned" with 1 partition and config "cleanup.policy" = "compact"
    Then topic "tuned", described without synonyms, lists none for "cleanup.policy"

  @must @api:DescribeConfigs @id:CONFIG-023
  Scenario Outline: DescribeConfigs v3+ sends a config's type and Kafka's documentation when asked
    Given a topic "tuned" with 1 partition
    Then topic "tuned", described with documentation, documents "<name>" with Kafka's text as type <type>
    And topic "tuned", described without documentation, sends none for "<name>"

    Examples:
      | name              | type |
      | retention.ms      | LONG |

    @since:4.4
    Examples:
      # @since:4.4: Kafka 4.4 made the documentation's compaction link absolute (https://kafka.apache.org/...)
      | name              | type |
      | cleanup.policy    | LIST |

    @since:4.1
    Examples:
      # @since:4.1: Kafka 4.1 dropped the old message formats from this config's documentation
      | name              | type |
      | max.message.bytes | INT  |

  @must @api:IncrementalAlterConfigs @api:Produce @id:CONFIG-024
  Scenario: A lowered max.message.bytes refuses the next larger batch with MESSAGE_TOO_LARGE
    Given a topic "tuned" with 1 partition
    When config "max.message.bytes" of topic "tuned" is set to "1000"
    Then within 5 seconds a batch of 2000 bytes produced to "tuned" is answered MESSAGE_TOO_LARGE, and stored only if accepted

  @must @api:IncrementalAlterConfigs @api:Produce @id:CONFIG-025
  Scenario: A raised max.message.bytes accepts the next larger batch
    Given a topic "tuned" with 1 partition and config "max.message.bytes" = "1000"
    When config "max.message.bytes" of topic "tuned" is set to "5000"
    Then within 5 seconds a batch of 2000 bytes produced to "tuned" is answered NONE, and stored only if accepted

  @must @api:IncrementalAlterConfigs @api:Produce @api:Fetch @id:CONFIG-026
  Scenario: Switching message.timestamp.type to LogAppendTime stamps the next produce
    Given a topic "audit" with 1 partition
    When config "message.timestamp.type" of topic "audit" is set to "LogAppendTime"
    And topic "audit" describes "message.timestamp.type" as "LogAppendTime" from DYNAMIC_TOPIC_CONFIG
    And a record with timestamp 1000 is produced to "audit"
    Then the produce is acknowledged with a log append time taken while it was in flight
    And the stored batch, read back raw, carries that log append time as a LogAppendTime timestamp
