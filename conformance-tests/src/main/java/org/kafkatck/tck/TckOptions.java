package org.kafkatck.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kafkatck.tck.targets.TargetConfig;

/**
 * The command line of {@link Tck}, parsed. Target options become {@code tck.*} system properties,
 * so the command line is one more layer of the same Helidon configuration a {@code tck.yaml} or
 * {@code TCK_*} environment variables provide.
 *
 * @param help        whether to print the usage and stop
 * @param properties  {@code tck.*} settings given on the command line
 * @param tags        Cucumber tag expression selecting scenarios, or empty for all
 * @param featuresDir a directory of feature files to run instead of the bundled spec, or {@code null}
 * @param reportDir   where report.html, report.json and junit.xml go
 * @param threads     scenarios run in parallel
 */
public record TckOptions(boolean help, Map<String, String> properties, String tags, Path featuresDir, Path reportDir,
                         int threads) {

    /** The usage text of {@code --help}. */
    public static final String USAGE = """
            Usage: java -jar kafka-tck.jar [options]
                   java -jar kafka-tck.jar bench [options]   (side-by-side benchmark; bench --help)
                   java -jar kafka-tck.jar self-test [options] (how sharp the spec is; self-test --help)

            Grades a Kafka broker against the Kafka TCK spec: runs every scenario of the spec through the
            real Java kafka-clients and prints a per-profile verdict. Exit code 0 only when every @must
            scenario of the selected profiles passed; 1 when some failed or the target was unusable;
            2 for a bad command line.

            Target (default: the bundled reference broker, started in this JVM):
              --target KIND              reference | external | apache-kafka | container
              --bootstrap-servers LIST   brokers to grade; implies --target external
              --client-property K=V      property for every client, repeatable (e.g. security.protocol=SSL)
              --image IMAGE              image to start; implies --target container (needs Docker)
              --container-port PORT      Kafka port of the image, published on the same host port (9092)
              --kafka-version VERSION    Apache Kafka release to run, e.g. 4.0.1; implies --target apache-kafka
                                         (default: the bundled one; others come from Maven Central or ~/.m2)
              --kafka-cache DIR          where other Kafka versions are kept (~/.cache/kafka-tck/kafka)
              --config FILE              a tck.yaml with tck.* settings (also read from ./tck.yaml)

            Selection and output:
              --tags EXPRESSION          Cucumber tag expression, e.g. "@core and @must" or "not @robustness"
              --features DIR             run the feature files in DIR instead of the bundled spec
              --report-dir DIR           where report.html, report.json and junit.xml go (tck-report)
              --threads N                scenarios run in parallel (4)
              --help                     this text

            Every target setting can also come from system properties (-Dtck.target=external,
            -Dtck.bootstrap.servers=host:9092, -Dtck.client.security.protocol=SSL) or environment
            variables (TCK_TARGET, TCK_BOOTSTRAP_SERVERS, TCK_CLIENT_SECURITY_PROTOCOL).
            """;

    /**
     * @param args the command line
     * @throws IllegalArgumentException with a one-line message for a bad command line
     */
    public static TckOptions parse(String[] args) {
        Map<String, String> properties = new LinkedHashMap<>();
        String tags = "";
        Path features = null;
        Path reportDir = Path.of("tck-report");
        int threads = 4;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--target" -> {
                    String target = value(args, ++i, arg);
                    if (!TargetConfig.KINDS.contains(target)) {
                        throw new IllegalArgumentException("--target must be one of " + TargetConfig.KINDS + ", got '"
                                + target + "'");
                    }
                    properties.put("tck.target", target);
                }
                case "--bootstrap-servers" -> {
                    properties.put("tck.bootstrap.servers", value(args, ++i, arg));
                    properties.putIfAbsent("tck.target", "external");
                }
                case "--client-property" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--client-property needs KEY=VALUE, got '" + pair + "'");
                    }
                    properties.put("tck.client." + pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--image" -> {
                    properties.put("tck.container.image", value(args, ++i, arg));
                    properties.putIfAbsent("tck.target", "container");
                }
                case "--container-port" -> properties.put("tck.container.port", value(args, ++i, arg));
                case "--kafka-version" -> {
                    properties.put("tck.kafka.version", value(args, ++i, arg));
                    properties.putIfAbsent("tck.target", "apache-kafka");
                }
                case "--kafka-cache" -> properties.put("tck.kafka.cache", value(args, ++i, arg));
                case "--config" -> {
                    String file = value(args, ++i, arg);
                    if (!Files.isReadable(Path.of(file))) {
                        throw new IllegalArgumentException("--config file '" + file + "' is not readable");
                    }
                    properties.put("tck.config", file);
                }
                case "--tags" -> tags = value(args, ++i, arg);
                case "--features" -> {
                    features = Path.of(value(args, ++i, arg));
                    if (!Files.isDirectory(features)) {
                        throw new IllegalArgumentException("--features '" + features + "' is not a directory");
                    }
                }
                case "--report-dir" -> reportDir = Path.of(value(args, ++i, arg));
                case "--threads" -> {
                    String n = value(args, ++i, arg);
                    try {
                        threads = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        threads = 0;
                    }
                    if (threads < 1 || threads > 64) {
                        throw new IllegalArgumentException("--threads must be a number from 1 to 64, got '" + n + "'");
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "' (see --help)");
            }
        }
        return new TckOptions(help, properties, tags, features, reportDir, threads);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value (see --help)");
        }
        return args[index];
    }

    /** @return the options that select scenarios, for logs */
    public List<String> describe() {
        return List.of("tags=" + (tags.isEmpty() ? "(all)" : tags),
                "features=" + (featuresDir == null ? "(bundled spec)" : featuresDir.toString()),
                "report-dir=" + reportDir, "threads=" + threads);
    }
}
