@admin
Feature: The broker describes its log directories and the size of each partition
  DescribeLogDirs (KIP-113) lists the broker's log directories and, in each, the partitions stored there
  with the size of their segments in bytes (what `kafka-log-dirs.sh` prints). The size is the bytes of
  the record batches as stored, so it grows by exactly the size of each batch appended. On a single
  broker every partition is its own leader and its offset lag is 0. From v4 each directory also reports
  the total and usable bytes of its volume (KIP-827). A null topic list describes every partition.

  @must @api:DescribeLogDirs @id:LOGDIR-001
  Scenario: Every partition of a new topic is listed, empty
    Given a topic "sized" with 3 partitions
    When the log dirs of the broker are described for "sized"
    Then the broker reports 1 log dir, without error
    And the log dir lists exactly partitions 0 to 2 of "sized", each of size 0 with offset lag 0

  @must @api:DescribeLogDirs @api:Produce @id:LOGDIR-002
  Scenario: A partition's size is the bytes of the batches appended to it
    Given a topic "sized" with 2 partitions
    When a batch of 5 records is produced to partition 0 of "sized"
    And a batch of 3 records is produced to partition 0 of "sized"
    And the log dirs of the broker are described for "sized"
    Then partition 0 of "sized" is listed with the size of the batches produced to it
    And partition 1 of "sized" is listed with size 0

  @must @api:DescribeLogDirs @id:LOGDIR-003
  Scenario: A null topic list describes every partition of the broker
    Given a topic "sized" with 2 partitions
    When the log dirs of the broker are described for every topic
    Then the log dir lists exactly partitions 0 to 1 of "sized", each of size 0 with offset lag 0

  @must @api:DescribeLogDirs @id:LOGDIR-004
  Scenario: A topic that does not exist is left out
    When the log dirs of the broker are described for "never-created"
    Then the broker reports 1 log dir, without error
    And the log dir lists no partition of "never-created"

  @must @api:DescribeLogDirs @id:LOGDIR-005
  Scenario: DescribeLogDirs v4+ reports the volume's total and usable bytes
    Given a topic "sized" with 1 partition
    When the log dirs of the broker are described for "sized"
    Then the log dir reports its volume's total bytes and usable bytes, usable no more than total
