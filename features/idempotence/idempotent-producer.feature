@idempotence
Feature: Idempotent producers write each batch exactly once
  An idempotent producer (the Java client's default since Kafka 3.0) gets a producer id and epoch
  from InitProducerId (KIP-98) and numbers its batches per partition with sequence numbers. The
  broker remembers the last five batches of each producer: a retry of one of them is acknowledged
  with its original offset and not written again, a batch that skips sequence numbers is refused
  with OUT_OF_ORDER_SEQUENCE_NUMBER, and a batch from an older epoch is refused with
  INVALID_PRODUCER_EPOCH. A refused batch is not written.

  Background:
    Given a topic "payments" with 1 partition

  @must @api:InitProducerId @api:Produce @api:Fetch @id:IDEMP-001
  Scenario: The Java client's default producer (idempotent, acks=all) works
    When 10 records are sent to "payments" by a default producer
    Then they are acknowledged at offsets 0 to 9 of partition 0
    And a consumer reading "payments" from the beginning receives the same 10 records in order

  @must @api:InitProducerId @id:IDEMP-002
  Scenario: InitProducerId hands out a producer id with epoch 0
    When a producer id is requested
    Then it is a producer id of at least 0 with epoch 0

  @must @api:InitProducerId @id:IDEMP-003
  Scenario: Every InitProducerId without a transactional id gets a new producer id
    When two producer ids are requested
    Then the two producer ids differ

  @must @api:Produce @id:IDEMP-004
  Scenario: Batches in sequence are appended in order
    Given an idempotent producer
    When it sends "a,b" with sequence 0 to "payments"
    Then the batch is acknowledged at offset 0
    When it sends "c" with sequence 2 to "payments"
    Then the batch is acknowledged at offset 2
    And partition 0 of "payments" holds exactly "a,b,c"

  @must @api:Produce @id:IDEMP-005
  Scenario: A retried batch is acknowledged with its original offset and stored once
    Given an idempotent producer
    When it sends "a,b" with sequence 0 to "payments"
    Then the batch is acknowledged at offset 0
    When it sends the same batch again
    Then the batch is acknowledged at offset 0
    And partition 0 of "payments" holds exactly "a,b"

  @must @api:Produce @id:IDEMP-006
  Scenario: A retry of an earlier batch among the last five is recognised
    Given an idempotent producer
    When it sends "a" with sequence 0 to "payments"
    And it sends "b" with sequence 1 to "payments"
    And it sends "c" with sequence 2 to "payments"
    Then the batch is acknowledged at offset 2
    When it sends "b" with sequence 1 to "payments"
    Then the batch is acknowledged at offset 1
    And partition 0 of "payments" holds exactly "a,b,c"

  @must @api:Produce @id:IDEMP-007
  Scenario: A gap in sequence numbers is refused with OUT_OF_ORDER_SEQUENCE_NUMBER
    Given an idempotent producer
    When it sends "a" with sequence 0 to "payments"
    Then the batch is acknowledged at offset 0
    When it sends "z" with sequence 5 to "payments"
    Then the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER
    And partition 0 of "payments" holds exactly "a"

  @must @api:Produce @id:IDEMP-008
  Scenario: A batch from an older epoch is refused with INVALID_PRODUCER_EPOCH
    Given an idempotent producer
    When it sends "a" with epoch 1 and sequence 0 to "payments"
    Then the batch is acknowledged at offset 0
    When it sends "b" with epoch 0 and sequence 1 to "payments"
    Then the broker answers INVALID_PRODUCER_EPOCH
    And partition 0 of "payments" holds exactly "a"

  @must @api:Produce @id:IDEMP-009
  Scenario: A new epoch must start at sequence 0
    Given an idempotent producer
    When it sends "a" with epoch 0 and sequence 0 to "payments"
    Then the batch is acknowledged at offset 0
    When it sends "b" with epoch 1 and sequence 1 to "payments"
    Then the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER
    And partition 0 of "payments" holds exactly "a"

  @must @api:Produce @id:IDEMP-010
  Scenario: A retry of a batch older than the last five is refused and not written again
    Given an idempotent producer
    When it sends "a" with sequence 0 to "payments"
    And it sends "b" with sequence 1 to "payments"
    And it sends "c" with sequence 2 to "payments"
    And it sends "d" with sequence 3 to "payments"
    And it sends "e" with sequence 4 to "payments"
    And it sends "f" with sequence 5 to "payments"
    Then the batch is acknowledged at offset 5
    When it sends "a" with sequence 0 to "payments"
    Then the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER
    And partition 0 of "payments" holds exactly "a,b,c,d,e,f"

  @must @api:Produce @api:DeleteRecords @id:IDEMP-011
  Scenario: A producer whose records were all deleted continues its sequence
    Given an idempotent producer
    When it sends "a,b" with sequence 0 to "payments"
    And the records of "payments" before offset -1 are deleted
    And it sends "c" with sequence 2 to "payments"
    Then the batch is acknowledged at offset 2

  @must @api:Produce @api:DeleteRecords @id:IDEMP-012
  Scenario: Producer state survives DeleteRecords: a sequence gap is still refused
    Given an idempotent producer
    When it sends "a,b" with sequence 0 to "payments"
    And the records of "payments" before offset -1 are deleted
    And it sends "c" with sequence 5 to "payments"
    Then the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER
