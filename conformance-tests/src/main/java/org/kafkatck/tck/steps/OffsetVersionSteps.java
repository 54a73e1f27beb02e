package org.kafkatck.tck.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kafkatck.tck.steps.RawGroup.advertised;
import static org.kafkatck.tck.steps.RawGroup.retried;

/**
 * OffsetCommit and OffsetFetch sent raw in one chosen version, for the Scenario Outlines that run an
 * offset rule at every version clients speak (OffsetCommit v2-v10, OffsetFetch v1-v10). Commits by a
 * member use the group set up through {@link RawGroup}.
 */
public class OffsetVersionSteps {
    private final World world;
    private final RawGroup raw;
    private OffsetCommitResponseData lastCommit;
    private Map<TopicPartition, OffsetFetchResponseData.OffsetFetchResponsePartitions> fetched;
    private short fetchVersion;
    /** The random id an OffsetCommit v10 names an unknown topic by. */
    private Uuid unknownTopicId;

    /**
     * @param world the scenario's state
     * @param raw   the scenario's raw group members
     */
    public OffsetVersionSteps(World world, RawGroup raw) {
        this.world = world;
        this.raw = raw;
    }

    // ---------------------------------------------------------------- OffsetCommit

    private OffsetCommitRequestData.OffsetCommitRequestTopic commitTopic(short version, String physical, int partition,
                                                                        long offset) {
        return commitTopic(version, physical, partition, offset, true);
    }

