package org.kafkatck.broker.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.kafkatck.broker.log.TopicSettings;

/**
 * Kafka's rules for changing a topic's own configs one operation at a time (KIP-339): SET replaces a
 * value, DELETE reverts it to the default, APPEND and SUBTRACT add to or remove from a list config,
 * starting from its current value or, when the topic has none of its own, from Kafka's default.
 */
final class TopicConfigChanges {
    private TopicConfigChanges() {
    }

    /** One change: a config name, an operation ({@code AlterConfigOp.OpType} id) and a value. */
    record Change(String name, byte operation, String value) {
    }

    /**
     * Checks a resource's changes before anything is applied: a config named twice, or a value missing for
     * any operation but DELETE, is INVALID_REQUEST, as in Kafka.
     *
     * @throws InvalidRequestException for a duplicate name, an unknown operation or a missing value
     */
    static void checkRequest(List<Change> changes) {
        Set<String> names = new HashSet<>();
        List<String> nullValues = new ArrayList<>();
        for (Change change : changes) {
            if (!names.add(change.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys");
            }
            if (change.operation() < 0 || change.operation() > 3) {
                throw new InvalidRequestException("Unknown operation type " + change.operation());
            }
            if (change.operation() != 1 && change.value() == null) {
                nullValues.add(change.name());
            }
        }
        if (!nullValues.isEmpty()) {
            throw new InvalidRequestException("Null value not supported for : " + String.join(", ", nullValues));
        }
    }

    /**
     * Applies the changes to a topic's own configs.
     *
     * @param configs the topic's own configs, changed in place
     * @return {@code configs}
     * @throws InvalidConfigurationException for an unknown name or APPEND/SUBTRACT on a config that is not a list
     */
    static Map<String, String> apply(Map<String, String> configs, List<Change> changes) {
        for (Change change : changes) {
            String name = change.name();
            if (!TopicSettings.names().contains(name)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + name);
            }
            switch (change.operation()) {
                case 0 -> configs.put(name, change.value()); // SET
                case 1 -> configs.remove(name); // DELETE
                case 2, 3 -> { // APPEND, SUBTRACT
                    String verb = change.operation() == 2 ? "APPEND" : "SUBTRACT";
                    if (TopicSettings.type(name) != ConfigDef.Type.LIST) {
                        throw new InvalidConfigurationException("Can't " + verb + " to key " + name
                                + " because its type is not LIST.");
                    }
                    List<String> current = parts(configs.containsKey(name) ? configs.get(name)
                            : TopicSettings.defaultValue(name));
                    List<String> given = parts(change.value());
                    if (change.operation() == 2) {
                        given.stream().filter(v -> !current.contains(v)).forEach(current::add);
                    } else {
                        current.removeAll(given);
                    }
                    configs.put(name, String.join(",", current));
                }
                default -> throw new InvalidRequestException("Unknown operation type " + change.operation());
            }
        }
        return configs;
    }

    private static List<String> parts(String value) {
        List<String> parts = new ArrayList<>();
        if (value != null) {
            Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(parts::add);
        }
        return parts;
    }
}
