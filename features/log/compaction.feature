@core
Feature: Compacted topics need a key on every record
  A topic with cleanup.policy=compact (or compact,delete) keeps, after cleaning, only the latest record
  of each key, so a record without a key has nothing to be kept under: the broker refuses the whole
  batch with INVALID_RECORD and stores none of it.

  @must @api:Produce @api:ListOffsets
  Scenario: A compacted topic refuses a record without a key with INVALID_RECORD
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact"
    When a record without a key is produced to "profiles"
    Then the broker answers INVALID_RECORD
    And the latest offset of "profiles" is 0

  @must @api:Produce @api:ListOffsets
  Scenario: A topic that compacts and deletes refuses a record without a key with INVALID_RECORD
    Given a topic "profiles" with 1 partition and config "cleanup.policy" = "compact,delete"
    When a record without a key is produced to "profiles"
    Then the broker answers INVALID_RECORD
    And the latest offset of "profiles" is 0
