package org.kafkatck.broker;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker's command line: an optional YAML file, --help, and one-line errors. */
class BrokerCommandTest {

    @Test
    void noArgumentsMeansTheBuiltInSettings() {
        BrokerCommand command = BrokerCommand.parse();
        assertThat(command.configFile()).isEmpty();
        assertThat(command.help()).isFalse();
    }

    @Test
    void oneArgumentIsTheConfigFile() {
        assertThat(BrokerCommand.parse("my.yaml").configFile()).contains(Path.of("my.yaml"));
    }

    @Test
    void helpInBothSpellings() {
        assertThat(BrokerCommand.parse("--help").help()).isTrue();
        assertThat(BrokerCommand.parse("-h").help()).isTrue();
        assertThat(BrokerCommand.usage()).startsWith("Usage: java -jar reference-broker.jar [config.yaml]\n\n"
                        + "Starts the Kafka TCK reference broker.")
                .contains("broker.group.max.session.timeout.ms.\n")
                .contains("      [config.yaml]   a YAML file overriding the defaults\n")
                .contains("  -h, --help          print this help\n");
    }

    @Test
    void badArgumentsAreOneLineMessages() {
        assertThatThrownBy(() -> BrokerCommand.parse("a.yaml", "b.yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unmatched argument at index 1: 'b.yaml' (see --help)");
        assertThatThrownBy(() -> BrokerCommand.parse("--port")).hasMessage("Unknown option: '--port' (see --help)");
    }
}
