package org.kafkatck.tck.selftest;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.kafkatck.broker.RecoveryFault;
import org.kafkatck.broker.api.ApiHandler;
import org.kafkatck.broker.api.HandlerDecorator;
import org.kafkatck.broker.api.RequestContext;

/**
 * A deliberately wrong broker: the reference broker with one behaviour broken the way a real
 * Kafka-compatible broker once shipped it. The spec is sharp when it fails on every mutant.
 *
 * @param id        stable, kebab-case name, e.g. {@code fetch-ignores-offset}
 * @param api       the API whose behaviour is broken; the self-test runs the scenarios tagged with it
 * @param behaviour what the mutant does wrong, in one line
 * @param source    the public report of a real broker that shipped this bug (or the Kafka test that pins it)
 * @param mutation  how the API's handler is broken
 * @param fault     how the broker's recovery is broken ({@link RecoveryFault#NONE} for a handler mutant): a
 *                  recovery mutant, see {@link #recovery}
 * @param scenarios the tag expression of the scenarios that judge it, or {@code null} for those tagged
 *                  {@code @api:<api>}
 * @param secured   whether the mutant runs on a secured reference broker (SASL_SSL, authorizer on, the
 *                  {@code security} profile's users): a mutant of authentication or authorization, see
 *                  {@link #secured}
 */
public record Mutant(String id, ApiKeys api, String behaviour, String source, Mutation<?, ?> mutation,
                     RecoveryFault fault, String scenarios, boolean secured) {

    /** A mutant of a plain-text reference broker. */
    public Mutant(String id, ApiKeys api, String behaviour, String source, Mutation<?, ?> mutation,
                  RecoveryFault fault, String scenarios) {
        this(id, api, behaviour, source, mutation, fault, scenarios, false);
    }

    /** A handler mutant, judged by the scenarios tagged with its API. */
    public Mutant(String id, ApiKeys api, String behaviour, String source, Mutation<?, ?> mutation) {
        this(id, api, behaviour, source, mutation, RecoveryFault.NONE, null);
    }

    /**
     * A mutant of authorization: the reference broker secured as {@code tck.security=sasl_ssl} makes it, with the
     * handler of {@code api} broken; judged by the {@code security} profile's scenarios tagged with {@code api}
     * (the only ones that run as users other than a super user).
     */
    public static <Q extends ApiMessage, R extends ApiMessage> Mutant secured(String id, ApiKeys api, String behaviour,
                                                                              String source, Mutation<Q, R> mutation) {
        return secured(id, api, behaviour, source, "@api:" + api.name, mutation);
    }

    /**
     * A mutant of authorization judged by the {@code security} profile's scenarios that {@code scenarios} selects
     * (a tag expression), for a mutant of the ACLs every scenario of the profile creates.
     */
    public static <Q extends ApiMessage, R extends ApiMessage> Mutant secured(String id, ApiKeys api, String behaviour,
                                                                              String source, String scenarios,
                                                                              Mutation<Q, R> mutation) {
        return new Mutant(id, api, behaviour, source, mutation, RecoveryFault.NONE,
                "@security and (" + scenarios + ")", true);
    }

    /**
     * The broken handler: given the request and the reference broker's own handler, answers as the
     * mutant would.
     *
     * @param <Q> request message
     * @param <R> response message
     */
    @FunctionalInterface
    public interface Mutation<Q extends ApiMessage, R extends ApiMessage> {
        /**
         * @param context the request header
         * @param request the request
         * @param broker  the reference broker's handler: {@code broker.handle(context, request)} is the right answer
         * @return the mutant's answer
         */
        R handle(RequestContext context, Q request, ApiHandler<Q, R> broker);
    }

    /** A mutant that answers its own way. */
    public static <Q extends ApiMessage, R extends ApiMessage> Mutant of(String id, ApiKeys api, String behaviour,
                                                                         String source, Mutation<Q, R> mutation) {
        return new Mutant(id, api, behaviour, source, mutation);
    }

    /** A mutant that changes the request (in place) before the broker serves it. */
    public static <Q extends ApiMessage, R extends ApiMessage> Mutant request(String id, ApiKeys api, String behaviour,
                                                                              String source, Consumer<Q> edit) {
        return new Mutant(id, api, behaviour, source, (Mutation<Q, R>) (context, request, broker) -> {
            edit.accept(request);
            return broker.handle(context, request);
        });
    }

    /** A mutant that changes the broker's response (in place) before it is sent. */
    public static <Q extends ApiMessage, R extends ApiMessage> Mutant response(String id, ApiKeys api, String behaviour,
                                                                               String source, BiConsumer<Q, R> edit) {
        return new Mutant(id, api, behaviour, source, (Mutation<Q, R>) (context, request, broker) -> {
            R response = broker.handle(context, request);
            if (response != null) {
                edit.accept(request, response);
            }
            return response;
        });
    }

    /**
     * A mutant inside the broker, where no handler decorator reaches: how it recovers its state when it starts.
     * Recovery runs before any request is served, so the mutant is not a wrapped handler but a
     * {@link RecoveryFault} the self-test hands to the in-process reference broker through its one test-only
     * entry point ({@code ReferenceBroker.start(config, decorator, fault)}, never reachable from the broker's
     * configuration or command line). The target keeps the fault across its restarts, so the fault acts at each
     * restart a scenario makes; the scenarios that judge it are those that restart the broker ({@code scenarios}).
     *
     * @param api the API whose answers the fault makes wrong, for the self-test's table
     */
    public static Mutant recovery(String id, ApiKeys api, String behaviour, String source, RecoveryFault fault,
                                  String scenarios) {
        return new Mutant(id, api, behaviour, source, null, fault, scenarios);
    }

    /** @return the tag expression of the scenarios that judge this mutant */
    public String selection() {
        return scenarios != null ? scenarios : "@api:" + api.name;
    }

    /** @return the reference broker carrying this mutant */
    public org.kafkatck.tck.targets.ReferenceBrokerTarget target() {
        return new org.kafkatck.tck.targets.ReferenceBrokerTarget(decorator(), fault, secured
                ? org.kafkatck.tck.targets.TargetSecurity.SASL_SSL : org.kafkatck.tck.targets.TargetSecurity.PLAINTEXT);
    }

    /** @return the decorator that installs this mutant in a reference broker */
    public HandlerDecorator decorator() {
        if (mutation == null) {
            return HandlerDecorator.NONE;
        }
        return handler -> handler.apiKey() == api ? new MutatedHandler<>(handler, mutation) : handler;
    }

    /** The reference broker's handler with the mutation in front of it. */
    private static final class MutatedHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {
        private final ApiHandler<Q, R> broker;
        private final Mutation<Q, R> mutation;

        @SuppressWarnings("unchecked")
        MutatedHandler(ApiHandler<?, ?> broker, Mutation<?, ?> mutation) {
            this.broker = (ApiHandler<Q, R>) broker;
            this.mutation = (Mutation<Q, R>) mutation;
        }

        @Override
        public ApiKeys apiKey() {
            return broker.apiKey();
        }

        @Override
        public short minVersion() {
            return broker.minVersion();
        }

        @Override
        public short maxVersion() {
            return broker.maxVersion();
        }

        @Override
        public R handle(RequestContext context, Q request) {
            return mutation.handle(context, request, broker);
        }
    }
}
