package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleStep;
import io.cucumber.messages.types.PickleTag;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * What the spec exercises per Kafka API, read from the feature files with the Gherkin parser: the
 * versions its steps name, the Kafka error codes its steps and tables name, and its {@code @must} and
 * {@code @should} scenarios. The unit is the pickle (one Examples row of an outline), so an Examples
 * block's own {@code @api:} tags and its values count where they apply.
 */
public final class SpecCoverage {
    /** A scenario's tag naming an API it exercises, e.g. {@code @api:Produce}. */
    static final String API_TAG = "@api:";
    private static final String ALL_API_NAMES = Arrays.stream(ApiKeys.values()).map(a -> a.name)
            .sorted(Comparator.comparingInt(String::length).reversed()).collect(Collectors.joining("|"));
    /** A version named after its API: "with Produce v7", "Metadata v0 is requested". */
    private static final Pattern API_VERSION = Pattern.compile("\\b(" + ALL_API_NAMES + ") v(\\d+)\\b");
    /** A request sent in a version given in words: "a Metadata request claiming version 999". */
    private static final Pattern API_REQUEST_VERSION =
            Pattern.compile("\\b(" + ALL_API_NAMES + ") request claiming version (\\d+)\\b");
    /** ApiVersions asked in one version: "the broker is asked for its API versions in version 127". */
    private static final Pattern API_VERSIONS_IN = Pattern.compile("\\basked for its API versions in version (\\d+)\\b");
    /** A step that walks every version the broker advertises (VersionSteps). */
    private static final Pattern EVERY_VERSION =
            Pattern.compile("\\bevery version of (" + ALL_API_NAMES + ") the broker advertises\\b");
    /**
     * The APIs the step definitions only ever send as raw frames, never through a Java client, with the
     * newest version they send when the step text names none ({@code RawConnection.version(api, cap)}):
     * for these the clients' version would be a version the spec does not send. Kept by hand; a step
     * definition that sends an API raw with a cap below Kafka's newest and no Java-client path belongs here.
     */
    static final Map<ApiKeys, Short> RAW_ONLY = Map.of(ApiKeys.DESCRIBE_LOG_DIRS, (short) 4);
    private static final Pattern UPPER_WORD = Pattern.compile("\\b[A-Z][A-Z0-9_]*[A-Z0-9]\\b");
    private static final Set<String> ERROR_NAMES = Arrays.stream(Errors.values()).filter(e -> e != Errors.NONE)
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private SpecCoverage() {
    }

    /** What the spec does with one API; the sets are sorted for rendering. */
    public static final class ApiUse {
        /** Versions a step names for this API explicitly (step text, Examples values). */
        public final SortedSet<Integer> namedVersions = new TreeSet<>();
        /** Whether a step walks every version of this API the broker advertises. */
        public boolean everyVersion;
        /** Whether a scenario tagged with this API names no version of it, so it is sent in the newest one. */
        public boolean newestVersion;
        /** Kafka error names (never NONE) the scenarios tagged with this API name. */
        public final SortedSet<String> errors = new TreeSet<>();
        /** Ids (or, without an id, names) of the {@code @must} scenarios tagged with this API. */
        public final SortedSet<String> must = new TreeSet<>();
        /** Ids (or, without an id, names) of the {@code @should} scenarios tagged with this API. */
        public final SortedSet<String> should = new TreeSet<>();
    }

