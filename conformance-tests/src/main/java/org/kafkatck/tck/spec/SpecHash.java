package org.kafkatck.tck.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a spec: SHA-256 over every feature file, in path order, with its relative path. Two
 * directories with the same hash hold the same scenarios, whatever they are called or where they came from,
 * so a run of an edited spec can be told from a run of the published one. Line endings are normalised, so a
 * checkout on Windows hashes as one on Linux.
 */
public final class SpecHash {
    private SpecHash() {
    }

    /** @return the lower-case hex SHA-256 of the feature files under {@code dir} */
    public static String of(Path dir) throws IOException {
        MessageDigest digest = sha256();
        for (Path file : SpecFiles.features(dir)) {
            digest.update(SpecFiles.relative(dir, file).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
