package org.kafkatck.tck.targets;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChildClasspathTest {
    @TempDir
    Path root;

    /** {@code java -jar conformance-tests/target/kafka-tck.jar} from the repository root. */
    @Test
    void aRelativeJarBecomesAbsoluteFollowedByItsManifestClassPath() throws IOException {
        Path target = Files.createDirectories(root.resolve("conformance-tests/target"));
        Path tck = jar(target.resolve("kafka-tck.jar"), "libs/kafka-clients.jar libs/with%20space.jar");
        jar(target.resolve("libs/kafka-clients.jar"), null);
        jar(target.resolve("libs/with space.jar"), null);

        assertThat(ChildClasspath.resolve("conformance-tests/target/kafka-tck.jar", root)).containsExactly(
                tck, target.resolve("libs/kafka-clients.jar"), target.resolve("libs/with space.jar"));
    }

    @Test
    void manifestsAreFollowedTransitivelyAndEachEntryComesOnce() throws IOException {
        Path a = jar(root.resolve("a/a.jar"), "../b/b.jar " + root.resolve("c.jar").toUri());
        Path b = jar(root.resolve("b/b.jar"), "../a/a.jar ../c.jar");
        Path c = jar(root.resolve("c.jar"), null);

        assertThat(ChildClasspath.resolve(String.join(File.pathSeparator, "a/a.jar", "c.jar", "b/b.jar"), root))
                .containsExactly(a, b, c);
    }

    /** Maven's and IDEs' classpaths: directories and jars, some relative, some with {@code ..}. */
    @Test
    void directoriesAndOtherEntriesAreMadeAbsoluteAndNormalized() throws IOException {
        Path work = Files.createDirectories(root.resolve("module"));
        Path classes = Files.createDirectories(work.resolve("target/classes"));
        Path notAJar = Files.writeString(root.resolve("notes.jar"), "not a zip");

        assertThat(ChildClasspath.resolve(String.join(File.pathSeparator, "target/classes", "../notes.jar",
                "../missing.jar", root.resolve("abs").toString(), ""), work)).containsExactly(
                classes, notAJar, root.resolve("missing.jar"), root.resolve("abs"), work);
    }

    @Test
    void manifestEntriesThatAreNotLocalFilesAreLeftOut() throws IOException {
        Path tck = jar(root.resolve("tck.jar"), "http://example.com/remote.jar lib/local.jar");

        assertThat(ChildClasspath.resolve("tck.jar", root)).containsExactly(tck, root.resolve("lib/local.jar"));
    }

    @Test
    void anEmptyClassPathHasNoEntries() {
        assertThat(ChildClasspath.resolve("", root)).isEmpty();
    }

    @Test
    void thisJvmsClassPathIsAbsoluteAndHoldsTheTck() throws Exception {
        String classPath = ChildClasspath.current();

        assertThat(classPath.split(File.pathSeparator)).allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
        Path tckClasses = Path.of(ChildClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classPath.split(File.pathSeparator)).contains(tckClasses.toString());
    }

    private static Path jar(Path file, String classPath) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }
}
