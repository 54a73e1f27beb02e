package org.kafkatck.tck.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleStep;
import io.cucumber.messages.types.PickleStepArgument;
import io.cucumber.messages.types.PickleTableRow;
import io.cucumber.messages.types.PickleTag;

/**
 * Keeps the spec's version honest. {@code features/spec-lock.txt} records, for the version in
 * {@code spec.properties}, a fingerprint of what each assertion checks: its level and profiles and every step
 * it runs (background and example rows included), but not its name or comments. Comparing the spec with its
 * lock tells which assertions were added, changed or removed, hence the smallest version the changed spec may
 * carry ({@link SemanticVersion}). {@code update} refuses to record a change under a version that understates it.
 *
 * <p>Usage: {@code java -cp kafka-tck.jar org.kafkatck.tck.spec.SpecLock update features}
 */
public final class SpecLock {
    /** The lock file, in the features directory. */
    public static final String FILE = "spec-lock.txt";

    private final SemanticVersion version;
    private final Map<String, Entry> entries;

    /**
     * One assertion as locked.
     *
     * @param id          its assertion id
     * @param must        whether it is a {@code @must}
     * @param fingerprint what it checks, hashed
     */
    public record Entry(String id, boolean must, String fingerprint) {
    }

    /** The difference between a lock and the spec as it is now. */
    public record Change(List<String> added, List<String> changed, List<String> removed, SemanticVersion.Bump bump) {
        /** @return one line per kind of change, for messages */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!added.isEmpty()) {
                parts.add("added " + added);
            }
            if (!changed.isEmpty()) {
                parts.add("changed " + changed);
            }
            if (!removed.isEmpty()) {
                parts.add("removed " + removed);
            }
            return parts.isEmpty() ? "no assertion changed" : String.join("; ", parts);
        }
    }

    private SpecLock(SemanticVersion version, Map<String, Entry> entries) {
        this.version = version;
        this.entries = entries;
    }

    /** @return the version the lock was taken at */
    public SemanticVersion version() {
        return version;
    }

    /** @return the locked assertions by id, sorted */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** @return the lock of the spec in {@code featuresDir} as it is now, at {@code version} */
    public static SpecLock of(Path featuresDir, SemanticVersion version) throws IOException {
        Map<String, List<Pickle>> byId = new TreeMap<>();
        GherkinParser parser = GherkinParser.builder().includeSource(false).includeGherkinDocument(false)
                .includePickles(true).build();
        for (Path file : SpecFiles.features(featuresDir)) {
            parser.parse(file).map(Envelope::getPickle).flatMap(java.util.Optional::stream)
                    .forEach(p -> byId.computeIfAbsent(id(p), k -> new ArrayList<>()).add(p));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        byId.forEach((id, pickles) -> {
            boolean must = pickles.stream().noneMatch(p -> tags(p).contains("@should"));
            entries.put(id, new Entry(id, must, fingerprint(pickles)));
        });
        return new SpecLock(version, entries);
    }

    /** @return the lock in {@code featuresDir}, or {@code null} when it has none */
    public static SpecLock read(Path featuresDir) throws IOException {
        Path file = featuresDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        SemanticVersion version = null;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields[0].equals("version") && fields.length == 2) {
                version = SemanticVersion.parse(fields[1]);
            } else if (fields.length == 3 && (fields[1].equals("must") || fields[1].equals("should"))) {
                entries.put(fields[0], new Entry(fields[0], fields[1].equals("must"), fields[2]));
            } else {
                throw new IOException(file + ": cannot read the line '" + line + "'");
            }
        }
        if (version == null) {
            throw new IOException(file + " has no 'version' line");
        }
        return new SpecLock(version, entries);
    }

    /** @return the lock file's text */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# What each assertion of the spec checks, fingerprinted, at the version below. Generated by\n")
                .append("#   java -cp conformance-tests/target/kafka-tck.jar org.kafkatck.tck.spec.SpecLock update features\n")
                .append("# Do not edit: SpecLockTest fails when it disagrees with the feature files.\n")
                .append("version ").append(version).append('\n');
        entries.values().forEach(e -> out.append(e.id()).append(' ').append(e.must() ? "must" : "should").append(' ')
                .append(e.fingerprint()).append('\n'));
        return out.toString();
    }

    /** @return what changed from this lock to {@code now}, and the version bump that requires */
    public Change changeTo(SpecLock now) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        SemanticVersion.Bump bump = SemanticVersion.Bump.NONE;
        for (Entry entry : now.entries.values()) {
            Entry before = entries.get(entry.id());
            if (before == null) {
                added.add(entry.id());
                bump = max(bump, SemanticVersion.Bump.MINOR);
            } else if (!before.equals(entry)) {
                changed.add(entry.id());
                // a changed @must (also one demoted to @should) is a major change; a @should that changed or
                // became a @must adds to what a broker is held to, a minor one
                bump = max(bump, before.must() ? SemanticVersion.Bump.MAJOR : SemanticVersion.Bump.MINOR);
            }
        }
        for (Entry entry : entries.values()) {
            if (!now.entries.containsKey(entry.id())) {
                removed.add(entry.id());
                bump = max(bump, entry.must() ? SemanticVersion.Bump.MAJOR : SemanticVersion.Bump.MINOR);
            }
        }
        return new Change(added, changed, removed, bump);
    }

    private static SemanticVersion.Bump max(SemanticVersion.Bump a, SemanticVersion.Bump b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Records the spec in {@code featuresDir} under the version its {@code spec.properties} declares.
     *
     * @throws IllegalStateException with a one-line message when that version understates the change
     */
    public static SpecLock update(Path featuresDir) throws IOException {
        SemanticVersion declared = SemanticVersion.parse(SpecIdentity.declaredVersion(featuresDir));
        SpecLock now = of(featuresDir, declared);
        SpecLock before = read(featuresDir);
        if (before != null) {
            Change change = before.changeTo(now);
            SemanticVersion least = before.version().next(change.bump());
            if (change.bump() != SemanticVersion.Bump.NONE && declared.compareTo(least) < 0) {
                throw new IllegalStateException("The spec changed since " + before.version() + " (" + change.describe()
                        + "): its version must be at least " + least + ", but " + SpecFiles.VERSION_FILE + " says "
                        + declared);
            }
            if (declared.compareTo(before.version()) < 0) {
                throw new IllegalStateException(SpecFiles.VERSION_FILE + " says " + declared
                        + ", older than the locked " + before.version());
            }
        }
        Files.writeString(featuresDir.resolve(FILE), now.render(), StandardCharsets.UTF_8);
        return now;
    }

    /**
     * {@code update DIR} records the spec in DIR; {@code check DIR} says what changed since the lock.
     *
     * @param args the command and the features directory
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("update", "check").contains(args[0])) {
            System.err.println("Usage: SpecLock update|check FEATURES_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        try {
            if (args[0].equals("update")) {
                SpecLock lock = update(dir);
                System.out.println("Locked " + lock.entries().size() + " assertions at spec version " + lock.version());
            } else {
                SpecLock before = read(dir);
                SpecLock now = of(dir, SemanticVersion.parse(SpecIdentity.declaredVersion(dir)));
                System.out.println(before == null ? "No lock yet" : before.changeTo(now).describe());
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static String id(Pickle pickle) {
        return tags(pickle).stream().filter(t -> t.startsWith("@id:")).map(t -> t.substring(4)).findFirst()
                .orElseThrow(() -> new IllegalStateException("scenario \"" + pickle.getName() + "\" in "
                        + pickle.getUri() + " has no @id tag"));
    }

    private static List<String> tags(Pickle pickle) {
        return pickle.getTags().stream().map(PickleTag::getName).toList();
    }

    /** Level, profiles and steps of every example of one assertion; names, comments and naming tags do not count. */
    private static String fingerprint(List<Pickle> pickles) {
        // each example on its own, then the set of them: moving a row to another Examples block changes nothing
        List<String> examples = new ArrayList<>();
        for (Pickle pickle : pickles) {
            examples.add(fingerprint(pickle));
        }
        java.util.Collections.sort(examples);
        MessageDigest all = SpecHash.sha256();
        examples.forEach(example -> update(all, example));
        return HexFormat.of().formatHex(all.digest()).substring(0, 16);
    }

    private static String fingerprint(Pickle pickle) {
        MessageDigest digest = SpecHash.sha256();
        tags(pickle).stream().filter(SpecLock::fingerprinted).sorted().forEach(t -> update(digest, "tag " + t));
        for (PickleStep step : pickle.getSteps()) {
            update(digest, "step " + step.getType().map(Enum::name).orElse("") + " " + step.getText());
            step.getArgument().ifPresent(argument -> argument(digest, argument));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Ids and API tags only name and index an assertion; Kafka-version tags say on which Apache Kafka releases
     * the reference holds, not what a broker under test is held to (every broker of unknown version is graded
     * on every scenario).
     */
    private static boolean fingerprinted(String tag) {
        return !(tag.startsWith("@id:") || tag.startsWith("@api:") || tag.startsWith("@since:")
                || tag.startsWith("@until:"));
    }

    private static void argument(MessageDigest digest, PickleStepArgument argument) {
        argument.getDocString().ifPresent(doc -> update(digest, "doc " + doc.getContent()));
        argument.getDataTable().ifPresent(table -> {
            for (PickleTableRow row : table.getRows()) {
                update(digest, "row " + String.join("\u0001", row.getCells().stream().map(c -> c.getValue()).toList()));
            }
        });
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
