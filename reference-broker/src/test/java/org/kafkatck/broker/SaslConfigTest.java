package org.kafkatck.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.security.SaslSettings;
import org.kafkatck.broker.security.SaslUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code broker.sasl.*} and {@code broker.connections.max.reauth.ms}: defaults, a YAML file, and each bad value. */
class SaslConfigTest {

    private static SaslSettings parse(Map<String, String> values) {
        return BrokerConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).addSource(ConfigSources.classpath("application.yaml")).build())
                .sasl();
    }

    private static SaslSettings parse(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, yaml);
        return BrokerConfig.from(ReferenceBroker.loadConfig(file)).sasl();
    }

    @Test
    void defaultsOfferEveryMechanismToNoUserWithoutReauthentication() {
        SaslSettings sasl = parse(Map.of());
        assertThat(sasl.enabledMechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
        assertThat(sasl.users()).isEmpty();
        assertThat(sasl.scramIterations()).isEqualTo(4096);
        assertThat(sasl.maxReauth()).isEqualTo(Duration.ZERO);
        assertThat(sasl.failedAuthenticationDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(sasl.maxReceiveBytes()).isEqualTo(524288);
        assertThat(BrokerConfig.forTests().sasl()).isEqualTo(SaslSettings.DEFAULTS);
    }

    @Test
    void usersComeFromAYamlList(@TempDir Path dir) throws Exception {
        SaslSettings sasl = parse(dir, """
                broker:
                  connections:
                    max:
                      reauth:
                        ms: 60000
                  connection.failed.authentication.delay.ms: 250
                  sasl:
                    server.max.receive.size: 65536
                    enabled:
                      mechanisms: [SCRAM-SHA-512, PLAIN]
                    scram:
                      iterations: 8192
                    users:
                      - {name: alice, password: alice-secret}
                      - name: bob
                        password: bob-secret
                        mechanisms: SCRAM-SHA-512
                """);
        assertThat(sasl.enabledMechanisms()).containsExactly("SCRAM-SHA-512", "PLAIN");
        assertThat(sasl.users()).containsExactly(
                new SaslUser("alice", "alice-secret", List.of("SCRAM-SHA-512", "PLAIN")),
                new SaslUser("bob", "bob-secret", List.of("SCRAM-SHA-512")));
        assertThat(sasl.scramIterations()).isEqualTo(8192);
        assertThat(sasl.maxReauth()).isEqualTo(Duration.ofMinutes(1));
        assertThat(sasl.failedAuthenticationDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(sasl.maxReceiveBytes()).isEqualTo(65536);
        assertThat(sasl.users().get(0).toString()).doesNotContain("alice-secret");
    }

    @Test
    void usersHoldCredentialsForTheMechanismsAListenerAddsToTheBrokerWideOnes(@TempDir Path dir) throws Exception {
        SaslSettings sasl = parse(dir, """
                broker:
                  listeners:
                    - {name: CLIENTS, port: 0, security.protocol: SASL_PLAINTEXT}
                    - {name: PARTNERS, port: 0, security.protocol: SASL_PLAINTEXT, sasl.enabled.mechanisms: SCRAM-SHA-256}
                  sasl:
                    enabled.mechanisms: PLAIN
                    users:
                      - {name: alice, password: alice-secret}
                      - {name: bob, password: bob-secret, mechanisms: SCRAM-SHA-256}
                """);
        assertThat(sasl.enabledMechanisms()).containsExactly("PLAIN");
        assertThat(sasl.users()).containsExactly(
                new SaslUser("alice", "alice-secret", List.of("PLAIN", "SCRAM-SHA-256")),
                new SaslUser("bob", "bob-secret", List.of("SCRAM-SHA-256")));
        assertThatThrownBy(() -> parse(dir, """
                broker:
                  sasl:
                    enabled.mechanisms: PLAIN
                    users:
                      - {name: bob, password: bob-secret, mechanisms: SCRAM-SHA-256}
                """)).hasMessage("Invalid configuration: broker.sasl.users.0.mechanisms = 'SCRAM-SHA-256', expected"
                + " mechanisms among [PLAIN] (SCRAM-SHA-256 is not)");
    }

    @Test
    void invalidValuesNameTheKey(@TempDir Path dir) {
        assertThatThrownBy(() -> parse(Map.of("broker.sasl.enabled.mechanisms", "PLAIN,GSSAPI")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: broker.sasl.enabled.mechanisms = 'PLAIN,GSSAPI', expected mechanisms"
                        + " among [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512] (GSSAPI is not)");
        assertThatThrownBy(() -> parse(Map.of("broker.sasl.enabled.mechanisms", "PLAIN,PLAIN")))
                .hasMessage("Invalid configuration: broker.sasl.enabled.mechanisms = 'PLAIN,PLAIN', expected each"
                        + " mechanism once (PLAIN is repeated)");
        assertThatThrownBy(() -> parse(Map.of("broker.sasl.enabled.mechanisms", " ")))
                .hasMessage("Invalid configuration: broker.sasl.enabled.mechanisms = '', expected at least one of"
                        + " [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
        assertThatThrownBy(() -> parse(Map.of("broker.sasl.scram.iterations", "4095")))
                .hasMessage("Invalid configuration: broker.sasl.scram.iterations = '4095', expected an integer from 4096"
                        + " to 16384");
        assertThatThrownBy(() -> parse(Map.of("broker.connections.max.reauth.ms", "-1")))
                .hasMessageContaining("broker.connections.max.reauth.ms");
        assertThatThrownBy(() -> parse(Map.of("broker.connection.failed.authentication.delay.ms", "-1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: broker.connection.failed.authentication.delay.ms = '-1', expected an"
                        + " integer from 0 to 2147483647");
        assertThatThrownBy(() -> parse(Map.of("broker.sasl.server.max.receive.size", "0")))
                .hasMessage("Invalid configuration: broker.sasl.server.max.receive.size = '0', expected an integer from 1"
                        + " to 2147483647");
        assertThatThrownBy(() -> parse(Map.of("broker.connection.failed.authentication.delay.ms", "soon")))
                .hasMessage("Invalid configuration: broker.connection.failed.authentication.delay.ms = 'soon', expected"
                        + " an integer from 0 to 2147483647");
        assertThatThrownBy(() -> parse(dir, "broker:\n  sasl:\n    users:\n      - {name: alice}\n"))
                .hasMessage("Invalid configuration: broker.sasl.users.0.password = '', expected a non-empty password for"
                        + " user alice");
        assertThatThrownBy(() -> parse(dir, "broker:\n  sasl:\n    users:\n      - {password: x}\n"))
                .hasMessage("Invalid configuration: broker.sasl.users.0.name = '', expected a user name");
        assertThatThrownBy(() -> parse(dir, "broker:\n  sasl:\n    users:\n      - {name: a, password: x}\n"
                + "      - {name: a, password: y}\n"))
                .hasMessage("Invalid configuration: broker.sasl.users.1.name = 'a', expected a name not given to another"
                        + " user");
        assertThatThrownBy(() -> parse(dir, "broker:\n  sasl:\n    enabled:\n      mechanisms: PLAIN\n    users:\n"
                + "      - {name: a, password: x, mechanisms: [SCRAM-SHA-256]}\n"))
                .hasMessage("Invalid configuration: broker.sasl.users.0.mechanisms = 'SCRAM-SHA-256', expected"
                        + " mechanisms among [PLAIN] (SCRAM-SHA-256 is not)");
    }
}
