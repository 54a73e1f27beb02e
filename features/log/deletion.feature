@core
Feature: Deleting records moves the log start offset
  A partition's log starts at its log start offset. DeleteRecords (KIP-107; the admin client's
  deleteRecords, kafka-delete-records) moves it forward: the records before it are gone for every
  reader. A fetch from below the log start is answered OFFSET_OUT_OF_RANGE, ListOffsets EARLIEST (and
  EARLIEST_LOCAL, KIP-405) answers the new log start, Fetch and Produce responses carry it as
  log_start_offset, and a consumer whose position was deleted resets as its auto.offset.reset policy
  says. Offset -1 deletes up to the high watermark; an offset past the high watermark is OFFSET_OUT_OF_RANGE; a failed partition
  answers low watermark -1. Deletion needs the delete cleanup policy: a compact-only topic refuses it
  with POLICY_VIOLATION. The log start offset is durable: a broker keeps it across restarts.

  Background:
    Given a topic "ledger" with 1 partition
    And 5 records were sent to "ledger", one batch each

  @must @api:DeleteRecords @id:DELETE-001
  Scenario: DeleteRecords answers the new log start offset as the low watermark
    When the records of "ledger" before offset 3 are deleted
    Then the deletion succeeds with low watermark 3

  @must @api:DeleteRecords @api:ListOffsets @id:DELETE-002
  Scenario: ListOffsets EARLIEST and EARLIEST_LOCAL answer the new log start offset
    When the records of "ledger" before offset 3 are deleted
    Then the earliest offset of "ledger" is 3
    And the earliest local offset of "ledger" is 3
    And the latest offset of "ledger" is 5

  @must @api:DeleteRecords @api:Fetch @id:DELETE-003
  Scenario: A fetch below the log start offset is OFFSET_OUT_OF_RANGE
    When the records of "ledger" before offset 3 are deleted
    And a fetch of "ledger" from offset 2 is sent
    Then the broker answers OFFSET_OUT_OF_RANGE

  @must @api:DeleteRecords @api:Fetch @id:DELETE-004
  Scenario: A fetch from the log start offset serves the records left and reports the new log start
    When the records of "ledger" before offset 3 are deleted
    And a fetch of "ledger" from offset 3 is sent
    Then the fetch answers with records 3 to 4, starting with the batch that holds offset 3
    And the fetch reports high watermark 5 and log start offset 3

  @must @api:DeleteRecords @api:Produce @id:DELETE-005
  Scenario: A Produce answer carries the new log start offset
    When the records of "ledger" before offset 3 are deleted
    Then a record produced to "ledger" is acknowledged at offset 5 with log start offset 3

  @must @api:DeleteRecords @api:ListOffsets @id:DELETE-006
  Scenario: Offset -1 deletes every record up to the high watermark
    When the records of "ledger" before offset -1 are deleted
    Then the deletion succeeds with low watermark 5
    And the earliest offset of "ledger" is 5

  @must @api:DeleteRecords @api:ListOffsets @id:DELETE-007
  Scenario: An offset beyond the high watermark is OFFSET_OUT_OF_RANGE and deletes nothing
    When the records of "ledger" before offset 6 are deleted
    Then the deletion fails with OFFSET_OUT_OF_RANGE and low watermark -1
    And the earliest offset of "ledger" is 0

  @must @api:DeleteRecords @api:ListOffsets @id:DELETE-008
  Scenario: An offset below the log start offset changes nothing and answers the log start
    When the records of "ledger" before offset 3 are deleted
    And the records of "ledger" before offset 1 are deleted
    Then the deletion succeeds with low watermark 3
    And the earliest offset of "ledger" is 3

  @must @api:DeleteRecords @id:DELETE-009
  Scenario: Deleting records of an unknown partition is UNKNOWN_TOPIC_OR_PARTITION
    When the records of partition 7 of "ledger" before offset 1 are deleted
    Then the deletion fails with UNKNOWN_TOPIC_OR_PARTITION and low watermark -1

  @must @api:DeleteRecords @id:DELETE-010
  Scenario: A compact-only topic refuses DeleteRecords with POLICY_VIOLATION
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact"
    And 2 records were sent to "profiles"
    When the records of "profiles" before offset 1 are deleted
    Then the deletion fails with POLICY_VIOLATION and low watermark -1

  @must @api:DeleteRecords @api:Fetch @api:ListOffsets @id:DELETE-011
  Scenario: A consumer with auto.offset.reset=earliest whose position was deleted resumes at the log start
    When the records of "ledger" before offset 3 are deleted
    And a consumer with auto.offset.reset=earliest reads "ledger" from offset 1
    Then it receives records 3 to 4

  @must @api:DeleteRecords @api:Fetch @api:ListOffsets @id:DELETE-012
  Scenario: A consumer with auto.offset.reset=latest whose position was deleted moves to the end
    When the records of "ledger" before offset 3 are deleted
    And a consumer with auto.offset.reset=latest is positioned at offset 1 of "ledger"
    Then it moves to offset 5 without receiving a record

  @must @api:DeleteRecords @api:Fetch @id:DELETE-013
  Scenario: A consumer with auto.offset.reset=none whose position was deleted fails with an out-of-range error
    When the records of "ledger" before offset 3 are deleted
    And a consumer with auto.offset.reset=none reads "ledger" from offset 1
    Then reading fails with an out-of-range error
