package org.kafkatck.broker.api;

import java.util.Collection;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.kafkatck.broker.BrokerIdentity;

/**
 * The answer to a change of this broker's own configs, which are all read from its configuration file at
 * start: refused as Apache Kafka refuses a broker config it cannot change at runtime.
 */
final class StaticBrokerConfigs {
    private StaticBrokerConfigs() {
    }

    static ApiError refuse(String resourceName, BrokerIdentity identity, Collection<String> names) {
        if (!resourceName.isEmpty() && !resourceName.equals(Integer.toString(identity.nodeId()))) {
            return new ApiError(Errors.INVALID_REQUEST, "Unexpected broker id, expected " + identity.nodeId()
                    + " or empty string, but received " + resourceName);
        }
        if (names.isEmpty()) {
            return ApiError.NONE;
        }
        return new ApiError(Errors.INVALID_REQUEST, "Cannot update these configs dynamically: " + names);
    }
}
