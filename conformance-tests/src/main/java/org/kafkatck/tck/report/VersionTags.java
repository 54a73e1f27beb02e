package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.Rule;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Tag;

/**
 * The spec's version tags: which Apache Kafka versions a scenario holds on, where Kafka's behaviour
 * changed between releases. {@code @since:4.0} says the scenario holds from Kafka 4.0 on,
 * {@code @until:3.9} that it holds up to and including 3.9; both compare the major and minor version
 * only (every patch release of a line behaves alike). A scenario without such tags holds on every version.
 *
 * <p>The runner applies them only when it knows the target's Kafka version (the {@code apache-kafka}
 * target does); for any other broker every scenario applies. A scenario that does not apply is not run
 * and is reported as not applicable, which does not make a run partial.
 */
public final class VersionTags {
    /** The tag prefix of a lower bound. */
    public static final String SINCE = "@since:";
    /** The tag prefix of an upper bound. */
    public static final String UNTIL = "@until:";
    /** A well-formed version tag: {@code @since:4.0}, {@code @until:3.9}. */
    static final Pattern WELL_FORMED = Pattern.compile("@(since|until):(\\d+)\\.(\\d+)");
    /** The major and minor version at the start of a Kafka version string ({@code 4.0.1}, {@code 4.1.0-rc1}). */
    private static final Pattern KAFKA_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\D.*)?");

    private VersionTags() {
    }

    /**
     * @param tags         a scenario's tags, with their {@code @} (feature tags included)
     * @param kafkaVersion the target's Kafka version, e.g. {@code 4.0.1}; empty when unknown
     * @return the version tag that excludes the scenario, e.g. {@code @since:4.1}; empty when it applies
     *         (always when the version is unknown or not a Kafka version number)
     */
    public static Optional<String> excludedBy(List<String> tags, Optional<String> kafkaVersion) {
        Optional<int[]> version = kafkaVersion.flatMap(VersionTags::majorMinor);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        int target = order(version.get());
        for (String tag : tags) {
            Matcher m = WELL_FORMED.matcher(tag);
            if (!m.matches()) {
                continue;
            }
            int bound = order(new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            boolean since = m.group(1).equals("since");
            if (since ? target < bound : target > bound) {
                return Optional.of(tag);
            }
        }
        return Optional.empty();
    }

    /** @return whether the scenario with these tags holds on the Kafka version (always when it is unknown) */
    public static boolean appliesTo(List<String> tags, Optional<String> kafkaVersion) {
        return excludedBy(tags, kafkaVersion).isEmpty();
    }

    /** @return major and minor of a Kafka version, empty when it is not one */
    static Optional<int[]> majorMinor(String kafkaVersion) {
        Matcher m = KAFKA_VERSION.matcher(kafkaVersion.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    }

    private static int order(int[] majorMinor) {
        return majorMinor[0] * 1000 + majorMinor[1];
    }

    /**
     * Checks the version tags of every feature, rule, scenario and examples table under {@code featuresDir}:
     * each tag that starts with {@code @since} or {@code @until} is well-formed, a scenario has at most one of
     * each (its feature's and rule's tags included), and a lower bound is not above its upper bound.
     *
     * @return one message per violation, each starting with {@code file:line} (relative to {@code featuresDir})
     */
    public static List<String> problems(Path featuresDir) throws IOException {
        List<Path> features;
        try (Stream<Path> files = Files.walk(featuresDir)) {
            features = files.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        GherkinParser parser = GherkinParser.builder().includeSource(false).includePickles(false).build();
        for (Path file : features) {
            String where = featuresDir.relativize(file).toString().replace('\\', '/');
            for (Feature feature : parser.parse(file).map(Envelope::getGherkinDocument).flatMap(Optional::stream)
                    .map(d -> d.getFeature()).flatMap(Optional::stream).toList()) {
                check(where, feature.getTags(), List.of(), null, problems);
                for (FeatureChild child : feature.getChildren()) {
                    child.getScenario().ifPresent(s -> check(where, s, feature.getTags(), problems));
                    for (Rule rule : child.getRule().stream().toList()) {
                        List<Tag> inherited = concat(feature.getTags(), rule.getTags());
                        check(where, rule.getTags(), List.of(), null, problems);
                        rule.getChildren().forEach(c -> c.getScenario().ifPresent(s -> check(where, s, inherited, problems)));
                    }
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void check(String where, Scenario scenario, List<Tag> inherited, List<String> problems) {
        check(where, scenario.getTags(), inherited, scenario, problems);
        scenario.getExamples().forEach(e -> check(where, e.getTags(), List.of(), null, problems));
    }

    private static void check(String where, List<Tag> own, List<Tag> inherited, Scenario scenario,
                              List<String> problems) {
        for (Tag tag : own) {
            String name = tag.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("@since") || lower.startsWith("@until")) && !WELL_FORMED.matcher(name).matches()) {
                problems.add(where + ":" + tag.getLocation().getLine() + ": malformed version tag " + name
                        + " (expected @since:MAJOR.MINOR or @until:MAJOR.MINOR, e.g. @since:4.0)");
            }
        }
        if (scenario == null) {
            return;
        }
        List<Tag> all = concat(inherited, own).stream().filter(t -> WELL_FORMED.matcher(t.getName()).matches()).toList();
        String at = where + ":" + scenario.getLocation().getLine() + ": scenario \"" + scenario.getName() + "\"";
        List<Tag> since = all.stream().filter(t -> t.getName().startsWith(SINCE)).toList();
        List<Tag> until = all.stream().filter(t -> t.getName().startsWith(UNTIL)).toList();
        if (since.size() > 1 || until.size() > 1) {
            problems.add(at + " has more than one @since or @until tag");
        } else if (since.size() == 1 && until.size() == 1) {
            int[] low = majorMinor(since.get(0).getName().substring(SINCE.length())).orElseThrow();
            int[] high = majorMinor(until.get(0).getName().substring(UNTIL.length())).orElseThrow();
            if (order(low) > order(high)) {
                problems.add(at + " holds on no version: " + since.get(0).getName() + " is after "
                        + until.get(0).getName());
            }
        }
    }

    private static List<Tag> concat(List<Tag> a, List<Tag> b) {
        List<Tag> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
