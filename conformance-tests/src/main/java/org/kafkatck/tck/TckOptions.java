package org.kafkatck.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kafkatck.tck.targets.TargetConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@link Tck}, parsed. Target options become {@code tck.*} system properties,
 * so the command line is one more layer of the same Helidon configuration a {@code tck.yaml} or
 * {@code TCK_*} environment variables provide.
 *
 * @param help        whether to print the usage and stop
 * @param properties  {@code tck.*} settings given on the command line
 * @param tags        Cucumber tag expression selecting scenarios, or empty for all
 * @param featuresDir a directory of feature files to run instead of the bundled spec, or {@code null}
 * @param reportDir   where report.html, report.json, certification.txt and junit.xml go
 * @param threads     scenarios run in parallel
 * @param excludeIds  assertion ids excluded on the command line
 * @param excludeFile a file of local exclusions ({@code ID LINK REASON} per line), or {@code null}
 */
public record TckOptions(boolean help, Map<String, String> properties, String tags, Path featuresDir, Path reportDir,
                         int threads, List<String> excludeIds, Path excludeFile) {

    /** Options without local exclusions. */
    public TckOptions(boolean help, Map<String, String> properties, String tags, Path featuresDir, Path reportDir,
                      int threads) {
        this(help, properties, tags, featuresDir, reportDir, threads, List.of(), null);
    }

    /** The command line as picocli reads it; {@link #parse} turns it into {@link TckOptions}. */
    @Command(name = "java -jar kafka-tck.jar", sortOptions = false, usageHelpWidth = 110, synopsisHeading = "",
            customSynopsis = {"Usage: java -jar kafka-tck.jar [options]",
                    "       java -jar kafka-tck.jar bench [options]     (side-by-side benchmark; bench --help)",
                    "       java -jar kafka-tck.jar self-test [options] (how sharp the spec is; self-test --help)", ""},
            description = {"Grades a Kafka broker against the Kafka TCK spec: runs every scenario of the spec through "
                    + "the real Java kafka-clients and prints a per-profile verdict. Exit code 0 only when every @must "
                    + "scenario that ran passed; 1 when some failed or the target was unusable; 2 for a bad command "
                    + "line. A run with --tags, --features (an edited spec) or --exclude is PARTIAL: it certifies "
                    + "nothing.", "",
                    "Target (default: the bundled reference broker, started in this JVM):"},
            footer = {"", "Every target setting can also come from system properties (-Dtck.target=external,",
                    "-Dtck.bootstrap.servers=host:9092, -Dtck.client.security.protocol=SSL) or environment variables",
                    "(TCK_TARGET, TCK_BOOTSTRAP_SERVERS, TCK_CLIENT_SECURITY_PROTOCOL)."})
    static final class Line {
        @Option(names = "--target", paramLabel = "KIND", order = 1,
                description = "reference | external | apache-kafka | container")
        String target;
        @Option(names = "--bootstrap-servers", paramLabel = "LIST", order = 2,
                description = "brokers to grade; implies --target external")
        String bootstrapServers;
        @Option(names = "--client-property", paramLabel = "K=V", order = 3,
                description = "property for every client, repeatable (e.g. security.protocol=SSL)")
        List<String> clientProperties = new ArrayList<>();
        @Option(names = "--image", paramLabel = "IMAGE", order = 4,
                description = "image to start; implies --target container (needs Docker)")
        String image;
        @Option(names = "--container-port", paramLabel = "PORT", order = 5,
                description = "Kafka port of the image, published on the same host port (9092)")
        String containerPort;
        @Option(names = "--kafka-version", paramLabel = "VERSION", order = 7,
                description = "Apache Kafka release to run, e.g. 4.0.1; implies --target apache-kafka (default: the "
                        + "bundled 4.4.0)")
        String kafkaVersion;
        @Option(names = "--kafka-cache", paramLabel = "DIR", order = 8,
                description = "where other Kafka versions are kept (~/.cache/kafka-tck/kafka)")
        String kafkaCache;
        @Option(names = "--security", paramLabel = "MODE", order = 9,
                description = "plaintext | sasl_ssl: how the reference and apache-kafka targets are secured; sasl_ssl "
                        + "starts them with only a SASL_SSL listener (self-signed certificate, SCRAM-SHA-512 users "
                        + "admin, alice, bob) and the authorizer on (plaintext)")
        String security;
        @Option(names = "--config", paramLabel = "FILE", order = 6,
                description = "a tck.yaml with tck.* settings (also read from ./tck.yaml)")
        String config;
        @Option(names = "--tags", paramLabel = "EXPRESSION", order = 10,
                description = "Cucumber tag expression, e.g. \"@core and @must\" or \"not @robustness\"")
        String tags = "";
        @Option(names = "--features", paramLabel = "DIR", order = 11,
                description = "run the feature files in DIR instead of the bundled spec")
        Path features;
        @Option(names = "--exclude", paramLabel = "ID", order = 12,
                description = "do not run the scenario with this assertion id, repeatable")
        List<String> exclude = new ArrayList<>();
        @Option(names = "--exclude-file", paramLabel = "FILE", order = 13,
                description = "do not run the scenarios FILE lists ('ID LINK REASON' per line)")
        Path excludeFile;
        @Option(names = "--report-dir", paramLabel = "DIR", order = 14,
                description = "where report.html, report.json, certification.txt, cucumber.html and junit.xml go "
                        + "(tck-report)")
        Path reportDir = Path.of("tck-report");
        @Option(names = "--threads", paramLabel = "N", order = 15, description = "scenarios run in parallel (4)")
        String threads = "4";
        @Option(names = {"--help", "-h"}, usageHelp = true, order = 20, description = "this text")
        boolean help;
    }

    /** @return the usage text of {@code --help} */
    public static String usage() {
        return new CommandLine(new Line()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * @param args the command line
     * @throws IllegalArgumentException with a one-line message for a bad command line
     */
    public static TckOptions parse(String[] args) {
        Line line = new Line();
        try {
            new CommandLine(line).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see --help)");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (line.target != null) {
            if (!TargetConfig.KINDS.contains(line.target)) {
                throw new IllegalArgumentException("--target must be one of " + TargetConfig.KINDS + ", got '"
                        + line.target + "'");
            }
            properties.put("tck.target", line.target);
        }
        if (line.bootstrapServers != null) {
            properties.put("tck.bootstrap.servers", line.bootstrapServers);
            properties.putIfAbsent("tck.target", "external");
        }
        for (String pair : line.clientProperties) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--client-property needs KEY=VALUE, got '" + pair + "'");
            }
            properties.put("tck.client." + pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (line.image != null) {
            properties.put("tck.container.image", line.image);
            properties.putIfAbsent("tck.target", "container");
        }
        if (line.kafkaVersion != null) {
            properties.put("tck.kafka.version", line.kafkaVersion);
            properties.putIfAbsent("tck.target", "apache-kafka");
        }
        if (line.kafkaCache != null) {
            properties.put("tck.kafka.cache", line.kafkaCache);
        }
        if (line.security != null) {
            try {
                properties.put("tck.security", org.kafkatck.tck.targets.TargetSecurity.parse(line.security).configName());
            } catch (org.kafkatck.tck.targets.TargetUnavailableException e) {
                throw new IllegalArgumentException("--security must be one of "
                        + org.kafkatck.tck.targets.TargetSecurity.names() + ", got '" + line.security + "'");
            }
        }
        if (line.containerPort != null) {
            properties.put("tck.container.port", line.containerPort);
        }
        if (line.config != null) {
            if (!Files.isReadable(Path.of(line.config))) {
                throw new IllegalArgumentException("--config file '" + line.config + "' is not readable");
            }
            properties.put("tck.config", line.config);
        }
        if (line.features != null && !Files.isDirectory(line.features)) {
            throw new IllegalArgumentException("--features '" + line.features + "' is not a directory");
        }
        if (line.excludeFile != null && !Files.isReadable(line.excludeFile)) {
            throw new IllegalArgumentException("--exclude-file '" + line.excludeFile + "' is not readable");
        }
        int threads;
        try {
            threads = Integer.parseInt(line.threads);
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be a number from 1 to 64, got '" + line.threads + "'");
        }
        return new TckOptions(line.help, properties, line.tags, line.features, line.reportDir, threads,
                List.copyOf(line.exclude), line.excludeFile);
    }

    /** @return the options that select scenarios, for logs */
    public List<String> describe() {
        List<String> described = new ArrayList<>(List.of("tags=" + (tags.isEmpty() ? "(all)" : tags),
                "features=" + (featuresDir == null ? "(bundled spec)" : featuresDir.toString())));
        if (!excludeIds.isEmpty() || excludeFile != null) {
            described.add("local exclusions=" + excludeIds + (excludeFile == null ? "" : " + " + excludeFile));
        }
        described.add("report-dir=" + reportDir);
        described.add("threads=" + threads);
        return described;
    }
}
