package org.kafkatck.broker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code java -jar reference-broker.jar [config.yaml]}, parsed by picocli. The
 * settings themselves come from Helidon Config (see {@link ReferenceBroker#main}); the command line only
 * names the optional YAML file.
 */
@Command(name = "reference-broker", customSynopsis = "java -jar reference-broker.jar [config.yaml]",
        usageHelpAutoWidth = false, usageHelpWidth = 100,
        description = {"",
                "Starts the Kafka TCK reference broker. Settings come from the built-in",
                "application.yaml, then the optional YAML file, then environment variables",
                "(BROKER_PORT=9093) and system properties (-Dbroker.port=9093), each overriding",
                "the one before. Keys: broker.port, broker.host, broker.http.port,",
                "broker.advertised.host, broker.advertised.port, broker.node.id,",
                "broker.storage.mode (disk|memory), broker.storage.dir, broker.segment.bytes,",
                "broker.flush.policy (os|always|interval), broker.flush.interval.ms,",
                "broker.topics.autocreate, broker.topics.partitions, broker.request.max.bytes,",
                "broker.message.max.bytes, broker.connections.max.idle.ms,",
                "broker.group.initial.rebalance.delay.ms, broker.group.min.session.timeout.ms,",
                "broker.group.max.session.timeout.ms.",
                ""})
public final class BrokerCommand {
    @Parameters(arity = "0..1", paramLabel = "config.yaml", description = "a YAML file overriding the defaults")
    private Path configFile;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    private boolean help;

    private BrokerCommand() {
    }

    /**
     * @param args the broker's command-line arguments
     * @return the parsed command line
     * @throws IllegalArgumentException with a one-line message when the arguments are not understood
     */
    public static BrokerCommand parse(String... args) {
        BrokerCommand command = new BrokerCommand();
        // The usual command lines (nothing, or a file name) skip picocli, whose model of this class costs about
        // a tenth of a second of a start that aims at under one; it reads and reports everything else.
        if (args.length == 0) {
            return command;
        }
        if (args.length == 1 && !args[0].isEmpty() && !args[0].startsWith("-")) {
            try {
                command.configFile = Path.of(args[0]);
                return command;
            } catch (java.nio.file.InvalidPathException e) {
                // picocli's message names the argument
            }
        }
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see --help)", e);
        }
        return command;
    }

    /**
     * Runs a broker from its command line, as {@code main} does for each broker this jar ships: parses the
     * arguments, prints the help, reads the configuration and starts the broker, closing it on JVM shutdown.
     * Bad arguments or settings end the JVM with status 2 and a one-line message, a failed start with 1.
     *
     * @param args     the command-line arguments
     * @param what     how the message of a failed start names the broker ("Broker", "Sink")
     * @param forced   settings above every other layer (the sink's memory storage)
     * @param starter  starts the broker on the configuration read
     */
    public static void run(String[] args, String what, Map<String, String> forced,
                           Function<BrokerConfig, AutoCloseable> starter) {
        BrokerCommand command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (command.help()) {
            System.out.print(usage());
            System.exit(0);
        }
        try {
            AutoCloseable broker = starter.apply(BrokerConfig.from(loadConfig(command.configFile().orElse(null),
                    forced)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.close();
                } catch (Exception e) {
                    System.err.println(what + " did not close cleanly: " + rootMessage(e));
                }
            }, "broker-shutdown"));
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println(what + " failed to start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /**
     * Reads the configuration layers: built-in defaults, an optional file, environment variables, system
     * properties and {@code forced}, each overriding the one before.
     *
     * @param file   the YAML file of the command line, or {@code null}
     * @param forced settings no other layer overrides
     * @return the configuration
     * @throws InvalidConfigException when {@code file} cannot be read
     */
    public static Config loadConfig(Path file, Map<String, String> forced) {
        if (file != null && !Files.isReadable(file)) {
            throw new InvalidConfigException("config file", file.toString(), "a readable YAML file");
        }
        Config.Builder builder = Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource();
        if (!forced.isEmpty()) {
            builder.addSource(ConfigSources.create(forced));
        }
        builder.addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.environmentVariables());
        if (file != null) {
            builder.addSource(ConfigSources.file(file));
        }
        return builder.addSource(ConfigSources.classpath("application.yaml")).build();
    }

    /** @return the exception's message, and its root cause when another exception caused it */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    /** @return the help text of {@code --help} */
    public static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(new BrokerCommand()).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }

    /** @return whether {@code --help} (or {@code -h}) was asked for */
    public boolean help() {
        return help;
    }

    /** @return the YAML file overriding the defaults, if one was named */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }
}
