package org.kafkatck.broker.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkatck.broker.storage.LogDirectory;

import static org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_256;
import static org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512;
import static org.assertj.core.api.Assertions.assertThat;

/** The durable SCRAM credential store: replay, removals, a torn last record, and seeding from config. */
class ScramCredentialStoreTest {

    private static ScramCredential credential(ScramMechanism mechanism, String password, int iterations)
            throws Exception {
        return new ScramFormatter(mechanism).generateCredential(password, iterations);
    }

    private static ScramCredentialStore open(Path dir) {
        return ScramCredentialStore.open(dir, true, LogDirectory.of(dir));
    }

    @Test
    void credentialsAndRemovalsSurviveAReopenByteForByte(@TempDir Path dir) throws Exception {
        ScramCredential alice = credential(SCRAM_SHA_512, "alice-secret", 8192);
        try (ScramCredentialStore store = open(dir)) {
            store.put("alice", SCRAM_SHA_512, alice);
            store.put("bob", SCRAM_SHA_256, credential(SCRAM_SHA_256, "bob-secret", 4096));
            store.apply(List.of(new ScramCredentialStore.Remove("bob", SCRAM_SHA_256),
                    new ScramCredentialStore.Put("carol", SCRAM_SHA_256, credential(SCRAM_SHA_256, "c", 4096))));
        }
        try (ScramCredentialStore store = open(dir)) {
            assertThat(store.describe()).isEqualTo(Map.of("alice", Map.of(SCRAM_SHA_512, 8192),
                    "carol", Map.of(SCRAM_SHA_256, 4096)));
            ScramCredential read = store.get("alice", SCRAM_SHA_512);
            assertThat(read.salt()).isEqualTo(alice.salt());
            assertThat(read.storedKey()).isEqualTo(alice.storedKey());
            assertThat(read.serverKey()).isEqualTo(alice.serverKey());
            assertThat(store.get("bob", SCRAM_SHA_256)).isNull();
        }
        assertThat(Files.readString(dir.resolve("credentials.log"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("alice-secret");
    }

    @Test
    void aTornLastRecordIsDroppedAndTheRestKept(@TempDir Path dir) throws Exception {
        try (ScramCredentialStore store = open(dir)) {
            store.put("alice", SCRAM_SHA_256, credential(SCRAM_SHA_256, "a", 4096));
        }
        Files.write(dir.resolve("credentials.log"), new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND);
        try (ScramCredentialStore store = open(dir)) {
            assertThat(store.describe()).isEqualTo(Map.of("alice", Map.of(SCRAM_SHA_256, 4096)));
        }
    }

    @Test
    void seedingAddsOnlyMissingScramCredentials(@TempDir Path dir) throws Exception {
        List<SaslUser> users = List.of(new SaslUser("alice", "alice-secret", List.of("PLAIN", "SCRAM-SHA-256",
                "SCRAM-SHA-512")), new SaslUser("bob", "bob-secret", List.of("PLAIN")));
        ScramCredential altered = credential(SCRAM_SHA_512, "changed", 10_000);
        try (ScramCredentialStore store = open(dir)) {
            assertThat(store.seed(users, 4096)).isEqualTo(2);
            store.put("alice", SCRAM_SHA_512, altered);
        }
        try (ScramCredentialStore store = open(dir)) {
            assertThat(store.seed(users, 4096)).as("nothing missing").isZero();
            assertThat(store.describe()).isEqualTo(Map.of("alice", Map.of(SCRAM_SHA_256, 4096, SCRAM_SHA_512, 10_000)));
            assertThat(store.get("alice", SCRAM_SHA_512).storedKey()).isEqualTo(altered.storedKey());
        }
    }
}
