package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resources named more than once in one AlterConfigs or IncrementalAlterConfigs request: Kafka answers each
 * of them INVALID_REQUEST rather than guess which change was meant.
 */
final class DuplicateResources {
    private DuplicateResources() {
    }

    /** @return the keys that occur more than once */
    static Set<String> of(Stream<String> keys) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        keys.forEach(key -> {
            if (!seen.add(key)) {
                duplicated.add(key);
            }
        });
        return duplicated;
    }

    /** @return the key of a resource of a type (ConfigResource.Type id) and a name */
    static String key(byte type, String name) {
        return type + "/" + name;
    }
}
