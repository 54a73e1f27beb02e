@core
Feature: Incremental fetch sessions send only what changed (KIP-227)
  A consumer fetching many partitions need not name them all in every Fetch (v7+). A full fetch at
  session epoch 0 asks for a session; a broker that grants one answers with a session id other than 0
  (it may decline with id 0, and the client then keeps sending full fetches). Each later, incremental
  fetch names the session and its next epoch (1, 2, ...), and only the partitions whose position
  changed, were added, or are forgotten (`forgotten_topics_data`); the broker reads every partition of
  the session and answers only those with something new: records, a moved high watermark or log start
  offset, or an error. A wrong epoch gets INVALID_FETCH_SESSION_EPOCH and leaves the session as it
  was; an unknown session id gets FETCH_SESSION_ID_NOT_FOUND; epoch -1 closes the session named and
  fetches without one. Declining sessions is allowed, so a broker that declines has nothing to get
  wrong in the scenarios about a granted session and passes them; granting is what the @should asks.

  Background:
    Given a topic "feed" with 2 partitions

  @should @api:Fetch @id:FSESSION-001
  Scenario: A full fetch at session epoch 0 is granted a session
    When a full fetch of partitions 0 and 1 of "feed" asks for a session
    Then the broker grants a session: a session id other than 0

  @must @api:Fetch @id:FSESSION-002
  Scenario: An incremental fetch answers only the partitions with new records
    Given 2 records were sent to partition 0 of "feed"
    And a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When 3 more records are sent to partition 1 of "feed"
    And the session's next incremental fetch names no partitions
    Then the incremental fetch answers only partition 1, with 3 records from offset 0

  @must @api:Fetch @id:FSESSION-003
  Scenario: An incremental fetch with nothing new answers no partitions
    Given 2 records were sent to partition 0 of "feed"
    And a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When the session's next incremental fetch names no partitions
    Then the incremental fetch answers no partitions

  @must @api:Fetch @id:FSESSION-004
  Scenario: A partition added by an incremental fetch is read within the session
    Given 2 records were sent to partition 1 of "feed"
    And a fetch session of partition 0 of "feed" was asked for, reading from its end
    When the session's next incremental fetch adds partition 1 from offset 0
    Then the incremental fetch answers only partition 1, with 2 records from offset 0

  @must @api:Fetch @id:FSESSION-005
  Scenario: A forgotten partition is no longer read
    Given a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When 2 more records are sent to partition 1 of "feed"
    And the session's next incremental fetch forgets partition 1
    Then the incremental fetch answers no partitions

  @must @api:Fetch @id:FSESSION-006
  Scenario: A session is known by its id alone and goes on over a new connection
    Given a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When 2 more records are sent to partition 1 of "feed"
    And the session's next incremental fetch, sent on a new connection, names no partitions
    Then the incremental fetch answers only partition 1, with 2 records from offset 0

  # A partition still at its first epoch (Apache Kafka numbers it 0) has no older epoch to name.
  @must @api:Fetch @api:Metadata @id:FSESSION-007
  Scenario: An incremental fetch naming an older leader epoch for a partition is fenced
    Given a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When the session's next incremental fetches name partition 0 under each leader epoch older than the partition's
    Then the session answers partition 0 with FENCED_LEADER_EPOCH each time

  @must @api:Fetch @id:FSESSION-008
  Scenario: An incremental fetch at the wrong epoch is refused and the session stays usable
    Given a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When an incremental fetch names the session at an epoch 1 ahead of the one expected
    Then the session refuses it with INVALID_FETCH_SESSION_EPOCH
    When an incremental fetch names the session at the epoch expected
    Then the session serves it

  @must @api:Fetch @id:FSESSION-009
  Scenario: A full fetch at epoch -1 naming a session closes it
    Given a fetch session of partitions 0 and 1 of "feed" was asked for, reading from their ends
    When a full fetch of partition 0 at session epoch -1 names the session
    Then it is answered without a session: session id 0
    And an incremental fetch of the closed session is refused with FETCH_SESSION_ID_NOT_FOUND

  @must @api:Fetch @id:FSESSION-010
  Scenario: A fetch at session epoch -1 is answered without a session
    When a fetch of partitions 0 and 1 of "feed" at session epoch -1 is sent
    Then it is answered without a session: session id 0, with both partitions
