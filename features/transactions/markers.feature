@transactions
Feature: Markers, the last stable offset and what a read_committed fetch carries
  Ending a transaction (KIP-98) writes a marker into every partition the transaction wrote: a control
  batch, flagged control and transactional, of the transaction's producer id and epoch, holding one record
  whose key says COMMIT or ABORT. The marker takes an offset and Fetch returns it like any other batch, at
  every isolation level; consumers skip it. The data batches of a transaction keep their transactional flag.
  The last stable offset (LSO) of a partition is the first offset of its oldest open transaction, or the
  high watermark when none is open. A read_committed Fetch returns nothing from the LSO on, reports it, and
  lists the aborted transactions (producer id, first offset) overlapping what it returns, so the consumer
  can drop their records; a read_uncommitted Fetch returns everything below the high watermark and carries
  no such list. The partition leader checks a transactional batch as it checks an idempotent one (epoch,
  sequence numbers) and, before transactions v2 (KIP-890), refuses one for a partition the producer never
  added to its transaction.

  These scenarios speak raw frames in pinned versions of the classic protocol, which Apache Kafka 4.4 still
  serves: InitProducerId v4, AddPartitionsToTxn v3, Produce v9 and EndTxn v4. What they assert is what the
  broker sent, not what a client made of it.

  Background:
    Given a topic "ledger" with 1 partition

  @must @api:Produce @api:EndTxn @api:Fetch @api:AddPartitionsToTxn @id:TXN-030
  Scenario Outline: The <marker> marker is a control batch of the transaction's producer, at its own offset
    Given a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "a,b" to partition 0 of "ledger" in its transaction
    And "p" ends its transaction with <marker>
    Then the batch at offset 2 of partition 0 of "ledger" is a control batch of "p" holding a <marker> marker
    And the batch at offset 0 of partition 0 of "ledger" is a transactional batch of "p" holding "a,b"

    Examples:
      | marker |
      | COMMIT |
      | ABORT  |

  # KIP-98; streamnative/kop#1856: a read_committed fetch served beyond the LSO shows open transactions
  @must @api:Produce @api:Fetch @api:AddPartitionsToTxn @id:TXN-031
  Scenario Outline: A read_committed Fetch v<version> stops at the last stable offset and reports it
    Given a record "a" is written to "ledger" outside any transaction
    And a record "b" is written to "ledger" outside any transaction
    And a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "x,y" to partition 0 of "ledger" in its transaction
    And a record "late" is written to "ledger" outside any transaction
    And partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v<version>
    Then the fetch returns the batches at offsets 0, 1
    And the fetch reports high watermark 5 and last stable offset 2
    When partition 0 of "ledger" is fetched read_uncommitted from offset 0 with Fetch v<version>
    Then the fetch returns the batches at offsets 0, 1, 2, 4
    And the fetch reports high watermark 5 and last stable offset 2
    When "p" ends its transaction with COMMIT
    And partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v<version>
    Then the fetch returns the batches at offsets 0, 1, 2, 4, 5
    And the fetch reports high watermark 6 and last stable offset 6

    Examples:
      | version |
      | 4       |
      | 12      |

  # KIP-98: the broker does not filter; it names what to drop. AutoMQ/automq#754: aborted list incomplete
  @must @api:Produce @api:EndTxn @api:Fetch @api:AddPartitionsToTxn @id:TXN-032
  Scenario: A read_committed Fetch returns the aborted batches and lists their transaction
    Given a record "a" is written to "ledger" outside any transaction
    And a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "b,c" to partition 0 of "ledger" in its transaction
    And "p" ends its transaction with ABORT
    And a record "d" is written to "ledger" outside any transaction
    And partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v12
    Then the fetch returns the batches at offsets 0, 1, 3, 4
    And the fetch reports high watermark 5 and last stable offset 5
    And the fetch lists the aborted transaction of "p" from offset 1
    When partition 0 of "ledger" is fetched read_committed from offset 2 with Fetch v12
    Then the fetch returns the batches at offsets 1, 3, 4
    And the fetch lists the aborted transaction of "p" from offset 1
    When partition 0 of "ledger" is fetched read_committed from offset 4 with Fetch v12
    Then the fetch lists no aborted transaction
    And a read_committed consumer of "ledger" receives exactly "a,d" at offsets 0, 4

  # redpanda-data/redpanda#6630 (aborted records hidden) and #18852 / twmb/franz-go#758 (a list sent anyway)
  @must @api:Produce @api:EndTxn @api:Fetch @api:AddPartitionsToTxn @id:TXN-033
  Scenario Outline: A read_uncommitted Fetch v<version> returns aborted records and carries no aborted transactions list
    Given a record "a" is written to "ledger" outside any transaction
    And a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "b,c" to partition 0 of "ledger" in its transaction
    And "p" ends its transaction with ABORT
    And a record "d" is written to "ledger" outside any transaction
    And partition 0 of "ledger" is fetched read_uncommitted from offset 0 with Fetch v<version>
    Then the fetch returns the batches at offsets 0, 1, 3, 4
    And the fetch reports high watermark 5 and last stable offset 5
    And the fetch carries no aborted transactions list

    Examples:
      | version |
      | 4       |
      | 12      |

  # Kafka's TransactionsTest.testDelayedFetchIncludesAbortedTransaction
  @must @api:Produce @api:EndTxn @api:Fetch @api:AddPartitionsToTxn @id:TXN-034
  Scenario: Of two interleaved transactions, only the committed one is read, at its original offsets
    Given a raw transactional producer "aborter"
    And a raw transactional producer "committer"
    And "aborter" has added partition 0 of "ledger" to its transaction
    And "committer" has added partition 0 of "ledger" to its transaction
    When "committer" writes "x1" to partition 0 of "ledger" in its transaction
    And "aborter" writes "y1,y2" to partition 0 of "ledger" in its transaction
    And "committer" writes "x2" to partition 0 of "ledger" in its transaction
    And "aborter" ends its transaction with ABORT
    And "committer" ends its transaction with COMMIT
    Then a read_committed consumer of "ledger" receives exactly "x1,x2" at offsets 0, 3
    And a read_uncommitted consumer of "ledger" receives exactly "x1,y1,y2,x2" at offsets 0, 1, 2, 3
    When partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v12
    Then the fetch lists the aborted transaction of "aborter" from offset 1

  # The LSO is the first offset of the OLDEST open transaction (Kafka's
  # TransactionsTest.testReadCommittedConsumerShouldNotSeeUndecidedData)
  @must @api:Produce @api:EndTxn @api:Fetch @api:AddPartitionsToTxn @id:TXN-035
  Scenario: An open transaction holds back another producer's later committed transaction
    Given a raw transactional producer "early"
    And a raw transactional producer "later"
    And "early" has added partition 0 of "ledger" to its transaction
    And "later" has added partition 0 of "ledger" to its transaction
    When "early" writes "a" to partition 0 of "ledger" in its transaction
    And "later" writes "b" to partition 0 of "ledger" in its transaction
    And "later" ends its transaction with COMMIT
    And partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v12
    Then the fetch returns no batch
    And the fetch reports high watermark 3 and last stable offset 0
    And the fetch lists no aborted transaction
    When "early" ends its transaction with ABORT
    And partition 0 of "ledger" is fetched read_committed from offset 0 with Fetch v12
    Then the fetch returns the batches at offsets 0, 1, 2, 3
    And the fetch reports high watermark 4 and last stable offset 4
    And a read_committed consumer of "ledger" receives exactly "b"

  # KIP-890 part 1 (transaction verification): v10 and below INVALID_TXN_STATE, v11 TRANSACTION_ABORTABLE;
  # TXN-019 covers v9
  @must @api:Produce @api:InitProducerId @id:TXN-036
  Scenario Outline: Produce v<version> refuses a transactional write to a partition never added, with <error>
    Given a raw transactional producer "p"
    When "p" writes "stray" to partition 0 of "ledger" in its transaction with Produce v<version>
    Then the write of "p" is refused with <error>
    And the latest offset of partition 0 of "ledger" becomes 0 for read_uncommitted and read_committed consumers

    Examples:
      | version | error                 |
      | 10      | INVALID_TXN_STATE     |
      | 11      | TRANSACTION_ABORTABLE |

  # KIP-890 part 2: from Produce v12 the partition leader adds the partition to the transaction itself
  @must @api:Produce @api:DescribeTransactions @id:TXN-037
  Scenario Outline: From Produce v12 a transactional write adds its partition to the transaction (v<version>)
    Given a raw transactional producer "p" with transactional id "implicit"
    When "p" writes "a" to partition 0 of "ledger" in its transaction with Produce v<version>
    Then the write of "p" is acknowledged at offset 0
    And transactional id "implicit" is described as Ongoing with partition 0 of "ledger"
    And the latest offset of partition 0 of "ledger" is 1 for a read_uncommitted consumer and 0 for a read_committed one

    Examples:
      | version |
      | 12      |
      | 13      |

  # KIP-98 fencing at the partition: a zombie instance's write must not land in the new instance's log
  @must @api:Produce @api:InitProducerId @api:AddPartitionsToTxn @id:TXN-038
  Scenario: A transactional write with the epoch of a fenced instance is refused with INVALID_PRODUCER_EPOCH
    Given a raw transactional producer "zombie" with transactional id "till"
    And a raw transactional producer "current" with transactional id "till"
    And "current" has added partition 0 of "ledger" to its transaction
    When "zombie" writes "stale" to partition 0 of "ledger" in its transaction with Produce v9
    Then the write of "zombie" is refused with INVALID_PRODUCER_EPOCH
    When "current" writes "fresh" to partition 0 of "ledger" in its transaction
    Then the write of "current" is acknowledged at offset 0
    When "current" ends its transaction with COMMIT
    Then a read_committed consumer of "ledger" receives exactly "fresh"

  # KIP-98: a transactional producer is idempotent; the same sequence rules hold inside a transaction
  @must @api:Produce @api:AddPartitionsToTxn @id:TXN-039
  Scenario: Inside a transaction a retried batch is acknowledged at its first offset and a sequence gap is refused
    Given a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "a" to partition 0 of "ledger" in its transaction
    And "p" writes "b,c" to partition 0 of "ledger" in its transaction
    And "p" sends its last batch to "ledger" again
    Then the write of "p" is acknowledged at offset 1
    When "p" writes "z" with sequence 5 to partition 0 of "ledger" in its transaction
    Then the write of "p" is refused with OUT_OF_ORDER_SEQUENCE_NUMBER
    And a read_uncommitted consumer of "ledger" receives exactly "a,b,c" at offsets 0, 1, 2

  # Apache Kafka refuses the whole request before it looks at any partition: nothing would tie a
  # transactional batch without its transactional id to a coordinator that will end its transaction.
  @must @api:Produce @id:TXN-052
  Scenario: A transactional batch in a Produce request without a transactional id is refused and not written
    Given a raw transactional producer "p"
    And "p" has added partition 0 of "ledger" to its transaction
    When "p" writes "a" to partition 0 of "ledger" in its transaction without naming its transactional id
    Then the write of "p" is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    And the latest offset of partition 0 of "ledger" is 0 for a read_uncommitted consumer and 0 for a read_committed one
