@transactions
Feature: Exactly once survives a crashed producer and a restarted broker
  A read-process-write application (KIP-98, KIP-447) reads its input under read_committed, writes its output
  and commits its consumer group's offsets in one transaction (sendOffsetsToTransaction). When its producer
  dies in the middle of a transaction, the next instance with the same transactional.id fences it
  (InitProducerId): the broker aborts the dead instance's open transaction, and the new instance resumes from
  the offsets the group committed, so each input record is in the output exactly once.

  The broker keeps all of this across its own restart, clean or after a crash: committed and aborted
  transactions read back the same, markers at the same offsets, and the last stable offset at the log end; a
  transaction open when the broker stopped is still open after it starts (never half visible) and can still be
  committed or aborted; a fenced producer stays fenced. The restart scenarios
  (@broker-restart) run alone, and only on targets the TCK can restart (the reference broker and Apache Kafka
  it starts itself); elsewhere they are reported as not applicable.

  Background:
    Given a topic "in" with 1 partition
    And a topic "out" with 1 partition

  # KIP-447: the new instance's InitProducerId aborts the dead one's transaction, and its read_committed
  # consumer resumes from the offsets the group committed in the last committed transaction.
  @must @api:InitProducerId @api:Produce @api:AddOffsetsToTxn @api:TxnOffsetCommit @api:EndTxn @api:OffsetFetch @api:Fetch @id:TXN-040
  Scenario: A read-process-write loop copies each record exactly once across a crash of its producer
    Given "in" holds the records "a,b,c,d,e,f"
    And processor "p1" copies "in" to "out" with transactional id "copier" in group "copiers"
    When "p1" copies the next 2 records in a committed transaction
    And "p1" copies the next 2 records in a committed transaction
    And "p1" copies the next 2 records in a transaction and crashes before committing it
    And processor "p2" starts copying "in" to "out" with transactional id "copier" in group "copiers"
    And "p2" copies the next 2 records in a committed transaction
    Then a read_committed consumer of "out" receives exactly "a,b,c,d,e,f" at offsets 0,1,3,4,9,10
    And a read_uncommitted consumer of "out" receives exactly "a,b,c,d,e,f,e,f" at offsets 0,1,3,4,6,7,9,10
    And group "copiers" eventually has committed offset 6 for partition 0 of "in"

  # KIP-98: an abort drops the transaction's offsets with its records; the processor goes back to what its
  # group committed and tries again.
  @must @api:InitProducerId @api:Produce @api:AddOffsetsToTxn @api:TxnOffsetCommit @api:EndTxn @api:OffsetFetch @api:Fetch @id:TXN-041
  Scenario: A read-process-write loop that aborts and retries each transaction copies each record exactly once
    Given "in" holds the records "a,b,c,d"
    And processor "p1" copies "in" to "out" with transactional id "copier" in group "copiers"
    When "p1" copies the next 2 records in an aborted transaction and goes back to its group's committed offset
    And "p1" copies the next 2 records in a committed transaction
    And "p1" copies the next 2 records in an aborted transaction and goes back to its group's committed offset
    And "p1" copies the next 2 records in a committed transaction
    Then a read_committed consumer of "out" receives exactly "a,b,c,d" at offsets 3,4,9,10
    And a read_uncommitted consumer of "out" receives exactly "a,b,a,b,c,d,c,d" at offsets 0,1,3,4,6,7,9,10
    And group "copiers" eventually has committed offset 4 for partition 0 of "in"

  # redpanda-data/redpanda#5442: transaction state must survive a restart of the broker. The commit's
  # markers are written (last stable offset at the end, offsets committed) before the broker stops.
  @must @broker-restart @api:Produce @api:EndTxn @api:TxnOffsetCommit @api:Fetch @api:ListOffsets @api:OffsetFetch @api:DescribeTransactions @id:TXN-042
  Scenario: Committed and aborted transactions read back the same after a clean restart of the broker
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "out"
    And "shop" aborts a transaction of "x,y" to "out"
    And "shop" begins a transaction and writes "c" to "out"
    And "shop" sends offset 7 of partition 0 of "in" for group "copiers" to its transaction
    And "shop" commits its transaction
    And the latest offset of partition 0 of "out" becomes 8 for read_uncommitted and read_committed consumers
    And group "copiers" eventually has committed offset 7 for partition 0 of "in"
    When the broker restarts
    Then a read_committed consumer of "out" receives exactly "a,b,c" at offsets 0,1,6
    And a read_uncommitted consumer of "out" receives exactly "a,b,x,y,c" at offsets 0,1,3,4,6
    And the latest offset of partition 0 of "out" becomes 8 for read_uncommitted and read_committed consumers
    And group "copiers" eventually has committed offset 7 for partition 0 of "in"
    And transactional id "tx-shop" is eventually described as CompleteCommit with no partitions

  # KIP-98: after a crash the broker rebuilds its transaction state from the log (producer state and the
  # transaction index), not from a snapshot taken at a clean shutdown. The markers are awaited before the
  # kill: Apache Kafka 4.4 (single node) skips the markers of a transaction it finds in PrepareCommit when it
  # restarts after a crash, before it knows its partitions' leaders, and leaves that transaction hanging.
  @must @broker-restart @api:Produce @api:EndTxn @api:TxnOffsetCommit @api:Fetch @api:ListOffsets @api:OffsetFetch @api:DescribeTransactions @id:TXN-043
  Scenario: Committed and aborted transactions read back the same after the broker is killed and restarts
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "out"
    And "shop" aborts a transaction of "x,y" to "out"
    And "shop" begins a transaction and writes "c" to "out"
    And "shop" sends offset 7 of partition 0 of "in" for group "copiers" to its transaction
    And "shop" commits its transaction
    And the latest offset of partition 0 of "out" becomes 8 for read_uncommitted and read_committed consumers
    And group "copiers" eventually has committed offset 7 for partition 0 of "in"
    When the broker is killed and restarts
    Then a read_committed consumer of "out" receives exactly "a,b,c" at offsets 0,1,6
    And a read_uncommitted consumer of "out" receives exactly "a,b,x,y,c" at offsets 0,1,3,4,6
    And the latest offset of partition 0 of "out" becomes 8 for read_uncommitted and read_committed consumers
    And group "copiers" eventually has committed offset 7 for partition 0 of "in"
    And transactional id "tx-shop" is eventually described as CompleteCommit with no partitions

  @must @broker-restart @api:Produce @api:EndTxn @api:Fetch @api:ListOffsets @api:DescribeTransactions @id:TXN-044
  Scenario: A transaction open when the broker restarts is still open after it, and commits whole
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "out"
    And "shop" begins a transaction and writes "x,y" to "out"
    When the broker restarts
    Then the latest offset of partition 0 of "out" is 5 for a read_uncommitted consumer and 3 for a read_committed one
    And a read_committed consumer of "out" receives exactly "a,b" at offsets 0,1
    And transactional id "tx-shop" is described as Ongoing with partition 0 of "out"
    When "shop" commits its transaction
    Then a read_committed consumer of "out" receives exactly "a,b,x,y" at offsets 0,1,3,4
    And the latest offset of partition 0 of "out" becomes 6 for read_uncommitted and read_committed consumers

  # KIP-98: after a crash the open transaction is rebuilt from the log; its records stay below the last
  # stable offset until its abort marker.
  @must @broker-restart @api:Produce @api:EndTxn @api:Fetch @api:ListOffsets @id:TXN-045
  Scenario: A transaction open when the broker is killed is still open after the restart, and aborts whole
    Given a transactional producer "shop"
    And "shop" commits a transaction of "a,b" to "out"
    And "shop" begins a transaction and writes "x,y" to "out"
    When the broker is killed and restarts
    Then the latest offset of partition 0 of "out" is 5 for a read_uncommitted consumer and 3 for a read_committed one
    And a read_committed consumer of "out" receives exactly "a,b" at offsets 0,1
    When "shop" aborts its transaction
    Then the latest offset of partition 0 of "out" becomes 6 for read_uncommitted and read_committed consumers
    And a read_committed consumer of "out" receives exactly "a,b" at offsets 0,1
    And a read_uncommitted consumer of "out" receives exactly "a,b,x,y" at offsets 0,1,3,4

  @must @broker-restart @api:InitProducerId @api:EndTxn @api:Fetch @id:TXN-046
  Scenario: A producer fenced before the broker restarts is still fenced after it
    Given a transactional producer "old" with transactional id "shop"
    And "old" begins a transaction and writes "x" to "out"
    When a transactional producer "new" with transactional id "shop" is initialised
    And the broker restarts
    Then committing the transaction of "old" fails because it was fenced
    And "new" commits a transaction of "a" to "out"
    And a read_committed consumer of "out" receives exactly "a"
    And a read_uncommitted consumer of "out" receives exactly "x,a" at offsets 0,2

  # KIP-447 end to end: the processor's open transaction, its producer's sequence numbers and its consumer's
  # position all carry on across a crash of the broker.
  @must @broker-restart @api:InitProducerId @api:Produce @api:AddOffsetsToTxn @api:TxnOffsetCommit @api:EndTxn @api:OffsetFetch @api:Fetch @id:TXN-047
  Scenario: A read-process-write loop copies each record exactly once across a crash of the broker
    Given "in" holds the records "a,b,c,d,e,f"
    And processor "p1" copies "in" to "out" with transactional id "copier" in group "copiers"
    When "p1" copies the next 2 records in a committed transaction
    And "p1" copies the next 2 records in a transaction
    And the broker is killed and restarts
    And "p1" commits the transaction of its copies
    And "p1" copies the next 2 records in a committed transaction
    Then a read_committed consumer of "out" receives exactly "a,b,c,d,e,f" at offsets 0,1,3,4,6,7
    And a read_uncommitted consumer of "out" receives exactly "a,b,c,d,e,f" at offsets 0,1,3,4,6,7
    And group "copiers" eventually has committed offset 6 for partition 0 of "in"
