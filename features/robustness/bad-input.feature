@robustness
Feature: Bad input gets a clear error and harms nothing else
  A broker must survive any bytes a client sends. A record batch that fails validation is refused
  with an error code for its partition. A frame that cannot be answered in the Kafka protocol (too
  large, an unknown API, a version without a response format, a body that does not parse) makes the
  broker close that one connection, as Apache Kafka does; the broker and all other connections carry
  on.

  @must @api:Produce @id:BADINPUT-001
  Scenario: A batch whose CRC does not match is refused with CORRUPT_MESSAGE
    Given a topic "guarded" with 1 partition
    When a batch whose checksum does not match its bytes is produced to "guarded"
    Then the broker answers CORRUPT_MESSAGE
    And partition 0 of "guarded" holds 0 records

  @must @api:Produce @id:BADINPUT-002
  Scenario: An acks value other than 0, 1 or -1 is refused with INVALID_REQUIRED_ACKS
    Given a topic "guarded" with 1 partition
    When a batch is produced to "guarded" with acks=2
    Then the broker answers INVALID_REQUIRED_ACKS
    And partition 0 of "guarded" holds 0 records

  @must @api:Produce @id:BADINPUT-003
  Scenario: A batch of an old message format is refused with INVALID_RECORD
    Given a topic "guarded" with 1 partition
    When a batch of magic 1 is produced to "guarded"
    Then the broker answers INVALID_RECORD
    And partition 0 of "guarded" holds 0 records

  @must @api:Produce @api:CreateTopics @id:BADINPUT-004
  Scenario: A batch above the topic's max.message.bytes is refused with MESSAGE_TOO_LARGE
    Given a topic "small" with 1 partition and config "max.message.bytes" = "1000"
    When a batch of 2000 bytes is produced to "small"
    Then the broker answers MESSAGE_TOO_LARGE
    And partition 0 of "small" holds 0 records

  @must @api:Produce @id:BADINPUT-005 @since:4.0
  Scenario: A timestamp more than an hour ahead is refused with INVALID_TIMESTAMP
    # @since:4.0: Kafka 4.0 lowered log.message.timestamp.after.max.ms to 1 hour (KIP-1030); 3.9 accepts any future timestamp
    Given a topic "guarded" with 1 partition
    When a batch timestamped 2 hours in the future is produced to "guarded"
    Then the broker answers INVALID_TIMESTAMP
    And partition 0 of "guarded" holds 0 records

  @must @api:Produce @id:BADINPUT-006
  Scenario: Producing to a partition that does not exist fails with UNKNOWN_TOPIC_OR_PARTITION
    Given a topic "guarded" with 1 partition
    When a batch is produced to partition 7 of "guarded"
    Then the broker answers UNKNOWN_TOPIC_OR_PARTITION

  @must @api:Produce @id:BADINPUT-007
  Scenario: A failed produce with acks=0 closes the connection, since no response can carry the error
    When a batch is produced with acks=0 to the unknown topic "never-created"
    Then the broker closes that connection

  @must @id:BADINPUT-008
  Scenario: A frame larger than the broker accepts closes only that connection
    Given another client is connected
    When a client announces a frame of 2000000000 bytes
    Then the broker closes that connection
    And the other client is still served

  @must @id:BADINPUT-009
  Scenario: A negative frame size closes the connection
    Given another client is connected
    When a client announces a frame of -5 bytes
    Then the broker closes that connection
    And the other client is still served

  @must @id:BADINPUT-010
  Scenario: An unknown API key closes the connection
    Given another client is connected
    When a client sends a request with API key 32000
    Then the broker closes that connection
    And the other client is still served

  @must @api:Metadata @id:BADINPUT-011
  Scenario: A Metadata request in an unsupported version closes the connection
    Given another client is connected
    When a client sends a Metadata request claiming version 999
    Then the broker closes that connection
    And the other client is still served

  @must @api:Produce @id:BADINPUT-012
  Scenario: A request whose body is cut short closes the connection
    Given another client is connected
    When a client sends a Produce request whose body is cut short
    Then the broker closes that connection
    And the other client is still served
