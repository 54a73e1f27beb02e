@offsets
Feature: Committed offsets follow the same rules at every version clients speak
  The Java client, librdkafka and KafkaJS commit with OffsetCommit v2 to v10 and read back with
  OffsetFetch v1 to v10. At every version a broker advertises, a commit is validated the same way:
  a member's commit must carry the group's current generation (ILLEGAL_GENERATION otherwise) and
  is refused with REBALANCE_IN_PROGRESS while the group waits for its leader's assignment; a commit
  from outside group management (generation -1, no member id) is stored only while the group has no
  members. Each partition of a commit is answered by itself, so an unknown topic fails alone. OffsetFetch
  answers offset -1 without an error for a partition nothing was committed for; since v2 a request
  naming no topics (null) asks for every committed partition; since v7 a client may require stable
  offsets (KIP-447), which a group without pending transactional commits answers at once. Since
  OffsetCommit v10 and OffsetFetch v10, topics are named by id.

  Background:
    Given a topic "orders" with 2 partitions

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFVER-001
  Scenario Outline: OffsetCommit v<version> from a generation the group has left behind fails with ILLEGAL_GENERATION and stores nothing
    Given group "g" has a stable member at generation 2
    When the member commits offset 3 for partition 0 of "orders" with OffsetCommit v<version> and generation 1
    Then the broker answers ILLEGAL_GENERATION
    And group "g" has no committed offset for partition 0 of "orders"

    Examples:
      | version |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFVER-002
  Scenario Outline: OffsetCommit v<version> while the group awaits its leader's assignment fails with REBALANCE_IN_PROGRESS
    Given group "g" has a member that joined generation 1 but has not synced
    When the member commits offset 3 for partition 0 of "orders" with OffsetCommit v<version> and generation 1
    Then the broker answers REBALANCE_IN_PROGRESS
    And group "g" has no committed offset for partition 0 of "orders"

    Examples:
      | version |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFVER-003
  Scenario Outline: OffsetCommit v<version> from outside group management is stored for a group without members
    When group "g" commits offset 4 for partition 0 of "orders" with OffsetCommit v<version>, generation -1 and no member id
    Then the broker answers NONE
    And group "g" has committed offset 4 for partition 0 of "orders"

    Examples:
      | version |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFVER-004
  Scenario Outline: OffsetCommit v<version> from outside group management fails with UNKNOWN_MEMBER_ID while the group has a member
    Given group "g" has a stable member
    When group "g" commits offset 4 for partition 0 of "orders" with OffsetCommit v<version>, generation -1 and no member id
    Then the broker answers UNKNOWN_MEMBER_ID
    And group "g" has no committed offset for partition 0 of "orders"

    Examples:
      | version |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFVER-005
  Scenario Outline: OffsetCommit v<version> answers each partition by itself: an unknown topic fails alone
    When group "g" commits offset 4 for partition 0 of "orders" and of the unknown topic "missing" in one OffsetCommit v<version>
    Then partition 0 of "orders" is answered NONE and partition 0 of "missing" <error>
    And group "g" has committed offset 4 for partition 0 of "orders"

    Examples:
      | version | error                      |
      | 2       | UNKNOWN_TOPIC_OR_PARTITION |
      | 3       | UNKNOWN_TOPIC_OR_PARTITION |
      | 4       | UNKNOWN_TOPIC_OR_PARTITION |
      | 5       | UNKNOWN_TOPIC_OR_PARTITION |
      | 6       | UNKNOWN_TOPIC_OR_PARTITION |
      | 7       | UNKNOWN_TOPIC_OR_PARTITION |
      | 8       | UNKNOWN_TOPIC_OR_PARTITION |
      | 9       | UNKNOWN_TOPIC_OR_PARTITION |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version | error                      |
      | 10      | UNKNOWN_TOPIC_ID           |

  @must @api:OffsetFetch @id:OFFVER-006
  Scenario Outline: OffsetFetch v<version> answers -1 without an error for a partition without a committed offset
    Given group "g" committed offset 4 for partition 0 of "orders"
    When the offsets of group "g" for partitions 0 and 1 of "orders" are fetched with OffsetFetch v<version>
    Then the answer holds exactly partition 0 of "orders" at 4 and partition 1 at -1, each without an error

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

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetFetch @id:OFFVER-007
  Scenario Outline: OffsetFetch v<version> naming no topics answers every partition the group committed
    Given group "g" committed offset 4 for partition 0 of "orders"
    And group "g" committed offset 2 for partition 1 of "orders"
    When every offset of group "g" is fetched with OffsetFetch v<version>, naming no topics
    Then the answer holds exactly partition 0 of "orders" at 4 and partition 1 at 2, each without an error

    Examples: OffsetFetch v1 must name its topics
      | version |
      | 2       |
      | 3       |
      | 4       |
      | 5       |
      | 6       |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |

  @must @api:OffsetFetch @id:OFFVER-008
  Scenario Outline: OffsetFetch v<version> requiring stable offsets answers at once for a group without pending transactions (KIP-447)
    Given group "g" committed offset 4 for partition 0 of "orders"
    When the offsets of group "g" for partitions 0 and 1 of "orders" are fetched with OffsetFetch v<version>, requiring stable offsets
    Then the answer holds exactly partition 0 of "orders" at 4 and partition 1 at -1, each without an error

    Examples:
      | version |
      | 7       |
      | 8       |
      | 9       |

    @since:4.2
    Examples:
      # @since:4.2: OffsetCommit and OffsetFetch v10 (topic ids, KIP-848) came with Kafka 4.2
      | version |
      | 10      |
