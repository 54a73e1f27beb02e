package org.kafkatck.tck.selftest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the mutant catalogue as {@code docs/mutants.md}: how many mutants each API has, and for each one the
 * wrong behaviour and the public report it comes from. Rendered rather than written by hand so the counts in
 * the documentation are always those the self-test runs.
 */
public final class MutantCatalogueDocument {
    /** The command that regenerates the committed copy, from the repository root. */
    public static final String REFRESH = "java -cp conformance-tests/target/kafka-tck.jar "
            + "org.kafkatck.tck.report.RenderedDocs features docs";

    private MutantCatalogueDocument() {
    }

    /** @return the catalogue as Markdown */
    public static String render() {
        return render(MutantCatalogue.all());
    }

    static String render(List<Mutant> mutants) {
        Map<String, List<Mutant>> byApi = mutants.stream().collect(Collectors.groupingBy(m -> m.api().name,
                TreeMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder();
        out.append("# The mutant catalogue\n\n")
                .append("<!-- Generated from the self-test's catalogue by `").append(REFRESH)
                .append("`; do not edit. -->\n\n")
                .append("Each mutant is a reference broker with one wrong behaviour, taken from a public bug report of a")
                .append(" Kafka-compatible broker or from the KIP that pins the behaviour. `java -jar")
                .append(" conformance-tests/target/kafka-tck.jar self-test` checks that the spec's `@must` scenarios catch")
                .append(" every one (see [sharpness.md](sharpness.md)).\n\n")
                .append(String.format("The catalogue holds **%d mutants of %d APIs**.%n%n", mutants.size(), byApi.size()))
                .append("| API | mutants |\n|---|---:|\n");
        byApi.entrySet().stream()
                .sorted(Map.Entry.<String, List<Mutant>>comparingByValue((a, b) -> b.size() - a.size())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.append("| [").append(e.getKey()).append("](#").append(anchor(e.getKey())).append(") | ")
                        .append(e.getValue().size()).append(" |\n"));
        for (Map.Entry<String, List<Mutant>> api : byApi.entrySet()) {
            out.append("\n## ").append(api.getKey()).append("\n\n| mutant | wrong behaviour | source |\n|---|---|---|\n");
            for (Mutant m : api.getValue()) {
                out.append("| `").append(m.id()).append("` | ").append(cell(m.behaviour())).append(" | ")
                        .append(cell(m.source())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
