@core
Feature: A request naming several partitions is answered partition by partition
  Produce, Fetch and ListOffsets name topics and partitions in lists, and the broker answers each
  partition on its own, in any order: an unknown partition gets its error while the others succeed. A
  partition named twice is answered once: Produce appends only the batch named last, Fetch reads it
  from the position named last, and ListOffsets refuses it with INVALID_REQUEST. A Fetch reads
  partitions in the order named and answers them in that order; since KIP-74 the first batch of the
  first partition that has data is returned whole even above the limits, but every later partition gets
  at most its `partition_max_bytes` and what is left of the response's `max_bytes`. (Kafka's
  FetchRequestTest.testBrokerRespectsPartitionsOrderAndSizeLimits.)

  Background:
    Given a topic "mixed" with 3 partitions

  @must @api:Fetch @api:Produce @id:PARTS-001
  Scenario: A fetch answers partitions in the order they were named
    Given 1 batch of 100 bytes was produced to partition 0 of "mixed"
    And 1 batch of 100 bytes was produced to partition 1 of "mixed"
    And 1 batch of 100 bytes was produced to partition 2 of "mixed"
    When one fetch reads partitions 2, 0, 1 of "mixed" from offset 0, with at most 1048576 bytes per partition and 1048576 bytes in all
    Then the fetch answers partitions 2, 0, 1 in that order, with 1, 1, 1 whole batches

  @must @api:Fetch @api:Produce @id:PARTS-002
  Scenario: Only the first partition with data gets a whole batch above max_bytes
    Given 1 batch of 5000 bytes was produced to partition 1 of "mixed"
    And 1 batch of 5000 bytes was produced to partition 2 of "mixed"
    When one fetch reads partitions 0, 1, 2 of "mixed" from offset 0, with at most 1048576 bytes per partition and 100 bytes in all
    Then the fetch answers partitions 0, 1, 2 in that order, with 0, 1, 0 whole batches
    And after the first partition with data, no partition exceeds its partition_max_bytes or what is left of max_bytes

  @must @api:Fetch @api:Produce @id:PARTS-003
  Scenario: Only the first partition with data gets a whole batch above partition_max_bytes
    Given 1 batch of 5000 bytes was produced to partition 0 of "mixed"
    And 1 batch of 5000 bytes was produced to partition 1 of "mixed"
    When one fetch reads partitions 0, 1 of "mixed" from offset 0, with at most 100 bytes per partition and 1048576 bytes in all
    Then the fetch answers partitions 0, 1 in that order, with 1, 0 whole batches
    And after the first partition with data, no partition exceeds its partition_max_bytes or what is left of max_bytes

  @must @api:Fetch @api:Produce @id:PARTS-004
  Scenario: Later partitions get what is left of max_bytes
    Given 1 batch of 5000 bytes was produced to partition 0 of "mixed"
    And 2 batches of 5000 bytes were produced to partition 1 of "mixed"
    When one fetch reads partitions 0, 1 of "mixed" from offset 0, with at most 1048576 bytes per partition and 12000 bytes in all
    Then the fetch answers partitions 0, 1 in that order, with 1, 1 whole batches
    And after the first partition with data, no partition exceeds its partition_max_bytes or what is left of max_bytes

  @must @api:Produce @api:Fetch @id:PARTS-005
  Scenario: A produce to a known and an unknown partition appends to the known one only
    When one produce request sends "kept" to partition 0 and "lost" to partition 7 of "mixed"
    Then the produce answers partition 0 with offset 0 and partition 7 with UNKNOWN_TOPIC_OR_PARTITION
    And partition 0 of "mixed" holds exactly the record "kept"

  @must @api:ListOffsets @id:PARTS-006
  Scenario: ListOffsets answers a known and an unknown partition each on its own
    Given 2 records were sent to partition 1 of "mixed"
    When one ListOffsets request asks for the latest offset of partitions 1 and 7 of "mixed"
    Then ListOffsets answers, in any order:
      | topic | partition | error                      | offset |
      | mixed | 1         | NONE                       | 2      |
      | mixed | 7         | UNKNOWN_TOPIC_OR_PARTITION | -1     |

  @must @api:ListOffsets @id:PARTS-007
  Scenario: ListOffsets answers a known and an unknown topic each on its own
    Given 2 records were sent to partition 0 of "mixed"
    When one ListOffsets request asks for the latest offset of partition 0 of "mixed" and of partition 0 of "never-created"
    Then ListOffsets answers, in any order:
      | topic         | partition | error                      | offset |
      | mixed         | 0         | NONE                       | 2      |
      | never-created | 0         | UNKNOWN_TOPIC_OR_PARTITION | -1     |

  @must @api:Fetch @api:Produce @id:PARTS-008
  Scenario: A fetch naming a partition twice reads it once, from the position named last
    Given 3 batches of 100 bytes were produced to partition 0 of "mixed"
    When one fetch of "mixed" names partition 0 from offset 0 and then partition 0 again from offset 2
    Then the fetch answers partition 0 once, with the records from offset 2

  @must @api:ListOffsets @id:PARTS-009 @since:4.0
  Scenario: ListOffsets naming a partition twice answers it once, with INVALID_REQUEST
    # @since:4.0: Kafka 4.0 answers a partition named twice once; 3.9 answers it once per mention (measured, no KIP)
    Given 2 records were sent to partition 0 of "mixed"
    When one ListOffsets request asks for the latest offset of partitions 0 and 0 of "mixed"
    Then ListOffsets answers, in any order:
      | topic | partition | error           | offset |
      | mixed | 0         | INVALID_REQUEST | -1     |

  @must @api:Produce @api:Fetch @id:PARTS-010
  Scenario: A produce naming a partition twice appends only the batch named last
    When one produce request sends "first" to partition 0 and "second" to partition 0 of "mixed"
    Then the produce answers partition 0 once, with offset 0
    And partition 0 of "mixed" holds exactly the record "second"
