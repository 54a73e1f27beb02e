@core
Feature: Every advertised version of an API works
  A broker advertises, per API, a range of versions (ApiVersions), and clients pick any version in that
  range: the Java client the newest, librdkafka and KafkaJS often much older ones. So every version a
  broker advertises must answer correctly, with every field that version carries and none it does not.
  The TCK checks each version from the oldest kafka-clients can still encode (Kafka 4 removed the
  oldest ones, KIP-896) to the newest the broker advertises.

  @must @id:VERSION-001
  Scenario Outline: Every advertised version of <api> answers correctly
    Given a topic "versions" with 1 partition
    And 3 records were sent to "versions"
    Then every version of <api> the broker advertises answers correctly for "versions"

    @api:ApiVersions
    Examples:
      | api         |
      | ApiVersions |

    @api:Metadata
    Examples:
      | api         |
      | Metadata    |

    @api:ListOffsets
    Examples:
      | api         |
      | ListOffsets |

    @api:Fetch
    Examples:
      | api         |
      | Fetch       |

    @api:Produce
    Examples:
      | api         |
      | Produce     |
