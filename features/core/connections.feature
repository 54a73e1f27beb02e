@core
Feature: A connection carries requests in order, whatever their headers hold
  A client may write several requests on one connection before reading any answer (pipelining):
  the broker answers them in the order they were sent, each answer carrying the correlation id of its
  request, even when an earlier request takes longer to serve (a Fetch waiting for records). Clients
  match answers to requests by that order and id. Every request starts with a header: the API, its
  version, the correlation id and a client id, which is nullable; a request without a client id is
  served like any other. Since header version 2 (KIP-482) a header may carry tagged fields; a broker
  skips those it does not know, so newer clients can add fields without breaking older brokers.

  @must @api:Fetch @api:Metadata @api:ApiVersions @id:CONN-001
  Scenario: Pipelined requests are answered in the order they were sent, each with its correlation id
    Given a topic "quiet" with 1 partition
    When a Fetch waiting for records of "quiet", a Metadata and an ApiVersions request are written on one connection before any answer is read
    Then the answers arrive in request order, each with its request's correlation id, the Fetch's after its wait

  @must @api:Metadata @id:CONN-002
  Scenario: A request with a null client id is served
    When a Metadata request with a null client id is sent
    Then it is answered with its correlation id and the brokers of the cluster

  @must @api:Metadata @id:CONN-003
  Scenario: A request header with an unknown tagged field is served (KIP-482)
    When a Metadata request whose header carries an unknown tagged field is sent
    Then it is answered with its correlation id and the brokers of the cluster
