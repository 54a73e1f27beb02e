package org.kafkatck.tck.targets;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.kafkatck.tck.wire.RawConnection;

/**
 * The check made before any scenario: the TCK asks the target for ApiVersions with a raw request and
 * compares what it advertises with what the spec and the Java client need. A target the Java client
 * cannot talk to at all (no answer, a malformed answer, or no common version of an API every client
 * needs) is graded NOT COMPATIBLE at once with that reason, instead of letting every scenario time out.
 *
 * @param compatible whether scenarios can run
 * @param reason     why not, when not
 * @param rows       the version matrix of the APIs the spec exercises
 * @param advertised every API the target advertised, in key order; empty when it did not answer
 */
public record Preflight(boolean compatible, String reason, List<Row> rows, List<Advertised> advertised) {

    /** A preflight without the target's full answer (it gave none). */
    public Preflight(boolean compatible, String reason, List<Row> rows) {
        this(compatible, reason, rows, List.of());
    }

    /**
     * One API as the target advertised it.
     *
     * @param key the API key
     * @param api its name, or {@code unknown-KEY} for a key this TCK's kafka-clients does not know
     * @param min the oldest version advertised
     * @param max the newest version advertised
     */
    public record Advertised(int key, String api, int min, int max) {
    }

    /**
     * APIs the spec exercises, in the order the matrix lists them: every API a scenario is tagged with
     * ({@code PreflightTest} holds the list to the spec), plus those the Java client sends on its own for a
     * scenario (ConsumerGroupHeartbeat for the consumer protocol, AddPartitionsToTxn and AddOffsetsToTxn for
     * transactions on a broker without transaction protocol v2).
     */
    static final List<ApiKeys> SPEC_APIS = List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.CREATE_TOPICS,
            ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DELETE_RECORDS, ApiKeys.DESCRIBE_CLUSTER,
            ApiKeys.DESCRIBE_TOPIC_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ALTER_CONFIGS,
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP,
            ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
            ApiKeys.DESCRIBE_GROUPS, ApiKeys.LIST_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE,
            ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.INIT_PRODUCER_ID, ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.END_TXN, ApiKeys.DESCRIBE_TRANSACTIONS,
            ApiKeys.LIST_TRANSACTIONS, ApiKeys.DESCRIBE_PRODUCERS, ApiKeys.WRITE_TXN_MARKERS, ApiKeys.SASL_HANDSHAKE,
            ApiKeys.SASL_AUTHENTICATE, ApiKeys.DESCRIBE_ACLS, ApiKeys.CREATE_ACLS, ApiKeys.DELETE_ACLS,
            ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS);

    /** Without a common version of these, the Java client cannot produce or consume at all. */
    static final Set<ApiKeys> ESSENTIAL = Set.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);

    /**
     * One API in the matrix.
     *
     * @param api       the API
     * @param targetMin oldest version the target advertises, -1 when absent
     * @param targetMax newest version the target advertises, -1 when absent
     * @param clientMin oldest version the Java client speaks
     * @param clientMax newest version the Java client speaks
     */
    public record Row(ApiKeys api, int targetMin, int targetMax, int clientMin, int clientMax) {
        /** @return whether the target and the client share a version */
        public boolean usable() {
            return targetMax >= 0 && Math.max(targetMin, clientMin) <= Math.min(targetMax, clientMax);
        }
    }

    /**
     * Runs the check against the target's first bootstrap server.
     *
     * @param timeout bound on connecting and on the answer
     */
    public static Preflight check(BrokerTarget target, Duration timeout) {
        // a secured target is checked the same way, over TLS and after SASL as its clients connect
        Map<String, String> security = target.clientProperties();
        try {
            org.kafkatck.tck.wire.ClientSecurity.of(security);
        } catch (IllegalArgumentException e) {
            // e.g. a mechanism raw frames cannot authenticate with (GSSAPI, OAUTHBEARER): the Java clients may
            return new Preflight(true, "raw ApiVersions check skipped: " + e.getMessage(), List.of());
        }
        String first = target.bootstrapServers().split(",")[0].trim();
        ApiVersionsResponseData response;
        try {
            response = exchange(first, (short) 3, timeout, security);
            ApiVersionsResponseData.ApiVersion supported = response.apiKeys().find(ApiKeys.API_VERSIONS.id);
            if (response.errorCode() == Errors.UNSUPPORTED_VERSION.code() && supported != null
                    && supported.maxVersion() < 3) {
                // an older broker: ask again in the newest version it named, as clients do (KIP-511)
                response = exchange(first, supported.maxVersion(), timeout, security);
            }
        } catch (RuntimeException e) {
            return new Preflight(false, "ApiVersions to " + first + " failed: " + rootMessage(e), List.of());
        }
        if (response.errorCode() != Errors.NONE.code()) {
            return new Preflight(false, "ApiVersions answered " + Errors.forCode(response.errorCode()), List.of());
        }
        List<Row> rows = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (ApiKeys api : SPEC_APIS) {
            ApiVersionsResponseData.ApiVersion range = response.apiKeys().find(api.id);
            Row row = new Row(api, range == null ? -1 : range.minVersion(), range == null ? -1 : range.maxVersion(),
                    api.oldestVersion(), api.latestVersion());
            rows.add(row);
            if (ESSENTIAL.contains(api) && !row.usable()) {
                unusable.add(api.name);
            }
        }
        List<Advertised> advertised = response.apiKeys().stream()
                .map(v -> new Advertised(v.apiKey(), ApiKeys.hasId(v.apiKey()) ? ApiKeys.forId(v.apiKey()).name
                        : "unknown-" + v.apiKey(), v.minVersion(), v.maxVersion()))
                .sorted(java.util.Comparator.comparingInt(Advertised::key)).toList();
        if (!unusable.isEmpty()) {
            return new Preflight(false, "the Java client shares no protocol version with the target for "
                    + String.join(", ", unusable) + " (see the version matrix)", rows, advertised);
        }
        return new Preflight(true, "", rows, advertised);
    }

    /**
     * Sends one ApiVersions request in {@code version} on a new connection and reads the answer as KIP-511
     * defines it.
     *
     * @throws IllegalStateException naming what the bytes parse as, when they are not a valid answer
     */
    private static ApiVersionsResponseData exchange(String address, short version, Duration timeout,
                                                    Map<String, String> security) {
        try (RawConnection connection = RawConnection.open(address, timeout, security)) {
            int id = connection.nextCorrelationId();
            ApiVersionsRequestData request = new ApiVersionsRequestData()
                    .setClientSoftwareName("kafka-tck").setClientSoftwareVersion("1.0");
            connection.writeFrame(RawConnection.encode(
                    new RequestHeader(ApiKeys.API_VERSIONS, version, "kafka-tck-raw", id), request, version));
            ByteBuffer frame;
            try {
                frame = connection.readResponseFrame();
            } catch (UncheckedIOException e) {
                // the message says what happened; the exception's class would only repeat it
                throw new IllegalStateException("no answer to ApiVersions v" + version + ": " + e.getMessage()
                        + ". " + ApiVersionsAnswer.KIP_511);
            }
            ApiVersionsAnswer answer = ApiVersionsAnswer.read(version, id,
                    Arrays.copyOfRange(frame.array(), frame.position(), frame.limit()));
            if (!answer.valid()) {
                throw new IllegalStateException(answer.diagnosis());
            }
            return answer.data();
        }
    }

    /** @return the matrix as a console table */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (!rows.isEmpty()) {
            out.append(String.format("%-24s %-10s %-14s %s%n", "API", "target", "java client", "status"));
            for (Row row : rows) {
                String targetRange = row.targetMax() < 0 ? "-" : "v" + row.targetMin() + "-v" + row.targetMax();
                String status = row.usable() ? "ok" : (row.targetMax() < 0 ? "not advertised" : "no common version");
                out.append(String.format("%-24s %-10s %-14s %s%n", row.api().name, targetRange,
                        "v" + row.clientMin() + "-v" + row.clientMax(), status));
            }
        }
        if (!reason.isEmpty()) {
            out.append(compatible ? "Preflight note: " : "Preflight failed: ").append(reason).append('\n');
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return cause == e ? message : message + " (" + cause.getClass().getSimpleName() + ")";
    }
}
