package org.kafkatck.broker.api;

import java.util.List;

import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * SaslHandshake (API 17) on a listener without SASL. Kafka advertises the API on every listener; on one that
 * does not authenticate, KafkaApis answers ILLEGAL_SASL_STATE with no mechanisms. On a SASL listener the
 * connection's {@link org.kafkatck.broker.security.SaslAuthenticator} answers instead, and this handler only
 * declares the versions served: v0 and v1, as Kafka 4.4.0 (after v0, the SASL tokens follow as raw size-prefixed
 * frames without Kafka headers; after v1, in SaslAuthenticate requests).
 */
public final class SaslHandshakeHandler extends VersionedHandler<SaslHandshakeRequestData, SaslHandshakeResponseData> {

    /** Serves v0 and v1. */
    public SaslHandshakeHandler() {
        super(ApiKeys.SASL_HANDSHAKE, 0, 1);
    }

    @Override
    public SaslHandshakeResponseData handle(RequestContext context, SaslHandshakeRequestData request) {
        return new SaslHandshakeResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setMechanisms(List.of());
    }
}
