package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Background;
import io.cucumber.messages.types.Comment;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Examples;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Step;
import io.cucumber.messages.types.TableRow;
import io.cucumber.messages.types.Tag;

/**
 * Renders the spec ({@code features/}) as one Markdown document for reading: per feature its
 * description, and per scenario its tags and steps. {@code docs/spec.md} is this document; a test
 * keeps it in step with the feature files.
 *
 * <p>The feature files are read with the Gherkin parser ({@code io.cucumber:gherkin}), the one Cucumber runs
 * them with; table rows are copied from the source line the parser locates, so they keep their alignment.
 *
 * <p>Run: {@value #REFRESH}.
 */
public final class SpecDocument {
    /** The command that refreshes {@code docs/spec.md}, from the repository root after a build. */
    public static final String REFRESH = "java -cp conformance-tests/target/kafka-tck.jar "
            + "org.kafkatck.tck.report.SpecDocument features docs/spec.md";

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
        GherkinParser parser = GherkinParser.builder().includeSource(false).includePickles(false).build();
        for (Path file : features) {
            GherkinDocument document = parse(parser, file);
            if (document.getFeature().isPresent()) {
                scenarios += new FeatureRenderer(featuresDir.relativize(file), document,
                        Files.readAllLines(file, StandardCharsets.UTF_8), body).render(document.getFeature().get());
            }
        }
        out.append(features.size()).append(" features, ").append(scenarios).append(" scenarios and outlines.\n\n");
        return out.append(body).toString();
    }

    private static GherkinDocument parse(GherkinParser parser, Path file) throws IOException {
        List<Envelope> envelopes;
        try (Stream<Envelope> stream = parser.parse(file)) {
            envelopes = stream.toList();
        }
        for (Envelope envelope : envelopes) {
            if (envelope.getParseError().isPresent()) {
                throw new IOException(file + ": " + envelope.getParseError().get().getMessage());
            }
        }
        return envelopes.stream().map(Envelope::getGherkinDocument).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new IOException(file + ": no Gherkin document"));
    }

    /** Renders one feature file. */
    private static final class FeatureRenderer {
        private final Path file;
        private final List<String> source;
        private final StringBuilder out;
        /** The file's comments not yet rendered, in line order; each goes with the block it precedes or sits in. */
        private final List<Comment> comments;

        FeatureRenderer(Path file, GherkinDocument document, List<String> source, StringBuilder out) {
            this.file = file;
            this.source = source;
            this.out = out;
            this.comments = new ArrayList<>(document.getComments());
        }

        /** @return the number of scenarios and outlines rendered */
        int render(Feature feature) {
            out.append("## ").append(feature.getName().strip()).append("\n\n");
            out.append("`").append(file.toString().replace('\\', '/')).append("` — ").append(code(feature.getTags()))
                    .append("\n\n");
            feature.getDescription().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .forEach(l -> out.append(l).append('\n'));
            if (!feature.getChildren().isEmpty()) {
                out.append('\n');
            }
            int scenarios = 0;
            for (FeatureChild child : feature.getChildren()) {
                if (child.getBackground().isPresent()) {
                    background(child.getBackground().get());
                }
                if (child.getScenario().isPresent()) {
                    scenario(child.getScenario().get());
                    scenarios++;
                }
            }
            return scenarios;
        }

        private void background(Background background) {
            out.append("**Background**\n\n```gherkin\n");
            comments(lastLine(background.getSteps(), List.of()));
            steps(background.getSteps());
            out.append("```\n\n");
        }

        private void scenario(Scenario scenario) {
            // The id leads the heading: it is how reports, exclusions and challenges name the scenario.
            String id = AssertionIds.of(scenario.getTags().stream().map(Tag::getName).toList());
            out.append("### ").append(id.isEmpty() ? "" : id + " — ").append(scenario.getName().strip()).append("\n\n");
            if (!scenario.getTags().isEmpty()) {
                out.append(code(scenario.getTags())).append("\n\n");
            }
            out.append("```gherkin\n");
            comments(lastLine(scenario.getSteps(), scenario.getExamples()));
            steps(scenario.getSteps());
            for (Examples examples : scenario.getExamples()) {
                out.append("```\n\n").append(examples.getKeyword()).append(':');
                if (!examples.getName().isBlank()) {
                    out.append(' ').append(examples.getName().strip());
                }
                out.append("\n\n");
                if (!examples.getTags().isEmpty()) {
                    out.append(code(examples.getTags())).append("\n\n");
                }
                out.append("```\n");
                examples.getTableHeader().ifPresent(this::row);
                examples.getTableBody().forEach(this::row);
            }
            out.append("```\n\n");
        }

        /** Renders, as Gherkin comments, the comments above {@code lastLine} not rendered yet. */
        private void comments(long lastLine) {
            while (!comments.isEmpty() && comments.getFirst().getLocation().getLine() <= lastLine) {
                out.append(comments.removeFirst().getText().strip()).append('\n');
            }
        }

        private void steps(List<Step> steps) {
            for (Step step : steps) {
                out.append(step.getKeyword().strip()).append(' ').append(step.getText().strip()).append('\n');
                step.getDataTable().ifPresent(table -> table.getRows().forEach(this::row));
                step.getDocString().ifPresent(doc -> {
                    out.append(doc.getDelimiter()).append('\n');
                    doc.getContent().lines().forEach(l -> out.append(l).append('\n'));
                    out.append(doc.getDelimiter()).append('\n');
                });
            }
        }

        /** A table row as written, aligned by its author: the parser gives its line. */
        private void row(TableRow row) {
            out.append("  ").append(source.get(row.getLocation().getLine().intValue() - 1).strip()).append('\n');
        }

        private static long lastLine(List<Step> steps, List<Examples> examples) {
            long last = 0;
            for (Step step : steps) {
                last = Math.max(last, step.getLocation().getLine());
                for (TableRow row : step.getDataTable().map(t -> t.getRows()).orElse(List.of())) {
                    last = Math.max(last, row.getLocation().getLine());
                }
            }
            for (Examples e : examples) {
                last = Math.max(last, e.getLocation().getLine());
                for (TableRow row : e.getTableBody()) {
                    last = Math.max(last, row.getLocation().getLine());
                }
            }
            return last;
        }
    }

    private static String code(List<Tag> tags) {
        return tags.isEmpty() ? "" : "`" + tags.stream().map(Tag::getName).collect(Collectors.joining(" ")) + "`";
    }
}
