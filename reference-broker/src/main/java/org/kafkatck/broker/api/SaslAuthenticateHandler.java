package org.kafkatck.broker.api;

import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * SaslAuthenticate (API 36) on a listener without SASL: KafkaApis' answer, ILLEGAL_SASL_STATE "SaslAuthenticate
 * request received after successful authentication" (such a connection counts as authenticated). On a SASL
 * listener the connection's {@link org.kafkatck.broker.security.SaslAuthenticator} answers instead, and this
 * handler only declares the versions served, v0 to v2 (v1 and later tell that the client can re-authenticate).
 */
public final class SaslAuthenticateHandler
        extends VersionedHandler<SaslAuthenticateRequestData, SaslAuthenticateResponseData> {

    /** Serves v0 to v2. */
    public SaslAuthenticateHandler() {
        super(ApiKeys.SASL_AUTHENTICATE, 0, 2);
    }

    @Override
    public SaslAuthenticateResponseData handle(RequestContext context, SaslAuthenticateRequestData request) {
        return new SaslAuthenticateResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                .setErrorMessage("SaslAuthenticate request received after successful authentication")
                .setAuthBytes(new byte[0]);
    }
}
