@transactions
Feature: The transaction coordinator fences old producers and answers every request of a transaction's life
  The transaction coordinator owns each transactional.id: InitProducerId gives it a producer id and an epoch,
  and each new instance gets the next epoch, so every request still carrying an older epoch comes from a zombie
  and is refused. Since KIP-588 the refusal is PRODUCER_FENCED; clients of the versions before it
  (InitProducerId v0-v3, AddPartitionsToTxn, AddOffsetsToTxn and EndTxn v0-v1) are told INVALID_PRODUCER_EPOCH.
  A producer that hit an abortable error may keep its producer id by naming it and its epoch (KIP-360). A new
  instance arriving while a transaction is open has that transaction aborted and is asked to retry
  (CONCURRENT_TRANSACTIONS). A request naming a producer id the coordinator did not give to that
  transactional.id is INVALID_PRODUCER_ID_MAPPING; an EndTxn that does not fit the transaction's state is
  INVALID_TXN_STATE, except that a commit or abort retried after it completed is answered as the first one was.

  These scenarios write the requests of each version themselves (the Java producer picks versions and retries
  for us). EndTxn up to v4 and AddPartitionsToTxn up to v3 are the classic protocol on every broker: Apache
  Kafka decides per request version, so they behave the same whether or not transactions v2 (KIP-890) is on.

  Background:
    Given a topic "orders" with 1 partition

  # KIP-588: PRODUCER_FENCED from EndTxn v2; older clients only know INVALID_PRODUCER_EPOCH
  @must @api:InitProducerId @api:EndTxn @id:TXN-021
  Scenario Outline: EndTxn from a fenced instance is refused with PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH before v2
    Given instance "old" of transactional id "till" is initialised
    And instance "new" of transactional id "till" is initialised
    When instance "old" sends EndTxn v<version> to COMMIT
    Then the coordinator answers <error>
    When instance "new" sends EndTxn v<version> to COMMIT
    Then the coordinator answers INVALID_TXN_STATE

    Examples:
      | version | error                  |
      | 0       | INVALID_PRODUCER_EPOCH |
      | 1       | INVALID_PRODUCER_EPOCH |
      | 2       | PRODUCER_FENCED        |
      | 3       | PRODUCER_FENCED        |
      | 4       | PRODUCER_FENCED        |

  # KIP-588: PRODUCER_FENCED from AddPartitionsToTxn and AddOffsetsToTxn v2
  @must @api:InitProducerId @api:AddPartitionsToTxn @api:AddOffsetsToTxn @api:DescribeTransactions @id:TXN-022
  Scenario Outline: Adding to the transaction of a fenced instance is refused with PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH before v2
    Given instance "old" of transactional id "till" is initialised
    And instance "new" of transactional id "till" is initialised
    When instance "old" adds <what> to its transaction with <api> v<version>
    Then the coordinator answers <error>
    And transactional id "till" is eventually described as Empty with no partitions

    Examples:
      | what                      | api                | version | error                  |
      | partition 0 of "orders"   | AddPartitionsToTxn | 0       | INVALID_PRODUCER_EPOCH |
      | partition 0 of "orders"   | AddPartitionsToTxn | 1       | INVALID_PRODUCER_EPOCH |
      | partition 0 of "orders"   | AddPartitionsToTxn | 2       | PRODUCER_FENCED        |
      | partition 0 of "orders"   | AddPartitionsToTxn | 3       | PRODUCER_FENCED        |
      | the offsets of group "g"  | AddOffsetsToTxn    | 0       | INVALID_PRODUCER_EPOCH |
      | the offsets of group "g"  | AddOffsetsToTxn    | 1       | INVALID_PRODUCER_EPOCH |
      | the offsets of group "g"  | AddOffsetsToTxn    | 2       | PRODUCER_FENCED        |
      | the offsets of group "g"  | AddOffsetsToTxn    | 4       | PRODUCER_FENCED        |

  # KIP-360: a producer keeps its producer id after an abortable error; a retry after a lost answer bumps nothing
  @must @api:InitProducerId @id:TXN-023
  Scenario Outline: InitProducerId naming the current producer id and epoch bumps the epoch once, however often it is retried
    Given instance "p" of transactional id "resumed" is initialised
    When instance "p" resumes with InitProducerId v<version> naming its producer id and epoch
    Then the coordinator answers NONE with the producer id of "p" and its epoch plus 1
    When instance "p" resumes again with InitProducerId v<version> naming the same producer id and epoch
    Then the coordinator answers NONE with the producer id of "p" and its epoch plus 1
    When instance "p" resumes with InitProducerId v<version> naming its producer id and its epoch plus 5
    Then the coordinator answers <fenced>
    When instance "p" resumes with InitProducerId v<version> naming another producer id and its epoch
    Then the coordinator answers <fenced>

    Examples:
      | version | fenced                 |
      | 3       | INVALID_PRODUCER_EPOCH |
      | 4       | PRODUCER_FENCED        |
      | 5       | PRODUCER_FENCED        |

  @must @api:InitProducerId @api:AddPartitionsToTxn @api:ListOffsets @api:Fetch @id:TXN-024
  Scenario: A new instance arriving during an open transaction is asked to retry while that transaction is aborted
    Given instance "old" of transactional id "till" is initialised
    And instance "old" writes "zombie" to partition 0 of "orders" in a transaction
    When instance "new" of transactional id "till" asks for its producer id with InitProducerId v4
    Then the coordinator answers CONCURRENT_TRANSACTIONS
    And within 15 seconds instance "new" of transactional id "till" gets the producer id of "old" and its epoch plus 2
    And the latest offset of partition 0 of "orders" becomes 2 for read_uncommitted and read_committed consumers
    And a read_committed consumer of "orders" receives exactly ""
    When instance "old" sends EndTxn v4 to COMMIT
    Then the coordinator answers PRODUCER_FENCED

  @must @api:InitProducerId @api:AddPartitionsToTxn @api:EndTxn @id:TXN-025
  Scenario: A producer id the coordinator did not give to that transactional id is INVALID_PRODUCER_ID_MAPPING
    Given instance "p" of transactional id "known" is initialised
    And instance "stranger" claims transactional id "never-used" with the producer id and epoch of "p"
    And instance "impostor" claims transactional id "known" with another producer id and the epoch of "p"
    When instance "stranger" adds partition 0 of "orders" to its transaction with AddPartitionsToTxn v3
    Then the coordinator answers INVALID_PRODUCER_ID_MAPPING
    When instance "stranger" sends EndTxn v4 to COMMIT
    Then the coordinator answers INVALID_PRODUCER_ID_MAPPING
    When instance "impostor" adds partition 0 of "orders" to its transaction with AddPartitionsToTxn v3
    Then the coordinator answers INVALID_PRODUCER_ID_MAPPING
    When instance "impostor" sends EndTxn v4 to ABORT
    Then the coordinator answers INVALID_PRODUCER_ID_MAPPING

  @must @api:InitProducerId @api:AddPartitionsToTxn @api:DescribeTransactions @id:TXN-026
  Scenario: AddPartitionsToTxn naming a partition that does not exist adds none of the partitions
    Given instance "p" of transactional id "partial" is initialised
    When instance "p" adds partitions 0 and 9 of "orders" to its transaction with AddPartitionsToTxn v3
    Then partition 9 of "orders" is answered UNKNOWN_TOPIC_OR_PARTITION and partition 0 OPERATION_NOT_ATTEMPTED
    And transactional id "partial" is eventually described as Empty with no partitions

  @must @api:InitProducerId @api:EndTxn @id:TXN-027
  Scenario Outline: Ending a transaction that never added anything is INVALID_TXN_STATE
    Given instance "p" of transactional id "idle" is initialised
    When instance "p" sends EndTxn v4 to <end>
    Then the coordinator answers INVALID_TXN_STATE

    Examples:
      | end    |
      | COMMIT |
      | ABORT  |

  # A client whose EndTxn answer was lost sends it again: the completed commit is answered NONE, not redone
  @must @api:AddPartitionsToTxn @api:Produce @api:EndTxn @api:DescribeTransactions @api:Fetch @id:TXN-028
  Scenario Outline: A commit retried after it completed is answered NONE again, and the transaction can no longer be aborted
    Given instance "p" of transactional id "retried" is initialised
    And instance "p" writes "a" to partition 0 of "orders" in a transaction
    When instance "p" sends EndTxn v<version> to COMMIT
    Then the coordinator answers NONE
    And transactional id "retried" is eventually described as CompleteCommit with no partitions
    When instance "p" sends EndTxn v<version> to COMMIT
    Then the coordinator answers NONE
    When instance "p" sends EndTxn v<version> to ABORT
    Then the coordinator answers INVALID_TXN_STATE
    And the latest offset of partition 0 of "orders" becomes 2 for read_uncommitted and read_committed consumers
    And a read_committed consumer of "orders" receives exactly "a"

    Examples:
      | version |
      | 1       |
      | 4       |

  @must @api:InitProducerId @id:TXN-029
  Scenario Outline: InitProducerId naming only one of producer id and epoch is INVALID_REQUEST
    When InitProducerId v<version> for transactional id "half" names producer id <producer id> and epoch <epoch>
    Then the coordinator answers INVALID_REQUEST

    Examples:
      | version | producer id | epoch |
      | 3       | 1000        | -1    |
      | 4       | -1          | 0     |
      | 5       | 1000        | -1    |
