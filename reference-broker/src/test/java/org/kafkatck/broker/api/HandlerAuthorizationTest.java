package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.acl.AclStore;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.producer.ProducerIdManager;
import org.kafkatck.broker.txn.TransactionCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkatck.broker.api.AuthorizedBroker.ALICE;
import static org.kafkatck.broker.api.AuthorizedBroker.BOB;
import static org.kafkatck.broker.api.AuthorizedBroker.allow;
import static org.kafkatck.broker.api.AuthorizedBroker.unsecured;

/**
 * Each handler's ACL check with Apache Kafka 4.4's resource, operation, error and shape of the answer: alice holds
 * a few ACLs, bob none, and with the authorizer off both may do everything, as before.
 */
class HandlerAuthorizationTest {
    private final AuthorizedBroker broker = new AuthorizedBroker(List.of(
            allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE),
            allow(ResourceType.TOPIC, "new-", PatternType.PREFIXED, AclOperation.DESCRIBE),
            allow(ResourceType.TOPIC, "new-ok", PatternType.LITERAL, AclOperation.CREATE),
            allow(ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ),
            allow(ResourceType.TRANSACTIONAL_ID, "tx-alice", PatternType.LITERAL, AclOperation.WRITE)));
    private final LogManager logs = broker.logs;
    private final GroupCoordinator groups = broker.groups;
    private final TransactionCoordinator transactions = broker.transactions;
    private final BrokerIdentity identity = broker.identity;
    private final AclStore acls = broker.acls;


    @AfterEach
    void close() {
        broker.close();
    }

    private RequestContext as(KafkaPrincipal principal, ApiKeys api, int version) {
        return broker.as(principal, api, version);
    }

    // ---- Metadata ----

    private MetadataResponseData metadata(RequestContext context, List<String> names) {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(true)
                .setIncludeTopicAuthorizedOperations(true).setIncludeClusterAuthorizedOperations(true)
                .setTopics(names == null ? null : names.stream()
                        .map(n -> new MetadataRequestData.MetadataRequestTopic().setName(n)).toList());
        return new MetadataHandler(identity, logs, true, 1).handle(context, request);
    }

    private static List<String> names(MetadataResponseData response) {
        return response.topics().stream().map(MetadataResponseData.MetadataResponseTopic::name).toList();
    }

    @Test
    void metadataForAllTopicsSilentlyLeavesOutTheTopicsThePrincipalMayNotDescribe() {
        assertThat(names(metadata(as(ALICE, ApiKeys.METADATA, 12), null))).containsExactly("orders");
        assertThat(names(metadata(as(BOB, ApiKeys.METADATA, 12), null))).isEmpty();
        assertThat(metadata(as(BOB, ApiKeys.METADATA, 12), null).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(names(metadata(unsecured(ApiKeys.METADATA, 12), null))).containsExactlyInAnyOrder("orders", "secret");
    }

    @Test
    void metadataForANamedTopicThePrincipalMayNotDescribeIsTopicAuthorizationFailedWithNoPartitions() {
        MetadataResponseData.MetadataResponseTopic topic = metadata(as(ALICE, ApiKeys.METADATA, 12), List.of("secret"))
                .topics().iterator().next();
        assertThat(topic.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(topic.name()).isEqualTo("secret");
        assertThat(topic.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(topic.partitions()).isEmpty();
    }

    @Test
    void metadataAutoCreatesOnlyWithCreateOnTheTopicOrTheCluster() {
        MetadataResponseData response = metadata(as(ALICE, ApiKeys.METADATA, 12), List.of("new-denied", "new-ok"));
        List<Short> errors = response.topics().stream().map(MetadataResponseData.MetadataResponseTopic::errorCode).toList();
        assertThat(errors).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code(), Errors.NONE.code());
        assertThat(logs.topic("new-denied").isPresent()).isFalse();
        assertThat(logs.topic("new-ok").isPresent()).isTrue();
    }

    @Test
    void metadataComputesTheAuthorizedOperationsAskedFor() {
        MetadataResponseData response = metadata(as(ALICE, ApiKeys.METADATA, 10), List.of("orders"));
        // READ and WRITE, and DESCRIBE they imply
        assertThat(response.topics().iterator().next().topicAuthorizedOperations()).isEqualTo(
                Utils.to32BitField(Set.of(AclOperation.READ.code(), AclOperation.WRITE.code(), AclOperation.DESCRIBE.code())));
        // no CLUSTER DESCRIBE: 0
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(0);
        // without an authorizer every client may do everything, and is told so (Kafka's AuthHelper with no authorizer)
        MetadataResponseData unsecured = metadata(unsecured(ApiKeys.METADATA, 10), List.of("orders"));
        assertThat(unsecured.topics().iterator().next().topicAuthorizedOperations()).isEqualTo(Utils.to32BitField(Set.of(
                AclOperation.READ.code(), AclOperation.WRITE.code(), AclOperation.CREATE.code(),
                AclOperation.DELETE.code(), AclOperation.ALTER.code(), AclOperation.DESCRIBE.code(),
                AclOperation.DESCRIBE_CONFIGS.code(), AclOperation.ALTER_CONFIGS.code())));
        assertThat(unsecured.clusterAuthorizedOperations()).isEqualTo(Utils.to32BitField(Set.of(
                AclOperation.CREATE.code(), AclOperation.CLUSTER_ACTION.code(), AclOperation.DESCRIBE_CONFIGS.code(),
                AclOperation.ALTER_CONFIGS.code(), AclOperation.IDEMPOTENT_WRITE.code(), AclOperation.ALTER.code(),
                AclOperation.DESCRIBE.code())));
    }

    // ---- Produce, Fetch, ListOffsets ----

    private static ProduceRequestData produce(String transactionalId, MemoryRecords records, String... topics) {
        ProduceRequestData.TopicProduceDataCollection data = new ProduceRequestData.TopicProduceDataCollection();
        for (String topic : topics) {
            data.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                    new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        }
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000).setTransactionalId(transactionalId)
                .setTopicData(data);
    }

    private static Map<String, Short> produceErrors(ProduceResponseData response) {
        Map<String, Short> errors = new java.util.TreeMap<>();
        response.responses().forEach(t -> errors.put(t.name(), t.partitionResponses().get(0).errorCode()));
        return errors;
    }

    @Test
    void produceNeedsWriteOnEachTopic() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()));
        ProduceResponseData response = new ProduceHandler(logs, transactions)
                .handle(as(ALICE, ApiKeys.PRODUCE, 9), produce(null, records, "orders", "secret", "missing"));
        assertThat(produceErrors(response)).isEqualTo(Map.of("orders", Errors.NONE.code(),
                "secret", Errors.TOPIC_AUTHORIZATION_FAILED.code(), "missing", Errors.TOPIC_AUTHORIZATION_FAILED.code()));
        assertThat(logs.topic("secret").orElseThrow().partition(0).highWatermark()).isEqualTo(0);
    }

    @Test
    void produceWithTransactionalBatchesNeedsWriteOnTheTransactionalIdBeforeAnythingElse() {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0,
                new SimpleRecord("v".getBytes()));
        ProduceResponseData response = new ProduceHandler(logs, transactions)
                .handle(as(ALICE, ApiKeys.PRODUCE, 9), produce("tx-bob", records, "orders"));
        assertThat(produceErrors(response)).isEqualTo(Map.of("orders",
                Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
        assertThat(response.responses().iterator().next().partitionResponses().get(0).errorMessage()).isNull();
    }

    @Test
    void fetchNeedsReadOnEachTopic() {
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 20)
                .setSessionEpoch(-1).setTopics(new ArrayList<>(List.of("orders", "secret").stream()
                        .map(t -> new FetchRequestData.FetchTopic().setTopic(t).setPartitions(List.of(
                                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                        .setPartitionMaxBytes(1 << 20)))).toList()));
        FetchResponseData alice = new FetchHandler(logs, 0).handle(as(ALICE, ApiKeys.FETCH, 12), request);
        assertThat(alice.responses().stream().map(t -> t.partitions().get(0).errorCode()).toList())
                .containsExactly(Errors.NONE.code(), Errors.TOPIC_AUTHORIZATION_FAILED.code());
        FetchResponseData.PartitionData refused = alice.responses().get(1).partitions().get(0);
        assertThat(refused.highWatermark()).isEqualTo(-1);
        // as a follower (replica id 1) without CLUSTER_ACTION: every partition refused
        FetchResponseData follower = new FetchHandler(logs, 0).handle(as(ALICE, ApiKeys.FETCH, 12),
                request.duplicate().setReplicaId(1));
        assertThat(follower.responses().stream().map(t -> t.partitions().get(0).errorCode()).toList())
                .containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code(), Errors.TOPIC_AUTHORIZATION_FAILED.code());
        FetchResponseData unsecured = new FetchHandler(logs, 0).handle(unsecured(ApiKeys.FETCH, 12), request);
        assertThat(unsecured.responses().stream().map(t -> t.partitions().get(0).errorCode()).toList())
                .containsExactly(Errors.NONE.code(), Errors.NONE.code());
    }

    @Test
    void listOffsetsNeedsDescribeOnTheTopic() {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName("secret").setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1)))));
        ListOffsetsResponseData.ListOffsetsPartitionResponse partition = new ListOffsetsHandler(logs)
                .handle(as(ALICE, ApiKeys.LIST_OFFSETS, 7), request).topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(partition.offset()).isEqualTo(-1);
        assertThat(partition.timestamp()).isEqualTo(-1);
    }

    // ---- groups and offsets ----

    private static OffsetCommitRequestData commit(String group, String... topics) {
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(topics).stream().map(t -> new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(t).setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(5)))).toList());
    }

    private static List<Short> commitErrors(OffsetCommitResponseData response) {
        return response.topics().stream().map(t -> t.partitions().get(0).errorCode()).toList();
    }

    @Test
    void offsetCommitNeedsReadOnTheGroupThenOnEachTopic() {
        OffsetCommitHandler handler = new OffsetCommitHandler(groups, logs);
        assertThat(commitErrors(handler.handle(as(BOB, ApiKeys.OFFSET_COMMIT, 8), commit("app-1", "orders", "secret"))))
                .containsExactly(Errors.GROUP_AUTHORIZATION_FAILED.code(), Errors.GROUP_AUTHORIZATION_FAILED.code());
        assertThat(commitErrors(handler.handle(as(ALICE, ApiKeys.OFFSET_COMMIT, 8), commit("app-1", "orders", "secret"))))
                .containsExactly(Errors.NONE.code(), Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(groups.committed("app-1")).containsOnlyKeys(new org.apache.kafka.common.TopicPartition("orders", 0));
    }

    @Test
    void offsetFetchNeedsDescribeOnTheGroupAndOnNamedTopics() {
        new OffsetCommitHandler(groups, logs).handle(unsecured(ApiKeys.OFFSET_COMMIT, 8), commit("app-1", "orders", "secret"));
        OffsetFetchHandler handler = new OffsetFetchHandler(groups, logs);
        OffsetFetchRequestData named = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("app-1").setTopics(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("orders").setPartitionIndexes(List.of(0)),
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("secret").setPartitionIndexes(List.of(0))))));
        OffsetFetchResponseData.OffsetFetchResponseGroup bob = handler.handle(as(BOB, ApiKeys.OFFSET_FETCH, 8), named)
                .groups().get(0);
        assertThat(bob.errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        assertThat(bob.topics()).isEmpty();
        OffsetFetchResponseData.OffsetFetchResponseGroup alice = handler.handle(as(ALICE, ApiKeys.OFFSET_FETCH, 8), named)
                .groups().get(0);
        assertThat(alice.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(alice.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(5);
        assertThat(alice.topics().get(1).partitions().get(0).errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(alice.topics().get(1).partitions().get(0).committedOffset()).isEqualTo(-1);
        // all partitions: the undescribable topic is left out
        OffsetFetchRequestData all = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("app-1").setTopics(null)));
        assertThat(handler.handle(as(ALICE, ApiKeys.OFFSET_FETCH, 8), all).groups().get(0).topics().stream()
                .map(OffsetFetchResponseData.OffsetFetchResponseTopics::name).toList()).containsExactly("orders");
        // before v2 each partition asked for carries the group's refusal
        OffsetFetchRequestData v1 = new OffsetFetchRequestData().setGroupId("app-1").setTopics(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("orders").setPartitionIndexes(List.of(0))));
        OffsetFetchResponseData old = handler.handle(as(BOB, ApiKeys.OFFSET_FETCH, 1), v1);
        assertThat(old.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        OffsetFetchResponseData v7 = handler.handle(as(BOB, ApiKeys.OFFSET_FETCH, 7), v1);
        assertThat(v7.errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
    }

    @Test
    void findCoordinatorNeedsDescribeOnTheGroupOrTransactionalIdPerKey() {
        FindCoordinatorHandler handler = new FindCoordinatorHandler(identity);
        // READ on app- implies DESCRIBE; WRITE on tx-alice too
        FindCoordinatorResponseData groupsAnswer = handler.handle(as(ALICE, ApiKeys.FIND_COORDINATOR, 4),
                new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of("app-1", "other")));
        assertThat(groupsAnswer.coordinators().stream().map(FindCoordinatorResponseData.Coordinator::errorCode).toList())
                .containsExactly(Errors.NONE.code(), Errors.GROUP_AUTHORIZATION_FAILED.code());
        FindCoordinatorResponseData.Coordinator refused = groupsAnswer.coordinators().get(1);
        assertThat(refused.nodeId()).isEqualTo(-1);
        assertThat(refused.host()).isEqualTo("");
        assertThat(refused.port()).isEqualTo(-1);
        FindCoordinatorResponseData txn = handler.handle(as(ALICE, ApiKeys.FIND_COORDINATOR, 4),
                new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("tx-alice", "tx-bob")));
        assertThat(txn.coordinators().stream().map(FindCoordinatorResponseData.Coordinator::errorCode).toList())
                .containsExactly(Errors.NONE.code(), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        FindCoordinatorResponseData old = handler.handle(as(BOB, ApiKeys.FIND_COORDINATOR, 3),
                new FindCoordinatorRequestData().setKeyType((byte) 0).setKey("app-1"));
        assertThat(old.errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        assertThat(old.nodeId()).isEqualTo(-1);
    }

    @Test
    void groupMembershipNeedsReadOnTheGroup() {
        JoinGroupResponseData join = new JoinGroupHandler(groups).handle(as(BOB, ApiKeys.JOIN_GROUP, 9),
                new JoinGroupRequestData().setGroupId("app-1").setMemberId("").setProtocolType("consumer")
                        .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
                        .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection()));
        assertThat(join.errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        assertThat(join.generationId()).isEqualTo(-1);
        assertThat(join.memberId()).isEqualTo("");
        assertThat(join.protocolName()).isNull();
        assertThat(new HeartbeatHandler(groups).handle(as(BOB, ApiKeys.HEARTBEAT, 4),
                new HeartbeatRequestData().setGroupId("app-1").setMemberId("m").setGenerationId(1)).errorCode())
                .isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
    }

    @Test
    void describeAndDeleteGroupsAreCheckedPerGroup() {
        DescribeGroupsResponseData described = new DescribeGroupsHandler(groups).handle(
                as(ALICE, ApiKeys.DESCRIBE_GROUPS, 5), new DescribeGroupsRequestData()
                        .setGroups(List.of("app-1", "other")).setIncludeAuthorizedOperations(true));
        assertThat(described.groups().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(described.groups().get(0).authorizedOperations()).isEqualTo(
                Utils.to32BitField(Set.of(AclOperation.READ.code(), AclOperation.DESCRIBE.code())));
        DescribeGroupsResponseData.DescribedGroup refused = described.groups().get(1);
        assertThat(refused.errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        assertThat(refused.groupState()).isEqualTo("");
        assertThat(refused.members()).isEmpty();
        // READ does not imply DELETE
        assertThat(new DeleteGroupsHandler(groups).handle(as(ALICE, ApiKeys.DELETE_GROUPS, 2),
                new DeleteGroupsRequestData().setGroupsNames(List.of("app-1"))).results().iterator().next().errorCode())
                .isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
    }

    // ---- topics ----

    @Test
    void createTopicsNeedsCreateOnTheClusterOrTheTopic() {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1000);
        for (String name : List.of("new-ok", "new-denied")) {
            request.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(1)
                    .setReplicationFactor((short) 1));
        }
        CreateTopicsResponseData response = new CreateTopicsHandler(logs, identity, 1)
                .handle(as(ALICE, ApiKeys.CREATE_TOPICS, 7), request);
        CreateTopicsResponseData.CreatableTopicResult created = response.topics().find("new-ok");
        assertThat(created.errorCode()).isEqualTo(Errors.NONE.code());
        // created, but alice may not DESCRIBE_CONFIGS it
        assertThat(created.topicConfigErrorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(created.topicId()).isEqualTo(logs.topic("new-ok").orElseThrow().id());
        assertThat(created.numPartitions()).isEqualTo(-1);
        assertThat(created.configs()).isEqualTo(new CreateTopicsResponseData.CreatableTopicResult().configs());
        CreateTopicsResponseData.CreatableTopicResult refused = response.topics().find("new-denied");
        assertThat(refused.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(refused).isEqualTo(new CreateTopicsResponseData.CreatableTopicResult().setName("new-denied")
                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setErrorMessage("Authorization failed."));
        assertThat(logs.topic("new-denied").isPresent()).isFalse();
    }

    @Test
    void deleteTopicsNeedsDescribeThenDelete() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTopicNames(List.of("secret", "new-missing", "orders"))
                .setTimeoutMs(1000);
        DeleteTopicsResponseData response = new DeleteTopicsHandler(logs).handle(as(ALICE, ApiKeys.DELETE_TOPICS, 5), request);
        assertThat(response.responses().stream().map(DeleteTopicsResponseData.DeletableTopicResult::errorCode).toList())
                .containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                        Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(logs.topic("orders").isPresent()).isTrue();
        // by id: the name is told only to whom may describe the topic
        Uuid secret = logs.topic("secret").orElseThrow().id();
        DeleteTopicsResponseData byId = new DeleteTopicsHandler(logs).handle(as(ALICE, ApiKeys.DELETE_TOPICS, 6),
                new DeleteTopicsRequestData().setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                        .setTopicId(secret))).setTimeoutMs(1000));
        DeleteTopicsResponseData.DeletableTopicResult result = byId.responses().iterator().next();
        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(result.name()).isNull();
        assertThat(result.topicId()).isEqualTo(secret);
        // CLUSTER DELETE may delete every topic
        acls.add(List.of(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(BOB.toString(), "*", AclOperation.DELETE, AclPermissionType.ALLOW))));
        assertThat(new DeleteTopicsHandler(logs).handle(as(BOB, ApiKeys.DELETE_TOPICS, 5), new DeleteTopicsRequestData()
                .setTopicNames(List.of("secret")).setTimeoutMs(1000)).responses().iterator().next().errorCode())
                .isEqualTo(Errors.NONE.code());
        assertThat(logs.topic("secret")).isEmpty();
    }

    // ---- producers and transactions ----

    private InitProducerIdResponseData initProducerId(KafkaPrincipal principal, String transactionalId) {
        return new InitProducerIdHandler(ProducerIdManager.inMemory(), transactions).handle(
                as(principal, ApiKeys.INIT_PRODUCER_ID, 4), new InitProducerIdRequestData()
                        .setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000)
                        .setProducerId(-1).setProducerEpoch((short) -1));
    }

    @Test
    void initProducerIdNeedsWriteOnTheTransactionalIdOrForIdempotenceIdempotentWriteOrWriteOnSomeTopic() {
        assertThat(initProducerId(ALICE, "tx-alice").errorCode()).isEqualTo(Errors.NONE.code());
        InitProducerIdResponseData refused = initProducerId(ALICE, "tx-bob");
        assertThat(refused.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        assertThat(refused.producerId()).isEqualTo(-1);
        assertThat(refused.producerEpoch()).isEqualTo((short) -1);
        // alice may WRITE orders: idempotence allowed (KIP-679); bob may write nothing
        assertThat(initProducerId(ALICE, null).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(initProducerId(BOB, null).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        acls.add(List.of(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(BOB.toString(), "*", AclOperation.IDEMPOTENT_WRITE, AclPermissionType.ALLOW))));
        assertThat(initProducerId(BOB, null).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void transactionalApisNeedWriteOnTheTransactionalId() {
        assertThat(new EndTxnHandler(transactions).handle(as(BOB, ApiKeys.END_TXN, 3), new EndTxnRequestData()
                .setTransactionalId("tx-alice").setProducerId(1).setProducerEpoch((short) 0).setCommitted(true))
                .errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        AddOffsetsToTxnHandler addOffsets = new AddOffsetsToTxnHandler(transactions);
        assertThat(addOffsets.handle(as(BOB, ApiKeys.ADD_OFFSETS_TO_TXN, 3), new AddOffsetsToTxnRequestData()
                .setTransactionalId("tx-alice").setGroupId("app-1")).errorCode())
                .isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        assertThat(addOffsets.handle(as(ALICE, ApiKeys.ADD_OFFSETS_TO_TXN, 3), new AddOffsetsToTxnRequestData()
                .setTransactionalId("tx-alice").setGroupId("other")).errorCode())
                .isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
        TxnOffsetCommitHandler txnCommit = new TxnOffsetCommitHandler(transactions, groups, logs);
        TxnOffsetCommitRequestData commit = new TxnOffsetCommitRequestData().setTransactionalId("tx-alice")
                .setGroupId("other").setProducerId(1).setProducerEpoch((short) 0).setTopics(List.of(
                        new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                                new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition().setPartitionIndex(0)
                                        .setCommittedOffset(3)))));
        TxnOffsetCommitResponseData refused = txnCommit.handle(as(ALICE, ApiKeys.TXN_OFFSET_COMMIT, 3), commit);
        assertThat(refused.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
    }

    @Test
    void addPartitionsToTxnNeedsWriteOnTheTransactionalIdThenOnEachTopic() {
        AddPartitionsToTxnHandler handler = new AddPartitionsToTxnHandler(transactions, logs);
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName("orders").setPartitions(List.of(0)));
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName("secret").setPartitions(List.of(0)));
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId("tx-alice")
                .setV3AndBelowProducerId(1).setV3AndBelowProducerEpoch((short) 0).setV3AndBelowTopics(topics);
        assertThat(addPartitionsErrors(handler.handle(as(BOB, ApiKeys.ADD_PARTITIONS_TO_TXN, 3), request))).isEqualTo(
                Map.of("orders", Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(),
                        "secret", Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
        assertThat(addPartitionsErrors(handler.handle(as(ALICE, ApiKeys.ADD_PARTITIONS_TO_TXN, 3), request))).isEqualTo(
                Map.of("orders", Errors.OPERATION_NOT_ATTEMPTED.code(), "secret", Errors.TOPIC_AUTHORIZATION_FAILED.code()));
    }

    private static Map<String, Short> addPartitionsErrors(AddPartitionsToTxnResponseData response) {
        Map<String, Short> errors = new java.util.TreeMap<>();
        response.resultsByTopicV3AndBelow().forEach(t -> errors.put(t.name(),
                t.resultsByPartition().iterator().next().partitionErrorCode()));
        return errors;
    }

    @Test
    void aRefusalOfAWholeRequestIsKafkasErrorResponse() {
        ApiMessage refused = Refusal.of(as(BOB, ApiKeys.END_TXN, 3), new EndTxnRequestData().setTransactionalId("t"),
                Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertThat(refused).isEqualTo(new org.apache.kafka.common.message.EndTxnResponseData()
                .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()).setThrottleTimeMs(0));
    }
}
