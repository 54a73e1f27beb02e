package org.kafkatck.tck.wire;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Reads what a broker stored and reports, raw, as a second path beside the Java clients: the clients
 * fill in, drop or repair what a broker sent (the partition of an acknowledgement, records below the
 * fetch position, leader epochs), so the spec reads the bytes back itself.
 */
public final class RawReads {
    /** Newest Fetch version that still names topics (v13 switched to topic ids, KIP-516). */
    public static final short LAST_FETCH_BY_NAME = 12;
    /** Oldest Metadata version that carries partition leader epochs (KIP-320). */
    public static final short METADATA_LEADER_EPOCHS = 7;
    /** Oldest Metadata version that carries topic ids (KIP-516). */
    public static final short METADATA_TOPIC_IDS = 10;

    private RawReads() {
    }

    /**
     * @return the Metadata of {@code topic} in the newest version both sides speak, which must carry
     *         leader epochs and topic ids (v10+)
     * @throws AssertionError when the topic is not answered without error
     */
    public static MetadataResponseData.MetadataResponseTopic metadata(RawConnection connection, String topic) {
        short version = connection.version(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        if (version < METADATA_TOPIC_IDS) {
            throw new AssertionError("Metadata v" + version + " is the newest the broker speaks; topic ids and leader"
                    + " epochs need v" + METADATA_TOPIC_IDS + "+");
        }
        MetadataResponseData response = connection.send(ApiKeys.METADATA, version, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)))
                .setAllowAutoTopicCreation(false));
        MetadataResponseData.MetadataResponseTopic answer = response.topics().find(topic);
        if (answer == null || answer.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("Metadata v" + version + " for " + topic + " answered "
                    + (answer == null ? "no such topic" : Errors.forCode(answer.errorCode())));
        }
        return answer;
    }

    /** @return the leader epoch Metadata reports for one partition (never -1 from v7 on) */
    public static int leaderEpoch(RawConnection connection, String topic, int partition) {
        MetadataResponseData.MetadataResponseTopic answer = metadata(connection, topic);
        for (MetadataResponseData.MetadataResponsePartition p : answer.partitions()) {
            if (p.partitionIndex() == partition) {
                if (p.leaderEpoch() < 0) {
                    throw new AssertionError("Metadata reports leader epoch " + p.leaderEpoch() + " for " + topic + "-"
                            + partition + "; from v" + METADATA_LEADER_EPOCHS + " on every led partition has one");
                }
                return p.leaderEpoch();
            }
        }
        throw new AssertionError("Metadata of " + topic + " has no partition " + partition);
    }

    /**
     * Fetches one partition by name from {@code offset}, without waiting, with generous limits.
     *
     * @return the partition's answer, whatever its error code
     */
    public static FetchResponseData.PartitionData fetch(RawConnection connection, String topic, int partition,
                                                        long offset) {
        short version = connection.version(ApiKeys.FETCH, LAST_FETCH_BY_NAME);
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(FetchRequest.CONSUMER_REPLICA_ID)
                .setMaxWaitMs(0)
                .setMinBytes(1)
                .setMaxBytes(50 * 1024 * 1024)
                .setIsolationLevel((byte) 0)
                .setSessionId(0)
                .setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setTopicId(Uuid.ZERO_UUID)
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(partition)
                                .setFetchOffset(offset).setPartitionMaxBytes(50 * 1024 * 1024)))))
                .setRackId("");
        FetchResponseData response = connection.send(ApiKeys.FETCH, version, request);
        if (response.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("Fetch of " + topic + "-" + partition + " answered "
                    + Errors.forCode(response.errorCode()));
        }
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                if (p.partitionIndex() == partition) {
                    return p;
                }
            }
        }
        throw new AssertionError("Fetch of " + topic + "-" + partition + " answered no such partition");
    }

    /** @return the whole batches of a fetched partition (a trailing partial batch is not one) */
    public static List<RecordBatch> batches(FetchResponseData.PartitionData partition) {
        List<RecordBatch> batches = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * Every record a partition holds, read raw from offset 0 until its high watermark, checking on the
     * way that each fetch starts with the batch holding the offset asked for.
     */
    public static List<Record> readAll(RawConnection connection, String topic, int partition) {
        List<Record> records = new ArrayList<>();
        long next = 0;
        while (true) {
            FetchResponseData.PartitionData answer = fetch(connection, topic, partition, next);
            if (answer.errorCode() != Errors.NONE.code()) {
                throw new AssertionError("Fetch of " + topic + "-" + partition + " from offset " + next + " answered "
                        + Errors.forCode(answer.errorCode()));
            }
            List<RecordBatch> batches = batches(answer);
            if (batches.isEmpty()) {
                if (next < answer.highWatermark()) {
                    throw new AssertionError("Fetch of " + topic + "-" + partition + " from offset " + next
                            + " returned no batch below the high watermark " + answer.highWatermark());
                }
                return records;
            }
            if (batches.get(0).baseOffset() > next || batches.get(0).lastOffset() < next) {
                throw new AssertionError("Fetch of " + topic + "-" + partition + " from offset " + next
                        + " returned first a batch of offsets " + batches.get(0).baseOffset() + " to "
                        + batches.get(0).lastOffset());
            }
            for (RecordBatch batch : batches) {
                for (Record record : batch) {
                    if (record.offset() >= next) {
                        records.add(record);
                    }
                }
                next = batch.lastOffset() + 1;
            }
        }
    }

    /**
     * Sends ListOffsets for one partition in the newest version both sides speak.
     *
     * @param timestamp -1 latest, -2 earliest, -3 max timestamp, or a time
     * @return the partition's answer
     */
    public static ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(RawConnection connection,
                                                                                   String topic, int partition,
                                                                                   long timestamp) {
        short version = connection.version(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        return listOffsets(connection, version, topic, partition, timestamp);
    }

    /** Sends ListOffsets for one partition in {@code version}. */
    public static ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(RawConnection connection,
                                                                                   short version, String topic,
                                                                                   int partition, long timestamp) {
        ListOffsetsResponseData response = connection.send(ApiKeys.LIST_OFFSETS, version, new ListOffsetsRequestData()
                .setReplicaId(-1)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic)
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(partition).setTimestamp(timestamp))))));
        for (ListOffsetsResponseData.ListOffsetsTopicResponse t : response.topics()) {
            for (ListOffsetsResponseData.ListOffsetsPartitionResponse p : t.partitions()) {
                if (t.name().equals(topic) && p.partitionIndex() == partition) {
                    return p;
                }
            }
        }
        throw new AssertionError("ListOffsets v" + version + " of " + topic + "-" + partition
                + " answered no such partition");
    }
}
