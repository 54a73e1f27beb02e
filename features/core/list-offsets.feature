@core
Feature: ListOffsets finds offsets by position and by time
  ListOffsets answers, per partition, the earliest offset (-2), the latest offset (-1, the high
  watermark), the first offset whose record timestamp is at or after a given time, or the offset of
  the record with the largest timestamp (-3, KIP-734). Consumers use it to start reading from the
  beginning, the end, or a point in time. An offset found by time comes with that record's
  timestamp, and since ListOffsets v4 (KIP-320) every offset found comes with the epoch of the
  leader that wrote it.

  The records here carry timestamps of 1970, so the topic keeps them for ever (retention.ms=-1): a
  broker's retention pass may delete records older than retention.ms at any time.

  Background:
    Given a topic "timeline" with 1 partition and config "retention.ms" = "-1"

  @must @api:ListOffsets @id:LISTOFF-001
  Scenario: An empty partition starts and ends at offset 0
    Then the earliest offset of "timeline" is 0
    And the latest offset of "timeline" is 0

  @must @api:ListOffsets @id:LISTOFF-002
  Scenario: The latest offset follows the appended records
    Given 5 records were sent to "timeline"
    Then the earliest offset of "timeline" is 0
    And the latest offset of "timeline" is 5

  @must @api:ListOffsets @id:LISTOFF-003
  Scenario: An offset is found by timestamp
    Given records with timestamps 1000, 5000, 3000 were sent to "timeline"
    Then the offset of "timeline" for timestamp 2000 is 1
    And the offset of "timeline" for timestamp 1000 is 0
    And the offset of "timeline" for timestamp 5000 is 1
    And the offset of "timeline" for timestamp 500 is 0

  @must @api:ListOffsets @id:LISTOFF-004
  Scenario: No offset is found for a time after every record
    Given records with timestamps 1000, 5000, 3000 were sent to "timeline"
    Then the offset of "timeline" for timestamp 9000 is -1

  @must @api:ListOffsets @id:LISTOFF-005
  Scenario: The record with the largest timestamp is found (KIP-734)
    Given records with timestamps 1000, 5000, 3000 were sent to "timeline"
    Then the record with the largest timestamp of "timeline" is at offset 1 with timestamp 5000

  @must @api:ListOffsets @id:LISTOFF-006
  Scenario: Listing offsets of an unknown topic fails per partition
    When the latest offset of partition 0 of "never-created" is requested
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION
