package org.kafkatck.tck.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A Kafka connection for the cases a normal client cannot express: requests in a chosen version, broken
 * or oversized frames. Requests and responses are kafka-clients' own message classes. It runs over the
 * target's security (TLS, SASL) as the Java clients do; see {@link #open}.
 *
 * <p>Every read is bounded by the socket timeout, so a broker that never answers fails the step
 * instead of hanging the run.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String address;
    private int correlationId;
    private ApiVersionsResponseData apiVersions;
    private volatile BiConsumer<ApiKeys, Short> onRequest = (api, version) -> { };

    private RawConnection(Socket socket, String address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /**
     * Connects to {@code host:port} with the security the Java clients use for {@code clientProperties}: TLS
     * on SSL and SASL_SSL, then the SASL exchange on SASL_PLAINTEXT and SASL_SSL, so that the first frame a
     * scenario writes is the first frame after authentication (a scenario that misbehaves on the wire
     * misbehaves there, as an authenticated client).
     *
     * @param hostPort         address of one broker
     * @param timeout          connect and read timeout
     * @param clientProperties the target's client properties (empty for plain text)
     * @throws UncheckedIOException  when the broker cannot be reached or the TLS handshake fails
     * @throws IllegalStateException when authentication fails, with a one-line reason
     */
    public static RawConnection open(String hostPort, Duration timeout, Map<String, String> clientProperties) {
        ClientSecurity security = ClientSecurity.of(clientProperties);
        RawConnection connection = connect(hostPort, timeout, security);
        if (security.sasl()) {
            try {
                SaslExchange.authenticate(connection, security, host(hostPort));
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            // the scenario's frames are numbered as on a plain-text connection
            connection.correlationId = 0;
        }
        return connection;
    }

    /**
     * Connects to {@code host:port} with the transport of {@code clientProperties} (TLS on SSL and SASL_SSL)
     * but does not authenticate: for scenarios about what a broker does with a client that has not (yet)
     * authenticated.
     */
    public static RawConnection openUnauthenticated(String hostPort, Duration timeout,
                                                    Map<String, String> clientProperties) {
        return connect(hostPort, timeout, ClientSecurity.of(clientProperties));
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static RawConnection connect(String hostPort, Duration timeout, ClientSecurity security) {
        String host = host(hostPort);
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("Cannot connect to " + hostPort + ": " + e.getMessage(), e);
        }
        Socket connected = socket;
        if (security.tls()) {
            try {
                connected = security.secure(socket, host, port);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new UncheckedIOException("TLS handshake with " + hostPort + " failed: " + e.getMessage(), e);
            }
        }
        try {
            return new RawConnection(connected, hostPort);
        } catch (IOException e) {
            closeQuietly(connected);
            throw new UncheckedIOException("Cannot connect to " + hostPort + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /**
     * Has every request frame written from now on reported with its API key and version, so a failed
     * scenario can name the request the broker answered wrongly.
     *
     * @return this connection
     */
    public RawConnection onRequest(BiConsumer<ApiKeys, Short> listener) {
        this.onRequest = listener;
        return this;
    }

    /** @return the broker address this connection is bound to */
    public String address() {
        return address;
    }

    /**
     * Sends a request in {@code version} and decodes the response of the same version.
     *
     * @throws UncheckedIOException when the broker closes the connection or does not answer in time
     */
    @SuppressWarnings("unchecked")
    public <R extends ApiMessage> R send(ApiKeys api, short version, ApiMessage request) {
        int id = nextCorrelationId();
        writeFrame(encode(new RequestHeader(api, version, "kafka-tck-raw", id), request, version));
        ByteBuffer response = readFrame();
        short headerVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        ResponseHeader header = ResponseHeader.parse(response, headerVersion);
        if (header.correlationId() != id) {
            throw new IllegalStateException("Response correlation id " + header.correlationId() + " does not match request "
                    + id);
        }
        R parsed = (R) AbstractResponse.parseResponse(api, new ByteBufferAccessor(response), version).data();
        requireFullyRead(response, api, version);
        return parsed;
    }

    /**
     * A response is exactly one message of the version asked for: bytes left over after parsing mean
     * the broker wrote another version's layout, or fields that version does not carry.
     *
     * @throws IllegalStateException when bytes are left over
     */
    private void requireFullyRead(ByteBuffer response, ApiKeys api, short version) {
        if (response.hasRemaining()) {
            throw new IllegalStateException("The " + api.name + " v" + version + " response from " + address + " has "
                    + response.remaining() + " byte(s) left over after parsing: it is not a " + api.name + " v"
                    + version + " response");
        }
    }

    /**
     * Sends ApiVersions in {@code version} and decodes the answer, which is in the v0 format when the
     * broker does not support that version (KIP-511).
     */
    public ApiVersionsResponseData apiVersions(short version) {
        return apiVersions(version, "kafka-tck");
    }

    /** Sends ApiVersions naming the client software {@code softwareName} (checked by brokers from v3). */
    public ApiVersionsResponseData apiVersions(short version, String softwareName) {
        int id = nextCorrelationId();
        ApiVersionsRequestData request = new ApiVersionsRequestData()
                .setClientSoftwareName(softwareName).setClientSoftwareVersion("1.0");
        short bodyVersion = (short) Math.min(version, ApiKeys.API_VERSIONS.latestVersion());
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "kafka-tck-raw", id);
        writeFrame(encode(header, request, bodyVersion));
        ByteBuffer response = readFrame();
        ResponseHeader.parse(response, (short) 0);
        short error = response.getShort(response.position());
        short parseVersion = error == Errors.UNSUPPORTED_VERSION.code() ? 0 : bodyVersion;
        ApiVersionsResponseData parsed = new ApiVersionsResponseData(new ByteBufferAccessor(response), parseVersion);
        requireFullyRead(response, ApiKeys.API_VERSIONS, parseVersion);
        return parsed;
    }

    /**
     * The highest version of {@code api} both this TCK and the broker speak, capped at {@code cap}.
     *
     * @throws IllegalStateException when they share none
     */
    public short version(ApiKeys api, short cap) {
        if (apiVersions == null) {
            apiVersions = apiVersions((short) 3);
        }
        ApiVersionsResponseData.ApiVersion range = apiVersions.apiKeys().find(api.id);
        if (range == null) {
            throw new IllegalStateException("The broker does not advertise " + api.name);
        }
        short max = (short) Math.min(Math.min(range.maxVersion(), api.latestVersion()), cap);
        short min = (short) Math.max(range.minVersion(), api.oldestVersion());
        if (max < min) {
            throw new IllegalStateException("No common version of " + api.name + ": broker v" + range.minVersion()
                    + "-v" + range.maxVersion() + ", TCK v" + api.oldestVersion() + "-v" + Math.min(cap, api.latestVersion()));
        }
        return max;
    }

    /** Sends bytes exactly as given (a frame with its size prefix, or anything else). */
    public void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code payload} with a size prefix. */
    public void writeFrame(ByteBuffer payload) {
        report(payload);
        try {
            out.writeInt(payload.remaining());
            out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to " + address + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the broker to close this connection.
     *
     * @return true when the connection was closed (end of stream or reset) within {@code within};
     *         false when it stayed open or the broker sent data instead
     */
    public boolean closedByBroker(Duration within) {
        try {
            socket.setSoTimeout((int) within.toMillis());
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A frame that starts with a known API key (request header: INT16 key, INT16 version) is reported. */
    private void report(ByteBuffer payload) {
        if (payload.remaining() < 4) {
            return;
        }
        short key = payload.getShort(payload.position());
        short version = payload.getShort(payload.position() + 2);
        if (ApiKeys.hasId(key)) {
            onRequest.accept(ApiKeys.forId(key), version);
        }
    }

    /** Encodes a request header and body, without the size prefix. */
    public static ByteBuffer encode(RequestHeader header, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.data().size(cache, header.headerVersion());
        int bodySize = body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(headerSize + bodySize);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.data().write(accessor, cache, header.headerVersion());
        body.write(accessor, cache, version);
        return buffer.flip();
    }

    /** @return the next correlation id of this connection */
    public int nextCorrelationId() {
        return ++correlationId;
    }

    /**
     * Reads the next response frame as sent, without its size prefix, for scenarios that write several
     * requests before reading (pipelining) and parse the header themselves.
     *
     * @throws UncheckedIOException when the broker closes the connection or does not answer in time
     */
    public ByteBuffer readResponseFrame() {
        return readFrame();
    }

    private ByteBuffer readFrame() {
        try {
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("negative response size " + size);
            }
            byte[] bytes = in.readNBytes(size);
            if (bytes.length < size) {
                throw new EOFException("after " + bytes.length + " of the " + size
                        + " response bytes its size prefix announced");
            }
            return ByteBuffer.wrap(bytes);
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("No response from " + address + " within the timeout", e);
        } catch (EOFException e) {
            throw new UncheckedIOException("The broker at " + address + " closed the connection"
                    + (e.getMessage() == null ? " without an answer" : " " + e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading from " + address + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
