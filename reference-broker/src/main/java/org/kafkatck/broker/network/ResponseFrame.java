package org.kafkatck.broker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A size-prefixed response frame as a list of parts, built by kafka-clients' {@link SendBuilder}:
 * record batches in the response (a Fetch's data) are referenced, not copied into one big buffer, so
 * a megabyte-sized Fetch response costs no extra allocation and copy on its way to the socket. Batches
 * read from a segment file stay there as {@link FileRegion}s, which hold file handles until
 * {@link #release()}.
 *
 * @param parts the frame's bytes, in order: each a {@link ByteBuffer} or a {@link FileRegion}
 */
record ResponseFrame(List<?> parts) {

    /** Encodes a response with its header. */
    static ResponseFrame encode(int correlationId, short headerVersion, ApiMessage body, short version) {
        Send send = SendBuilder.buildResponseSend(new ResponseHeader(correlationId, headerVersion), body, version);
        Collector collector = new Collector();
        try {
            while (!send.completed()) {
                send.writeTo(collector);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResponseFrame(collector.buffers);
    }

    /** @return the frame's size in bytes, size prefix included */
    int size() {
        long size = 0;
        for (Object part : parts) {
            size += switch (part) {
                case ByteBuffer buffer -> buffer.remaining();
                case FileRegion region -> region.count();
                default -> throw new IllegalStateException("not a frame part: " + part);
            };
        }
        return Math.toIntExact(size);
    }

    /** Closes the file handles of the frame's file regions, once it is written or will not be. */
    void release() {
        for (Object part : parts) {
            if (part instanceof FileRegion region) {
                try {
                    region.channel().close();
                } catch (IOException e) {
                    // a read-only handle has nothing to lose
                }
            }
        }
    }

    /** A channel that keeps the buffers written to it instead of writing them anywhere. */
    private static final class Collector implements TransferableChannel {
        private final List<Object> buffers = new ArrayList<>();

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += write(sources[i]);
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            int length = source.remaining();
            if (length > 0) {
                buffers.add(source.slice());
                source.position(source.limit());
            }
            return length;
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel file, long position, long count) {
            if (count > 0) {
                buffers.add(new FileRegion(file, position, count));
            }
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing is held
        }
    }
}
