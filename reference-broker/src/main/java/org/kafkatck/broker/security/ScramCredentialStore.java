package org.kafkatck.broker.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.kafkatck.broker.storage.ChecksummedFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * The broker's SCRAM credentials (Kafka keeps them as {@code UserScramCredentialRecord}s in the cluster
 * metadata log): per user and mechanism the salt, stored key, server key and iteration count. Never a
 * password: what is stored lets the server check a SCRAM proof, not recover the password.
 *
 * <p>Durable the way {@code txn/TransactionLog} is: every change is one checksummed record written before it
 * takes effect; on open the file is replayed and rewritten with what is live.
 */
public final class ScramCredentialStore implements AutoCloseable {
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;

    /** One credential to set or remove, the unit of an atomic {@link #apply(List)}. */
    public sealed interface Change {
        /** @return the user changed */
        String user();

        /** @return the mechanism changed */
        ScramMechanism mechanism();
    }

    /** Sets a user's credential for a mechanism. */
    public record Put(String user, ScramMechanism mechanism, ScramCredential credential) implements Change {
    }

    /** Removes a user's credential for a mechanism. */
    public record Remove(String user, ScramMechanism mechanism) implements Change {
    }

    private final Map<String, Map<ScramMechanism, ScramCredential>> users = new TreeMap<>();
    private final ChecksummedFile file;

    private ScramCredentialStore(ChecksummedFile file) {
        this.file = file;
    }

    /** @return a store that forgets everything on restart */
    public static ScramCredentialStore inMemory() {
        return new ScramCredentialStore(ChecksummedFile.of(null, false, LogDirectory.memory()));
    }

    /**
     * Opens (and compacts) the store in {@code dir}.
     *
     * @param syncEachWrite fsync every change before it takes effect
     * @param directory     the data directory's state: a failed write takes it offline
     */
    public static ScramCredentialStore open(Path dir, boolean syncEachWrite, LogDirectory directory) {
        ScramCredentialStore store = new ScramCredentialStore(ChecksummedFile.of(dir.resolve("credentials.log"),
                syncEachWrite, directory));
        try {
            Files.createDirectories(dir);
            store.file.replay(store::replay);
            ByteArrayOutputStream live = new ByteArrayOutputStream();
            store.users.forEach((user, credentials) -> credentials.forEach((mechanism, credential) ->
                    live.writeBytes(ChecksummedFile.frame(encode(new Put(user, mechanism, credential))))));
            store.file.rewrite(live.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the SCRAM credential store in " + dir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** @return the credential of {@code user} for {@code mechanism}, or {@code null} */
    public synchronized ScramCredential get(String user, ScramMechanism mechanism) {
        Map<ScramMechanism, ScramCredential> credentials = users.get(user);
        return credentials == null ? null : credentials.get(mechanism);
    }

    /** @return every user with at least one credential, and the iteration count of each mechanism, by name */
    public synchronized Map<String, Map<ScramMechanism, Integer>> describe() {
        Map<String, Map<ScramMechanism, Integer>> view = new TreeMap<>();
        users.forEach((user, credentials) -> {
            Map<ScramMechanism, Integer> iterations = new EnumMap<>(ScramMechanism.class);
            credentials.forEach((mechanism, credential) -> iterations.put(mechanism, credential.iterations()));
            view.put(user, iterations);
        });
        return view;
    }

    /**
     * Gives each configured user a SCRAM credential, derived from its password, for each of its SCRAM mechanisms
     * it has none for yet: config seeds the store, as {@code kafka-storage format --add-scram} seeds a new
     * cluster, and a credential changed later through AlterUserScramCredentials is not reverted by a restart.
     *
     * @param users      the configured users
     * @param iterations the iteration count of the derived credentials
     * @return how many credentials were added
     */
    public synchronized int seed(List<SaslUser> users, int iterations) {
        List<Change> added = new java.util.ArrayList<>();
        for (SaslUser user : users) {
            for (String name : user.mechanisms()) {
                ScramMechanism mechanism = ScramMechanism.forMechanismName(name);
                if (mechanism != null && get(user.name(), mechanism) == null) {
                    try {
                        added.add(new Put(user.name(), mechanism,
                                new ScramFormatter(mechanism).generateCredential(user.password(), iterations)));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException("The JDK lacks " + mechanism.hashAlgorithm(), e);
                    }
                }
            }
        }
        apply(added);
        return added.size();
    }

    /** Sets one credential, on disk first. */
    public void put(String user, ScramMechanism mechanism, ScramCredential credential) {
        apply(List.of(new Put(user, mechanism, credential)));
    }

    /**
     * Applies {@code changes} together: written to disk in one append before any takes effect, so a failed
     * write changes nothing.
     */
    public synchronized void apply(List<? extends Change> changes) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (Change change : changes) {
            records.writeBytes(ChecksummedFile.frame(encode(change)));
        }
        file.append(records.toByteArray(), "Writing SCRAM credentials");
        changes.forEach(this::applyInMemory);
    }

    /** Forces changes written since the last flush to disk. */
    public synchronized void flush() {
        file.flush("Flush of the SCRAM credentials");
    }

    @Override
    public synchronized void close() {
        file.close();
    }

    private void applyInMemory(Change change) {
        switch (change) {
            case Put put -> users.computeIfAbsent(put.user(), u -> new EnumMap<>(ScramMechanism.class))
                    .put(put.mechanism(), put.credential());
            case Remove remove -> {
                Map<ScramMechanism, ScramCredential> credentials = users.get(remove.user());
                if (credentials != null) {
                    credentials.remove(remove.mechanism());
                    if (credentials.isEmpty()) {
                        users.remove(remove.user());
                    }
                }
            }
        }
    }

    private static byte[] encode(Change change) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(change instanceof Put ? PUT : REMOVE);
            out.writeUTF(change.user());
            out.writeByte(change.mechanism().type());
            if (change instanceof Put put) {
                ScramCredential c = put.credential();
                writeBytes(out, c.salt());
                writeBytes(out, c.storedKey());
                writeBytes(out, c.serverKey());
                out.writeInt(c.iterations());
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void replay(DataInputStream in) throws IOException {
        byte type = in.readByte();
        String user = in.readUTF();
        byte mechanismType = in.readByte();
        ScramMechanism mechanism = null;
        for (ScramMechanism m : ScramMechanism.values()) {
            if (m.type() == mechanismType) {
                mechanism = m;
            }
        }
        if (mechanism == null) {
            throw new IOException("Unknown SCRAM mechanism type " + mechanismType);
        }
        switch (type) {
            case PUT -> applyInMemory(new Put(user, mechanism,
                    new ScramCredential(readBytes(in), readBytes(in), readBytes(in), in.readInt())));
            case REMOVE -> applyInMemory(new Remove(user, mechanism));
            default -> throw new IOException("Unknown record type " + type);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes;
    }
}
