package org.kafkatck.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a {@link KafkaConnection} moves bytes: reads request bytes and writes whole response frames. A plain
 * TCP connection ({@link ChannelTransport}) reads and writes its socket channel; a TLS one ({@link TlsTransport})
 * goes through the JDK's {@code SSLSocket}.
 */
interface Transport {

    /**
     * Reads what has arrived, waiting for at least one byte.
     *
     * @param into where the bytes go, from its position; a heap buffer
     * @return bytes read, or -1 when the client closed the connection
     */
    int read(ByteBuffer into) throws IOException;

    /** Writes a whole response frame, in order, returning once every byte is handed to the socket. */
    void write(ResponseFrame frame) throws IOException;

    /** Closes the connection from its own thread (a TLS connection says goodbye first); failures are ignored. */
    void close();
}
