package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders the spec ({@code features/}) as one Markdown document for reading: per feature its
 * description, and per scenario its tags and steps. {@code docs/spec.md} is this document; a test
 * keeps it in step with the feature files.
 *
 * <p>Run: {@code java -cp conformance-tests/target/kafka-tck.jar org.kafkatck.tck.report.SpecDocument
 * features docs/spec.md}.
 */
public final class SpecDocument {
    private SpecDocument() {
    }

    /**
     * @param args the features directory and the Markdown file to write
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: SpecDocument FEATURES_DIR OUTPUT.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[1]), render(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    /** @return the Markdown rendering of every {@code .feature} file under {@code featuresDir} */
    public static String render(Path featuresDir) throws IOException {
        List<Path> features;
        try (Stream<Path> files = Files.walk(featuresDir)) {
            features = files.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        StringBuilder out = new StringBuilder();
        out.append("# The Kafka TCK specification\n\n")
                .append("Generated from `features/` by `SpecDocument`; do not edit by hand.\n")
                .append("Tags: a profile (`@core`, `@admin` ...), the APIs exercised (`@api:Produce`), and a level:\n")
                .append("`@must` (every Kafka-compatible broker) or `@should` (expected of a complete broker),\n")
                .append("and the scenario's assertion id (`@id:PRODUCE-001`, see `docs/assertion-ids.md`), which\n")
                .append("also leads its heading.\n\n");
        int scenarios = 0;
        StringBuilder body = new StringBuilder();
        for (Path feature : features) {
            scenarios += renderFeature(featuresDir.relativize(feature), Files.readAllLines(feature, StandardCharsets.UTF_8),
                    body);
        }
        out.append(features.size()).append(" features, ").append(scenarios).append(" scenarios and outlines.\n\n");
        return out.append(body).toString();
    }

    private static int renderFeature(Path file, List<String> lines, StringBuilder out) {
        List<String> pendingTags = new ArrayList<>();
        String featureTags = "";
        boolean inDescription = false;
        boolean inSteps = false;
        int scenarios = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("@")) {
                pendingTags.add(line);
                continue;
            }
            if (line.startsWith("Feature:")) {
                featureTags = String.join(" ", pendingTags);
                pendingTags.clear();
                out.append("## ").append(line.substring(8).strip()).append("\n\n");
                out.append("`").append(file.toString().replace('\\', '/')).append("` — ").append(code(featureTags))
                        .append("\n\n");
                inDescription = true;
                continue;
            }
            if (line.startsWith("Background:") || line.startsWith("Scenario:") || line.startsWith("Scenario Outline:")
                    || line.startsWith("Examples:")) {
                if (inDescription) {
                    out.append("\n");
                }
                inDescription = false;
                if (inSteps) {
                    out.append("```\n\n");
                }
                if (line.startsWith("Examples:")) {
                    out.append("Examples:\n\n```\n");
                } else if (line.startsWith("Background:")) {
                    out.append("**Background**\n\n```gherkin\n");
                } else {
                    scenarios++;
                    // The id leads the heading: it is how reports, exclusions and challenges name the scenario.
                    String id = AssertionIds.of(List.of(String.join(" ", pendingTags).split("\\s+")));
                    out.append("### ").append(id.isEmpty() ? "" : id + " — ")
                            .append(line.substring(line.indexOf(':') + 1).strip()).append("\n\n");
                    if (!pendingTags.isEmpty()) {
                        out.append(code(String.join(" ", pendingTags))).append("\n\n");
                    }
                    out.append("```gherkin\n");
                }
                pendingTags.clear();
                inSteps = true;
                continue;
            }
            if (inDescription) {
                if (!line.isEmpty()) {
                    out.append(line).append('\n');
                }
            } else if (inSteps && !line.isEmpty()) {
                out.append(line.startsWith("|") ? "  " + line : line).append('\n');
            }
        }
        if (inSteps) {
            out.append("```\n\n");
        }
        return scenarios;
    }

    private static String code(String tags) {
        return tags.isBlank() ? "" : "`" + tags + "`";
    }
}
