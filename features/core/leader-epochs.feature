@core
Feature: Leader epochs fence stale requests and tell where each leadership ended (KIP-101, KIP-320)
  Every partition has a leader epoch: a number that grows each time the partition gets a new leader
  (or its leader a new term). Metadata (v7+) reports it, the leader stamps it in every batch it
  appends (`partitionLeaderEpoch`), and ListOffsets (v4+) returns with each offset the epoch of the
  leader that wrote it. A client names the epoch it believes current (`current_leader_epoch` in Fetch,
  ListOffsets and OffsetForLeaderEpoch): a broker whose epoch is newer answers FENCED_LEADER_EPOCH (the
  client's metadata is stale), one whose epoch is older UNKNOWN_LEADER_EPOCH (the broker is behind).
  OffsetForLeaderEpoch (API 23) tells where an epoch ended: the log end offset for the current epoch,
  otherwise the start offset of the next larger epoch; a consumer uses it to detect a log truncated
  under its position. These scenarios assert how the numbers relate, never which numbers a broker uses.

  Background:
    Given a topic "ledger" with 1 partition and config "retention.ms" = "-1"

  @must @api:ListOffsets @api:Metadata @id:EPOCH-001
  Scenario: The latest offset comes with the leader epoch Metadata reports
    Given 3 records were sent to "ledger"
    Then ListOffsets answers the latest offset of "ledger" as 3, under the leader epoch Metadata reports

  @must @api:ListOffsets @api:Produce @api:Fetch @id:EPOCH-002
  Scenario: The earliest offset comes with the epoch stamped in the batch that holds it
    Given 3 records were sent to "ledger", one batch each
    Then ListOffsets answers the earliest offset of "ledger" as 0, under the leader epoch of the batch that holds it

  @must @api:ListOffsets @api:Produce @api:Fetch @id:EPOCH-003
  Scenario: An offset found by time comes with the epoch stamped in the batch that holds it
    Given records with timestamps 1000, 5000, 3000 were sent to "ledger"
    Then ListOffsets finds offset 1 of "ledger" for timestamp 2000, under the leader epoch of the batch that holds it

  @must @id:EPOCH-004
  Scenario Outline: A request naming a leader epoch newer than the partition's gets UNKNOWN_LEADER_EPOCH
    Given 2 records were sent to "ledger"
    When a <api> request for partition 0 of "ledger" names a leader epoch 1 above the partition's
    Then the broker answers UNKNOWN_LEADER_EPOCH

    @api:ListOffsets @api:Metadata
    Examples:
      | api         |
      | ListOffsets |

    @api:OffsetForLeaderEpoch @api:Metadata
    Examples:
      | api                  |
      | OffsetForLeaderEpoch |

  # A partition still at its first epoch (Apache Kafka numbers it 0) has no older epoch to name.
  @must @id:EPOCH-005
  Scenario Outline: A request naming any leader epoch older than the partition's is fenced
    Given 2 records were sent to "ledger"
    When a <api> request for partition 0 of "ledger" names each leader epoch older than the partition's
    Then each is answered FENCED_LEADER_EPOCH

    @api:Fetch @api:Metadata
    Examples:
      | api   |
      | Fetch |

    @api:ListOffsets @api:Metadata
    Examples:
      | api         |
      | ListOffsets |

    @api:OffsetForLeaderEpoch @api:Metadata
    Examples:
      | api                  |
      | OffsetForLeaderEpoch |

  @must @api:OffsetForLeaderEpoch @api:Metadata @id:EPOCH-006
  Scenario: The current leader epoch ends at the log end offset
    Given 4 records were sent to "ledger"
    When OffsetForLeaderEpoch asks where the current leader epoch of "ledger" ends
    Then the epoch ends at offset 4, under the epoch asked for

  # A partition whose first batch was written at epoch 0 has no older epoch to ask for.
  @must @api:OffsetForLeaderEpoch @api:Fetch @id:EPOCH-007
  Scenario: An epoch older than any stored ends where the first stored epoch begins
    Given 4 records were sent to "ledger"
    When OffsetForLeaderEpoch asks where each epoch older than that of the first batch of "ledger" ends
    Then each ends at offset 0, under the epoch asked for

  @must @api:OffsetForLeaderEpoch @api:Metadata @id:EPOCH-008
  Scenario: An epoch the partition has not reached has no end
    Given 4 records were sent to "ledger"
    When OffsetForLeaderEpoch asks where an epoch 1 above the current one of "ledger" ends
    Then OffsetForLeaderEpoch answers NONE with epoch -1 and end offset -1

  @must @api:OffsetForLeaderEpoch @id:EPOCH-009
  Scenario: OffsetForLeaderEpoch for a topic that does not exist fails per partition
    When OffsetForLeaderEpoch asks where epoch 0 of partition 0 of "never-created" ends
    Then OffsetForLeaderEpoch answers UNKNOWN_TOPIC_OR_PARTITION with epoch -1 and end offset -1
