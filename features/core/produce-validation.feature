@core
Feature: A broker checks what it is asked to store, and says which records it refused
  A broker validates every produced batch before appending it, and refuses the whole batch when any
  record fails: nothing of it is stored. Since KIP-467 (Produce v8) the refusal names each offending
  record by its index in the batch (`record_errors`, with a message per record) and sums up the cause
  (`error_message`). On a CreateTime topic every record's timestamp must lie within
  `message.timestamp.after.max.ms` ahead of the broker's clock (an hour by default) and
  `message.timestamp.before.max.ms` behind it (KIP-937; unlimited by default), otherwise the batch is
  refused with INVALID_TIMESTAMP. On a LogAppendTime topic the broker replaces the timestamps, so they
  are not checked. A topic's `compression.type` other than `producer` makes the broker store (and serve)
  every batch in that codec, whatever the producer used.

  @must @api:Produce @id:PRODVAL-001
  Scenario: Records beyond message.timestamp.after.max.ms are named, and their batch is refused whole
    Given a topic "clocked" with 1 partition and config "message.timestamp.after.max.ms" = "60000"
    When a batch of records timestamped 0, 120, 180 minutes from now is produced to "clocked"
    Then the broker answers INVALID_TIMESTAMP
    And the produce response names batch indexes 1, 2 in record_errors, each with the record's timestamp
    And the produce response's error_message is "One or more records have been rejected due to invalid timestamp"
    And partition 0 of "clocked" holds 0 records

  @must @api:Produce @id:PRODVAL-002
  Scenario: Records older than message.timestamp.before.max.ms are refused (KIP-937)
    Given a topic "clocked" with 1 partition and config "message.timestamp.before.max.ms" = "3600000"
    When a batch of records timestamped 0, -120, 0 minutes from now is produced to "clocked"
    Then the broker answers INVALID_TIMESTAMP
    And the produce response names batch index 1 in record_errors, with the record's timestamp
    And the produce response's error_message is "One or more records have been rejected due to invalid timestamp"
    And partition 0 of "clocked" holds 0 records

  @must @api:Produce @id:PRODVAL-003
  Scenario: By default a timestamp may lie any time in the past
    Given a topic "clocked" with 1 partition
    When a batch of records timestamped -5256000, -1 minutes from now is produced to "clocked"
    Then the broker answers NONE
    And partition 0 of "clocked" holds 2 records

  @must @api:Produce @id:PRODVAL-004
  Scenario: A raised message.timestamp.after.max.ms accepts timestamps further ahead
    Given a topic "clocked" with 1 partition and config "message.timestamp.after.max.ms" = "86400000"
    When a batch of records timestamped 0, 180 minutes from now is produced to "clocked"
    Then the broker answers NONE
    And partition 0 of "clocked" holds 2 records

  @must @api:Produce @id:PRODVAL-005
  Scenario: Timestamps are not checked on a LogAppendTime topic
    Given a topic "stamped" with 1 partition and config "message.timestamp.type" = "LogAppendTime"
    When a batch of records timestamped 0, 180 minutes from now is produced to "stamped"
    Then the broker answers NONE
    And partition 0 of "stamped" holds 2 records

  @must @api:Produce @api:Fetch @id:PRODVAL-006
  Scenario Outline: A topic with compression.type=<codec> stores uncompressed batches in <codec>
    Given a topic "squeezed" with 1 partition and config "compression.type" = "<codec>"
    When 50 records are sent to "squeezed" compressed with none
    Then every batch fetched from "squeezed" is compressed with <codec>
    And a consumer reading "squeezed" from the beginning receives the same 50 records in order

    Examples:
      | codec  |
      | gzip   |
      | lz4    |
      | zstd   |

  @must @api:Produce @api:Fetch @id:PRODVAL-007
  Scenario: A topic with compression.type=uncompressed stores compressed batches uncompressed
    Given a topic "squeezed" with 1 partition and config "compression.type" = "uncompressed"
    When 50 records are sent to "squeezed" compressed with gzip
    Then every batch fetched from "squeezed" is compressed with none
    And a consumer reading "squeezed" from the beginning receives the same 50 records in order

  @must @api:Produce @api:Fetch @id:PRODVAL-008
  Scenario: A topic with compression.type=producer keeps the producer's codec
    Given a topic "squeezed" with 1 partition and config "compression.type" = "producer"
    When 50 records are sent to "squeezed" compressed with snappy
    Then every batch fetched from "squeezed" is compressed with snappy

  @must @api:Produce @id:PRODVAL-009
  Scenario: A zstd batch in a Produce request older than v7 is refused with UNSUPPORTED_COMPRESSION_TYPE
    Given a topic "squeezed" with 1 partition
    When a batch compressed with zstd is produced to "squeezed" with Produce v6
    Then the broker answers UNSUPPORTED_COMPRESSION_TYPE
    And partition 0 of "squeezed" holds 0 records

  @must @api:Produce @id:PRODVAL-010
  Scenario: A zstd batch in Produce v7 is accepted
    Given a topic "squeezed" with 1 partition
    When a batch compressed with zstd is produced to "squeezed" with Produce v7
    Then the broker answers NONE
    And partition 0 of "squeezed" holds 1 record

  @must @api:Produce @id:PRODVAL-011 @since:4.4
  Scenario: A compressed batch with a record larger than max.decompressed.message.bytes is refused with INVALID_RECORD
    # @since:4.4: max.decompressed.message.bytes is a topic config from Kafka 4.4 on
    Given a topic "bounded" with 1 partition and config "max.decompressed.message.bytes" = "1000"
    When a batch compressed with gzip holding values of 10, 5000, 10 bytes is produced to "bounded"
    Then the broker answers INVALID_RECORD
    And partition 0 of "bounded" holds 0 records

  @must @api:Produce @id:PRODVAL-012 @since:4.4
  Scenario: max.decompressed.message.bytes does not apply to uncompressed batches
    # @since:4.4: max.decompressed.message.bytes is a topic config from Kafka 4.4 on
    Given a topic "bounded" with 1 partition and config "max.decompressed.message.bytes" = "1000"
    When a batch compressed with none holding values of 10, 5000, 10 bytes is produced to "bounded"
    Then the broker answers NONE
    And partition 0 of "bounded" holds 3 records
