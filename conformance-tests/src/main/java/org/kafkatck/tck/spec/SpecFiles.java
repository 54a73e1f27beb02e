package org.kafkatck.tck.spec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the spec's files are: the directory of the bundled spec (inside the TCK jar, or on Maven's
 * classpath while the TCK is built) or any directory given on the command line.
 */
public final class SpecFiles {
    /** The file, in the features directory, that carries the spec's version. */
    public static final String VERSION_FILE = "spec.properties";

    private SpecFiles() {
    }

    /** Reads something from a spec directory. */
    @FunctionalInterface
    public interface Reader<T> {
        /** @return what was read from {@code dir} */
        T read(Path dir) throws IOException;
    }

    /**
     * Reads the features directory bundled with this TCK. Inside the jar that directory lives in a zip file
     * system, which is open only while {@code reader} runs: the test engine opens its own to discover the
     * scenarios, and two cannot be open at once.
     *
     * @throws IllegalStateException when the TCK was built without its spec
     */
    public static <T> T readBundled(Reader<T> reader) throws IOException {
        URL marker = SpecFiles.class.getClassLoader().getResource("features/" + VERSION_FILE);
        if (marker == null) {
            throw new IllegalStateException("The TCK has no bundled spec (features/" + VERSION_FILE
                    + " is not on its classpath)");
        }
        URI uri;
        try {
            uri = marker.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the bundled spec at " + marker, e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return reader.read(Path.of(uri).getParent());
        }
        FileSystem opened = null;
        try {
            try {
                opened = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                // someone else holds it open; read through theirs and leave it to them to close
            }
            return reader.read((opened != null ? opened : FileSystems.getFileSystem(uri)).provider().getPath(uri)
                    .getParent());
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    /** @return the feature files under {@code dir}, sorted by their path relative to it */
    public static List<Path> features(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".feature"))
                    .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b))).toList();
        }
    }

    /** @return {@code file}'s path relative to {@code dir}, with forward slashes on every platform */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
