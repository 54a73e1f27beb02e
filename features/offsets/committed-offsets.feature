@offsets
Feature: A group's committed offsets tell where each partition's reading resumes
  A group commits, per partition, the offset of the next record it will read (OffsetCommit), with
  optional metadata and the leader epoch it read from. When a consumer of the group starts on a
  partition, it resumes at the committed offset (OffsetFetch); without one, `auto.offset.reset`
  decides: earliest, latest, or none (an error). OffsetFetch answers offset -1 for a partition
  without a committed offset. A commit by a client outside group management (generation -1, no
  member id) is accepted only while the group has no members. Every commit here is read back through
  a second path (a raw OffsetFetch naming the partition, the Admin client, or a consumer resuming).

  Background:
    Given a topic "ledger" with 2 partitions
    And 10 records were sent to partition 0 of "ledger"

  @must @consumer-groups @api:OffsetCommit @api:OffsetFetch @id:OFFSET-001
  Scenario: A restarted consumer resumes at the committed offset
    Given consumer "c1" in group "readers" has read "ledger" and committed offset 6 of partition 0
    When consumer "c1" is closed and consumer "c2" in group "readers" subscribes to "ledger"
    Then consumer "c2" receives partition 0 of "ledger" from offset 6

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFSET-002
  Scenario: A commit's offset, metadata and leader epoch are read back exactly
    When group "readers" commits offset 4 with metadata "checkpoint-17" and leader epoch 3 for partition 0 of "ledger"
    Then the broker answers NONE
    And group "readers" has committed offset 4 with metadata "checkpoint-17" and leader epoch 3 for partition 0 of "ledger"

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFSET-003
  Scenario: Auto-commit commits what the consumer read
    When consumer "c1" in group "auto" with auto-commit reads 10 records of "ledger" and closes
    Then group "auto" has committed offset 10 for partition 0 of "ledger"

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFSET-004
  Scenario: An asynchronous commit completes and is visible
    Given consumer "c1" in group "async" has read "ledger"
    When consumer "c1" commits offset 7 of partition 0 asynchronously
    Then the asynchronous commit succeeded
    And group "async" has committed offset 7 for partition 0 of "ledger"

  @must @api:OffsetFetch @api:ListOffsets @id:OFFSET-005
  Scenario: Without a committed offset, auto.offset.reset=earliest starts at the beginning
    When consumer "c1" in group "fresh" with auto.offset.reset=earliest subscribes to "ledger"
    Then consumer "c1" receives partition 0 of "ledger" from offset 0

  @must @api:OffsetFetch @api:ListOffsets @id:OFFSET-006
  Scenario: Without a committed offset, auto.offset.reset=latest starts at the end
    When consumer "c1" in group "fresh" with auto.offset.reset=latest subscribes to "ledger"
    And consumer "c1" has its assignment
    And 2 more records are sent to partition 0 of "ledger"
    Then consumer "c1" receives partition 0 of "ledger" from offset 10

  @must @api:OffsetFetch @id:OFFSET-007
  Scenario: Without a committed offset, auto.offset.reset=none is an error
    When consumer "c1" in group "fresh" with auto.offset.reset=none subscribes to "ledger"
    Then consumer "c1" fails because partitions have no committed offset

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFSET-008
  Scenario: A fetch answers the committed offset of one partition and -1 for a partition without one
    When group "readers" commits offset 4 with metadata "" for partition 0 of "ledger"
    Then the broker answers NONE
    And a fetch of partitions 0 and 1 of "ledger" for group "readers" answers offset 4 for partition 0 and -1 for partition 1
    And group "readers" has no committed offset for partition 1 of "ledger"

  @must @api:OffsetFetch @id:OFFSET-009
  Scenario: A group that does not exist has no committed offsets
    Given group "readers" committed offset 4 for partition 0 of "ledger"
    Then group "nobody" has no committed offsets
    And a fetch of partitions 0 and 1 of "ledger" for group "nobody" answers offset -1 for partition 0 and -1 for partition 1
    And group "readers" has committed offset 4 for partition 0 of "ledger"

  @must @api:OffsetCommit @id:OFFSET-010
  Scenario: Committing an offset for a partition that does not exist fails with UNKNOWN_TOPIC_OR_PARTITION
    When group "readers" commits offset 1 for partition 9 of "ledger"
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @must @api:OffsetCommit @id:OFFSET-011
  Scenario: Metadata above offset.metadata.max.bytes fails with OFFSET_METADATA_TOO_LARGE and stores nothing
    When group "readers" commits offset 1 with 5000 characters of metadata for partition 0 of "ledger"
    Then the broker answers OFFSET_METADATA_TOO_LARGE
    And group "readers" has no committed offset for partition 0 of "ledger"

  @must @api:OffsetCommit @id:OFFSET-012
  Scenario: A commit from outside the group while it has members fails with UNKNOWN_MEMBER_ID and stores nothing
    Given consumer "c1" in group "busy" subscribes to "ledger"
    And the members of group "busy" share all 2 partitions, "c1" with 2
    When group "busy" commits offset 1 for partition 0 of "ledger"
    Then the broker answers UNKNOWN_MEMBER_ID
    And group "busy" has no committed offset for partition 0 of "ledger"

  @must @api:OffsetDelete @id:OFFSET-013
  Scenario: A committed offset of a group without members can be deleted, and only that one
    Given the offsets of group "archive" are set to 3 for partition 0 and 8 for partition 1 of "ledger"
    When the committed offset of group "archive" for partition 0 of "ledger" is deleted
    Then the request succeeds
    And group "archive" has no committed offset for partition 0 of "ledger"
    And group "archive" has committed offset 8 for partition 1 of "ledger"

  @must @api:OffsetDelete @id:OFFSET-014
  Scenario: Offsets of a topic the group consumes cannot be deleted
    Given consumer "c1" in group "busy" has read "ledger" and committed offset 6 of partition 0
    When the committed offset of group "busy" for partition 0 of "ledger" is deleted
    Then the request fails with GROUP_SUBSCRIBED_TO_TOPIC
    And group "busy" has committed offset 6 for partition 0 of "ledger"

  @must @api:OffsetCommit @api:OffsetFetch @id:OFFSET-015
  Scenario: The admin client can set a group's offsets while it has no members
    When the offsets of group "ops" are set to 5 for partition 0 and 0 for partition 1 of "ledger"
    Then group "ops" has committed offset 5 for partition 0 of "ledger"
    And group "ops" has committed offset 0 for partition 1 of "ledger"

  @must @api:DeleteTopics @api:OffsetFetch @id:OFFSET-016
  Scenario: Deleting a topic removes the offsets groups committed for it
    Given group "readers" committed offset 3 for partition 0 of "ledger"
    When the topic "ledger" is deleted
    Then eventually group "readers" has no committed offset for partition 0 of "ledger"

  @should @api:OffsetFetch @id:OFFSET-017
  Scenario: Offsets of several groups are fetched in one request (KIP-709)
    Given group "first" committed offset 2 for partition 0 of "ledger"
    And group "second" committed offset 7 for partition 0 of "ledger"
    When the committed offsets of groups "first" and "second" for partition 0 of "ledger" are fetched in one request
    Then they are 2 and 7
