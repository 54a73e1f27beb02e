@security
Feature: Idempotent and transactional producers need WRITE on each topic, and READ on the groups whose offsets they send
  Since KIP-679, an idempotent producer needs no IDEMPOTENT_WRITE on the cluster when it may WRITE some topic;
  allowed neither, it is refused its producer id (InitProducerId) with CLUSTER_AUTHORIZATION_FAILED. The
  scenario of a user allowed WRITE on no topic at all runs alone (@runs-alone), since any other scenario's ACLs
  could allow it WRITE somewhere.
  A transactional producer needs WRITE on every topic it adds to its transaction: a record for a topic it may
  not write fails with TOPIC_AUTHORIZATION_FAILED, and the transaction can then only be aborted, so none of its
  records is ever read as committed. Sending a group's offsets in a transaction needs READ on the group, else
  GROUP_AUTHORIZATION_FAILED.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs; the topics are created
  by the administrator.

  Background:
    Given a topic "orders" with 1 partition

  @must @api:InitProducerId @api:Produce @id:SEC-034
  Scenario: A user allowed WRITE on a topic produces to it idempotently without IDEMPOTENT_WRITE on the cluster
    Given user "alice" is allowed WRITE on topic "orders"
    When user "alice" sends a record to "orders" with an idempotent producer
    Then the request succeeds
    And partition 0 of "orders" holds 1 record

  @must @runs-alone @api:InitProducerId @id:SEC-039
  Scenario: A user allowed WRITE on no topic and no IDEMPOTENT_WRITE is refused a producer id with CLUSTER_AUTHORIZATION_FAILED
    Given user "alice" is allowed DESCRIBE on topic "orders"
    When user "alice" sends a record to "orders" with an idempotent producer
    Then the request fails with CLUSTER_AUTHORIZATION_FAILED
    And partition 0 of "orders" holds 0 records

  @must @api:AddPartitionsToTxn @api:Produce @api:EndTxn @id:SEC-035
  Scenario: A record for a topic the transactional producer may not write fails, and its transaction is aborted
    Given a topic "refunds" with 1 partition
    And user "alice" is allowed WRITE on transactional id "till"
    And user "alice" is allowed WRITE on topic "orders"
    And user "alice" is allowed DESCRIBE on topic "refunds"
    When user "alice" in a transaction with transactional id "till" writes "lost" to "orders" and then "refund" to "refunds"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When the user aborts that transaction
    Then the request succeeds
    When user "alice" commits "paid" to "orders" in a transaction with transactional id "till"
    Then the request succeeds
    And a read_committed consumer of "orders" receives exactly "paid"

  @must @api:AddOffsetsToTxn @api:TxnOffsetCommit @id:SEC-036
  Scenario: Sending a group's offsets in a transaction needs READ on the group
    Given user "alice" is allowed WRITE on transactional id "till"
    And user "alice" is allowed READ on topic "orders"
    And user "alice" is allowed DESCRIBE on group "billing"
    When user "alice" in a transaction with transactional id "till" sends offset 1 of partition 0 of "orders" for group "billing"
    Then the request fails with GROUP_AUTHORIZATION_FAILED
    When the user aborts that transaction
    Then the request succeeds
    And group "billing" has no committed offset for partition 0 of "orders"
    When user "alice" is allowed READ on group "billing"
    And user "alice" in a transaction with transactional id "till" sends offset 1 of partition 0 of "orders" for group "billing"
    Then the request succeeds
    When the user commits that transaction
    Then the request succeeds
    And group "billing" has committed offset 1 for partition 0 of "orders"
