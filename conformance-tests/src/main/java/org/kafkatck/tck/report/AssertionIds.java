package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.Rule;
import io.cucumber.messages.types.RuleChild;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Tag;

/**
 * Assertion ids: every scenario of the spec carries exactly one {@code @id:AREA-NNN} tag that names it
 * for good. A report, an exclusion or a challenge refers to a scenario by its id, which survives edits that
 * move or rename the scenario. An id is never reused: once retired (listed in {@code features/retired-ids.txt}
 * with a reason) it may not appear on a scenario again. See {@code docs/assertion-ids.md}.
 */
public final class AssertionIds {
    /** The tag prefix of an assertion id. */
    public static final String PREFIX = "@id:";
    /** A well-formed id tag: an upper-case area and three digits, e.g. {@code @id:FETCH-012}. */
    public static final Pattern WELL_FORMED = Pattern.compile("@id:[A-Z][A-Z0-9]*-\\d{3}");
    /** The file, in the features directory, that lists retired ids. */
    public static final String RETIRED_FILE = "retired-ids.txt";

    private AssertionIds() {
    }

    /** @return the id of a scenario with these tags ({@code FETCH-012}), or empty when it has none */
    public static String of(List<String> tags) {
        return tags.stream().filter(t -> t.startsWith(PREFIX)).map(t -> t.substring(PREFIX.length())).findFirst()
                .orElse("");
    }

    /**
     * Checks the ids of every scenario and scenario outline under {@code featuresDir} against the rules:
     * exactly one id per scenario, well-formed, unique across the spec, and not retired.
     *
     * @return one message per violation, each starting with {@code file:line} (relative to {@code featuresDir})
     */
    public static List<String> problems(Path featuresDir) throws IOException {
        Map<String, String> retired = retired(featuresDir.resolve(RETIRED_FILE));
        List<Path> features;
        try (Stream<Path> files = Files.walk(featuresDir)) {
            features = files.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> firstUse = new HashMap<>();
        GherkinParser parser = GherkinParser.builder().includeSource(false).includePickles(false).build();
        for (Path file : features) {
            String where = featuresDir.relativize(file).toString().replace('\\', '/');
            List<Scenario> scenarios = parser.parse(file).map(Envelope::getGherkinDocument).flatMap(Optional::stream)
                    .map(d -> d.getFeature()).flatMap(Optional::stream).flatMap(AssertionIds::scenarios).toList();
            for (Scenario scenario : scenarios) {
                String at = where + ":" + scenario.getLocation().getLine();
                List<Tag> ids = scenario.getTags().stream().filter(t -> t.getName().startsWith(PREFIX)).toList();
                if (ids.isEmpty()) {
                    problems.add(at + ": scenario \"" + scenario.getName() + "\" has no @id:AREA-NNN tag");
                } else if (ids.size() > 1) {
                    problems.add(at + ": scenario \"" + scenario.getName() + "\" has " + ids.size()
                            + " id tags; it must have exactly one");
                }
                for (Tag tag : ids) {
                    String tagAt = where + ":" + tag.getLocation().getLine();
                    String id = tag.getName().substring(PREFIX.length());
                    if (!WELL_FORMED.matcher(tag.getName()).matches()) {
                        problems.add(tagAt + ": malformed id " + tag.getName() + " (expected @id:AREA-NNN, e.g. @id:FETCH-012)");
                    }
                    if (retired.containsKey(id)) {
                        problems.add(tagAt + ": id " + id + " is retired (" + retired.get(id) + ") and may not be reused");
                    }
                    String previous = firstUse.putIfAbsent(id, tagAt);
                    if (previous != null) {
                        problems.add(tagAt + ": id " + id + " is already used at " + previous);
                    }
                }
            }
        }
        return problems;
    }

    /** @return the ids of the scenarios under {@code featuresDir}, in file order */
    public static List<String> ids(Path featuresDir) throws IOException {
        List<String> ids = new ArrayList<>();
        GherkinParser parser = GherkinParser.builder().includeSource(false).includePickles(false).build();
        for (Path file : org.kafkatck.tck.spec.SpecFiles.features(featuresDir)) {
            parser.parse(file).map(Envelope::getGherkinDocument).flatMap(Optional::stream).map(d -> d.getFeature())
                    .flatMap(Optional::stream).flatMap(AssertionIds::scenarios)
                    .forEach(scenario -> scenario.getTags().stream().map(Tag::getName).filter(t -> t.startsWith(PREFIX))
                            .map(t -> t.substring(PREFIX.length())).forEach(ids::add));
        }
        return ids;
    }

    /**
     * Reads the retired ids: one per line, the id first and then the reason; blank lines and lines starting
     * with {@code #} are comments.
     *
     * @return retired id to its reason; empty when the file does not exist
     */
    static Map<String, String> retired(Path file) throws IOException {
        Map<String, String> retired = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return retired;
        }
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] idAndReason = line.split("\\s+", 2);
            String id = idAndReason[0].startsWith(PREFIX) ? idAndReason[0].substring(PREFIX.length()) : idAndReason[0];
            retired.put(id, idAndReason.length > 1 ? idAndReason[1] : "no reason given");
        }
        return retired;
    }

    private static Stream<Scenario> scenarios(Feature feature) {
        return feature.getChildren().stream().flatMap(AssertionIds::scenarios);
    }

    private static Stream<Scenario> scenarios(FeatureChild child) {
        return Stream.concat(child.getScenario().stream(),
                child.getRule().stream().flatMap(AssertionIds::scenarios));
    }

    private static Stream<Scenario> scenarios(Rule rule) {
        return rule.getChildren().stream().map(RuleChild::getScenario).flatMap(Optional::stream);
    }
}
