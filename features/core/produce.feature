@core
Feature: A partition is an ordered, append-only log
  Every record a broker acknowledges gets the next offset of its partition, and a fetch from that
  offset returns it unchanged: key, value, headers and timestamp. Producers choose how much
  acknowledgement to wait for with `acks` (0: none, 1: the leader wrote it, all: every in-sync
  replica has it), and choose the partition themselves: explicitly, or by hashing the key so that
  records with the same key stay in order in one partition. On a topic with
  `message.timestamp.type=LogAppendTime` the broker replaces the producer's timestamps with its own
  clock when it appends the batch, and says which time it used in the acknowledgement
  (`log_append_time_ms`, -1 on CreateTime topics).

  @must @api:Produce @api:Fetch @id:PRODUCE-001
  Scenario: Acknowledged records get consecutive offsets
    Given a topic "events" with 1 partition
    When 5 records are sent to "events" with acks=all
    Then they are acknowledged at offsets 0 to 4 of partition 0
    And a consumer reading "events" from the beginning receives the same 5 records in order

  @must @api:Produce @api:Fetch @id:PRODUCE-002
  Scenario: A leader acknowledgement (acks=1) also assigns offsets
    Given a topic "events" with 1 partition
    When 3 records are sent to "events" with acks=1
    Then they are acknowledged at offsets 0 to 2 of partition 0
    And a consumer reading "events" from the beginning receives the same 3 records in order

  @must @api:Produce @api:Fetch @id:PRODUCE-003
  Scenario: Records sent without acknowledgement (acks=0) are still stored
    Given a topic "events" with 1 partition
    When 4 records are sent to "events" with acks=0
    Then they are acknowledged without offsets
    And a consumer reading "events" from the beginning receives the same 4 records in order

  @must @api:Produce @api:Fetch @id:PRODUCE-004
  Scenario: Records with the same key land in the same partition
    Given a topic "orders" with 3 partitions
    When 20 records with key "customer-42" are sent to "orders"
    Then they are all in the same partition, at consecutive offsets
    And each partition of "orders", read back raw, holds exactly the records acknowledged in it

  @must @api:Produce @api:Fetch @id:PRODUCE-005
  Scenario: A record sent to an explicit partition is stored there
    Given a topic "orders" with 3 partitions
    When a record is sent to partition 2 of "orders"
    Then it is acknowledged at offset 0 of partition 2
    And each partition of "orders", read back raw, holds exactly the records acknowledged in it

  @must @api:Produce @api:Fetch @id:PRODUCE-006
  Scenario: Headers are returned with their order and duplicates intact
    Given a topic "events" with 1 partition
    When a record with these headers is sent to "events":
      | key     | value |
      | trace   | abc   |
      | retry   | 1     |
      | trace   | def   |
    Then a consumer reading "events" from the beginning receives it with the same headers in the same order

  @must @api:Produce @api:Fetch @id:PRODUCE-007
  Scenario: A record may have a null key and a null value
    Given a topic "events" with 1 partition
    When a record with a null key and a null value is sent to "events"
    Then a consumer reading "events" from the beginning receives a record with a null key and a null value

  @must @api:Produce @api:Fetch @id:PRODUCE-008
  Scenario: An empty value is not the same as a null value
    Given a topic "events" with 1 partition
    When a record with an empty key and an empty value is sent to "events"
    Then a consumer reading "events" from the beginning receives a record with an empty key and an empty value

  @must @api:Produce @api:Fetch @id:PRODUCE-009
  Scenario: The producer's timestamp is kept on CreateTime topics
    Given a topic "events" with 1 partition and config "retention.ms" = "-1"
    When a record with timestamp 1700000000123 is produced to "events"
    Then the produce is acknowledged without a log append time
    And the stored batch, read back raw, carries timestamp 1700000000123 of type CreateTime
    And a consumer reading "events" from the beginning receives it with timestamp 1700000000123 of type CreateTime

  @must @api:Produce @api:Fetch @id:PRODUCE-010
  Scenario: The broker stamps records on LogAppendTime topics
    Given a topic "audit" with 1 partition and config "message.timestamp.type" = "LogAppendTime"
    When a record with timestamp 1000 is produced to "audit"
    Then the produce is acknowledged with a log append time taken while it was in flight
    And the stored batch, read back raw, carries that log append time as a LogAppendTime timestamp
    And a consumer reading "audit" from the beginning receives it with that log append time of type LogAppendTime

  @must @api:Produce @api:Fetch @id:PRODUCE-011
  Scenario: Many records sent together in one batch get consecutive offsets
    Given a topic "events" with 1 partition
    When 1000 records are sent to "events" in batches of up to 64 KiB
    Then they are acknowledged at offsets 0 to 999 of partition 0
    And a consumer reading "events" from the beginning receives the same 1000 records in order

  @must @api:Produce @api:Fetch @id:PRODUCE-012
  Scenario: A record close to the default size limit round-trips intact
    Given a topic "blobs" with 1 partition
    When a record with a value of 900000 bytes is sent to "blobs"
    Then a consumer reading "blobs" from the beginning receives the same value
