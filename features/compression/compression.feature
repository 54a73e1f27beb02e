@compression
Feature: Compressed batches are stored and served as the producer compressed them
  A producer may compress each record batch with gzip, snappy, lz4 or zstd (KIP-110; zstd needs
  Produce v7). With the topic's default `compression.type=producer`, the broker keeps the batch as it
  arrived and consumers decompress it, so a fetch returns batches in the producer's codec.

  Background:
    Given a topic "compressed" with 1 partition

  @must @api:Produce @api:Fetch @id:COMPRESS-001
  Scenario Outline: Records compressed with <codec> are read back unchanged
    When 200 records are sent to "compressed" compressed with <codec>
    Then a consumer reading "compressed" from the beginning receives the same 200 records in order

    Examples:
      | codec  |
      | gzip   |
      | snappy |
      | lz4    |
      | zstd   |

  @must @api:Produce @api:Fetch @id:COMPRESS-002
  Scenario Outline: Batches compressed with <codec> are served in that codec
    When 50 records are sent to "compressed" compressed with <codec>
    Then every batch fetched from "compressed" is compressed with <codec>

    Examples:
      | codec  |
      | gzip   |
      | snappy |
      | lz4    |
      | zstd   |

  @must @api:Produce @api:Fetch @id:COMPRESS-003
  Scenario: Batches of different codecs live side by side in one partition
    When 10 records are sent to "compressed" compressed with gzip
    And 10 more records are sent to "compressed" compressed with zstd
    And 10 more records are sent to "compressed" compressed with none
    Then a consumer reading "compressed" from the beginning receives the same 30 records in order
