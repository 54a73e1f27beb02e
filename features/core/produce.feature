@core @api:Produce @api:Fetch
Feature: A partition is an ordered, append-only log
  Every record a broker acknowledges gets the next offset of its partition, and a fetch from that
  offset returns it unchanged: key, value, headers and timestamp. Producers choose how much
  acknowledgement to wait for with `acks` (0: none, 1: the leader wrote it, all: every in-sync
  replica has it), and choose the partition themselves: explicitly, or by hashing the key so that
  records with the same key stay in order in one partition.

  @must
  Scenario: Acknowledged records get consecutive offsets
    Given a topic "events" with 1 partition
    When 5 records are sent to "events" with acks=all
    Then they are acknowledged at offsets 0 to 4 of partition 0
    And a consumer reading "events" from the beginning receives the same 5 records in order

  @must
  Scenario: A leader acknowledgement (acks=1) also assigns offsets
    Given a topic "events" with 1 partition
    When 3 records are sent to "events" with acks=1
    Then they are acknowledged at offsets 0 to 2 of partition 0
    And a consumer reading "events" from the beginning receives the same 3 records in order

  @must
  Scenario: Records sent without acknowledgement (acks=0) are still stored
    Given a topic "events" with 1 partition
    When 4 records are sent to "events" with acks=0
    Then they are acknowledged without offsets
    And a consumer reading "events" from the beginning receives the same 4 records in order

  @must
  Scenario: Records with the same key land in the same partition
    Given a topic "orders" with 3 partitions
    When 20 records with key "customer-42" are sent to "orders"
    Then they are all in the same partition, at consecutive offsets

  @must
  Scenario: A record sent to an explicit partition is stored there
    Given a topic "orders" with 3 partitions
    When a record is sent to partition 2 of "orders"
    Then it is acknowledged at offset 0 of partition 2

  @must
  Scenario: Headers are returned with their order and duplicates intact
    Given a topic "events" with 1 partition
    When a record with these headers is sent to "events":
      | key     | value |
      | trace   | abc   |
      | retry   | 1     |
      | trace   | def   |
    Then a consumer reading "events" from the beginning receives it with the same headers in the same order

  @must
  Scenario: A record may have a null key and a null value
    Given a topic "events" with 1 partition
    When a record with a null key and a null value is sent to "events"
    Then a consumer reading "events" from the beginning receives a record with a null key and a null value

  @must
  Scenario: An empty value is not the same as a null value
    Given a topic "events" with 1 partition
    When a record with an empty key and an empty value is sent to "events"
    Then a consumer reading "events" from the beginning receives a record with an empty key and an empty value

  @must
  Scenario: The producer's timestamp is kept on CreateTime topics
    Given a topic "events" with 1 partition
    When a record with timestamp 1700000000123 is sent to "events"
    Then a consumer reading "events" from the beginning receives it with timestamp 1700000000123 of type CreateTime

  @must
  Scenario: The broker stamps records on LogAppendTime topics
    Given a topic "audit" with 1 partition and config "message.timestamp.type" = "LogAppendTime"
    When a record with timestamp 1000 is sent to "audit"
    Then a consumer reading "audit" from the beginning receives it with the broker's append time of type LogAppendTime

  @must
  Scenario: Many records sent together in one batch get consecutive offsets
    Given a topic "events" with 1 partition
    When 1000 records are sent to "events" in batches of up to 64 KiB
    Then they are acknowledged at offsets 0 to 999 of partition 0
    And a consumer reading "events" from the beginning receives the same 1000 records in order

  @must
  Scenario: A record close to the default size limit round-trips intact
    Given a topic "blobs" with 1 partition
    When a record with a value of 900000 bytes is sent to "blobs"
    Then a consumer reading "blobs" from the beginning receives the same value
