package org.kafkatck.broker.api;

import org.apache.kafka.common.protocol.Errors;

/**
 * How a transactional error reaches clients of older versions. KIP-588 gave fencing its own error,
 * PRODUCER_FENCED; request versions from before it get INVALID_PRODUCER_EPOCH instead, as Apache Kafka answers.
 */
final class TransactionErrors {
    private TransactionErrors() {
    }

    /**
     * @param fencedSince the first version of the request that may carry PRODUCER_FENCED
     * @return {@code error} as a request of {@code version} may carry it
     */
    static Errors forVersion(Errors error, short version, int fencedSince) {
        return error == Errors.PRODUCER_FENCED && version < fencedSince ? Errors.INVALID_PRODUCER_EPOCH : error;
    }
}
