package org.kafkatck.broker.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/** A blocking Kafka connection for cases the Java client cannot express: raw frames, any version. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;

    RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** @param socket a connected socket, e.g. TLS for a SASL_SSL listener */
    RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request in {@code version} and decodes the response of that version. */
    @SuppressWarnings("unchecked")
    <R extends ApiMessage> R send(ApiKeys api, short version, ApiMessage request) throws IOException {
        int id = ++correlationId;
        writeFrame(encode(new RequestHeader(api, version, "raw-client", id), request, version));
        ByteBuffer response = readFrame();
        short headerVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        ResponseHeader header = ResponseHeader.parse(response, headerVersion);
        if (header.correlationId() != id) {
            throw new IllegalStateException("correlation id " + header.correlationId() + ", expected " + id);
        }
        return (R) AbstractResponse.parseResponse(api, new ByteBufferAccessor(response), version).data();
    }

    /** Reads the response to a request written with {@link #writeRaw} or {@link #writeFrame}, in {@code version}. */
    @SuppressWarnings("unchecked")
    <R extends ApiMessage> R readResponse(ApiKeys api, short version) throws IOException {
        ByteBuffer response = readFrame();
        ResponseHeader.parse(response, api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version));
        return (R) AbstractResponse.parseResponse(api, new ByteBufferAccessor(response), version).data();
    }

    /** Sends a request and returns the raw response body (after a v0 response header). */
    ByteBuffer sendForRawResponse(ApiKeys api, short version, ApiMessage request, short bodyVersion) throws IOException {
        int id = ++correlationId;
        writeFrame(encode(new RequestHeader(api, version, "raw-client", id), request, bodyVersion));
        ByteBuffer response = readFrame();
        ResponseHeader.parse(response, (short) 0);
        return response;
    }

    /** Writes bytes as they are, size prefix included if the caller wants one. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** @return whether the broker closed this connection within the socket timeout */
    boolean closedByBroker() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    static ByteBuffer encode(RequestHeader header, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.data().size(cache, header.headerVersion());
        int bodySize = body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(headerSize + bodySize);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.data().write(accessor, cache, header.headerVersion());
        body.write(accessor, cache, version);
        return buffer.flip();
    }

    void writeFrame(ByteBuffer payload) throws IOException {
        out.writeInt(payload.remaining());
        out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
        out.flush();
    }

    /** @return the next frame's bytes, without a Kafka header (e.g. a SASL challenge after SaslHandshake v0) */
    byte[] readRawFrame() throws IOException {
        ByteBuffer frame = readFrame();
        return java.util.Arrays.copyOfRange(frame.array(), frame.position(), frame.limit());
    }

    /** @return this connection's local port, as the broker sees it */
    int localPort() {
        return socket.getLocalPort();
    }

    private ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new EOFException("negative frame size " + size);
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
