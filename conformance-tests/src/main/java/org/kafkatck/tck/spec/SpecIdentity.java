package org.kafkatck.tck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Which spec a run graded against: its declared version, the content hash of its feature files, and whether
 * those files are the ones bundled with this TCK. Only the bundled, unedited spec certifies.
 *
 * @param version the version its {@code spec.properties} declares, or {@code unversioned}
 * @param sha256  the {@link SpecHash} of its feature files
 * @param source  {@code bundled} or the directory it was read from
 * @param edited  whether its content differs from the spec bundled with this TCK
 */
public record SpecIdentity(String version, String sha256, String source, boolean edited) {
    private static volatile SpecIdentity bundled;

    /** @return the spec bundled with this TCK (computed once per JVM) */
    public static SpecIdentity bundled() {
        SpecIdentity known = bundled;
        if (known == null) {
            try {
                known = SpecFiles.readBundled(dir -> new SpecIdentity(declaredVersion(dir), hash(dir), "bundled", false));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the bundled spec", e);
            }
            bundled = known;
        }
        return known;
    }

    /** @return the spec in {@code dir}, compared by content with the bundled one */
    public static SpecIdentity of(Path dir) {
        String hash = hash(dir);
        return new SpecIdentity(declaredVersion(dir), hash, dir.toString(), !hash.equals(bundled().sha256()));
    }

    /** @return the version {@code dir/spec.properties} declares, or {@code unversioned} */
    public static String declaredVersion(Path dir) {
        Path file = dir.resolve(SpecFiles.VERSION_FILE);
        if (!Files.isRegularFile(file)) {
            return "unversioned";
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return properties.getProperty("version", "unversioned").strip();
    }

    private static String hash(Path dir) {
        try {
            return SpecHash.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hash the spec in " + dir, e);
        }
    }

    /** @return the first 12 hex digits of the hash, enough to tell specs apart on a console */
    public String shortHash() {
        return sha256.substring(0, 12);
    }
}
