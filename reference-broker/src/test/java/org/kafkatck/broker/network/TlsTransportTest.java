package org.kafkatck.broker.network;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Over TLS a response goes to the socket's stream in 64 KiB writes, never a write (a TLS record) per small part. */
class TlsTransportTest {

    /** Records the length of every write, as SSLSocket turns each into records of its own. */
    private static final class CountingStream extends ByteArrayOutputStream {
        final List<Integer> writes = new ArrayList<>();

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            writes.add(length);
            super.write(bytes, offset, length);
        }
    }

    @Test
    void manySmallPartsAndAFileRegionGoOutInWritesOfTheStagingSize(@TempDir Path dir) throws IOException {
        byte[] content = new byte[200_000];
        new Random(4).nextBytes(content);
        Path file = Files.write(dir.resolve("segment"), content);
        List<Object> parts = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000; i++) {
            byte[] small = {(byte) i, (byte) (i >> 8), 7};
            parts.add(ByteBuffer.wrap(small));
            expected.write(small);
        }
        try (FileChannel region = FileChannel.open(file)) {
            parts.add(new FileRegion(region, 1_000, 150_000));
            expected.write(content, 1_000, 150_000);
            CountingStream out = new CountingStream();

            new TlsTransport(new ByteArrayInputStream(new byte[0]), out, () -> { }).write(new ResponseFrame(parts));

            assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
            // 153,000 bytes: two full 64 KiB writes and the rest
            assertThat(out.writes).containsExactly(TlsTransport.STAGING_BYTES, TlsTransport.STAGING_BYTES,
                    153_000 - 2 * TlsTransport.STAGING_BYTES);
        }
    }

    @Test
    void aLargeHeapPartIsWrittenWithoutBeingStaged() throws IOException {
        byte[] large = new byte[300_000];
        new Random(5).nextBytes(large);
        CountingStream out = new CountingStream();

        new TlsTransport(new ByteArrayInputStream(new byte[0]), out, () -> { })
                .write(new ResponseFrame(List.of(ByteBuffer.wrap(large))));

        assertThat(out.toByteArray()).isEqualTo(large);
        assertThat(out.writes).containsExactly(300_000);
    }
}
