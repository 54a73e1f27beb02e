package org.kafkatck.tck.world;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Wraps the scenario's {@link Admin} so that each call records on the {@link RequestTrail} the API the
 * Admin client sends for it (e.g. {@code describeTopics} is a Metadata request).
 */
final class AdminTrail {
    /** Admin methods the spec's steps call, by the API they send. Others are not recorded. */
    private static final Map<String, ApiKeys> APIS = Map.ofEntries(
            Map.entry("createTopics", ApiKeys.CREATE_TOPICS),
            Map.entry("deleteTopics", ApiKeys.DELETE_TOPICS),
            Map.entry("listTopics", ApiKeys.METADATA),
            Map.entry("describeTopics", ApiKeys.METADATA),
            Map.entry("describeCluster", ApiKeys.DESCRIBE_CLUSTER),
            Map.entry("createPartitions", ApiKeys.CREATE_PARTITIONS),
            Map.entry("deleteRecords", ApiKeys.DELETE_RECORDS),
            Map.entry("describeConfigs", ApiKeys.DESCRIBE_CONFIGS),
            Map.entry("incrementalAlterConfigs", ApiKeys.INCREMENTAL_ALTER_CONFIGS),
            Map.entry("alterConfigs", ApiKeys.ALTER_CONFIGS),
            Map.entry("describeLogDirs", ApiKeys.DESCRIBE_LOG_DIRS),
            Map.entry("describeReplicaLogDirs", ApiKeys.DESCRIBE_LOG_DIRS),
            Map.entry("listOffsets", ApiKeys.LIST_OFFSETS),
            Map.entry("describeConsumerGroups", ApiKeys.DESCRIBE_GROUPS),
            Map.entry("listConsumerGroups", ApiKeys.LIST_GROUPS),
            Map.entry("listGroups", ApiKeys.LIST_GROUPS),
            Map.entry("listConsumerGroupOffsets", ApiKeys.OFFSET_FETCH),
            Map.entry("alterConsumerGroupOffsets", ApiKeys.OFFSET_COMMIT),
            Map.entry("deleteConsumerGroups", ApiKeys.DELETE_GROUPS),
            Map.entry("deleteConsumerGroupOffsets", ApiKeys.OFFSET_DELETE),
            Map.entry("removeMembersFromConsumerGroup", ApiKeys.LEAVE_GROUP),
            Map.entry("describeProducers", ApiKeys.DESCRIBE_PRODUCERS),
            Map.entry("describeTransactions", ApiKeys.DESCRIBE_TRANSACTIONS),
            Map.entry("listTransactions", ApiKeys.LIST_TRANSACTIONS),
            Map.entry("abortTransaction", ApiKeys.WRITE_TXN_MARKERS));

    private AdminTrail() {
    }

    /** @return {@code admin}, recording each call of a known method on {@code trail} before making it */
    static Admin recording(Admin admin, RequestTrail trail) {
        InvocationHandler handler = (proxy, method, args) -> {
            ApiKeys api = APIS.get(method.getName());
            if (api != null) {
                trail.clientCall(api);
            }
            try {
                return method.invoke(admin, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, handler);
    }
}
