package org.kafkatck.tck.targets;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * One Apache Kafka broker version and the classpath that runs it: the bundled one (the
 * {@code kafka_2.13} on the TCK's own classpath), or another released version resolved with Maven
 * Resolver ({@code org.apache.kafka:kafka_2.13:<version>} and its runtime dependencies, transitively).
 *
 * <p>A resolved version is cached: its jars are downloaded into {@code <cache>/<version>/repository}
 * and the classpath is written to {@code <cache>/<version>/classpath.txt}, which the next run reuses
 * without asking any repository. A local Maven repository ({@code ~/.m2/repository}) is consulted
 * before the remote one, read only, so a machine without network can run a version it already has.
 *
 * @param version   the Kafka version, e.g. {@code 4.0.1}
 * @param classpath the child JVM's classpath, absolute paths
 */
public record KafkaDistribution(String version, List<Path> classpath) {
    /** Maven Central, where Apache Kafka releases are published. */
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    /** Released versions: {@code 3.9.1}, {@code 4.0.0}; release candidates and snapshots are not graded. */
    static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final String CLASSPATH_FILE = "classpath.txt";
    /** The Log4j 2 release that gives a resolved Kafka 4.x its logs (the line Kafka 4.x ships). */
    private static final String LOG4J = "2.24.3";

    /** @return the Kafka on the TCK's own classpath (the version this TCK was built with) */
    public static KafkaDistribution bundled() {
        return new KafkaDistribution(bundledVersion(), ChildClasspath.resolve(
                System.getProperty("java.class.path", ""), Path.of("").toAbsolutePath()));
    }

    /** @return the version of the bundled {@code kafka_2.13}, e.g. {@code 4.4.0} */
    public static String bundledVersion() {
        return AppInfoParser.getVersion();
    }

    /** @return the classpath joined with the platform's path separator */
    public String classpathString() {
        return String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
    }

    /** @return the default cache, {@code ~/.cache/kafka-tck/kafka} */
    public static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "kafka-tck", "kafka");
    }

    /** @return the user's local Maven repository, {@code ~/.m2/repository} */
    public static Path defaultLocalRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The distribution of a version: the bundled one when {@code version} is blank or the bundled
     * version, else from the cache, else resolved with the default repositories.
     *
     * @param version a Kafka version, or blank for the bundled one
     * @param cache   the cache directory, e.g. {@link #defaultCache()}
     * @throws TargetUnavailableException with a one-line reason when the version cannot be resolved
     */
    public static KafkaDistribution of(String version, Path cache) {
        if (version == null || version.isBlank() || version.strip().equals(bundledVersion())) {
            return bundled();
        }
        return new Resolver(cache, defaultLocalRepository(), CENTRAL).resolve(version.strip());
    }

    /** Resolves Kafka versions into a cache with Maven Resolver. */
    public static final class Resolver {
        private final Path cache;
        private final Path localRepository;
        private final String remoteUrl;

        /**
         * @param cache           where resolved versions are kept, one directory per version
         * @param localRepository a local Maven repository consulted first and never written, used only if it exists
         * @param remoteUrl       the remote repository, e.g. {@link #CENTRAL} (a {@code file:} URL works too)
         */
        public Resolver(Path cache, Path localRepository, String remoteUrl) {
            this.cache = cache;
            this.localRepository = localRepository;
            this.remoteUrl = remoteUrl;
        }

        /**
         * @param version a released Kafka version, e.g. {@code 4.0.1}
         * @return its distribution, from the cache when a previous run resolved it
         * @throws TargetUnavailableException with a one-line reason when it cannot be resolved
         */
        public KafkaDistribution resolve(String version) {
            if (!RELEASE.matcher(version).matches()) {
                throw new TargetUnavailableException("Apache Kafka version '" + version
                        + "' is not a released version number (expected e.g. 4.0.1)");
            }
            Path dir = cache.resolve(version);
            List<Path> cached = cached(dir.resolve(CLASSPATH_FILE));
            if (!cached.isEmpty()) {
                return new KafkaDistribution(version, cached);
            }
            // a first download takes a while (about 80 MB): say so rather than look stuck
            System.out.println("Kafka TCK: resolving Apache Kafka " + version + " into " + dir + " (once) ...");
            List<Path> classpath = download(version, dir.resolve("repository"));
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve(CLASSPATH_FILE), classpath.stream().map(Path::toString).toList(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TargetUnavailableException("Cannot write the Kafka " + version + " cache in " + dir + ": "
                        + e.getMessage(), e);
            }
            return new KafkaDistribution(version, classpath);
        }

        /** @return the cached classpath, or empty when there is none or a jar of it has gone */
        static List<Path> cached(Path classpathFile) {
            try {
                List<Path> jars = Files.readAllLines(classpathFile, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).map(Path::of).toList();
                return jars.stream().allMatch(Files::isRegularFile) ? jars : List.of();
            } catch (IOException e) {
                return List.of();
            }
        }

        private List<Path> download(String version, Path head) {
            RepositorySystem system = new RepositorySystemSupplier().get();
            List<Path> repositories = new ArrayList<>(List.of(head));
            if (localRepository != null && Files.isDirectory(localRepository)) {
                repositories.add(localRepository); // the tail of a chain: read, never written
            }
            try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                    .withLocalRepositoryBaseDirectories(repositories)
                    .setConfigProperties(Map.of(
                            // fail within a minute on a machine without network instead of hanging
                            "aether.transport.http.connectTimeout", "15000",
                            "aether.transport.http.requestTimeout", "60000",
                            "aether.transport.http.retryHandler.count", "1"))
                    .setSystemProperties(System.getProperties())
                    .build()) {
                RemoteRepository remote = new RemoteRepository.Builder("central", "default", remoteUrl).build();
                CollectRequest collect = new CollectRequest(new Dependency(
                        new DefaultArtifact("org.apache.kafka", "kafka_2.13", "jar", version), JavaScopes.RUNTIME),
                        List.of(remote));
                DependencyRequest request = new DependencyRequest(collect,
                        DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
                List<ArtifactResult> results = system.resolveDependencies(session, request).getArtifactResults();
                List<Path> classpath = new ArrayList<>(results.stream()
                        .map(r -> r.getArtifact().getPath().toAbsolutePath()).toList());
                classpath.addAll(loggingBackend(system, session, remote, version, results));
                return List.copyOf(classpath);
            } catch (DependencyResolutionException | RuntimeException e) {
                throw new TargetUnavailableException("Apache Kafka " + version + " cannot be resolved from "
                        + remoteUrl + ": " + rootCause(e), e);
            } finally {
                system.shutdown();
            }
        }

        /**
         * Kafka's Maven artifacts bring only {@code slf4j-api}; the binary distribution adds a logging backend
         * (reload4j before 4.0, Log4j 2 since). Without one the broker logs nothing, and a broker that does not
         * start could not say why. A backend that cannot be resolved is left out: the broker runs without logs.
         */
        private static List<Path> loggingBackend(RepositorySystem system, RepositorySystemSession session,
                                                 RemoteRepository remote, String version, List<ArtifactResult> kafka) {
            java.util.Map<String, String> present = new java.util.HashMap<>();
            kafka.forEach(r -> present.put(r.getArtifact().getGroupId() + ":" + r.getArtifact().getArtifactId(),
                    r.getArtifact().getVersion()));
            String slf4j = present.get("org.slf4j:slf4j-api");
            if (slf4j == null) {
                return List.of();
            }
            // the Log4j 2 that Kafka itself depends on (4.3 does), so no second copy joins the classpath
            String log4j = present.getOrDefault("org.apache.logging.log4j:log4j-api", LOG4J);
            String backend;
            if (slf4j.startsWith("1.") && Integer.parseInt(version.substring(0, version.indexOf('.'))) < 4) {
                backend = "org.slf4j:slf4j-reload4j:" + slf4j;
            } else if (slf4j.startsWith("1.")) {
                backend = "org.apache.logging.log4j:log4j-slf4j-impl:" + log4j;
            } else {
                backend = "org.apache.logging.log4j:log4j-slf4j2-impl:" + log4j;
            }
            try {
                CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(backend),
                        JavaScopes.RUNTIME), List.of(remote));
                return system.resolveDependencies(session, new DependencyRequest(collect,
                                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults().stream()
                        .map(r -> r.getArtifact())
                        .filter(a -> !present.containsKey(a.getGroupId() + ":" + a.getArtifactId()))
                        .map(a -> a.getPath().toAbsolutePath()).toList();
            } catch (DependencyResolutionException | RuntimeException e) {
                return List.of();
            }
        }

        /** The innermost message says what went wrong (not found, no network); the outer ones only where. */
        private static String rootCause(Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return message.strip().replaceAll("\\s*\\R\\s*", " ");
        }
    }
}
