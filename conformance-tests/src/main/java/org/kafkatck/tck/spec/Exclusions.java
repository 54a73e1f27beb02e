package org.kafkatck.tck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scenarios a run does not grade. The TCK ships an exclude list ({@code kafka-tck/excludes.txt}): a
 * scenario lands there only through an accepted challenge (docs/challenges.md), and a run that honours it still
 * certifies. Whoever runs the TCK may exclude more ({@code --exclude}, {@code --exclude-file}); such a run is
 * PARTIAL.
 *
 * <p>The file format, one exclusion per line: the id, a link to the decision, and the reason to the end of
 * the line; {@code #} starts a comment line.
 */
public final class Exclusions {
    /** The exclude list inside the TCK jar. */
    public static final String SHIPPED_RESOURCE = "/kafka-tck/excludes.txt";
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*-\\d{3}");
    private static volatile Exclusions active;

    private final Map<String, Exclusion> byId;

    private Exclusions(Map<String, Exclusion> byId) {
        this.byId = byId;
    }

    /** @return the exclude list shipped with this TCK */
    public static Exclusions shipped() {
        try (InputStream in = Exclusions.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                return new Exclusions(Map.of());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Exclusions(index(parse(text, "the TCK's " + SHIPPED_RESOURCE, Exclusion.Source.TCK)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TCK's exclude list", e);
        }
    }

    /**
     * @param where  names the text in error messages
     * @param source who excludes
     * @throws IllegalArgumentException with a one-line message naming the line that cannot be read
     */
    public static List<Exclusion> parse(String text, String where, Exclusion.Source source) {
        List<Exclusion> exclusions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+", 3);
            String id = fields[0].startsWith("@id:") ? fields[0].substring(4) : fields[0];
            if (!ID.matcher(id).matches() || fields.length < 3 || fields[2].isBlank()) {
                throw new IllegalArgumentException(where + " line " + (i + 1)
                        + ": expected 'ID LINK REASON' (e.g. 'FETCH-012 https://… why'), got '" + line + "'");
            }
            String link = fields[1].equals("-") ? "" : fields[1];
            exclusions.add(new Exclusion(id, link, fields[2].strip(), source));
        }
        return exclusions;
    }

    /** @return exclusions of ids given on a command line, without a link */
    public static List<Exclusion> local(Collection<String> ids, String reason) {
        return ids.stream().map(id -> new Exclusion(id.startsWith("@id:") ? id.substring(4) : id, "", reason,
                Exclusion.Source.LOCAL)).toList();
    }

    /** @return an exclude file's exclusions, all local */
    public static List<Exclusion> readLocal(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), Exclusion.Source.LOCAL);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the exclude file " + file + ": " + e.getMessage());
        }
    }

    /** @return the shipped list with {@code local} added; a shipped exclusion wins over a local one of the same id */
    public Exclusions with(List<Exclusion> local) {
        Map<String, Exclusion> all = new LinkedHashMap<>(byId);
        local.forEach(e -> all.putIfAbsent(e.id(), e));
        return new Exclusions(all);
    }

    /**
     * @param knownIds the ids of the spec that runs
     * @throws IllegalArgumentException naming the first excluded id the spec does not have
     */
    public void requireKnown(Collection<String> knownIds) {
        for (Exclusion e : byId.values()) {
            if (!knownIds.contains(e.id())) {
                throw new IllegalArgumentException("Cannot exclude " + e.id() + ": no scenario of the spec has that id");
            }
        }
    }

    /** @return the exclusion of {@code id}, if it is excluded */
    public Optional<Exclusion> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** @return every exclusion, shipped first */
    public List<Exclusion> all() {
        return List.copyOf(byId.values());
    }

    /** @return the exclusions made by whoever runs the TCK */
    public List<Exclusion> local() {
        return byId.values().stream().filter(e -> e.source() == Exclusion.Source.LOCAL).toList();
    }

    private static Map<String, Exclusion> index(List<Exclusion> exclusions) {
        Map<String, Exclusion> byId = new LinkedHashMap<>();
        exclusions.forEach(e -> byId.putIfAbsent(e.id(), e));
        return byId;
    }

    /** Makes {@code exclusions} the ones the next run honours. */
    public static void activate(Exclusions exclusions) {
        active = exclusions;
    }

    /** @return what the current run honours: what {@link #activate} set, else the shipped list */
    public static Exclusions active() {
        Exclusions current = active;
        if (current == null) {
            current = shipped();
            active = current;
        }
        return current;
    }
}
