@security
Feature: Only a user allowed ALTER on the cluster sets SCRAM credentials; an ACL for another host grants nothing
  AlterUserScramCredentials needs ALTER on the cluster: an ordinary user is refused with
  CLUSTER_AUTHORIZATION_FAILED and no credential is created. An ACL names the host it applies to: one for another
  address grants nothing to a client connecting from elsewhere, while the same ACL for host "*" grants it from
  every address. 192.0.2.1 is an address reserved for documentation (RFC 5737), never the TCK's own.

  In these scenarios "alice" is an ordinary user of the target that starts with no ACLs.

  @must @api:AlterUserScramCredentials @id:SEC-037
  Scenario: An ordinary user may not set SCRAM credentials
    When user "alice" sets a SCRAM password for user "mallory"
    Then the request fails with CLUSTER_AUTHORIZATION_FAILED
    And user "mallory" has no SCRAM credentials

  @must @api:Produce @id:SEC-038
  Scenario: An ACL for another host grants nothing to the TCK's connection; the same ACL for every host does
    Given a topic "orders" with 1 partition
    And user "alice" is allowed DESCRIBE on topic "orders"
    And user "alice" is allowed WRITE on topic "orders" from host "192.0.2.1"
    When user "alice" sends a record to "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And partition 0 of "orders" holds 0 records
    When user "alice" is allowed WRITE on topic "orders"
    And user "alice" sends a record to "orders"
    Then the request succeeds
    And partition 0 of "orders" holds 1 record
