package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/coverage.md measures the spec against what Apache Kafka advertises; it must say what the features say. */
class CoverageDocumentTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void committedCoverageIsCurrent() throws Exception {
        // the fresh copy is written first, so it is at hand (target/docs) whether or not the comparison fails
        String rendered = CoverageDocument.render(ROOT.resolve("features"));
        Path fresh = Path.of("target", "docs", RenderedDocs.COVERAGE).toAbsolutePath();
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, rendered, StandardCharsets.UTF_8);
        String committed = Files.readString(ROOT.resolve("docs/coverage.md"), StandardCharsets.UTF_8);
        assertThat(committed)
                .as("docs/coverage.md is stale; regenerate it from the repository root with: " + CoverageDocument.REFRESH
                        + " (or copy conformance-tests/target/docs/coverage.md, written by this test)")
                .isEqualTo(rendered);
    }

    @Test
    void theYardstickIsWhatKafka440Advertises() {
        List<KafkaApis.Advertised> apis = KafkaApis.broker();
        assertThat(apis).hasSize(79);
        assertThat(apis.stream().filter(a -> !a.telemetryOnly())).hasSize(77);
        assertThat(apis.getFirst()).isEqualTo(new KafkaApis.Advertised(ApiKeys.PRODUCE, (short) 0, (short) 13));
        assertThat(apis).contains(new KafkaApis.Advertised(ApiKeys.FETCH, (short) 4, (short) 18),
                // kafka-clients knows InitProducerId v6, a 4.4.0 broker advertises v5
                new KafkaApis.Advertised(ApiKeys.INIT_PRODUCER_ID, (short) 0, (short) 5),
                new KafkaApis.Advertised(ApiKeys.PUSH_TELEMETRY, (short) 0, (short) 0));
        assertThat(apis.stream().filter(a -> a.api() == ApiKeys.INIT_PRODUCER_ID).findFirst().orElseThrow()
                .clientVersion()).isEqualTo((short) 5);
    }

    @Test
    void theSpecsProduceRowAndSummary() throws Exception {
        String rendered = CoverageDocument.render(ROOT.resolve("features"));
        assertThat(rendered).contains("\n| Produce | 0 | v0–v13 | v3–v13; v13 (clients) | `CORRUPT_MESSAGE`, ")
                .contains("\n| DescribeLogDirs | 35 | v1–v5 | v4 (raw frames) | ")
                .contains("\n| AlterUserScramCredentials | 51 | v0 | v0 (clients) | `CLUSTER_AUTHORIZATION_FAILED` | 1 | 0 |\n")
                .contains("\n| ListPartitionReassignments | 46 | v0 |\n")
                .contains("\n| PushTelemetry | 72 | v0 (with a client-telemetry reporter) |\n")
                .containsPattern("\\*\\*Covered \\d+ of 79 APIs\\*\\* that Apache Kafka 4\\.4\\.0 advertises; \\d+ not covered\\.");
    }

    @Test
    void rowsSayWhatTheFeaturesExercise() throws Exception {
        feature("produce.feature", """
                @core
                Feature: produce
                  @must @api:Produce @api:Fetch @id:P-001
                  Scenario: Acknowledged
                    Given 3 records were sent to "t"
                    Then fetching "t" from offset 9 fails with OFFSET_OUT_OF_RANGE

                  @must @id:P-002
                  Scenario Outline: zstd at <version>
                    When a batch compressed with zstd is produced to "t" with Produce v<version>
                    Then the broker answers <error>

                    @api:Produce
                    Examples:
                      | version | error                        |
                      | 6       | UNSUPPORTED_COMPRESSION_TYPE |
                      | 7       | NONE                         |

                  @should @api:Metadata @id:P-003
                  Scenario: A probe
                    When a client sends a Metadata request claiming version 999
                    Then it answers UNSUPPORTED_VERSION in the version 0 format

                  @must @api:ApiVersions @id:P-004
                  Scenario Outline: Every version
                    Then every version of <api> the broker advertises answers correctly for "t"

                    Examples:
                      | api   |
                      | Fetch |
                """);
        String rendered = CoverageDocument.render(dir);
        assertThat(rendered).contains("**Covered 4 of 79 APIs** that Apache Kafka 4.4.0 advertises; 75 not covered.")
                .contains("\n| Produce | 0 | v0–v13 | v6–v7; v13 (clients) | `OFFSET_OUT_OF_RANGE`, "
                        + "`UNSUPPORTED_COMPRESSION_TYPE` | 2 | 0 |\n")
                // every version of Fetch: from the oldest kafka-clients encodes (4) to Kafka's newest (18)
                .contains("\n| Fetch | 1 | v4–v18 | v4–v18; v18 (clients) | `OFFSET_OUT_OF_RANGE` | 1 | 0 |\n")
                .contains("\n| Metadata | 3 | v0–v13 | v999 (probe, refused) | `UNSUPPORTED_VERSION` | 0 | 1 |\n")
                // tagged ApiVersions but names no version of it: the clients' newest
                .contains("\n| ApiVersions | 18 | v0–v5 | v5 (clients) |  | 1 | 0 |\n")
                .contains("\n| ListOffsets | 2 | v1–v11 |\n");
    }

    @Test
    void versionsAreShownAsRuns() {
        assertThat(CoverageDocument.ranges(new java.util.TreeSet<>(List.of(0, 1, 2, 3, 7, 9, 10)))).isEqualTo("v0–v3, v7, v9–v10");
    }

    private void feature(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
