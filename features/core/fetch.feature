@core
Feature: Consumers fetch from any offset and wait for data without polling
  A Fetch names, for each partition, the offset to read from. The broker returns whole record
  batches starting with the one that holds that offset, up to the request's byte limits, together
  with the partition's high watermark (the offset after the last record a consumer may read) and
  log start offset. Each batch carries the epoch of the leader that appended it (KIP-101), and a
  fetch may name the leader epoch it expects (KIP-320). When there is not yet `min.bytes` of data,
  the broker holds the request for up to `max.wait.ms` and answers as soon as enough data arrives
  (long polling). `partition_max_bytes` bounds each partition and `max_bytes` the whole response;
  since Kafka 0.10.1 (KIP-74) the first batch is returned whole even when it alone exceeds either
  limit, so a consumer always makes progress. Since Fetch v13 (KIP-516) topics are named by id.

  Background:
    Given a topic "stream" with 1 partition

  @must @api:Fetch @id:FETCH-001
  Scenario: A fetch from the middle of a partition starts with the batch that holds that offset
    Given 10 records were sent to "stream", one batch each
    When a fetch of "stream" from offset 4 is sent
    Then the fetch answers with records 4 to 9, starting with the batch that holds offset 4
    And the fetch reports high watermark 10 and log start offset 0

  @must @api:Fetch @id:FETCH-002
  Scenario: A consumer can start reading in the middle of a partition
    Given 10 records were sent to "stream", one batch each
    When a consumer reads "stream" from offset 4
    Then it receives records 4 to 9

  @must @api:Fetch @id:FETCH-003
  Scenario: A fetch at the end of the log waits for max.wait.ms and returns nothing
    Given 2 records were sent to "stream"
    When a fetch of "stream" from offset 2 waits up to 500 ms for 1 byte
    Then the fetch answers no sooner than 450 ms and no later than 2000 ms, with no records
    And the fetch reports high watermark 2 and log start offset 0

  @must @api:Fetch @id:FETCH-004
  Scenario: A waiting fetch is parked until a record arrives, then answered at once
    When a fetch of "stream" from offset 0 waits up to 5000 ms for 1 byte, while a record is sent 1000 ms later
    Then the fetch was not answered before the record was sent
    And the fetch answers within 2000 ms of the record's acknowledgement, with 1 record

  @must @api:Fetch @id:FETCH-005
  Scenario: A fetch that finds enough data answers without waiting
    Given 1 record was sent to "stream"
    When a fetch of "stream" from offset 0 waits up to 5000 ms for 1 byte
    Then the fetch answers no sooner than 0 ms and no later than 1500 ms, with 1 record

  @must @api:Fetch @id:FETCH-006
  Scenario: A fetch waits for min.bytes before answering
    Given 1 record was sent to "stream"
    When a fetch of "stream" from offset 0 waits up to 1000 ms for 1048576 bytes
    Then the fetch answers no sooner than 900 ms and no later than 2500 ms, with 1 record

  @must @api:Fetch @id:FETCH-007
  Scenario: The first batch is returned whole even when it exceeds partition_max_bytes
    Given 2 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 100 bytes of the partition and 1048576 bytes in all
    Then the fetch returns exactly 1 whole batch

  @must @api:Fetch @id:FETCH-008
  Scenario: The first batch is returned whole even when it exceeds max_bytes
    Given 2 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 1048576 bytes of the partition and 100 bytes in all
    Then the fetch returns exactly 1 whole batch

  @must @api:Fetch @id:FETCH-009
  Scenario: A fetch returns no more than partition_max_bytes of a partition beyond the first batch
    Given 4 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 12000 bytes of the partition and 1048576 bytes in all
    Then the fetch returns exactly 2 whole batches, within the limit

  @must @api:Fetch @id:FETCH-010
  Scenario: A fetch returns no more than max_bytes in all beyond the first batch
    Given 4 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 1048576 bytes of the partition and 12000 bytes in all
    Then the fetch returns exactly 2 whole batches, within the limit

  @must @api:Fetch @id:FETCH-011
  Scenario: A fetch beyond the end of the log is out of range
    Given 3 records were sent to "stream"
    When a fetch of "stream" from offset 100 is sent
    Then the broker answers OFFSET_OUT_OF_RANGE

  @must @api:Fetch @api:ListOffsets @id:FETCH-012
  Scenario: A consumer whose position is out of range resets to the earliest offset
    Given 5 records were sent to "stream"
    When a consumer with auto.offset.reset=earliest reads "stream" from offset 100
    Then it receives records 0 to 4

  @must @api:Fetch @id:FETCH-013
  Scenario: A consumer whose position is out of range fails when reset is disabled
    Given 5 records were sent to "stream"
    When a consumer with auto.offset.reset=none reads "stream" from offset 100
    Then reading fails with an out-of-range error

  @must @api:Fetch @id:FETCH-014
  Scenario: Fetching a topic that does not exist fails per partition
    When a fetch of "never-created" from offset 0 is sent by name
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @must @api:Fetch @api:Metadata @api:Produce @id:FETCH-015
  Scenario: Every fetched batch carries the epoch of the leader that appended it (KIP-101)
    Given 3 records were sent to "stream", one batch each
    When a fetch of "stream" from offset 0 is sent
    Then every fetched batch carries the partition's leader epoch

  @must @api:Fetch @api:Metadata @id:FETCH-016
  Scenario: A fetch naming the partition's leader epoch is served (KIP-320)
    Given 2 records were sent to "stream"
    When a fetch of "stream" from offset 0 names the partition's leader epoch
    Then the fetch answers with 2 records

  @must @api:Fetch @api:Metadata @id:FETCH-017
  Scenario: A fetch naming a leader epoch the leader has not reached is refused (KIP-320)
    Given 2 records were sent to "stream"
    When a fetch of "stream" from offset 0 names a leader epoch 1 above the partition's
    Then the broker answers UNKNOWN_LEADER_EPOCH

  @must @api:Fetch @api:Metadata @id:FETCH-018
  Scenario: Newer fetches address topics by the id Metadata reports (KIP-516)
    Given 3 records were sent to "stream"
    When a fetch of "stream" by the topic id Metadata reports, from offset 0, is sent
    Then the fetch answers with 3 records, under the same topic id

  @must @api:Fetch @id:FETCH-019
  Scenario: Fetching an unknown topic id fails with UNKNOWN_TOPIC_ID
    When a fetch of a random topic id is sent
    Then the broker answers UNKNOWN_TOPIC_ID

  @must @api:Fetch @id:FETCH-020
  Scenario: An incremental fetch for a session the broker never created is refused
    When an incremental fetch of "stream" names fetch session 987654 at epoch 3
    Then the broker answers FETCH_SESSION_ID_NOT_FOUND
