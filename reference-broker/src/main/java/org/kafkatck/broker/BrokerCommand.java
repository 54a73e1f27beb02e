package org.kafkatck.broker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

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
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see --help)", e);
        }
        return command;
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
