@core
Feature: Compacted topics keep the latest record of each key
  A topic with cleanup.policy=compact (or compact,delete) is cleaned in the background by the broker's
  log cleaner: in the segments it cleans, a record is removed when a later record has the same key, so
  each key keeps its latest value. The records left keep their offsets, so a compacted partition has
  gaps, and consumers read across them. The active segment (the one appended to) is never cleaned. A
  record with a null value is a tombstone: it removes its key's earlier values when cleaned, and is
  itself removed by a later cleaning once delete.retention.ms has passed since the first (Apache Kafka
  4.4 cleans a partition again only when new records made it dirty). A record without a key has
  nothing to be kept under: the broker refuses its batch with INVALID_RECORD and stores none of it.

  The scenarios make cleaning prompt with topic configs: min.cleanable.dirty.ratio=0.01 and segment.ms=1000
  (a segment rolls on the first record whose timestamp is more than a second after the segment's first).
  A graded broker's cleaner must back off at most a second when it has nothing to clean (Kafka's
  log.cleaner.backoff.ms; see docs/grading-a-broker.md); the scenarios wait at most 15 seconds.

  @must @api:Produce @api:ListOffsets @id:COMPACT-001
  Scenario: A compacted topic refuses a record without a key with INVALID_RECORD
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact"
    When a record without a key is produced to "profiles"
    Then the broker answers INVALID_RECORD
    And the latest offset of "profiles" is 0

  @must @api:Produce @api:ListOffsets @id:COMPACT-002
  Scenario: A topic that compacts and deletes refuses a record without a key with INVALID_RECORD
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact,delete"
    When a record without a key is produced to "profiles"
    Then the broker answers INVALID_RECORD
    And the latest offset of "profiles" is 0

  @must @api:Produce @api:ListOffsets @id:COMPACT-003
  Scenario: A refused batch names each of its records without a key in record_errors (KIP-467)
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact"
    When a batch of 4 records, those at batch indexes 1, 3 without a key, is produced to "profiles"
    Then the broker answers INVALID_RECORD
    And the produce response names exactly batch indexes 1, 3 in record_errors
    And the latest offset of "profiles" is 0

  @must @api:Produce @api:Fetch @id:COMPACT-004
  Scenario: Cleaning keeps the latest value of each key, at its original offset
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact; min.cleanable.dirty.ratio=0.01; segment.ms=1000"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | bob   | v1    | 18 s ago |
      | alice | v2    | 16 s ago |
      | bob   | v2    | 14 s ago |
      | carol | v1    | now      |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 2      | alice | v2    |
      | 3      | bob   | v2    |
      | 4      | carol | v1    |

  @must @api:Produce @api:Fetch @api:ListOffsets @id:COMPACT-005
  Scenario: A consumer reads a compacted partition across its gaps
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact; min.cleanable.dirty.ratio=0.01; segment.ms=1000"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | bob   | v1    | 18 s ago |
      | alice | v2    | 16 s ago |
      | carol | v1    | now      |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 1      | bob   | v1    |
      | 2      | alice | v2    |
      | 3      | carol | v1    |
    And the earliest offset of "profiles" is 0
    And a consumer reading "profiles" from the beginning receives exactly:
      | offset | key   | value |
      | 1      | bob   | v1    |
      | 2      | alice | v2    |
      | 3      | carol | v1    |

  @must @api:Produce @api:Fetch @id:COMPACT-006
  Scenario: The active segment is not cleaned
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact; min.cleanable.dirty.ratio=0.01; segment.ms=1000"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | alice | v2    | 18 s ago |
      | bob   | v1    | now      |
      | alice | v3    | now      |
      | alice | v4    | now      |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 1      | alice | v2    |
      | 2      | bob   | v1    |
      | 3      | alice | v3    |
      | 4      | alice | v4    |

  @must @api:Produce @api:Fetch @id:COMPACT-007
  Scenario: A cleaned tombstone stays readable until delete.retention.ms has passed
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact; min.cleanable.dirty.ratio=0.01; segment.ms=1000"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | alice | null  | 18 s ago |
      | bob   | v1    | now      |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 1      | alice | null  |
      | 2      | bob   | v1    |

  @must @api:Produce @api:Fetch @id:COMPACT-008
  Scenario: A tombstone disappears when cleaned again after delete.retention.ms has passed
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact; min.cleanable.dirty.ratio=0.01; segment.ms=1000; delete.retention.ms=0"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | alice | null  | 18 s ago |
      | bob   | v1    | now      |
    And within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 1      | alice | null  |
      | 2      | bob   | v1    |
    When these records are produced to "profiles", one batch each:
      | key   | value | written       |
      | carol | v1    | 5 s from now  |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 2      | bob   | v1    |
      | 3      | carol | v1    |

  @must @api:Produce @api:Fetch @id:COMPACT-009
  Scenario: A topic that compacts and deletes is cleaned too
    Given a topic "profiles" with 1 partition and configs "cleanup.policy=compact,delete; min.cleanable.dirty.ratio=0.01; segment.ms=1000"
    And these records were produced to "profiles", one batch each:
      | key   | value | written  |
      | alice | v1    | 20 s ago |
      | alice | v2    | 18 s ago |
      | bob   | v1    | now      |
    Then within the cleaning bound, partition 0 of "profiles" holds exactly:
      | offset | key   | value |
      | 1      | alice | v2    |
      | 2      | bob   | v1    |
