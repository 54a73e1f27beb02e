package org.kafkatck.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces small files (topic metadata, checkpoints, snapshots, indexes) so that a crash at any point
 * leaves either the old content or the new one, never a mix or an empty file: the new content goes to a
 * temporary sibling, is forced to disk, renamed over the target, and the rename is made durable by
 * forcing the directory.
 */
public final class AtomicFile {
    private static final String TMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /**
     * Writes {@code content} as the whole new content of {@code file}.
     *
     * @throws IOException when any step fails; the previous content of {@code file} is then unchanged
     */
    public static void write(Path file, byte[] content) throws IOException {
        replace(file, content, true);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Replaces a file that can be rebuilt from the log if lost (an index, a producer-state snapshot):
     * atomically, so a reader sees the old or the new content, but without forcing it to disk. Its
     * reader must check what it reads (a checksum, a version) and rebuild what does not check out;
     * thousands of partitions then close in well under a second instead of waiting on thousands of fsyncs.
     */
    public static void writeRebuildable(Path file, byte[] content) throws IOException {
        replace(file, content, false);
    }

    private static void replace(Path file, byte[] content, boolean force) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes creations, renames and deletions of entries in {@code dir} durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its file system orders metadata updates itself
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** Removes a temporary file left behind by a write that a crash interrupted. */
    public static void deleteLeftover(Path file) throws IOException {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + TMP_SUFFIX));
    }
}
