@core @api:ApiVersions
Feature: ApiVersions tells a client which protocol versions it may use
  Every client's first request on a connection is ApiVersions: the broker lists each API it serves
  with the oldest and newest version it supports, and the client picks, per API, the newest version
  both know. A client that asks in a version the broker does not know gets UNSUPPORTED_VERSION in
  the version 0 format, which every client can read, with the versions the broker does support
  (KIP-511). The response header of ApiVersions is always version 0.

  @must
  Scenario: The broker advertises consistent version ranges
    When the broker is asked for its API versions
    Then every advertised API has a minimum version not above its maximum

  @must
  Scenario: The Java client shares a version with the broker for every core API
    When the broker is asked for its API versions
    Then the broker shares a version with the Java client for Produce, Fetch, ListOffsets, Metadata and ApiVersions

  @must
  Scenario: An unknown ApiVersions version gets UNSUPPORTED_VERSION with the supported range
    When the broker is asked for its API versions in version 127
    Then it answers UNSUPPORTED_VERSION in the version 0 format
    And the answer lists the versions of ApiVersions it supports

  @must
  Scenario: An invalid client software name is refused (KIP-511)
    When the broker is asked for its API versions by client software named "-not valid-"
    Then the broker answers INVALID_REQUEST
