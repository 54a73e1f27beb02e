@core @api:Fetch
Feature: Consumers fetch from any offset and wait for data without polling
  A Fetch names, for each partition, the offset to read from. The broker returns whole record
  batches starting with the one that holds that offset, up to the request's byte limits, together
  with the partition's high watermark (the offset after the last record a consumer may read) and
  log start offset. When there is not yet `min.bytes` of data, the broker holds the request for up
  to `max.wait.ms` and answers as soon as enough data arrives (long polling). Since Kafka 0.10.1
  (KIP-74) the first batch is returned whole even when it alone exceeds the limits, so a consumer
  always makes progress.

  Background:
    Given a topic "stream" with 1 partition

  @must
  Scenario: A consumer can start reading in the middle of a partition
    Given 10 records were sent to "stream"
    When a consumer reads "stream" from offset 4
    Then it receives records 4 to 9

  @must
  Scenario: A fetch at the end of the log waits for max.wait.ms and returns nothing
    Given 2 records were sent to "stream"
    When a fetch of "stream" from offset 2 waits up to 500 ms for 1 byte
    Then the fetch answers after at least 400 ms with no records
    And the fetch reports high watermark 2 and log start offset 0

  @must
  Scenario: A waiting fetch is answered as soon as a record arrives
    When a fetch of "stream" from offset 0 waits up to 15000 ms for 1 byte, while a record is sent 500 ms later
    Then the fetch answers within 10000 ms with 1 record

  @must
  Scenario: A fetch waits for min.bytes before answering
    Given 1 record was sent to "stream"
    When a fetch of "stream" from offset 0 waits up to 1000 ms for 1048576 bytes
    Then the fetch answers after at least 800 ms with 1 record

  @must
  Scenario: The first batch is returned whole even when it exceeds max.bytes
    Given 2 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 100 bytes
    Then the fetch returns exactly 1 whole batch

  @must
  Scenario: A fetch returns no more than max.bytes beyond the first batch
    Given 4 batches of 5000 bytes were produced to "stream"
    When a fetch of "stream" from offset 0 allows at most 12000 bytes
    Then the fetch returns exactly 2 whole batches

  @must
  Scenario: A fetch beyond the end of the log is out of range
    Given 3 records were sent to "stream"
    When a fetch of "stream" from offset 100 is sent
    Then the broker answers OFFSET_OUT_OF_RANGE

  @must
  Scenario: A consumer whose position is out of range resets to the earliest offset
    Given 5 records were sent to "stream"
    When a consumer with auto.offset.reset=earliest reads "stream" from offset 100
    Then it receives records 0 to 4

  @must
  Scenario: A consumer whose position is out of range fails when reset is disabled
    Given 5 records were sent to "stream"
    When a consumer with auto.offset.reset=none reads "stream" from offset 100
    Then reading fails with an out-of-range error

  @must
  Scenario: Fetching a topic that does not exist fails per partition
    When a fetch of "never-created" from offset 0 is sent by name
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @should
  Scenario: Newer fetches address topics by id (KIP-516)
    Given 3 records were sent to "stream"
    When a fetch of "stream" by topic id from offset 0 is sent
    Then the fetch answers with 3 records

  @should
  Scenario: Fetching an unknown topic id fails with UNKNOWN_TOPIC_ID
    When a fetch of a random topic id is sent
    Then the broker answers UNKNOWN_TOPIC_ID

  @must
  Scenario: An incremental fetch for a session the broker never created is refused
    When an incremental fetch of "stream" names fetch session 987654 at epoch 3
    Then the broker answers FETCH_SESSION_ID_NOT_FOUND
