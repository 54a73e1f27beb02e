package org.kafkatck.tck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this TCK build, stamped by Maven into {@code kafka-tck/tck.properties}. */
public final class TckVersion {
    private TckVersion() {
    }

    /** @return e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} for a build without the stamp */
    public static String current() {
        try (InputStream in = TckVersion.class.getResourceAsStream("/kafka-tck/tck.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TCK's version", e);
        }
    }
}
