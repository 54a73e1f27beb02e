package org.kafkatck.broker.api;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * A whole request refused, answered in the shape Kafka's {@code sendErrorResponseMaybeThrottle} gives it: the API's
 * own error response from kafka-clients ({@code AbstractRequest.getErrorResponse}), with the error's default message,
 * so every field a refusal sets (error codes per partition, -1 ids, empty names) is Kafka's.
 */
final class Refusal {
    private Refusal() {
    }

    /**
     * @param context the request's context (its API and version)
     * @param request the request refused
     * @param error   why, e.g. {@link Errors#GROUP_AUTHORIZATION_FAILED}
     * @param <R>     the API's response type
     * @return the API's error response carrying {@code error}
     */
    @SuppressWarnings("unchecked")
    static <R extends ApiMessage> R of(RequestContext context, ApiMessage request, Errors error) {
        short version = context.apiVersion();
        // the request classes build the error response; they are made from the wire form, so round-trip through it
        AbstractRequest parsed = AbstractRequest.parseRequest(context.header().apiKey(), version,
                MessageUtil.toByteBufferAccessor(request, version)).request;
        ApiException exception = error.exception();
        return (R) parsed.getErrorResponse(0, exception).data();
    }
}
