@security
Feature: A SASL listener serves only clients that proved who they are
  On a SASL listener (KIP-43, KIP-152) a client first names the mechanism it will use (SaslHandshake), then
  exchanges tokens with the broker (SaslAuthenticate) until the broker knows its principal, such as User:alice.
  Until then the broker answers nothing but ApiVersions and SaslHandshake: any other request closes the
  connection without an answer. A mechanism the listener does not enable is refused with
  UNSUPPORTED_SASL_MECHANISM, and the answer lists the mechanisms it does enable, so that the client can say
  what to configure. A wrong password is refused with SASL_AUTHENTICATION_FAILED.

  These scenarios need a secured target that names its users ("alice" is its first ordinary user); on a
  target without them they are not applicable.

  @must @api:SaslHandshake @api:SaslAuthenticate @id:SEC-001
  Scenario: A wrong password is refused with SASL_AUTHENTICATION_FAILED, the right one is accepted
    When user "alice" describes the cluster with a wrong password
    Then the request fails with SASL_AUTHENTICATION_FAILED
    When user "alice" describes the cluster with the right password
    Then the request succeeds

  @must @api:ApiVersions @api:Metadata @id:SEC-002
  Scenario: A connection that has not authenticated is answered ApiVersions, and closed at its first other request
    Given a connection that has not authenticated
    When it asks for the API versions before authenticating
    Then the broker answers NONE
    When it sends a Metadata request before authenticating
    Then the broker closes that connection without an answer

  @must @api:SaslHandshake @id:SEC-003
  Scenario: A mechanism the listener does not enable is refused with the list of those it enables
    Given a connection that has not authenticated
    When it asks to authenticate with the mechanism "NOT-A-MECHANISM"
    Then the broker answers UNSUPPORTED_SASL_MECHANISM
    And the mechanisms listed include the one the target's clients use
