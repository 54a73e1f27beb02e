package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Renders how much of the Kafka protocol the spec covers, measured against what Apache Kafka advertises
 * ({@link KafkaApis}): per API the versions the spec exercises, the error codes it asserts and its
 * {@code @must}/{@code @should} scenarios, then the APIs it does not cover. {@code docs/coverage.md} is this
 * document; a test keeps it in step with the feature files, and the build writes a fresh copy to
 * {@code conformance-tests/target/docs/coverage.md}.
 *
 * <p>Run: {@value #REFRESH}.
 */
public final class CoverageDocument {
    /** The command that refreshes {@code docs/coverage.md}, from the repository root after a build. */
    public static final String REFRESH = "java -cp conformance-tests/target/kafka-tck.jar "
            + "org.kafkatck.tck.report.CoverageDocument features docs/coverage.md";

    /** Everything above the tables: how to refresh, the summary line, how each column is derived. */
    private static final String PREAMBLE = """
            # Coverage of the Kafka protocol by the spec

            Generated from `features/` by `CoverageDocument`; do not edit by hand. The build's tests write a
            fresh copy to `conformance-tests/target/docs/coverage.md`; refresh this one from the repository
            root with `%1$s`.

            **Covered %2$d of %3$d APIs** that %4$s advertises; %5$d not covered.

            How to read it:

            - **The %3$d APIs** and their ranges are what a Kafka %6$s broker computes for its client listener
              (kafka-clients %6$s, `ApiVersionsResponse.filterApis`, unstable versions off). A default broker
              answers 77 of them: it advertises `GetTelemetrySubscriptions` and `PushTelemetry` only when a
              client-telemetry metrics reporter is configured. The TCK's `apache-kafka` target answered 77
              APIs, every range as below.
            - **Versions exercised**: the versions a step names (`with Produce v7`, `JoinGroup v<version>` with
              its Examples values, `asked for its API versions in version 3`), and for `every version of X the
              broker advertises` every version from the oldest kafka-clients can encode to the newest advertised.
              `vN (clients)`: a scenario tagged with the API names no version of it. Such scenarios use the Java
              clients, which send vN to Kafka %6$s (the lower of kafka-clients' newest and Kafka's), or raw
              frames in the newest version their step knows, which can be lower (Produce v12, Fetch by topic
              name v12, ListOffsets v9, Metadata v12, DescribeGroups v5, ApiVersions v3): those lower versions
              are sent but not listed. `vN (raw frames)`: the API is only ever sent raw, in at most vN. Versions
              outside Kafka's range are probes a broker must refuse, listed as such. A version the spec does
              not send is never listed: checked once (issue 12) by a full run against the `apache-kafka` target
              with Kafka's per-version request metrics read over JMX, which received every version listed here
              (and ConsumerGroupDescribe v1, which the Admin client tries before DescribeGroups and no scenario
              asserts).
            - **Error codes asserted**: names of `org.apache.kafka.common.protocol.Errors` (other than `NONE`)
              in a scenario's steps or Examples, counted for every API the scenario is tagged with (`@api:`).
            - **@must / @should**: the scenarios tagged with the API at that level; an outline counts once.

            """;

    private CoverageDocument() {
    }

    /**
     * @param args the features directory and the Markdown file to write
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: CoverageDocument FEATURES_DIR OUTPUT.md");
            System.exit(2);
        }
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, render(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    /** @return the coverage document of the spec under {@code featuresDir} */
    public static String render(Path featuresDir) throws IOException {
        Map<ApiKeys, SpecCoverage.ApiUse> uses = SpecCoverage.measure(featuresDir);
        List<KafkaApis.Advertised> kafka = KafkaApis.broker();
        List<KafkaApis.Advertised> covered = kafka.stream().filter(a -> uses.containsKey(a.api())).toList();
        List<KafkaApis.Advertised> uncovered = kafka.stream().filter(a -> !uses.containsKey(a.api())).toList();
        List<ApiKeys> foreign = uses.keySet().stream().filter(api -> kafka.stream().noneMatch(a -> a.api() == api))
                .toList();
        String k = "Apache Kafka " + KafkaApis.KAFKA_VERSION;
        StringBuilder out = new StringBuilder();
        out.append(PREAMBLE.formatted(REFRESH, covered.size(), kafka.size(), k, uncovered.size(),
                KafkaApis.KAFKA_VERSION));
        out.append("## Covered\n\n")
                .append("| API | Key | ").append(k).append(" | Versions exercised | Error codes asserted | @must | @should |\n")
                .append("|---|---:|---|---|---|---:|---:|\n");
        for (KafkaApis.Advertised api : covered) {
            SpecCoverage.ApiUse use = uses.get(api.api());
            out.append("| ").append(api.api().name).append(" | ").append(api.api().id).append(" | ")
                    .append(range(api.min(), api.max())).append(" | ").append(versions(api, use)).append(" | ")
                    .append(use.errors.stream().map(e -> "`" + e + "`").collect(Collectors.joining(", ")))
                    .append(" | ").append(use.must.size()).append(" | ").append(use.should.size()).append(" |\n");
        }
        out.append("\n## Not covered\n\n")
                .append("No scenario is tagged with these APIs or names a version of them.\n\n")
                .append("| API | Key | ").append(k).append(" |\n")
                .append("|---|---:|---|\n");
        for (KafkaApis.Advertised api : uncovered) {
            out.append("| ").append(api.api().name).append(" | ").append(api.api().id).append(" | ")
                    .append(range(api.min(), api.max()))
                    .append(api.telemetryOnly() ? " (with a client-telemetry reporter)" : "").append(" |\n");
        }
        if (!foreign.isEmpty()) {
            out.append("\n## Named by the spec but not advertised by ").append(k).append("\n\n");
            foreign.forEach(api -> out.append("- ").append(api.name).append(" (").append(api.id).append(")\n"));
        }
        return out.toString();
    }

    /** The Versions exercised cell: named and walked versions as ranges, the clients' version, any probes. */
    static String versions(KafkaApis.Advertised api, SpecCoverage.ApiUse use) {
        SortedSet<Integer> sent = new TreeSet<>();
        SortedSet<Integer> probes = new TreeSet<>();
        for (int v : use.namedVersions) {
            (v >= api.min() && v <= api.max() ? sent : probes).add(v);
        }
        if (use.everyVersion) {
            for (int v = api.clientOldest(); v <= api.clientVersion(); v++) {
                sent.add(v);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!sent.isEmpty()) {
            parts.add(ranges(sent));
        }
        if (use.newestVersion) {
            Short raw = SpecCoverage.RAW_ONLY.get(api.api());
            parts.add(raw == null ? "v" + api.clientVersion() + " (clients)"
                    : "v" + Math.min(raw, api.max()) + " (raw frames)");
        }
        if (!probes.isEmpty()) {
            parts.add(probes.stream().map(v -> "v" + v).collect(Collectors.joining(", ")) + " (probe, refused)");
        }
        return String.join("; ", parts);
    }

    /** @return sorted versions as runs, e.g. {@code v0–v3, v7} */
    static String ranges(SortedSet<Integer> versions) {
        List<String> runs = new ArrayList<>();
        Integer start = null;
        Integer previous = null;
        for (int v : versions) {
            if (previous != null && v == previous + 1) {
                previous = v;
                continue;
            }
            if (start != null) {
                runs.add(range(start, previous));
            }
            start = v;
            previous = v;
        }
        if (start != null) {
            runs.add(range(start, previous));
        }
        return String.join(", ", runs);
    }

    private static String range(int from, int to) {
        return from == to ? "v" + from : "v" + from + "–v" + to;
    }
}
