package org.kafkatck.tck.targets;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;

/**
 * Reads the answer to an ApiVersions request the way KIP-511 defines it, and when the bytes are not such an
 * answer, says in one line what they are: the version asked, the size and first bytes, what the header and
 * body parse as in the asked version and in v0, and what KIP-511 expects instead. A broker vendor should be
 * able to fix the broker from that line alone.
 *
 * @param data      the parsed body, null when the answer is not valid
 * @param diagnosis why the answer is not valid, empty when it is
 */
record ApiVersionsAnswer(ApiVersionsResponseData data, String diagnosis) {

    /** At most this many leading bytes are shown: enough for the header, the error code and the api count. */
    static final int SHOWN_BYTES = 24;

    static final String KIP_511 = "KIP-511 expects a supported version to be answered in that version's layout, and an"
            + " unsupported one with error UNSUPPORTED_VERSION (35) in a v0 body (int16 error code, int32 api count,"
            + " then int16 api key, min and max version per api) that lists the supported ApiVersions range, so the"
            + " client can retry at a version the broker supports";

    /** @return whether the answer is a valid ApiVersions response */
    boolean valid() {
        return data != null;
    }

    /**
     * Interprets one response frame.
     *
     * @param asked         the ApiVersions version of the request
     * @param correlationId the request's correlation id
     * @param frame         the response frame without its size prefix
     */
    static ApiVersionsAnswer read(short asked, int correlationId, byte[] frame) {
        if (frame.length < 6) {
            return invalid(asked, correlationId, frame, "the response is too short to hold a correlation id and an"
                    + " error code");
        }
        int answeredId = ByteBuffer.wrap(frame).getInt(0);
        short error = ByteBuffer.wrap(frame).getShort(4);
        if (answeredId != correlationId) {
            return invalid(asked, correlationId, frame, "the response's correlation id does not match the request's");
        }
        boolean fallback = error == Errors.UNSUPPORTED_VERSION.code();
        short layout = fallback ? 0 : asked;
        Attempt attempt = Attempt.of(frame, layout);
        if (attempt.parsed() != null) {
            return new ApiVersionsAnswer(attempt.parsed(), "");
        }
        return invalid(asked, correlationId, frame, fallback
                ? "the response says UNSUPPORTED_VERSION but its body is not the v0 body KIP-511 requires"
                : "the response body is not an ApiVersions v" + asked + " body");
    }

    private static ApiVersionsAnswer invalid(short asked, int correlationId, byte[] frame, String problem) {
        StringBuilder out = new StringBuilder("malformed answer to ApiVersions v").append(asked).append(": ")
                .append(problem).append(". Response: ").append(frame.length).append(" byte(s) after the size prefix, ")
                .append(hex(frame)).append("; ");
        if (frame.length < 4) {
            out.append("no correlation id");
        } else {
            int answeredId = ByteBuffer.wrap(frame).getInt(0);
            out.append("correlation id ").append(answeredId).append(answeredId == correlationId
                    ? " (matches the request)" : " (the request's is " + correlationId + ")");
        }
        if (frame.length >= 6) {
            short error = ByteBuffer.wrap(frame).getShort(4);
            out.append(", error code ").append(error).append(" (").append(Errors.forCode(error).name()).append(')');
            out.append("; as v").append(asked).append(": ").append(Attempt.of(frame, asked).describe());
            if (asked != 0) {
                out.append("; as v0: ").append(Attempt.of(frame, (short) 0).describe());
            }
        }
        return new ApiVersionsAnswer(null, out.append(". ").append(KIP_511).toString());
    }

    /** The first {@link #SHOWN_BYTES} bytes in hex, with an ellipsis when there are more. */
    static String hex(byte[] frame) {
        int shown = Math.min(frame.length, SHOWN_BYTES);
        String bytes = HexFormat.ofDelimiter(" ").formatHex(frame, 0, shown);
        return (bytes.isEmpty() ? "no bytes" : bytes) + (frame.length > shown ? " ..." : "");
    }

    /**
     * One strict attempt at parsing the body in a version: kafka-clients' parser, and no byte left over.
     *
     * @param version  the layout tried
     * @param apiCount the api count as the layout reads it, null when the bytes end before it
     * @param parsed   the body, null when it does not parse
     * @param failure  why it does not parse
     */
    private record Attempt(short version, Long apiCount, ApiVersionsResponseData parsed, String failure) {

        static Attempt of(byte[] frame, short version) {
            ByteBuffer body = ByteBuffer.wrap(frame, 6, frame.length - 6).slice();
            Long count = apiCount(body.duplicate(), version >= 3);
            ByteBuffer all = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
            try {
                ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(all), version);
                if (all.hasRemaining()) {
                    return new Attempt(version, count, null, all.remaining() + " byte(s) left over after parsing");
                }
                return new Attempt(version, count, data, "");
            } catch (RuntimeException e) {
                // kafka-clients' messages end with a period; a buffer underflow has no message at all
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return new Attempt(version, count, null, why.endsWith(".") ? why.substring(0, why.length() - 1) : why);
            }
        }

        /** v3 and later use a compact array (unsigned varint of count + 1), older versions an int32 count. */
        private static Long apiCount(ByteBuffer body, boolean flexible) {
            try {
                return flexible ? Integer.toUnsignedLong(new ByteBufferAccessor(body).readUnsignedVarint()) - 1L : (long) body.getInt();
            } catch (RuntimeException e) {
                return null;
            }
        }

        String describe() {
            String count = apiCount == null ? "no api count" : "api count " + apiCount;
            return parsed != null ? "parses, " + count : count + ", does not parse: " + failure;
        }
    }
}
