package org.kafkatck.tck.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * The APIs an Apache Kafka broker of the kafka-clients version on the classpath (4.4.0) advertises on its
 * client listener, with the version range it advertises: the yardstick {@code docs/coverage.md} measures
 * the spec against.
 *
 * <p>The list and ranges are the ones the broker computes itself ({@code ApiVersionsResponse.filterApis} for
 * the broker listener, unstable versions off), so they follow kafka-clients without a hand-kept table.
 * Client telemetry is counted as enabled: a broker advertises {@code GetTelemetrySubscriptions} and
 * {@code PushTelemetry} only when a client-telemetry metrics reporter is configured, and a default broker
 * (like the TCK's {@code apache-kafka} target) answers the other 77.
 */
public final class KafkaApis {
    /** The Kafka version these APIs are taken from: the kafka-clients the TCK is built with. */
    public static final String KAFKA_VERSION = "4.4.0";

    private KafkaApis() {
    }

    /**
     * One API a Kafka broker advertises.
     *
     * @param api the API
     * @param min the oldest version the broker advertises
     * @param max the newest version the broker advertises
     */
    public record Advertised(ApiKeys api, short min, short max) {
        /** @return the version the Java clients of this kafka-clients send to this broker: the newest both know */
        public short clientVersion() {
            return (short) Math.min(max, api.latestVersion());
        }

        /** @return the oldest version the Java clients can still encode that the broker advertises */
        public short clientOldest() {
            return (short) Math.max(min, api.oldestVersion());
        }

        /** @return whether only a broker with a client-telemetry reporter advertises this API */
        public boolean telemetryOnly() {
            return api == ApiKeys.GET_TELEMETRY_SUBSCRIPTIONS || api == ApiKeys.PUSH_TELEMETRY;
        }
    }

    /** @return every API a Kafka broker advertises (client telemetry enabled), in key order */
    public static List<Advertised> broker() {
        ApiVersionsResponseData.ApiVersionCollection ranges =
                ApiVersionsResponse.filterApis(ApiMessageType.ListenerType.BROKER, false, true);
        List<Advertised> apis = new ArrayList<>();
        for (ApiKeys api : ApiKeys.apisForListener(ApiMessageType.ListenerType.BROKER)) {
            ApiVersionsResponseData.ApiVersion range = ranges.find(api.id);
            if (range != null) {
                apis.add(new Advertised(api, range.minVersion(), range.maxVersion()));
            }
        }
        apis.sort(Comparator.comparingInt(a -> a.api().id));
        return apis;
    }
}
