@core
Feature: ApiVersions tells a client which protocol versions it may use
  Every client's first request on a connection is ApiVersions: the broker lists each API it serves
  with the oldest and newest version it supports, and the client picks, per API, the newest version
  both know. A client that asks in a version the broker does not know gets UNSUPPORTED_VERSION in
  the version 0 format, which every client can read, with the versions the broker does support
  (KIP-511). The response header of ApiVersions is always version 0. Since version 5 (KIP-1242) a
  client may name the cluster id and node id it expects to reach, both or neither; a broker that is
  not that node of that cluster answers REBOOTSTRAP_REQUIRED, so the client refreshes its bootstrap
  addresses instead of talking to the wrong cluster.

  @must @api:ApiVersions @id:APIVER-001
  Scenario: The broker advertises consistent version ranges
    When the broker is asked for its API versions
    Then every advertised API has a minimum version not above its maximum

  @must @api:ApiVersions @id:APIVER-002
  Scenario: The Java client shares a version with the broker for every core API
    When the broker is asked for its API versions
    Then the broker shares a version with the Java client for Produce, Fetch, ListOffsets, Metadata and ApiVersions

  @must @api:ApiVersions @id:APIVER-003
  Scenario: An unknown ApiVersions version gets UNSUPPORTED_VERSION with the supported range
    When the broker is asked for its API versions in version 127
    Then it answers UNSUPPORTED_VERSION in the version 0 format
    And the answer lists the versions of ApiVersions it supports

  @must @api:ApiVersions @id:APIVER-004
  Scenario: An invalid client software name is refused (KIP-511)
    When the broker is asked for its API versions by client software named "-not valid-"
    Then the broker answers INVALID_REQUEST

  @should @api:ApiVersions @id:APIVER-005 @since:4.4
  Scenario: A client expecting another cluster is told to bootstrap again (KIP-1242)
    # @since:4.4: ApiVersions v5 (KIP-1242) came with Kafka 4.4
    When the broker is asked for its API versions by a client expecting cluster id "AAAAAAAAAAAAAAAAAAAAAA" and the broker's node id
    Then the broker answers REBOOTSTRAP_REQUIRED

  @should @api:ApiVersions @id:APIVER-006 @since:4.4
  Scenario: A client expecting another node is told to bootstrap again (KIP-1242)
    # @since:4.4: ApiVersions v5 (KIP-1242) came with Kafka 4.4
    When the broker is asked for its API versions by a client expecting the cluster's id and node id 424242
    Then the broker answers REBOOTSTRAP_REQUIRED

  @should @api:ApiVersions @id:APIVER-007 @since:4.4
  Scenario: A client expecting this very broker gets the API versions (KIP-1242)
    # @since:4.4: ApiVersions v5 (KIP-1242) came with Kafka 4.4
    When the broker is asked for its API versions by a client expecting the cluster's id and the broker's node id
    Then the broker answers NONE

  @should @api:ApiVersions @id:APIVER-008 @since:4.4
  Scenario: A cluster id without a node id is an invalid request (KIP-1242)
    # @since:4.4: ApiVersions v5 (KIP-1242) came with Kafka 4.4
    When the broker is asked for its API versions by a client expecting the cluster's id and no node id
    Then the broker answers INVALID_REQUEST
