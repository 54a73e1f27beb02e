package org.kafkatck.tck.selftest;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.kafkatck.broker.api.RequestContext;
import org.kafkatck.tck.targets.SecuredIdentities;

/**
 * Mutants of authorization: the secured reference broker (SASL_SSL, authorizer on) with one API that ignores its
 * ACLs, leaks what a user may not describe, names the wrong resource in its error, or keeps ACLs other than those
 * it was given. Each is judged by the {@code security} profile's scenarios tagged with its API, on a secured
 * reference broker ({@link Mutant#secured}). Sources are public reports of Kafka-compatible brokers where one
 * exists (collected in the research), else the Kafka behaviour the scenario pins.
 */
final class SecurityMutants {
    /** The secured reference target's super user: a request served as it passes every ACL check. */
    private static final KafkaPrincipal SUPER_USER = new KafkaPrincipal(KafkaPrincipal.USER_TYPE,
            SecuredIdentities.ADMIN);

    private SecurityMutants() {
    }

    static List<Mutant> all() {
        return List.of(
                ignoresAcls("produce-ignores-acls", ApiKeys.PRODUCE,
                        "appends to a topic whatever the producer's ACLs: no WRITE check",
                        "KafkaApis.handleProduceRequest: TOPIC WRITE per topic, else TOPIC_AUTHORIZATION_FAILED"
                                + " (AuthorizerIntegrationTest)"),
                ignoresAcls("fetch-ignores-acls", ApiKeys.FETCH,
                        "serves a consumer's fetch whatever its ACLs: no READ check",
                        "KafkaApis.handleFetchRequest: TOPIC READ per topic, else TOPIC_AUTHORIZATION_FAILED"),
                ignoresAcls("offset-commit-ignores-group-acl", ApiKeys.OFFSET_COMMIT,
                        "stores offsets for a group the committer may not READ",
                        "KafkaApis.handleOffsetCommitRequest: GROUP READ, else GROUP_AUTHORIZATION_FAILED for every"
                                + " partition"),
                ignoresAcls("list-offsets-ignores-acls", ApiKeys.LIST_OFFSETS,
                        "answers the offsets of a topic the user may not DESCRIBE",
                        "KafkaApis.handleListOffsetRequest: TOPIC DESCRIBE, else TOPIC_AUTHORIZATION_FAILED"),
                ignoresAcls("init-producer-id-ignores-transactional-id-acl", ApiKeys.INIT_PRODUCER_ID,
                        "initialises a transactional producer without WRITE on its transactional id",
                        "KafkaApis.handleInitProducerIdRequest: TRANSACTIONAL_ID WRITE, else"
                                + " TRANSACTIONAL_ID_AUTHORIZATION_FAILED"),
                ignoresAcls("describe-log-dirs-ignores-cluster-acl", ApiKeys.DESCRIBE_LOG_DIRS,
                        "describes the log dirs to a user without DESCRIBE on the cluster",
                        "KafkaApis.handleDescribeLogDirsRequest: CLUSTER DESCRIBE, else CLUSTER_AUTHORIZATION_FAILED"),
                ignoresAcls("create-acls-by-anyone", ApiKeys.CREATE_ACLS,
                        "lets any user create ACLs, granting itself whatever it likes",
                        "AclApis.handleCreateAcls: CLUSTER ALTER, else CLUSTER_AUTHORIZATION_FAILED"),
                ignoresAcls("list-groups-unfiltered", ApiKeys.LIST_GROUPS,
                        "lists every group to a user, also those it may not DESCRIBE",
                        "KafkaApis.handleListGroupsRequest: without CLUSTER DESCRIBE only groups with GROUP DESCRIBE"),
                Mutant.<MetadataRequestData, MetadataResponseData>secured("metadata-lists-undescribable-topics",
                        ApiKeys.METADATA, "lists every topic when asked for all, also those the user may not DESCRIBE",
                        "apache/kafka#1908 (KAFKA-3396): Metadata leaked unauthorized topics; streamnative/kop#662",
                        (context, request, broker) -> broker.handle(request.topics() == null || request.topics().isEmpty()
                                ? asSuperUser(context) : context, request)),
                Mutant.<MetadataRequestData, MetadataResponseData>secured("metadata-unauthorized-topic-unknown",
                        ApiKeys.METADATA, "answers UNKNOWN_TOPIC_OR_PARTITION for a topic the user may not DESCRIBE,"
                                + " which tells it which topics exist",
                        "apache/kafka#3924 (KAFKA-5547): TOPIC_AUTHORIZATION_FAILED whether or not the topic exists",
                        (context, request, broker) -> {
                            MetadataResponseData response = broker.handle(context, request);
                            response.topics().forEach(t -> {
                                if (t.errorCode() == Errors.TOPIC_AUTHORIZATION_FAILED.code()) {
                                    t.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                                }
                            });
                            return response;
                        }),
                Mutant.<CreateTopicsRequestData, CreateTopicsResponseData>secured(
                        "create-topics-cluster-error-for-topic", ApiKeys.CREATE_TOPICS,
                        "refuses a topic the user may not CREATE with CLUSTER_AUTHORIZATION_FAILED, naming the"
                                + " cluster instead of the topic",
                        "ControllerApis.createTopics: CLUSTER CREATE, else TOPIC CREATE per topic and"
                                + " TOPIC_AUTHORIZATION_FAILED",
                        (context, request, broker) -> {
                            CreateTopicsResponseData response = broker.handle(context, request);
                            response.topics().forEach(t -> {
                                if (t.errorCode() == Errors.TOPIC_AUTHORIZATION_FAILED.code()) {
                                    t.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
                                }
                            });
                            return response;
                        }),
                Mutant.<CreateAclsRequestData, CreateAclsResponseData>secured("prefixed-acl-stored-literal",
                        ApiKeys.CREATE_ACLS, "stores a PREFIXED ACL as a LITERAL one, so it grants only the resource"
                                + " named exactly as its prefix",
                        "confluentinc/kafka#1617 (prefixed ACLs not matching); KIP-290 prefixed ACLs",
                        "@api:CreateAcls or @id:SEC-019",
                        (context, request, broker) -> {
                            request.creations().forEach(c -> {
                                if (c.resourcePatternType() == PatternType.PREFIXED.code()) {
                                    c.setResourcePatternType(PatternType.LITERAL.code());
                                }
                            });
                            return broker.handle(context, request);
                        }),
                Mutant.<CreateAclsRequestData, CreateAclsResponseData>secured("deny-acls-never-applied",
                        ApiKeys.CREATE_ACLS, "acknowledges DENY ACLs but never applies them, so an ALLOW wins",
                        "StandardAuthorizer: any matching DENY decides before any ALLOW", "@api:CreateAcls or @id:SEC-020",
                        SecurityMutants::dropDenies),
                Mutant.<CreateAclsRequestData, CreateAclsResponseData>secured("topic-acl-also-grants-group",
                        ApiKeys.CREATE_ACLS, "applies an ACL on topics also to groups of the same name or prefix: the"
                                + " resource type is not compared",
                        "redpanda-data/redpanda#1579: a PREFIXED topic ACL authorized a group with that prefix",
                        "@api:CreateAcls or @id:SEC-019",
                        SecurityMutants::twinGroups),
                Mutant.<DescribeAclsRequestData, DescribeAclsResponseData>secured("describe-acls-ignores-filter",
                        ApiKeys.DESCRIBE_ACLS, "describes every ACL whatever the filter asks for",
                        "redpanda-data/redpanda#14373 (DescribeAcls answering ACLs nobody asked for)",
                        (context, request, broker) -> broker.handle(context, request
                                .setResourceTypeFilter(ResourceType.ANY.code()).setResourceNameFilter(null)
                                .setPatternTypeFilter(PatternType.ANY.code()).setPrincipalFilter(null).setHostFilter(null)
                                .setOperation((byte) 1).setPermissionType(AclPermissionType.ANY.code()))),
                ignoresAcls("offset-fetch-ignores-acls", ApiKeys.OFFSET_FETCH,
                        "answers a group's committed offsets to a user that may not DESCRIBE the group",
                        "KafkaApis.handleOffsetFetchRequest: GROUP DESCRIBE per group, else GROUP_AUTHORIZATION_FAILED"),
                Mutant.<OffsetFetchRequestData, OffsetFetchResponseData>secured("offset-fetch-all-lists-undescribable-topics",
                        ApiKeys.OFFSET_FETCH, "asked for every committed offset of a group, also answers the topics"
                                + " the user may not DESCRIBE",
                        "KafkaApis.handleOffsetFetchRequest: the all-partitions form filters out topics without"
                                + " TOPIC DESCRIBE",
                        (context, request, broker) -> broker.handle(request.groups().stream()
                                .allMatch(g -> g.topics() == null) ? asSuperUser(context) : context, request)),
                ignoresAcls("describe-groups-ignores-acls", ApiKeys.DESCRIBE_GROUPS,
                        "describes a group to a user that may not DESCRIBE it",
                        "KafkaApis.handleDescribeGroupsRequest: GROUP DESCRIBE per group, else that group's"
                                + " GROUP_AUTHORIZATION_FAILED"),
                ignoresAcls("delete-groups-ignores-acls", ApiKeys.DELETE_GROUPS,
                        "deletes a group for a user without DELETE on it",
                        "KafkaApis.handleDeleteGroupsRequest: GROUP DELETE per group, else GROUP_AUTHORIZATION_FAILED"),
                ignoresAcls("offset-delete-ignores-group-acl", ApiKeys.OFFSET_DELETE,
                        "deletes a group's committed offsets for a user without DELETE on the group",
                        "KafkaApis.handleOffsetDeleteRequest: GROUP DELETE, else GROUP_AUTHORIZATION_FAILED"),
                ignoresAcls("delete-records-ignores-acls", ApiKeys.DELETE_RECORDS,
                        "deletes the records of a topic for a user without DELETE on it",
                        "KafkaApis.handleDeleteRecordsRequest: TOPIC DELETE, else TOPIC_AUTHORIZATION_FAILED"),
                ignoresAcls("create-partitions-ignores-acls", ApiKeys.CREATE_PARTITIONS,
                        "adds partitions to a topic for a user without ALTER on it",
                        "ControllerApis.createPartitions: TOPIC ALTER, else TOPIC_AUTHORIZATION_FAILED"),
                Mutant.<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData>secured(
                        "add-partitions-to-txn-unauthorized-topic-unknown", ApiKeys.ADD_PARTITIONS_TO_TXN,
                        "answers UNKNOWN_TOPIC_OR_PARTITION for a topic the transactional producer may not WRITE, so"
                                + " the producer retries instead of aborting",
                        "KafkaApis.handleAddPartitionToTxnRequest: TOPIC WRITE per partition, else"
                                + " TOPIC_AUTHORIZATION_FAILED",
                        (context, request, broker) -> {
                            AddPartitionsToTxnResponseData response = broker.handle(context, request);
                            response.resultsByTopicV3AndBelow().forEach(t -> t.resultsByPartition()
                                    .forEach(SecurityMutants::unknownForUnauthorized));
                            response.resultsByTransaction().forEach(x -> x.topicResults().forEach(t ->
                                    t.resultsByPartition().forEach(SecurityMutants::unknownForUnauthorized)));
                            return response;
                        }),
                Mutant.<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData>secured(
                        "add-offsets-to-txn-refusal-names-transactional-id", ApiKeys.ADD_OFFSETS_TO_TXN,
                        "refuses a group the transactional producer may not READ with"
                                + " TRANSACTIONAL_ID_AUTHORIZATION_FAILED, naming the transactional id instead of"
                                + " the group",
                        "KafkaApis.handleAddOffsetsToTxnRequest: GROUP READ, else GROUP_AUTHORIZATION_FAILED",
                        (context, request, broker) -> {
                            AddOffsetsToTxnResponseData response = broker.handle(context, request);
                            if (response.errorCode() == Errors.GROUP_AUTHORIZATION_FAILED.code()) {
                                response.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
                            }
                            return response;
                        }),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>secured(
                        "idempotent-producer-needs-idempotent-write", ApiKeys.INIT_PRODUCER_ID,
                        "refuses an idempotent producer without IDEMPOTENT_WRITE on the cluster even when it may"
                                + " WRITE a topic, as before KIP-679",
                        "redpanda-data/redpanda#3366; KIP-679: WRITE on any topic is enough",
                        (context, request, broker) -> request.transactionalId() == null
                                && !SUPER_USER.equals(context.principal())
                                ? new InitProducerIdResponseData().setErrorCode(
                                        Errors.CLUSTER_AUTHORIZATION_FAILED.code()).setProducerId(-1)
                                        .setProducerEpoch((short) -1)
                                : broker.handle(context, request)),
                Mutant.<InitProducerIdRequestData, InitProducerIdResponseData>secured(
                        "idempotent-producer-without-any-acl", ApiKeys.INIT_PRODUCER_ID,
                        "gives an idempotent producer a producer id though its user may neither WRITE a topic nor"
                                + " IDEMPOTENT_WRITE the cluster",
                        "KafkaApis.handleInitProducerIdRequest: without a transactional id, CLUSTER IDEMPOTENT_WRITE or"
                                + " WRITE on some topic, else CLUSTER_AUTHORIZATION_FAILED (KIP-679)",
                        (context, request, broker) -> broker.handle(request.transactionalId() == null
                                ? asSuperUser(context) : context, request)),
                ignoresAcls("alter-scram-credentials-by-anyone", ApiKeys.ALTER_USER_SCRAM_CREDENTIALS,
                        "lets any user set SCRAM credentials, its own or another's",
                        "ControllerApis/KafkaApis.handleAlterUserScramCredentialsRequest: CLUSTER ALTER, else"
                                + " CLUSTER_AUTHORIZATION_FAILED for every user"),
                ignoresAcls("describe-scram-credentials-by-anyone", ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS,
                        "describes every user's SCRAM credentials to any user",
                        "KafkaApis.handleDescribeUserScramCredentialsRequest: CLUSTER DESCRIBE, else"
                                + " CLUSTER_AUTHORIZATION_FAILED"),
                Mutant.<CreateAclsRequestData, CreateAclsResponseData>secured("acl-host-ignored",
                        ApiKeys.CREATE_ACLS, "stores every ACL for host \"*\", so an ACL for one address grants"
                                + " from every address",
                        "StandardAuthorizer: an ACL matches only a host equal to the client's address, or \"*\"",
                        "@api:CreateAcls or @id:SEC-038",
                        (context, request, broker) -> {
                            request.creations().forEach(c -> c.setHost("*"));
                            return broker.handle(context, request);
                        }),
                Mutant.<DeleteAclsRequestData, DeleteAclsResponseData>secured("delete-acls-deletes-nothing",
                        ApiKeys.DELETE_ACLS, "answers every DeleteAcls filter with no deleted binding and deletes nothing",
                        "KIP-140: DeleteAcls answers, per filter, the bindings it deleted",
                        (context, request, broker) -> {
                            DeleteAclsResponseData response = new DeleteAclsResponseData().setThrottleTimeMs(0);
                            request.filters().forEach(f -> response.filterResults().add(
                                    new DeleteAclsResponseData.DeleteAclsFilterResult().setErrorCode(Errors.NONE.code())));
                            return response;
                        }));
    }

