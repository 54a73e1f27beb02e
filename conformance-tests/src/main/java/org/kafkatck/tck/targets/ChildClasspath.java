package org.kafkatck.tck.targets;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of this JVM as a child JVM needs it: every entry absolute, and the {@code Class-Path}
 * of every jar's manifest spelled out.
 *
 * <p>Why: {@code java.class.path} is whatever the launcher was given. After
 * {@code java -jar conformance-tests/target/kafka-tck.jar} it is that one relative path, and the
 * jar's dependencies are reachable only through its manifest. A child JVM runs in a working directory
 * of its own, where a relative path names nothing. Spelling out the manifest entries too means the
 * child does not depend on how (or whether) this JVM was started from a jar.
 */
public final class ChildClasspath {
    private ChildClasspath() {
    }

    /** @return this JVM's classpath, absolute and complete, joined with the platform's path separator */
    public static String current() {
        List<Path> entries = resolve(System.getProperty("java.class.path", ""), Path.of("").toAbsolutePath());
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    /**
     * @param classPath  a classpath as in {@code java.class.path}
     * @param workingDir the directory its relative entries are relative to
     * @return its entries as absolute, normalized paths, each jar followed by the entries of its
     *         manifest's {@code Class-Path} (transitively), in order and without duplicates
     */
    public static List<Path> resolve(String classPath, Path workingDir) {
        Set<Path> entries = new LinkedHashSet<>();
        // split with limit -1: an empty entry means the working directory, as it does for the launcher
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (entry.isEmpty() && classPath.isEmpty()) {
                continue;
            }
            add(workingDir.resolve(entry).toAbsolutePath().normalize(), entries);
        }
        return new ArrayList<>(entries);
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !Files.isRegularFile(entry)) {
            return;
        }
        for (Path dependency : manifestClassPath(entry)) {
            add(dependency, entries);
        }
    }

    /**
     * The manifest's {@code Class-Path}: space-separated URLs relative to the jar's directory (JAR
     * File Specification). Entries that are not local files are left out: the JDK ignores them too.
     */
    private static List<Path> manifestClassPath(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            return List.of(); // not a jar: the child JVM gets it as it is
        }
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        URI base = jar.getParent().toUri();
        List<Path> paths = new ArrayList<>();
        for (String url : value.trim().split("\\s+")) {
            try {
                URI resolved = base.resolve(url);
                if ("file".equalsIgnoreCase(resolved.getScheme())) {
                    paths.add(Path.of(resolved).normalize());
                }
            } catch (IllegalArgumentException e) {
                // a malformed URL (or one that is no path, InvalidPathException): the JVM skips it too
            }
        }
        return paths;
    }
}
