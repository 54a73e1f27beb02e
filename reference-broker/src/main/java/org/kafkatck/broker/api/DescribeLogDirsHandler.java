package org.kafkatck.broker.api;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.log.LogManager;
import org.kafkatck.broker.log.PartitionLog;
import org.kafkatck.broker.log.Topic;

/**
 * DescribeLogDirs (key 35, KIP-113): the broker's log directory and, per partition in it, the size of the
 * partition's segments in bytes, as {@code kafka-log-dirs.sh} shows them.
 *
 * <ul>
 *   <li>v1: the oldest Kafka 4 keeps (KIP-896); log directory, partition sizes, offset lag, future logs.</li>
 *   <li>v2: flexible versions. v3: a top-level error code.</li>
 *   <li>v4: total and usable bytes of the directory's volume (KIP-827).</li>
 *   <li>v5: whether the directory is cordoned (never, here).</li>
 * </ul>
 * This broker has one log directory; a null topic list describes every partition, a list names the
 * partitions to describe (those that do not exist are left out, as in Kafka). The offset lag is 0: a
 * single replica's log end is its high watermark. A directory offline after a storage failure answers
 * KAFKA_STORAGE_ERROR.
 * Without CLUSTER DESCRIBE the answer is CLUSTER_AUTHORIZATION_FAILED with no log directory.
 */
public final class DescribeLogDirsHandler extends VersionedHandler<DescribeLogDirsRequestData, DescribeLogDirsResponseData> {
    private final LogManager logs;
    private final Path logDir;

    /**
     * @param logs   the topics, all in one log directory
     * @param logDir the directory reported: the data directory (with in-memory storage, the one configured)
     */
    public DescribeLogDirsHandler(LogManager logs, Path logDir) {
        super(ApiKeys.DESCRIBE_LOG_DIRS, 1, 5);
        this.logs = logs;
        this.logDir = logDir.toAbsolutePath().normalize();
    }

    @Override
    public DescribeLogDirsResponseData handle(RequestContext context, DescribeLogDirsRequestData request) {
        if (!context.authorizedCluster(AclOperation.DESCRIBE)) {
            // Kafka answers no log directory at all
            return new DescribeLogDirsResponseData().setThrottleTimeMs(0)
                    .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
        }
        Path dir = logDir;
        DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
        if (!logs.directory().online()) {
            result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        } else {
            result.setErrorCode(Errors.NONE.code());
            if (request.topics() == null) {
                logs.topics().forEach(topic -> describe(result, topic, null));
            } else {
                for (DescribeLogDirsRequestData.DescribableLogDirTopic wanted : request.topics()) {
                    logs.topic(wanted.topic()).ifPresent(topic -> describe(result, topic, wanted.partitions()));
                }
            }
            FileStore store = storeOf(dir);
            if (store != null) {
                try {
                    result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
                } catch (IOException e) {
                    // left at -1: the volume's size is unknown
                }
            }
        }
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        response.results().add(result);
        return response;
    }

    private static void describe(DescribeLogDirsResult result, Topic topic, List<Integer> partitions) {
        DescribeLogDirsTopic described = new DescribeLogDirsTopic().setName(topic.name());
        for (PartitionLog log : topic.partitions()) {
            int index = log.topicPartition().partition();
            if (partitions == null || partitions.contains(index)) {
                described.partitions().add(new DescribeLogDirsPartition().setPartitionIndex(index)
                        .setPartitionSize(log.sizeInBytes()).setOffsetLag(0).setIsFutureKey(false));
            }
        }
        if (!described.partitions().isEmpty()) {
            result.topics().add(described);
        }
    }

    /** The volume of the directory, or of its nearest existing parent (in-memory storage has no directory). */
    private static FileStore storeOf(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
