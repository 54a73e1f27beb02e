package org.kafkatck.tck.wire;

import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client properties read as kafka-clients reads them, for raw connections. */
class ClientSecurityTest {
    private static final String SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"alice\" password=\"alice-secret\";";

    @Test
    void noPropertiesMeanPlainTextWithoutAuthentication() {
        ClientSecurity security = ClientSecurity.of(Map.of());
        assertThat(security.protocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(security.tls()).isFalse();
        assertThat(security.sasl()).isFalse();
    }

    @Test
    void saslPlaintextTakesTheMechanismAndTheJaasCredentials() {
        ClientSecurity security = ClientSecurity.of(Map.of("security.protocol", "sasl_plaintext",
                "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", SCRAM_JAAS));
        assertThat(security.protocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
        assertThat(security.tls()).isFalse();
        assertThat(security.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(security.username()).isEqualTo("alice");
        assertThat(security.password()).isEqualTo("alice-secret");
        assertThat(security).hasToString("SASL_PLAINTEXT SCRAM-SHA-256 as alice");
    }

    @Test
    void theMechanismDefaultsToGssapiAsInTheClientsWhichRawFramesCannotSpeak() {
        assertThatThrownBy(() -> ClientSecurity.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.jaas.config", SCRAM_JAAS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sasl.mechanism GSSAPI is not supported on raw connections; use one of"
                        + " [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
    }

    @Test
    void badPropertiesAreNamed() {
        assertThatThrownBy(() -> ClientSecurity.of(Map.of("security.protocol", "TLS")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("security.protocol 'TLS' is not one of ");
        assertThatThrownBy(() -> ClientSecurity.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("security.protocol SASL_PLAINTEXT needs sasl.jaas.config with the username and password");
        assertThatThrownBy(() -> ClientSecurity.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required;")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sasl.jaas.config names no username and password");
        assertThatThrownBy(() -> ClientSecurity.of(Map.of("security.protocol", "SSL",
                "ssl.truststore.location", "/nonexistent/trust.p12", "ssl.truststore.password", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The ssl.* client properties cannot be loaded: ");
    }

    @Test
    void sslChecksHostNamesUnlessTheAlgorithmIsEmpty() {
        assertThat(ClientSecurity.of(Map.of("security.protocol", "SSL")).endpointIdentification()).isEqualTo("https");
        assertThat(ClientSecurity.of(Map.of("security.protocol", "SSL", "ssl.endpoint.identification.algorithm", ""))
                .endpointIdentification()).isEmpty();
    }
}
