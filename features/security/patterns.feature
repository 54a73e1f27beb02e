@security @api:Produce
Feature: Who an ACL applies to, and which resources it names
  An ACL names its resource literally (LITERAL, where the name "*" means every resource of its type) or by a
  prefix of the name (PREFIXED, which grants a family of names and nothing outside it, and only resources of
  its own type). It names one principal, or every user with User:*. It applies to that principal only: one
  user's ACL grants nothing to another. When an ALLOW and a DENY both apply to an operation, the DENY wins,
  whichever pattern each uses.

  In these scenarios "alice" and "bob" are ordinary users of the target that start with no ACLs.

  @must @api:Fetch @api:FindCoordinator @api:JoinGroup @id:SEC-019
  Scenario: A PREFIXED ACL grants the topics whose names start with its prefix, and nothing else, not even a group of that prefix
    Given a topic "sales.eu" with 1 partition
    And a topic "salesforce" with 1 partition
    And user "alice" is allowed WRITE on topics whose names start with "sales."
    And user "alice" is allowed READ on topics whose names start with "sales."
    When user "alice" sends a record to "sales.eu"
    Then the request succeeds
    When user "alice" sends a record to "salesforce"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When user "alice" reads partition 0 of "sales.eu" from the beginning
    Then the request succeeds
    When user "alice" in group "sales.team" reads "sales.eu"
    Then the request fails with GROUP_AUTHORIZATION_FAILED

  @must @id:SEC-020
  Scenario Outline: A DENY wins over an ALLOW: <deny>
    Given a topic "orders" with 1 partition
    And user "alice" is allowed WRITE on topic "orders"
    And <deny>
    When user "alice" sends a record to "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    And partition 0 of "orders" holds 0 records

    Examples:
      | deny                                                             |
      | user "alice" is denied WRITE on topic "orders"                   |
      | user "alice" is denied WRITE on topics whose names start with "ord" |
      | every user is denied WRITE on topic "orders"                     |

  @must @id:SEC-021
  Scenario: An ACL for User:* applies to every user
    Given a topic "orders" with 1 partition
    And every user is allowed WRITE on topic "orders"
    When user "alice" sends a record to "orders"
    Then the request succeeds
    When user "bob" sends a record to "orders"
    Then the request succeeds
    And partition 0 of "orders" holds 2 records

  @must @api:Fetch @id:SEC-022
  Scenario: One user's ACLs grant nothing to another user
    Given a topic "orders" with 1 partition
    And user "alice" is allowed WRITE on topic "orders"
    And user "alice" is allowed READ on topic "orders"
    When user "bob" sends a record to "orders"
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When user "bob" reads partition 0 of "orders" from the beginning
    Then the request fails with TOPIC_AUTHORIZATION_FAILED
    When user "alice" sends a record to "orders"
    Then the request succeeds
    And partition 0 of "orders" holds 1 record
