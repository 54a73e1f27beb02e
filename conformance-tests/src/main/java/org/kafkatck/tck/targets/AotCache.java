package org.kafkatck.tck.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's ahead-of-time cache (JEP 483 and 514, JDK 25 and later) for reference brokers started as child
 * JVMs on this JVM's classpath, as the broker's build makes one for its packaged jar
 * ({@code reference-broker/target/reference-broker.aot}): a training start of the broker
 * ({@code org.kafkatck.broker.AotTraining}) is recorded once per classpath and JDK, and each child started with
 * {@link #jvmOptions()} finds its classes loaded and linked. A cache only serves the exact classpath and JDK
 * it was made with, so the file is named by a digest of both (and of each jar's size and time), under
 * {@code ~/.cache/kafka-tck/aot}.
 */
public final class AotCache {
    private static final String TRAINING_MAIN = "org.kafkatck.broker.AotTraining";
    /** Caches kept in the directory; older ones are deleted when a new one is made. */
    private static final int KEPT = 3;
    private static Optional<Path> made;

    private AotCache() {
    }

    /**
     * @return the options that start a child broker JVM with the cache, making the cache first when there is
     *         none yet for this classpath and JDK; none on a JDK before 25, or when the training run fails (said
     *         on standard error: the child then starts as without a cache)
     */
    public static synchronized List<String> jvmOptions() {
        if (made == null) {
            made = make();
        }
        return made.map(file -> List.of("-XX:AOTCache=" + file)).orElse(List.of());
    }

    private static Optional<Path> make() {
        if (Runtime.version().feature() < 25) {
            return Optional.empty();
        }
        String classpath = ChildClasspath.current();
        try {
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "kafka-tck", "aot");
            Path file = dir.resolve(key(classpath) + ".aot");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
            Files.createDirectories(dir);
            Path scratch = Files.createTempDirectory("kafka-tck-aot-training");
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Path log = scratch.resolveSibling(scratch.getFileName() + ".log");
            System.out.println("bench: making the reference broker's AOT cache for this classpath and JDK (once) ...");
            Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:AOTCacheOutput=" + partial, "-Xlog:aot=error,cds=error", "--enable-native-access=ALL-UNNAMED",
                    "-cp", classpath, TRAINING_MAIN, scratch.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!training.waitFor(3, TimeUnit.MINUTES)) {
                training.destroyForcibly();
                System.err.println("bench: the AOT training run did not end within 3 minutes; brokers start without"
                        + " the cache (" + log + ")");
                return Optional.empty();
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(partial)) {
                System.err.println("bench: the AOT training run failed (exit " + training.exitValue() + "); brokers"
                        + " start without the cache (" + log + ")");
                return Optional.empty();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(log);
            pruneOlderThanNewest(dir, KEPT);
            return Optional.of(file);
        } catch (IOException e) {
            System.err.println("bench: no AOT cache for the reference broker: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Deletes all but the {@code kept} newest caches: every rebuilt jar makes a new one of some 40 MB. */
    private static void pruneOlderThanNewest(Path dir, int kept) throws IOException {
        List<Path> caches;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            caches = files.filter(f -> f.getFileName().toString().endsWith(".aot")).sorted(
                    java.util.Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed()).toList();
        }
        for (Path old : caches.subList(Math.min(kept, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** @return a digest of the JDK, the classpath and each entry's size and modification time */
    static String key(String classpath) throws IOException {
        StringBuilder identity = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(Runtime.version()).append('\n');
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            identity.append(entry).append(' ');
            if (Files.isRegularFile(path)) {
                identity.append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path).toMillis());
            }
            identity.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
