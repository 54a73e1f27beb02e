@core
Feature: Retention deletes the oldest segments and moves the log start offset
  A topic whose cleanup.policy includes delete (the default) keeps its records for retention.ms after
  their timestamp, and keeps at most about retention.bytes per partition. A broker stores a partition as
  segments: the active one is rolled when it would outgrow segment.bytes, or when an appended record's
  timestamp is more than segment.ms after that of the segment's first batch. A background retention
  pass (Kafka's log.retention.check.interval.ms) deletes whole segments, oldest first: those whose
  newest record is older than retention.ms, and those the partition can lose while keeping at least
  retention.bytes. The log start offset then moves to the first offset left; ListOffsets EARLIEST
  answers it and a fetch below it is OFFSET_OUT_OF_RANGE. A segment holding a record still within
  retention stays whole. A graded broker must run its retention pass at least every second (see
  docs/grading-a-broker.md); the scenarios wait at most 10 seconds for it.

  @must @api:ListOffsets @api:Fetch @api:Produce @id:RETAIN-001
  Scenario: Segments whose records are all older than retention.ms are deleted
    Given a topic "metrics" with 1 partition and configs "retention.ms=3600000; segment.ms=1000"
    And records with timestamps "1000, 5000, now" were produced to "metrics", one batch each
    Then within the retention bound the earliest offset of "metrics" becomes 2
    And the latest offset of "metrics" is 3
    When a fetch of "metrics" from offset 1 is sent
    Then the broker answers OFFSET_OUT_OF_RANGE

  @must @api:ListOffsets @api:Fetch @api:Produce @id:RETAIN-002
  Scenario: A record within retention.ms is kept, with the older records of its segment
    Given a topic "metrics" with 1 partition and configs "retention.ms=3600000; segment.ms=1000"
    And records with timestamps "1000, 5000, now" were produced to "metrics", one batch each
    Then within the retention bound the earliest offset of "metrics" becomes 2
    When a fetch of "metrics" from offset 2 is sent
    Then the fetch answers with records 2 to 2, starting with the batch that holds offset 2
    And the fetch reports high watermark 3 and log start offset 2

  @must @api:ListOffsets @api:Fetch @api:Produce @id:RETAIN-003
  Scenario: The oldest segments are deleted while the partition keeps at least retention.bytes
    Given a topic "metrics" with 1 partition and configs "retention.bytes=1500; retention.ms=-1; segment.ms=1000"
    And records of 1000 bytes with timestamps "1000, 5000, 9000" were produced to "metrics", one batch each
    Then within the retention bound the earliest offset of "metrics" becomes 1
    When a fetch of "metrics" from offset 1 is sent
    Then the fetch reports high watermark 3 and log start offset 1

  @must @api:ListOffsets @api:Fetch @api:Produce @id:RETAIN-004
  Scenario: Segments roll at segment.bytes and the oldest go once the partition exceeds retention.bytes
    Given a topic "metrics" with 1 partition and configs "segment.bytes=1048576; retention.bytes=1048576"
    And records of 400000 bytes with timestamps "now, now, now, now, now, now" were produced to "metrics", one batch each
    Then within the retention bound the earliest offset of "metrics" becomes 2
    When a fetch of "metrics" from offset 1 is sent
    Then the broker answers OFFSET_OUT_OF_RANGE
