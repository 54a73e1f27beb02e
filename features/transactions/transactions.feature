@transactions
Feature: Transactions make a producer's writes and a group's offsets visible all at once, or never
  A transactional producer (KIP-98) has a transactional.id. InitProducerId gives it a producer id and an
  epoch, and fences every older instance with the same transactional.id. Between beginTransaction and
  commitTransaction or abortTransaction it writes records to any partitions and may commit a consumer
  group's offsets (sendOffsetsToTransaction). Ending the transaction writes a COMMIT or ABORT marker, a
  control batch that takes one offset, to every partition it wrote. A read_committed consumer reads only
  up to the last stable offset (the first offset of the oldest open transaction) and never sees aborted
  records; a read_uncommitted consumer sees every data record. Control batches are never delivered as
  records. A transaction left open longer than its transaction.timeout.ms is aborted by the broker.

  These scenarios drive the real Java producer, consumer and Admin client. Apache Kafka 4.4 runs them with
  the transaction protocol v2 (KIP-890: partitions are added by the produce itself, the epoch moves at every
  end), a broker that does not finalize transaction.version 2 with the classic protocol (AddPartitionsToTxn,
  AddOffsetsToTxn): the behaviour the client sees is the same. Markers may be written just after the commit
  returns, so what follows a commit is awaited within a bound.

  Background:
    Given a topic "orders" with 1 partition

  @must @api:InitProducerId @api:FindCoordinator @api:Produce @api:EndTxn @api:Fetch @id:TXN-001
  Scenario: A committed transaction's records are read by a read_committed consumer
    Given a transactional producer "shop"
    When "shop" commits a transaction of "a,b,c" to "orders"
    Then a read_committed consumer of "orders" receives exactly "a,b,c" at offsets 0,1,2

  @must @api:Produce @api:EndTxn @api:Fetch @id:TXN-002
  Scenario: An aborted transaction's records are hidden from read_committed consumers only
    Given a transactional producer "shop"
    When "shop" commits a transaction of "a,b" to "orders"
    And "shop" aborts a transaction of "x,y" to "orders"
    And "shop" commits a transaction of "c" to "orders"
    Then a read_committed consumer of "orders" receives exactly "a,b,c" at offsets 0,1,6
    And a read_uncommitted consumer of "orders" receives exactly "a,b,x,y,c" at offsets 0,1,3,4,6

  # Each end of a transaction writes one marker per partition: it takes an offset but is never a record.
  @must @api:EndTxn @api:ListOffsets @id:TXN-003
  Scenario: Each commit or abort writes a marker that takes one offset and is never delivered
    Given a transactional producer "shop"
    When "shop" commits a transaction of "a,b,c" to "orders"
    And "shop" aborts a transaction of "x" to "orders"
    Then the latest offset of partition 0 of "orders" becomes 6 for read_uncommitted and read_committed consumers
    And a read_uncommitted consumer of "orders" receives exactly "a,b,c,x" at offsets 0,1,2,4

  @must @api:ListOffsets @api:Fetch @id:TXN-004
  Scenario: An open transaction holds the last stable offset at its first record
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "orders"
    When "shop" begins a transaction and writes "x,y" to "orders"
    And a record "late" is written to "orders" outside any transaction
    Then the latest offset of partition 0 of "orders" is 6 for a read_uncommitted consumer and 3 for a read_committed one
    And a read_committed consumer of "orders" receives exactly "a,b" at offsets 0,1
    And a read_uncommitted consumer of "orders" receives exactly "a,b,x,y,late" at offsets 0,1,3,4,5

  @must @api:EndTxn @api:Fetch @id:TXN-005
  Scenario: Ending the open transaction releases what was written after it
    Given a transactional producer "shop"
    When "shop" begins a transaction and writes "x" to "orders"
    And a record "late" is written to "orders" outside any transaction
    And "shop" commits its transaction
    Then a read_committed consumer of "orders" receives exactly "x,late" at offsets 0,1

  @must @api:InitProducerId @api:EndTxn @id:TXN-006
  Scenario: A new instance with the same transactional id fences the old one and aborts its transaction
    Given a transactional producer "old" with transactional id "till"
    When "old" begins a transaction and writes "zombie" to "orders"
    And a transactional producer "new" with transactional id "till" is initialised
    Then committing the transaction of "old" fails because it was fenced
    When "new" commits a transaction of "live" to "orders"
    Then a read_committed consumer of "orders" receives exactly "live"

  @must @api:TxnOffsetCommit @api:EndTxn @api:OffsetFetch @id:TXN-007
  Scenario: Offsets sent to a transaction are committed with it, not before
    Given a transactional producer "shop"
    When "shop" begins a transaction and writes "a" to "orders"
    And "shop" sends offset 5 of partition 0 of "orders" for group "billing" to its transaction
    Then group "billing" has no committed offset for partition 0 of "orders"
    When "shop" commits its transaction
    Then group "billing" eventually has committed offset 5 for partition 0 of "orders"

  @must @api:TxnOffsetCommit @api:EndTxn @api:OffsetFetch @id:TXN-008
  Scenario: Offsets sent to an aborted transaction are never committed
    Given a transactional producer "shop"
    When "shop" begins a transaction and writes "a" to "orders"
    And "shop" sends offset 5 of partition 0 of "orders" for group "billing" to its transaction
    And "shop" aborts its transaction
    Then group "billing" keeps no committed offset for partition 0 of "orders"

  # KIP-447: a consumer that asks for stable offsets must not start from before what a pending transaction
  # will commit; it is told to retry instead.
  @must @api:TxnOffsetCommit @api:OffsetFetch @id:TXN-009
  Scenario: OffsetFetch requiring stable offsets answers UNSTABLE_OFFSET_COMMIT while a transaction's offsets are pending
    Given a transactional producer "shop"
    When "shop" begins a transaction and writes "a" to "orders"
    And "shop" sends offset 5 of partition 0 of "orders" for group "billing" to its transaction
    Then an OffsetFetch v7 of group "billing" for partition 0 of "orders" requiring stable offsets is answered UNSTABLE_OFFSET_COMMIT
    And an OffsetFetch v7 of group "billing" for partition 0 of "orders" not requiring stable offsets is answered offset -1
    When "shop" commits its transaction
    Then an OffsetFetch v7 of group "billing" for partition 0 of "orders" requiring stable offsets is eventually answered offset 5

  @must @api:InitProducerId @api:EndTxn @api:Fetch @id:TXN-010
  Scenario: A transaction left open past its timeout is aborted by the broker
    Given a transactional producer "slow" with a transaction timeout of 1000 ms
    When "slow" begins a transaction and writes "stale" to "orders"
    Then within 15 seconds the latest offset of partition 0 of "orders" is the same for read_committed and read_uncommitted consumers
    And a read_committed consumer of "orders" receives exactly ""
    And committing the transaction of "slow" fails

  @must @api:InitProducerId @id:TXN-011
  Scenario: A transaction timeout above the broker's maximum is refused
    Then a transactional producer with a transaction timeout of 900001 ms cannot be initialised: INVALID_TRANSACTION_TIMEOUT

  @must @api:DescribeTransactions @api:ListTransactions @id:TXN-012
  Scenario: The coordinator describes an ongoing transaction and then its commit
    Given a transactional producer "shop" with transactional id "described"
    When "shop" begins a transaction and writes "a" to "orders"
    Then transactional id "described" is described as Ongoing with partition 0 of "orders"
    And the transactions listed include "described" as Ongoing
    When "shop" commits its transaction
    Then transactional id "described" is eventually described as CompleteCommit with no partitions

  @must @api:DescribeTransactions @id:TXN-013
  Scenario: An unknown transactional id is described as TRANSACTIONAL_ID_NOT_FOUND
    Then describing transactional id "never-used" fails with TRANSACTIONAL_ID_NOT_FOUND

  @must @api:DescribeProducers @id:TXN-014
  Scenario: A partition describes the producer of its open transaction and where it started
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "orders"
    When "shop" begins a transaction and writes "x" to "orders"
    Then partition 0 of "orders" describes the producer of "shop" with its open transaction starting at offset 3
    When "shop" commits its transaction
    Then partition 0 of "orders" eventually describes the producer of "shop" with no open transaction

  # KIP-664: an operator who finds a hanging transaction aborts it with what DescribeProducers reports: the
  # producer's last write time, and the coordinator epoch of its last marker (none before a first marker).
  @must @api:DescribeProducers @id:TXN-050
  Scenario: A partition describes when a producer last wrote to it and the coordinator epoch of its last marker
    Given a transactional producer "shop"
    When "shop" begins a transaction and writes a record stamped 1700000000000 to "orders"
    Then partition 0 of "orders" describes the producer of "shop" as last writing at 1700000000000 with no coordinator epoch
    When "shop" commits its transaction
    Then partition 0 of "orders" eventually describes the producer of "shop" with a coordinator epoch and a last write after 1700000000000

  # KIP-664: a transaction that nobody ends (a "hanging" one) holds every read_committed consumer of the
  # partition back. An operator ends it on that partition alone (Admin.abortTransaction, kafka-transactions.sh
  # abort) by writing an ABORT marker with the producer id, epoch and coordinator epoch DescribeProducers reports.
  @must @api:DescribeProducers @api:WriteTxnMarkers @api:ListOffsets @api:Fetch @id:TXN-051
  Scenario: An operator aborts a transaction left open on a partition, and read_committed consumers move on
    Given a transactional producer "shop"
    And "shop" begins a transaction and writes "a,b" to "orders"
    And the latest offset of partition 0 of "orders" is 2 for a read_uncommitted consumer and 0 for a read_committed one
    When an operator aborts the open transaction on partition 0 of "orders" with what the partition describes of the producer of "shop"
    Then the latest offset of partition 0 of "orders" becomes 3 for read_uncommitted and read_committed consumers
    And a read_committed consumer of "orders" receives exactly ""
    And a read_uncommitted consumer of "orders" receives exactly "a,b" at offsets 0,1
    And partition 0 of "orders" eventually describes the producer of "shop" with no open transaction

  @must @api:Produce @api:EndTxn @api:Fetch @id:TXN-015
  Scenario: A transaction over two topics is committed in both or in neither
    Given a topic "audit" with 1 partition
    And a transactional producer "shop"
    When "shop" commits a transaction of "a" to "orders" and "b" to "audit"
    And "shop" aborts a transaction of "x" to "orders" and "y" to "audit"
    Then a read_committed consumer of "orders" receives exactly "a"
    And a read_committed consumer of "audit" receives exactly "b"
    And a read_uncommitted consumer of "audit" receives exactly "b,y" at offsets 0,2

  @must @api:DescribeTransactions @api:ListTransactions @id:TXN-016
  Scenario: An aborted transaction is described as CompleteAbort and listed by its state
    Given a transactional producer "shop" with transactional id "aborted-one"
    When "shop" aborts a transaction of "x" to "orders"
    Then transactional id "aborted-one" is eventually described as CompleteAbort with no partitions
    And the transactions listed in state CompleteAbort include "aborted-one"
    And the transactions listed in state Ongoing do not include "aborted-one"

  # KIP-447: the group's generation travels with the offsets, so a producer acting for a consumer that has
  # lost its partitions (a zombie) cannot commit offsets for them.
  @must @api:TxnOffsetCommit @api:JoinGroup @id:TXN-017
  Scenario: Offsets sent for a consumer of an older generation are refused
    Given a transactional producer "shop"
    And consumer "c1" in group "billing" subscribes to "orders"
    And within 20 seconds the members of group "billing" share all 1 partitions, "c1" with 1
    When "shop" begins a transaction and writes "a" to "orders"
    Then sending offset 1 of partition 0 of "orders" for consumer "c1" one generation behind fails: the group metadata does not match
    And "shop" aborts its transaction

  @must @api:TxnOffsetCommit @api:JoinGroup @api:OffsetFetch @id:TXN-018
  Scenario: Offsets sent for a current member of the group are committed with the transaction
    Given a transactional producer "shop"
    And consumer "c1" in group "billing" subscribes to "orders"
    And within 20 seconds the members of group "billing" share all 1 partitions, "c1" with 1
    When "shop" begins a transaction and writes "a" to "orders"
    And "shop" sends offset 1 of partition 0 of "orders" for consumer "c1" to its transaction
    And "shop" commits its transaction
    Then group "billing" eventually has committed offset 1 for partition 0 of "orders"

  # Before transactions v2 a producer adds every partition to its transaction before writing to it; a
  # transactional write to a partition it never added is refused and not written (KIP-890 part 1).
  @must @api:Produce @api:InitProducerId @id:TXN-019
  Scenario: A transactional write to a partition never added to the transaction is refused with INVALID_TXN_STATE
    Given a producer id and epoch for transactional id "raw" from its coordinator
    When a transactional batch of that producer is written to partition 0 of "orders" with Produce v9
    Then the write is refused with INVALID_TXN_STATE
    And the latest offset of partition 0 of "orders" becomes 0 for read_uncommitted and read_committed consumers

  @must @api:Produce @api:EndTxn @api:Fetch @id:TXN-020
  Scenario: Many transactions of one producer, committed and aborted in turn, keep their records apart
    Given a transactional producer "shop"
    When "shop" commits a transaction of "a1,a2" to "orders"
    And "shop" aborts a transaction of "b1" to "orders"
    And "shop" aborts a transaction of "c1,c2" to "orders"
    And "shop" commits a transaction of "d1" to "orders"
    And "shop" commits a transaction of "e1,e2,e3" to "orders"
    Then a read_committed consumer of "orders" receives exactly "a1,a2,d1,e1,e2,e3" at offsets 0,1,8,10,11,12
    And the latest offset of partition 0 of "orders" becomes 14 for read_uncommitted and read_committed consumers
