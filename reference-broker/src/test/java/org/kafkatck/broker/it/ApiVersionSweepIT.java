package org.kafkatck.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every advertised version of every API, answered with real data (records, committed offsets with
 * leader epochs, a live group member): the response must encode in that version and parse back. This is
 * how a field that an old version cannot carry is caught before an old client (librdkafka, kafka-python)
 * meets it.
 */
class ApiVersionSweepIT {
    private static ReferenceBroker broker;
    private static Uuid topicId;
    private static KafkaConsumer<String, String> member;
    private static final AtomicBoolean polling = new AtomicBoolean(true);
    private static Thread poller;

    @BeforeAll
    static void start() throws Exception {
        // with an authorizer, so that the ACL APIs answer with ACLs rather than SECURITY_DISABLED
        broker = ReferenceBroker.start(BrokerConfig.forTests().withAuthorization(
                new org.kafkatck.broker.acl.AclSettings(true, java.util.Set.of(
                        org.apache.kafka.common.security.auth.KafkaPrincipal.ANONYMOUS), false)));
        try (Admin admin = ClientRoundTripIT.Clients.admin(broker)) {
            admin.createAcls(List.of(new org.apache.kafka.common.acl.AclBinding(
                    new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC,
                            "sweep", org.apache.kafka.common.resource.PatternType.LITERAL),
                    new org.apache.kafka.common.acl.AccessControlEntry("User:sweeper", "*",
                            org.apache.kafka.common.acl.AclOperation.READ,
                            org.apache.kafka.common.acl.AclPermissionType.ALLOW)))).all().get();
            admin.createTopics(List.of(new NewTopic("sweep", 2, (short) 1))).all().get();
            topicId = admin.describeTopics(List.of("sweep")).allTopicNames().get().get("sweep").topicId();
            try (KafkaProducer<String, String> producer = ClientRoundTripIT.Clients.producer(broker, Map.of())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("sweep", i % 2, "k" + i, "v" + i)).get();
                }
            }
            admin.alterConsumerGroupOffsets("sweep-offsets", Map.of(new TopicPartition("sweep", 0),
                    new OffsetAndMetadata(3, java.util.Optional.of(0), "meta"))).all().get();
        }
        member = ConsumerGroupIT.member(broker, "sweep-live", Map.of());
        member.subscribe(List.of("sweep"));
        poller = Thread.ofPlatform().start(() -> {
            while (polling.get()) {
                member.poll(Duration.ofMillis(50));
            }
            member.close();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        polling.set(false);
        poller.join();
        broker.close();
    }

    static Stream<Arguments> advertised() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        try (ReferenceBroker probe = ReferenceBroker.start(BrokerConfig.forTests());
             RawClient client = new RawClient(probe.kafkaPort())) {
            ApiVersionsResponseData versions = client.send(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData());
            for (ApiVersionsResponseData.ApiVersion range : versions.apiKeys()) {
                for (short v = range.minVersion(); v <= range.maxVersion(); v++) {
                    cases.add(Arguments.of(ApiKeys.forId(range.apiKey()), v));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("advertised")
    void everyVersionEncodesRealData(ApiKeys api, short version) throws Exception {
        ApiMessage request = request(api, version);
        try (RawClient client = new RawClient(broker.kafkaPort())) {
            ApiMessage response = client.send(api, version, request);
            assertThat(response.toString()).as("%s v%d response", api.name, version)
                    .doesNotContain("errorCode=35,").doesNotContain("errorCode=-1,");
        }
    }

    /** The ACL CreateAcls creates in version {@code v}, and DeleteAcls deletes in the same version. */
    private static org.apache.kafka.common.acl.AclBinding sweepAcl(short v) {
        return new org.apache.kafka.common.acl.AclBinding(
                new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC,
                        "sweep-v" + v, org.apache.kafka.common.resource.PatternType.PREFIXED),
                new org.apache.kafka.common.acl.AccessControlEntry("User:sweeper", "*",
                        org.apache.kafka.common.acl.AclOperation.WRITE, org.apache.kafka.common.acl.AclPermissionType.DENY));
    }

    private static ApiMessage request(ApiKeys api, short v) {
        return switch (api) {
            case API_VERSIONS -> new ApiVersionsRequestData().setClientSoftwareName("sweep").setClientSoftwareVersion("1");
            case METADATA -> new MetadataRequestData().setTopics(List.of(v >= 10 && v >= 12
                    ? new MetadataRequestData.MetadataRequestTopic().setTopicId(topicId).setName(null)
                    : new MetadataRequestData.MetadataRequestTopic().setName("sweep")));
            case PRODUCE -> RawProtocolIT.produce("sweep", RawProtocolIT.records(0, "swept")).setAcks((short) 1);
            case FETCH -> new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                    .setIsolationLevel(v >= 4 ? (byte) 1 : 0).setSessionEpoch(v >= 7 ? -1 : 0)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(v < 13 ? "sweep" : "")
                            .setTopicId(v >= 13 ? topicId : Uuid.ZERO_UUID)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20)))));
            case LIST_OFFSETS -> new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic().setName("sweep").setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(0),
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(1).setTimestamp(-1)))));
            case CREATE_TOPICS -> {
                CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
                CreateTopicsRequestData.CreatableTopicConfigCollection configs =
                        new CreateTopicsRequestData.CreatableTopicConfigCollection();
                configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName("retention.ms").setValue("1000"));
                topics.add(new CreateTopicsRequestData.CreatableTopic().setName("created-v" + v).setNumPartitions(1)
                        .setReplicationFactor((short) 1).setConfigs(configs));
                yield new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000);
            }
            case DELETE_TOPICS -> v >= 6
                    ? new DeleteTopicsRequestData().setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                            .setName("missing-v" + v)))
                    : new DeleteTopicsRequestData().setTopicNames(List.of("missing-v" + v));
            case CREATE_PARTITIONS -> {
                CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                        new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
                topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("sweep").setCount(3));
                yield new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(5000).setValidateOnly(true);
            }
            case INIT_PRODUCER_ID -> new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(1000);
            case DESCRIBE_CLUSTER -> new DescribeClusterRequestData();
            case FIND_COORDINATOR -> v >= 4 ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of("sweep-live"))
                    : new FindCoordinatorRequestData().setKey("sweep-live");
            case JOIN_GROUP -> {
                JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                        new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
                protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
                yield new JoinGroupRequestData().setGroupId("sweep-join-v" + v).setSessionTimeoutMs(10_000)
                        .setRebalanceTimeoutMs(10_000).setMemberId("").setProtocolType("consumer").setProtocols(protocols);
            }
            case SYNC_GROUP -> new SyncGroupRequestData().setGroupId("sweep-live").setGenerationId(1).setMemberId("stranger");
            case HEARTBEAT -> new HeartbeatRequestData().setGroupId("sweep-live").setGenerationId(1).setMemberId("stranger");
            case LEAVE_GROUP -> v >= 3
                    ? new LeaveGroupRequestData().setGroupId("sweep-live").setMembers(List.of(
                            new LeaveGroupRequestData.MemberIdentity().setMemberId("stranger")))
                    : new LeaveGroupRequestData().setGroupId("sweep-live").setMemberId("stranger");
            case OFFSET_COMMIT -> new OffsetCommitRequestData().setGroupId("sweep-commit-v" + v)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                            new OffsetCommitRequestData.OffsetCommitRequestTopic()
                                    .setName(v >= 10 ? "" : "sweep").setTopicId(v >= 10 ? topicId : Uuid.ZERO_UUID)
                                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                            .setPartitionIndex(0).setCommittedOffset(2).setCommittedMetadata("m")))));
            case OFFSET_FETCH -> v >= 8
                    ? new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                            .setGroupId("sweep-offsets").setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                    .setName(v >= 10 ? "" : "sweep").setTopicId(v >= 10 ? topicId : Uuid.ZERO_UUID)
                                    .setPartitionIndexes(List.of(0, 1))))))
                    : new OffsetFetchRequestData().setGroupId("sweep-offsets").setTopics(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("sweep")
                                    .setPartitionIndexes(List.of(0, 1))));
            case DESCRIBE_GROUPS -> new DescribeGroupsRequestData().setGroups(List.of("sweep-live", "sweep-offsets"));
            case LIST_GROUPS -> new ListGroupsRequestData();
            case DELETE_GROUPS -> new DeleteGroupsRequestData().setGroupsNames(List.of("sweep-live"));
            case OFFSET_DELETE -> {
                OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
                topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("other").setPartitions(
                        List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
                yield new OffsetDeleteRequestData().setGroupId("sweep-offsets").setTopics(topics);
            }
            case DESCRIBE_CONFIGS -> new org.apache.kafka.common.message.DescribeConfigsRequestData().setResources(List.of(
                    new org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource()
                            .setResourceType((byte) 2).setResourceName("sweep").setConfigurationKeys(null),
                    new org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource()
                            .setResourceType((byte) 4).setResourceName("1").setConfigurationKeys(null)));
            case DESCRIBE_TOPIC_PARTITIONS -> new org.apache.kafka.common.message.DescribeTopicPartitionsRequestData()
                    .setTopics(List.of(new org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest()
                            .setName("sweep")));
            case OFFSET_FOR_LEADER_EPOCH -> {
                org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                        new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
                topics.add(new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic()
                        .setTopic("sweep").setPartitions(List.of(
                                new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                                        .setPartition(0).setCurrentLeaderEpoch(-1).setLeaderEpoch(0))));
                yield new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics);
            }
            case DELETE_RECORDS -> new org.apache.kafka.common.message.DeleteRecordsRequestData().setTimeoutMs(1000)
                    .setTopics(List.of(new org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic()
                            .setName("sweep").setPartitions(List.of(
                                    new org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition()
                                            .setPartitionIndex(0).setOffset(0)))));
            case INCREMENTAL_ALTER_CONFIGS -> {
                var resource = new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType((byte) 2).setResourceName("sweep");
                resource.configs().add(new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig()
                        .setName("retention.ms").setConfigOperation((byte) 0).setValue("3600000"));
                var request = new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData();
                request.resources().add(resource);
                yield request;
            }
            case ALTER_CONFIGS -> {
                var resource = new org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType((byte) 2).setResourceName("sweep");
                resource.configs().add(new org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig()
                        .setName("retention.ms").setValue("3600000"));
                var request = new org.apache.kafka.common.message.AlterConfigsRequestData();
                request.resources().add(resource);
                yield request;
            }
            case DESCRIBE_ACLS -> new org.apache.kafka.common.message.DescribeAclsRequestData()
                    .setResourceTypeFilter((byte) 1).setResourceNameFilter(null).setPatternTypeFilter((byte) 1)
                    .setPrincipalFilter(null).setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1);
            case CREATE_ACLS -> new org.apache.kafka.common.message.CreateAclsRequestData().setCreations(List.of(
                    org.apache.kafka.common.requests.CreateAclsRequest.aclCreation(sweepAcl(v))));
            case DELETE_ACLS -> new org.apache.kafka.common.message.DeleteAclsRequestData().setFilters(List.of(
                    org.apache.kafka.common.requests.DeleteAclsRequest.deleteAclsFilter(sweepAcl(v).toFilter())));
            case DESCRIBE_LOG_DIRS -> new org.apache.kafka.common.message.DescribeLogDirsRequestData().setTopics(null);
            case ADD_PARTITIONS_TO_TXN -> {
                var topics = new org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
                topics.add(new org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic()
                        .setName("sweep").setPartitions(List.of(0)));
                var request = new org.apache.kafka.common.message.AddPartitionsToTxnRequestData();
                if (v < 4) {
                    yield request.setV3AndBelowTransactionalId("sweep-txn").setV3AndBelowProducerId(1)
                            .setV3AndBelowProducerEpoch((short) 0).setV3AndBelowTopics(topics);
                }
                var transactions = new org.apache.kafka.common.message.AddPartitionsToTxnRequestData
                        .AddPartitionsToTxnTransactionCollection();
                transactions.add(new org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction()
                        .setTransactionalId("sweep-txn").setProducerId(1).setProducerEpoch((short) 0).setVerifyOnly(true)
                        .setTopics(topics));
                yield request.setTransactions(transactions);
            }
            case ADD_OFFSETS_TO_TXN -> new org.apache.kafka.common.message.AddOffsetsToTxnRequestData()
                    .setTransactionalId("sweep-txn").setProducerId(1).setProducerEpoch((short) 0).setGroupId("sweep-live");
            case TXN_OFFSET_COMMIT -> new org.apache.kafka.common.message.TxnOffsetCommitRequestData()
                    .setTransactionalId("sweep-txn").setGroupId("sweep-live").setProducerId(1).setProducerEpoch((short) 0)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                            new org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                                    .setName(v < 6 ? "sweep" : "").setTopicId(v >= 6 ? topicId : Uuid.ZERO_UUID)
                                    .setPartitions(List.of(new org.apache.kafka.common.message.TxnOffsetCommitRequestData
                                            .TxnOffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)))));
            case END_TXN -> new org.apache.kafka.common.message.EndTxnRequestData().setTransactionalId("sweep-txn")
                    .setProducerId(1).setProducerEpoch((short) 0).setCommitted(true);
            case DESCRIBE_TRANSACTIONS -> new org.apache.kafka.common.message.DescribeTransactionsRequestData()
                    .setTransactionalIds(List.of("sweep-txn"));
            case LIST_TRANSACTIONS -> new org.apache.kafka.common.message.ListTransactionsRequestData();
            case DESCRIBE_PRODUCERS -> {
                var topics = new org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequestCollection();
                topics.add(new org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest().setName("sweep")
                        .setPartitionIndexes(List.of(0)));
                yield new org.apache.kafka.common.message.DescribeProducersRequestData().setTopics(topics);
            }
            case WRITE_TXN_MARKERS -> new org.apache.kafka.common.message.WriteTxnMarkersRequestData().setMarkers(List.of(
                    new org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(424242)
                            .setProducerEpoch((short) 0).setTransactionResult(false).setCoordinatorEpoch(0)
                            .setTopics(List.of(new org.apache.kafka.common.message.WriteTxnMarkersRequestData
                                    .WritableTxnMarkerTopic().setName("sweep").setPartitionIndexes(List.of(0))))));
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> new org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData()
                    .setUsers(null);
            case ALTER_USER_SCRAM_CREDENTIALS -> new org.apache.kafka.common.message.AlterUserScramCredentialsRequestData()
                    .setUpsertions(List.of(new org.apache.kafka.common.message.AlterUserScramCredentialsRequestData
                            .ScramCredentialUpsertion().setName("sweep-user").setMechanism((byte) 1).setIterations(4096)
                            .setSalt(new byte[] {1, 2, 3}).setSaltedPassword(new byte[32])));
            // on this PLAINTEXT listener both are answered ILLEGAL_SASL_STATE, as Kafka does; SaslListenerIT covers SASL
            case SASL_HANDSHAKE -> new org.apache.kafka.common.message.SaslHandshakeRequestData().setMechanism("PLAIN");
            case SASL_AUTHENTICATE -> new org.apache.kafka.common.message.SaslAuthenticateRequestData()
                    .setAuthBytes(new byte[0]);
            default -> throw new IllegalStateException("No sweep request for " + api);
        };
    }
}
