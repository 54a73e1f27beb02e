package org.kafkatck.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.kafkatck.broker.acl.AclAuthorizer;

/**
 * What a handler knows besides the request body, and what the request's principal may do.
 *
 * <p>Handlers ask {@link #authorized}, {@link #authorizedCluster} or {@link #authorizedAny} before acting, as Kafka's
 * {@code KafkaApis} asks its {@code AuthHelper}. Without an authorizer ({@code broker.authorizer.enabled} false, the
 * default) every answer is yes at the cost of one boolean test.
 *
 * @param header     the request header (API version, client id, correlation id)
 * @param peer       the client's address as {@code host:port}
 * @param listener   the name of the listener the request arrived on; {@code null} stands for the default one
 * @param principal  who the client is ({@code User:ANONYMOUS} unless TLS or SASL established more), for authorization
 * @param authorizer decides with the broker's ACLs; {@link AclAuthorizer#NONE} allows everything
 */
public record RequestContext(RequestHeader header, String peer, String listener, KafkaPrincipal principal,
                             AclAuthorizer authorizer) {

    /**
     * A request checked against no ACLs.
     *
     * @param header    the request header
     * @param peer      the client's address
     * @param listener  the listener's name, {@code null} for the default one
     * @param principal who the client is
     */
    public RequestContext(RequestHeader header, String peer, String listener, KafkaPrincipal principal) {
        this(header, peer, listener, principal, AclAuthorizer.NONE);
    }

    /**
     * A request from an anonymous client on the default listener (tests and the self-test's mutants).
     *
     * @param header the request header
     * @param peer   the client's address
     */
    public RequestContext(RequestHeader header, String peer) {
        this(header, peer, null, KafkaPrincipal.ANONYMOUS);
    }

    /** @return the version the request was sent in, and the response must be written in */
    public short apiVersion() {
        return header.apiVersion();
    }

    /** @return the client's IP address, the host ACLs are matched against */
    public String clientHost() {
        int colon = peer.lastIndexOf(':');
        return colon < 0 ? peer : peer.substring(0, colon);
    }

    /** @return whether ACLs are checked at all (filters and authorized operations are skipped when not) */
    public boolean authorizing() {
        return authorizer.enabled();
    }

    /**
     * @param operation    what the request wants to do
     * @param resourceType the kind of resource
     * @param name         the resource's name
     * @return whether the principal may (always, without an authorizer)
     */
    public boolean authorized(AclOperation operation, ResourceType resourceType, String name) {
        return !authorizer.enabled() || authorizer.authorize(principal, clientHost(), operation, resourceType, name)
                == AuthorizationResult.ALLOWED;
    }

    /**
     * @param operation what the request wants to do to the cluster
     * @return whether the principal may (always, without an authorizer)
     */
    public boolean authorizedCluster(AclOperation operation) {
        return authorized(operation, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }

    /**
     * Kafka's {@code authorizeByResourceType}: whether the principal may perform {@code operation} on some resource
     * of the type (InitProducerId for an idempotent producer asks for WRITE on any topic).
     *
     * @param operation    what the request wants to do
     * @param resourceType the kind of resource
     * @return whether the principal may (always, without an authorizer)
     */
    public boolean authorizedAny(AclOperation operation, ResourceType resourceType) {
        return !authorizer.enabled() || authorizer.authorizeAny(principal, clientHost(), operation, resourceType)
                == AuthorizationResult.ALLOWED;
    }

    /**
     * @param resourceType the kind of resource
     * @param name         the resource's name
     * @return the bit field of the operations the principal may perform on it, for {@code *_authorized_operations}
     */
    public int authorizedOperations(ResourceType resourceType, String name) {
        return authorizer.authorizedOperations(principal, clientHost(), resourceType, name);
    }
}