    /** A mutant whose handler serves every request as the super user: the API checks no ACL at all. */
    private static <Q extends ApiMessage, R extends ApiMessage> Mutant ignoresAcls(String id, ApiKeys api,
                                                                                   String behaviour, String source) {
        return Mutant.<Q, R>secured(id, api, behaviour, source,
                (context, request, broker) -> broker.handle(asSuperUser(context), request));
    }

    private static RequestContext asSuperUser(RequestContext context) {
        return new RequestContext(context.header(), context.peer(), context.listener(), SUPER_USER);
    }

    /** Answers UNKNOWN_TOPIC_OR_PARTITION where the broker refused the partition with TOPIC_AUTHORIZATION_FAILED. */
    private static void unknownForUnauthorized(AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult result) {
        if (result.partitionErrorCode() == Errors.TOPIC_AUTHORIZATION_FAILED.code()) {
            result.setPartitionErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    /** Creates the ALLOW ACLs only, and answers every creation, the dropped DENY ones too, as done. */
    private static CreateAclsResponseData dropDenies(RequestContext context, CreateAclsRequestData request,
                                                     org.kafkatck.broker.api.ApiHandler<CreateAclsRequestData,
                                                             CreateAclsResponseData> broker) {
        List<CreateAclsRequestData.AclCreation> all = request.creations();
        List<CreateAclsRequestData.AclCreation> kept = new ArrayList<>();
        all.forEach(c -> {
            if (c.permissionType() != AclPermissionType.DENY.code()) {
                kept.add(c);
            }
        });
        CreateAclsResponseData served = broker.handle(context, new CreateAclsRequestData().setCreations(kept));
        CreateAclsResponseData response = new CreateAclsResponseData().setThrottleTimeMs(served.throttleTimeMs());
        int next = 0;
        for (CreateAclsRequestData.AclCreation creation : all) {
            response.results().add(creation.permissionType() == AclPermissionType.DENY.code()
                    ? new CreateAclsResponseData.AclCreationResult().setErrorCode(Errors.NONE.code())
                    : served.results().get(next++));
        }
        return response;
    }

    /** Creates, next to each ACL on topics, the same ACL on groups, and answers only for the ACLs asked for. */
    private static CreateAclsResponseData twinGroups(RequestContext context, CreateAclsRequestData request,
                                                     org.kafkatck.broker.api.ApiHandler<CreateAclsRequestData,
                                                             CreateAclsResponseData> broker) {
        int asked = request.creations().size();
        List<CreateAclsRequestData.AclCreation> twins = new ArrayList<>();
        request.creations().forEach(c -> {
            if (c.resourceType() == ResourceType.TOPIC.code()) {
                twins.add(c.duplicate().setResourceType(ResourceType.GROUP.code()));
            }
        });
        request.creations().addAll(twins);
        CreateAclsResponseData response = broker.handle(context, request);
        response.setResults(new ArrayList<>(response.results().subList(0, asked)));
        return response;
    }
}