    /**
     * @param featuresDir the spec
     * @return per API the spec names (by tag or in a step), what it does with it; APIs it never names are absent
     */
    public static Map<ApiKeys, ApiUse> measure(Path featuresDir) throws IOException {
        Map<ApiKeys, ApiUse> uses = new EnumMap<>(ApiKeys.class);
        for (Pickle pickle : pickles(featuresDir)) {
            List<String> tags = pickle.getTags().stream().map(PickleTag::getName).toList();
            String scenario = AssertionIds.of(tags).isEmpty() ? pickle.getName() : AssertionIds.of(tags);
            Set<ApiKeys> named = recordNamedVersions(pickle, uses);
            SortedSet<String> errors = errorNames(pickle);
            for (String tag : tags) {
                if (!tag.startsWith(API_TAG)) {
                    continue;
                }
                ApiKeys api = apiNamed(tag.substring(API_TAG.length()))
                        .orElseThrow(() -> new IllegalArgumentException(pickle.getUri() + ": unknown API in " + tag));
                ApiUse use = uses.computeIfAbsent(api, a -> new ApiUse());
                use.errors.addAll(errors);
                use.newestVersion |= !named.contains(api);
                if (tags.contains("@must")) {
                    use.must.add(scenario);
                }
                if (tags.contains("@should")) {
                    use.should.add(scenario);
                }
            }
        }
        return uses;
    }

    /** Records the versions the pickle's steps name, and returns the APIs it names a version of. */
    private static Set<ApiKeys> recordNamedVersions(Pickle pickle, Map<ApiKeys, ApiUse> uses) {
        Set<ApiKeys> named = EnumSet.noneOf(ApiKeys.class);
        for (PickleStep step : pickle.getSteps()) {
            String text = step.getText();
            for (Pattern pattern : List.of(API_VERSION, API_REQUEST_VERSION)) {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    ApiKeys api = apiNamed(m.group(1)).orElseThrow();
                    uses.computeIfAbsent(api, a -> new ApiUse()).namedVersions.add(Integer.parseInt(m.group(2)));
                    named.add(api);
                }
            }
            Matcher m = API_VERSIONS_IN.matcher(text);
            while (m.find()) {
                uses.computeIfAbsent(ApiKeys.API_VERSIONS, a -> new ApiUse()).namedVersions.add(Integer.parseInt(m.group(1)));
                named.add(ApiKeys.API_VERSIONS);
            }
            m = EVERY_VERSION.matcher(text);
            while (m.find()) {
                ApiKeys api = apiNamed(m.group(1)).orElseThrow();
                uses.computeIfAbsent(api, a -> new ApiUse()).everyVersion = true;
                named.add(api);
            }
        }
        return named;
    }

    /** The Kafka error names in a pickle's steps, tables and doc strings. */
    private static SortedSet<String> errorNames(Pickle pickle) {
        SortedSet<String> errors = new TreeSet<>();
        for (PickleStep step : pickle.getSteps()) {
            List<String> texts = new ArrayList<>(List.of(step.getText()));
            step.getArgument().ifPresent(argument -> {
                argument.getDataTable().ifPresent(table -> table.getRows()
                        .forEach(row -> row.getCells().forEach(cell -> texts.add(cell.getValue()))));
                argument.getDocString().ifPresent(doc -> texts.add(doc.getContent()));
            });
            for (String text : texts) {
                Matcher m = UPPER_WORD.matcher(text);
                while (m.find()) {
                    if (ERROR_NAMES.contains(m.group())) {
                        errors.add(m.group());
                    }
                }
            }
        }
        return errors;
    }

    /** @return the API with this protocol name ({@code Produce}, {@code OffsetForLeaderEpoch}) */
    static Optional<ApiKeys> apiNamed(String name) {
        return Arrays.stream(ApiKeys.values()).filter(a -> a.name.equals(name)).findFirst();
    }

    /** @return every pickle (scenario, or Examples row of an outline) of the spec, in file order */
    static List<Pickle> pickles(Path featuresDir) throws IOException {
        List<Path> features;
        try (Stream<Path> files = Files.walk(featuresDir)) {
            features = files.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        GherkinParser parser = GherkinParser.builder().includeSource(false).includeGherkinDocument(false)
                .includePickles(true).build();
        List<Pickle> pickles = new ArrayList<>();
        for (Path feature : features) {
            try (Stream<Envelope> envelopes = parser.parse(feature)) {
                for (Envelope envelope : envelopes.toList()) {
                    if (envelope.getParseError().isPresent()) {
                        throw new IOException(feature + ": " + envelope.getParseError().get().getMessage());
                    }
                    envelope.getPickle().ifPresent(pickles::add);
                }
            }
        }
        return pickles;
    }
}
