@security @api:CreateAcls @api:DescribeAcls @api:DeleteAcls
Feature: ACLs are created, described and deleted by an administrator
  An ACL (access control list entry) allows or denies one principal one operation on a resource: a topic, a
  group, a transactional id or the cluster. The resource is named literally (LITERAL) or by a prefix of its
  name (PREFIXED). CreateAcls adds bindings, DescribeAcls lists those a filter matches, and DeleteAcls removes
  those a filter matches and answers with what it removed (KIP-140). Changing ACLs needs ALTER on the cluster
  and listing them DESCRIBE on the cluster: anyone else is refused with CLUSTER_AUTHORIZATION_FAILED.

  In these scenarios "the administrator" is the target's super user, "alice" and "bob" are ordinary users
  that start with no ACLs at all.

  @must @id:SEC-004
  Scenario: ACLs are described by a filter exactly as created, deleted with the bindings answered, and gone afterwards
    When the administrator creates these ACLs:
      | principal | permission | operation | resource | name    | pattern  |
      | alice     | ALLOW      | READ      | TOPIC    | orders  | LITERAL  |
      | alice     | ALLOW      | WRITE     | TOPIC    | orders  | PREFIXED |
      | bob       | DENY       | READ      | GROUP    | billing | LITERAL  |
    Then the ACLs of user "alice" on resources named "orders" are exactly:
      | permission | operation | resource | name   | pattern  |
      | ALLOW      | READ      | TOPIC    | orders | LITERAL  |
      | ALLOW      | WRITE     | TOPIC    | orders | PREFIXED |
    When the administrator deletes the ACLs of user "alice" on topic "orders", of any pattern
    Then the ACLs deleted are exactly:
      | principal | permission | operation | resource | name   | pattern  |
      | alice     | ALLOW      | READ      | TOPIC    | orders | LITERAL  |
      | alice     | ALLOW      | WRITE     | TOPIC    | orders | PREFIXED |
    And user "alice" has no ACLs on resources named "orders"
    And the ACLs of user "bob" on resources named "billing" are exactly:
      | permission | operation | resource | name    | pattern |
      | DENY       | READ      | GROUP    | billing | LITERAL |

  @must @id:SEC-005
  Scenario Outline: An ordinary user is refused <what> with CLUSTER_AUTHORIZATION_FAILED
    When user "alice" <does>
    Then the request fails with CLUSTER_AUTHORIZATION_FAILED

    Examples:
      | what                 | does                                              |
      | creating an ACL      | allows itself to READ topic "orders"              |
      | listing the ACLs     | lists the ACLs                                    |
      | deleting ACLs        | deletes the ACLs of user "bob" on topic "orders"  |

  @must @id:SEC-006
  Scenario: An ACL a user was refused to create does not exist
    When user "alice" allows itself to READ topic "orders"
    Then user "alice" has no ACLs on resources named "orders"
