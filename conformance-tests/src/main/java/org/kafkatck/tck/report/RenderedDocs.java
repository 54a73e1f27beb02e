package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the documents rendered from the spec, {@code spec.md} ({@link SpecDocument}) and
 * {@code coverage.md} ({@link CoverageDocument}), and from the self-test's catalogue, {@code mutants.md}
 * ({@link org.kafkatck.tck.selftest.MutantCatalogueDocument}), into one directory. The build runs it on every
 * compile so a fresh copy is always in {@code conformance-tests/target/docs}; the committed copies in
 * {@code docs/} are compared with it by tests.
 */
public final class RenderedDocs {
    /** The rendered spec's file name. */
    public static final String SPEC = "spec.md";
    /** The coverage document's file name. */
    public static final String COVERAGE = "coverage.md";
    /** The mutant catalogue's file name. */
    public static final String MUTANTS = "mutants.md";

    private RenderedDocs() {
    }

    /**
     * @param args the features directory and the directory to write the documents into
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: RenderedDocs FEATURES_DIR OUTPUT_DIR");
            System.exit(2);
        }
        write(Path.of(args[0]), Path.of(args[1]));
    }

    /** Renders the documents of the spec under {@code featuresDir}, and the mutant catalogue, into {@code outputDir}. */
    public static void write(Path featuresDir, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(SPEC), SpecDocument.render(featuresDir), StandardCharsets.UTF_8);
        Files.writeString(outputDir.resolve(COVERAGE), CoverageDocument.render(featuresDir), StandardCharsets.UTF_8);
        Files.writeString(outputDir.resolve(MUTANTS), org.kafkatck.tck.selftest.MutantCatalogueDocument.render(),
                StandardCharsets.UTF_8);
    }
}
