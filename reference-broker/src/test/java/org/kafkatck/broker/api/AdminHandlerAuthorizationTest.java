package org.kafkatck.broker.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.BrokerIdentity;
import org.kafkatck.broker.group.GroupCoordinator;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.security.ScramCredentialStore;
import org.kafkatck.broker.txn.TransactionCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkatck.broker.api.AuthorizedBroker.ADMIN;
import static org.kafkatck.broker.api.AuthorizedBroker.ALICE;
import static org.kafkatck.broker.api.AuthorizedBroker.BOB;
import static org.kafkatck.broker.api.AuthorizedBroker.allow;

/**
 * The ACL checks of the admin, config, log-directory, producer-state and transaction-listing APIs, with Apache Kafka
 * 4.4's resource, operation, error and shape: alice may READ and WRITE {@code orders} and READ groups {@code app-*},
 * bob may do nothing, admin is a super user.
 */
class AdminHandlerAuthorizationTest {
    private final AuthorizedBroker broker = new AuthorizedBroker(List.of(
            allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE),
            allow(ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ),
            allow(ResourceType.TRANSACTIONAL_ID, "tx-alice", PatternType.LITERAL, AclOperation.WRITE)));
    private final LogManager logs = broker.logs;
    private final GroupCoordinator groups = broker.groups;
    private final TransactionCoordinator transactions = broker.transactions;
    private final BrokerIdentity identity = broker.identity;


    @AfterEach
    void close() {
        broker.close();
    }

    private RequestContext as(KafkaPrincipal principal, ApiKeys api, int version) {
        return broker.as(principal, api, version);
    }

    @Test
    void deleteRecordsNeedsDeleteOnTheTopic() {
        DeleteRecordsResponseData.DeleteRecordsPartitionResult result = new DeleteRecordsHandler(logs).handle(
                as(ALICE, ApiKeys.DELETE_RECORDS, 2), new DeleteRecordsRequestData().setTimeoutMs(1000).setTopics(List.of(
                        new DeleteRecordsRequestData.DeleteRecordsTopic().setName("orders").setPartitions(List.of(
                                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(0))))))
                .topics().find("orders").partitions().find(0);
        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(result.lowWatermark()).isEqualTo(-1);
    }

    @Test
    void offsetForLeaderEpochNeedsDescribeOnTheTopicOrClusterAction() {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        for (String topic : List.of("orders", "secret")) {
            request.topics().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(topic).setPartitions(
                    List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                            .setLeaderEpoch(0).setCurrentLeaderEpoch(-1))));
        }
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochHandler(logs)
                .handle(as(ALICE, ApiKeys.OFFSET_FOR_LEADER_EPOCH, 4), request);
        assertThat(response.topics().find("orders").partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        OffsetForLeaderEpochResponseData.EpochEndOffset refused = response.topics().find("secret").partitions().get(0);
        assertThat(refused.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(refused.endOffset()).isEqualTo(-1);
        assertThat(refused.leaderEpoch()).isEqualTo(-1);
    }

    @Test
    void createPartitionsNeedsAlterOnTheTopic() {
        CreatePartitionsResponseData.CreatePartitionsTopicResult result = new CreatePartitionsHandler(logs, identity)
                .handle(as(ALICE, ApiKeys.CREATE_PARTITIONS, 3), new CreatePartitionsRequestData().setTimeoutMs(1000)
                        .setTopics(new CreatePartitionsRequestData.CreatePartitionsTopicCollection(List.of(
                                new CreatePartitionsRequestData.CreatePartitionsTopic().setName("orders").setCount(2)
                                        .setAssignments(null)).iterator()))).results().get(0);
        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(result.errorMessage()).isNull();
        assertThat(logs.topic("orders").orElseThrow().partitions()).hasSize(1);
    }

    @Test
    void describeProducersNeedsReadOnTheTopic() {
        DescribeProducersResponseData.PartitionResponse partition = new DescribeProducersHandler(logs).handle(
                as(ALICE, ApiKeys.DESCRIBE_PRODUCERS, 0), new DescribeProducersRequestData().setTopics(
                        new DescribeProducersRequestData.TopicRequestCollection(List.of(new DescribeProducersRequestData
                                .TopicRequest().setName("secret").setPartitionIndexes(List.of(0))).iterator())))
                .topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(partition.errorMessage()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.message());
    }

    @Test
    void transactionsAreDescribedAndListedOnlyToWhomMayDescribeTheirTransactionalId() {
        transactions.initProducerId("tx-alice", 60_000, -1, (short) -1, System.currentTimeMillis());
        DescribeTransactionsResponseData described = new DescribeTransactionsHandler(transactions).handle(
                as(BOB, ApiKeys.DESCRIBE_TRANSACTIONS, 0),
                new DescribeTransactionsRequestData().setTransactionalIds(List.of("tx-alice")));
        assertThat(described.transactionStates().get(0).errorCode())
                .isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        assertThat(new DescribeTransactionsHandler(transactions).handle(as(ALICE, ApiKeys.DESCRIBE_TRANSACTIONS, 0),
                new DescribeTransactionsRequestData().setTransactionalIds(List.of("tx-alice")))
                .transactionStates().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        ListTransactionsHandler list = new ListTransactionsHandler(transactions);
        assertThat(list.handle(as(BOB, ApiKeys.LIST_TRANSACTIONS, 1), new ListTransactionsRequestData())
                .transactionStates()).isEmpty();
        assertThat(list.handle(as(ALICE, ApiKeys.LIST_TRANSACTIONS, 1), new ListTransactionsRequestData())
                .transactionStates().stream().map(ListTransactionsResponseData.TransactionState::transactionalId).toList())
                .containsExactly("tx-alice");
    }

    @Test
    void listGroupsShowsEveryGroupToWhomMayDescribeTheClusterAndOtherwiseTheDescribableOnes() {
        OffsetCommitHandler commit = new OffsetCommitHandler(groups, logs);
        for (String group : List.of("app-1", "other")) {
            commit.handle(as(ADMIN, ApiKeys.OFFSET_COMMIT, 8), new OffsetCommitRequestData().setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                            new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                            .setCommittedOffset(1))))));
        }
        ListGroupsHandler handler = new ListGroupsHandler(groups);
        assertThat(groupIds(handler.handle(as(ADMIN, ApiKeys.LIST_GROUPS, 4), new ListGroupsRequestData())))
                .containsExactlyInAnyOrder("app-1", "other");
        assertThat(groupIds(handler.handle(as(ALICE, ApiKeys.LIST_GROUPS, 4), new ListGroupsRequestData())))
                .containsExactly("app-1");
        ListGroupsResponseData bob = handler.handle(as(BOB, ApiKeys.LIST_GROUPS, 4), new ListGroupsRequestData());
        assertThat(bob.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(bob.groups()).isEmpty();
    }

    private static List<String> groupIds(ListGroupsResponseData response) {
        return response.groups().stream().map(ListGroupsResponseData.ListedGroup::groupId).toList();
    }

    @Test
    void writeTxnMarkersNeedsClusterActionOrAlter() {
        WriteTxnMarkersRequestData request = new WriteTxnMarkersRequestData().setMarkers(List.of(
                new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(7).setProducerEpoch((short) 0)
                        .setTransactionResult(true).setCoordinatorEpoch(0).setTopics(List.of(
                                new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName("orders")
                                        .setPartitionIndexes(List.of(0))))));
        WriteTxnMarkersResponseData response = new WriteTxnMarkersHandler(logs).handle(
                as(ALICE, ApiKeys.WRITE_TXN_MARKERS, 1), request);
        assertThat(response.markers().get(0).topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(logs.topic("orders").orElseThrow().partition(0).highWatermark()).isEqualTo(0);
    }

    @Test
    void describeConfigsNeedsDescribeConfigsOnTheTopicOrTheCluster() {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                        .setResourceName("orders").setConfigurationKeys(null),
                new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                        .setResourceName("1").setConfigurationKeys(null)));
        List<DescribeConfigsResponseData.DescribeConfigsResult> results = new DescribeConfigsHandler(logs,
                BrokerConfig.forTests()).handle(as(ALICE, ApiKeys.DESCRIBE_CONFIGS, 4), request).results();
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(results.get(0).errorMessage()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.message());
        assertThat(results.get(0).configs()).isEmpty();
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        DescribeConfigsResponseData.DescribeConfigsResult admin = new DescribeConfigsHandler(logs,
                BrokerConfig.forTests()).handle(as(ADMIN, ApiKeys.DESCRIBE_CONFIGS, 4), request).results().get(0);
        assertThat(admin.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(admin.configs()).isNotEmpty();
    }

    @Test
    void alteringConfigsNeedsAlterConfigsOnTheTopic() {
        IncrementalAlterConfigsRequestData incremental = new IncrementalAlterConfigsRequestData();
        incremental.resources().add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("orders"));
        assertThat(new IncrementalAlterConfigsHandler(logs, identity).handle(as(ALICE, ApiKeys.INCREMENTAL_ALTER_CONFIGS, 1),
                incremental).responses().get(0).errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        AlterConfigsRequestData legacy = new AlterConfigsRequestData();
        legacy.resources().add(new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("1"));
        assertThat(new AlterConfigsHandler(logs, identity).handle(as(ALICE, ApiKeys.ALTER_CONFIGS, 2), legacy)
                .responses().get(0).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
    }

    @Test
    void describeLogDirsNeedsClusterDescribe() {
        DescribeLogDirsResponseData response = new DescribeLogDirsHandler(logs, Path.of("data")).handle(
                as(ALICE, ApiKeys.DESCRIBE_LOG_DIRS, 4), new DescribeLogDirsRequestData().setTopics(null));
        assertThat(response.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(response.results()).isEmpty();
    }

    @Test
    void describeClusterReportsTheClusterOperationsOnlyToWhomMayDescribeIt() {
        DescribeClusterRequestData request = new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true)
                .setEndpointType((byte) 1);
        DescribeClusterHandler handler = new DescribeClusterHandler(identity);
        assertThat(handler.handle(as(ALICE, ApiKeys.DESCRIBE_CLUSTER, 1), request).clusterAuthorizedOperations())
                .isEqualTo(0);
        assertThat(handler.handle(as(ADMIN, ApiKeys.DESCRIBE_CLUSTER, 1), request).clusterAuthorizedOperations())
                .isEqualTo(Utils.to32BitField(Set.of(AclOperation.CREATE.code(), AclOperation.CLUSTER_ACTION.code(),
                        AclOperation.DESCRIBE_CONFIGS.code(), AclOperation.ALTER_CONFIGS.code(),
                        AclOperation.IDEMPOTENT_WRITE.code(), AclOperation.ALTER.code(), AclOperation.DESCRIBE.code())));
    }

    @Test
    void scramCredentialApisNeedClusterDescribeAndAlter() {
        ScramCredentialStore credentials = ScramCredentialStore.inMemory();
        DescribeUserScramCredentialsResponseData described = new DescribeUserScramCredentialsHandler(credentials).handle(
                as(BOB, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0), new DescribeUserScramCredentialsRequestData()
                        .setUsers(List.of(new DescribeUserScramCredentialsRequestData.UserName().setName("alice"))));
        assertThat(described.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(described.results().get(0).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(new DescribeUserScramCredentialsHandler(credentials).handle(as(BOB, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0),
                new DescribeUserScramCredentialsRequestData().setUsers(null)).errorCode())
                .isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        AlterUserScramCredentialsResponseData altered = new AlterUserScramCredentialsHandler(credentials).handle(
                as(BOB, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0), new AlterUserScramCredentialsRequestData()
                        .setUpsertions(List.of(new AlterUserScramCredentialsRequestData.ScramCredentialUpsertion()
                                .setName("bob").setMechanism((byte) 1).setIterations(4096)
                                .setSalt(new byte[16]).setSaltedPassword(new byte[32]))));
        assertThat(altered.results().get(0).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        assertThat(credentials.describe()).isEmpty();
    }
}