    private OffsetCommitRequestData.OffsetCommitRequestTopic commitTopic(short version, String physical, int partition,
                                                                        long offset, boolean exists) {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedMetadata("")));
        // v10 names topics by id (KIP-848); an unknown topic has no id, so it is asked for with a random one
        if (version < 10) {
            return topic.setName(physical);
        }
        if (!exists) {
            unknownTopicId = Uuid.randomUuid();
        }
        return topic.setTopicId(exists ? topicId(physical) : unknownTopicId);
    }

    private Uuid topicId(String physical) {
        return RawReads.metadata(world.raw(), physical).topicId();
    }

    private void commit(RawConnection connection, int version, int generation, String memberId,
                        List<OffsetCommitRequestData.OffsetCommitRequestTopic> topics) {
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(world.name(raw.group))
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId).setTopics(topics);
        lastCommit = retried(() -> connection.send(ApiKeys.OFFSET_COMMIT, v, request),
                r -> Errors.forCode(r.topics().get(0).partitions().get(0).errorCode()));
        List<OffsetCommitResponseData.OffsetCommitResponsePartition> partitions = lastCommit.topics().stream()
                .flatMap(t -> t.partitions().stream()).toList();
        assertThat(partitions).as("partitions in the OffsetCommit answer").hasSize(topics.size());
        world.lastError = Errors.forCode(partitions.get(0).errorCode());
    }

    @When("the member commits offset {long} for partition {int} of {string} with OffsetCommit v{int} and generation {int}")
    public void memberCommits(long offset, int partition, String topic, int version, int generation) {
        short v = advertised(raw.member.connection, ApiKeys.OFFSET_COMMIT, version);
        commit(raw.member.connection, v, generation, raw.member.id,
                List.of(commitTopic(v, world.topic(topic), partition, offset)));
    }

    @When("group {string} commits offset {long} for partition {int} of {string} with OffsetCommit v{int}, generation -1 and no member id")
    public void simpleCommit(String groupName, long offset, int partition, String topic, int version) {
        raw.group = groupName;
        // with the group's member, if it has one, on its connection to the coordinator
        RawConnection connection = raw.member != null ? raw.member.connection
                : world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        commit(connection, v, -1, "", List.of(commitTopic(v, world.topic(topic), partition, offset)));
    }

    @When("group {string} commits offset {long} for partition {int} of {string} and of the unknown topic {string} in one OffsetCommit v{int}")
    public void mixedCommit(String groupName, long offset, int partition, String topic, String unknown, int version) {
        raw.group = groupName;
        RawConnection connection = world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_COMMIT, version);
        commit(connection, v, -1, "", List.of(commitTopic(v, world.topic(topic), partition, offset),
                commitTopic(v, world.topic(unknown), partition, offset, false)));
    }

    /** Each partition of a commit is answered by itself: one unknown topic fails alone. */
    @Then("partition {int} of {string} is answered NONE and partition {int} of {string} {error}")
    public void mixedAnswer(int partition, String topic, int unknownPartition, String unknown, Errors expected) {
        assertThat(lastCommit.topics()).as("topics in the OffsetCommit answer").hasSize(2);
        // the answer names topics as the request did: by name, or by id since v10
        String physical = world.topic(topic);
        Uuid id = topicId(physical);
        OffsetCommitResponseData.OffsetCommitResponseTopic known = lastCommit.topics().stream()
                .filter(t -> t.name().equals(physical) || t.topicId().equals(id)).findFirst().orElseThrow(
                        () -> new AssertionError(topic + " is not in the OffsetCommit answer " + lastCommit));
        OffsetCommitResponseData.OffsetCommitResponseTopic missing = lastCommit.topics().stream()
                .filter(t -> t != known).findFirst().orElseThrow();
        if (missing.topicId().equals(Uuid.ZERO_UUID)) {
            assertThat(missing.name()).as("the unknown topic answered").isEqualTo(world.topic(unknown));
        } else {
            assertThat(missing.topicId()).as("the unknown topic id answered").isEqualTo(unknownTopicId);
        }
        assertThat(known.partitions()).singleElement().satisfies(p -> {
            assertThat(p.partitionIndex()).isEqualTo(partition);
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d of %s", partition, topic)
                    .isEqualTo(Errors.NONE);
        });
        assertThat(missing.partitions()).singleElement().satisfies(p -> {
            assertThat(p.partitionIndex()).isEqualTo(unknownPartition);
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d of %s", unknownPartition, unknown)
                    .isEqualTo(expected);
        });
    }

    // ---------------------------------------------------------------- OffsetFetch

    /** Sends OffsetFetch in exactly {@code version}: one group, by name (v1-v7) or in a group list (v8+). */
    private void fetch(String groupName, int version, String topic, List<Integer> partitions, boolean requireStable) {
        raw.group = groupName;
        RawConnection connection = world.rawToCoordinator(world.name(groupName));
        short v = advertised(connection, ApiKeys.OFFSET_FETCH, version);
        fetchVersion = v;
        String physical = topic == null ? null : world.topic(topic);
        OffsetFetchRequestData request = new OffsetFetchRequestData();
        if (v >= 7) {
            request.setRequireStable(requireStable);
        }
        fetched = new LinkedHashMap<>();
        if (v < 8) {
            request.setGroupId(world.name(groupName)).setTopics(physical == null ? null
                    : List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(physical)
                    .setPartitionIndexes(partitions)));
            OffsetFetchResponseData response = retried(() -> connection.send(ApiKeys.OFFSET_FETCH, v, request),
                    r -> Errors.forCode(r.errorCode()));
            world.lastError = Errors.forCode(response.errorCode());
            response.topics().forEach(t -> t.partitions().forEach(p -> fetched.put(
                    new TopicPartition(t.name(), p.partitionIndex()), new OffsetFetchResponseData
                            .OffsetFetchResponsePartitions().setPartitionIndex(p.partitionIndex())
                            .setCommittedOffset(p.committedOffset()).setCommittedLeaderEpoch(p.committedLeaderEpoch())
                            .setMetadata(p.metadata()).setErrorCode(p.errorCode()))));
            return;
        }
        OffsetFetchRequestData.OffsetFetchRequestTopics asked = physical == null ? null
                : new OffsetFetchRequestData.OffsetFetchRequestTopics().setPartitionIndexes(partitions);
        Uuid id = physical == null ? null : topicId(physical);
        if (asked != null) {
            if (v >= 10) {
                asked.setTopicId(id);
            } else {
                asked.setName(physical);
            }
        }
        request.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(world.name(groupName))
                .setTopics(asked == null ? null : List.of(asked))));
        OffsetFetchResponseData response = retried(() -> connection.send(ApiKeys.OFFSET_FETCH, v, request),
                r -> r.groups().isEmpty() ? Errors.NONE : Errors.forCode(r.groups().get(0).errorCode()));
        assertThat(response.groups()).as("groups in the OffsetFetch answer").singleElement()
                .satisfies(g -> assertThat(g.groupId()).isEqualTo(world.name(groupName)));
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = response.groups().get(0);
        world.lastError = Errors.forCode(answer.errorCode());
        for (OffsetFetchResponseData.OffsetFetchResponseTopics t : answer.topics()) {
            // v10 answers by topic id: the partitions are keyed by it, as the request named them
            String key = v >= 10 ? t.topicId().toString() : t.name();
            t.partitions().forEach(p -> fetched.put(new TopicPartition(key, p.partitionIndex()), p));
        }
    }

    @When("the offsets of group {string} for partitions 0 and 1 of {string} are fetched with OffsetFetch v{int}")
    public void fetchTwo(String groupName, String topic, int version) {
        fetch(groupName, version, topic, List.of(0, 1), false);
    }

    @When("the offsets of group {string} for partitions 0 and 1 of {string} are fetched with OffsetFetch v{int}, requiring stable offsets")
    public void fetchStable(String groupName, String topic, int version) {
        fetch(groupName, version, topic, List.of(0, 1), true);
    }

    @When("every offset of group {string} is fetched with OffsetFetch v{int}, naming no topics")
    public void fetchAll(String groupName, int version) {
        fetch(groupName, version, null, null, false);
    }

    /**
     * The answer, partition by partition: the committed offset, or -1 without an error where nothing is
     * committed; empty metadata; the leader epoch (v5+) -1 as nothing here commits one.
     */
    @Then("the answer holds exactly partition 0 of {string} at {long} and partition 1 at {long}, each without an error")
    public void answerHolds(String topic, long first, long second) {
        assertThat(world.lastError).as("OffsetFetch v%d error", fetchVersion).isEqualTo(Errors.NONE);
        String physical = world.topic(topic);
        String key = fetchVersion >= 10 ? topicId(physical).toString() : physical;
        TopicPartition p0 = new TopicPartition(key, 0);
        TopicPartition p1 = new TopicPartition(key, 1);
        assertThat(fetched).as("partitions in the OffsetFetch v%d answer", fetchVersion).containsOnlyKeys(p0, p1);
        List<Long> expected = List.of(first, second);
        List<TopicPartition> order = new ArrayList<>(List.of(p0, p1));
        for (int i = 0; i < 2; i++) {
            OffsetFetchResponseData.OffsetFetchResponsePartitions p = fetched.get(order.get(i));
            assertThat(Errors.forCode(p.errorCode())).as("error of partition %d", i).isEqualTo(Errors.NONE);
            assertThat(p.committedOffset()).as("committed_offset of partition %d", i).isEqualTo(expected.get(i));
            assertThat(p.metadata()).as("metadata of partition %d", i).isEqualTo("");
            if (fetchVersion >= 5) {
                assertThat(p.committedLeaderEpoch()).as("committed_leader_epoch of partition %d", i).isEqualTo(-1);
            }
        }
    }}
