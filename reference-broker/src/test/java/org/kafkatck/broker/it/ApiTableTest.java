package org.kafkatck.broker.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.BrokerConfig;
import org.kafkatck.broker.ReferenceBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/architecture.md lists every API the broker serves with exactly the versions it advertises. */
class ApiTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\((\\d+)\\) \\| (\\d+)(?:–(\\d+))? \\|", Pattern.MULTILINE);

    @Test
    void theArchitectureTableIsWhatTheBrokerAdvertises() throws Exception {
        Map<Integer, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "architecture.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            String max = row.group(4) == null ? row.group(3) : row.group(4);
            documented.put(Integer.parseInt(row.group(2)), row.group(1) + " " + row.group(3) + "-" + max);
        }
        Map<Integer, String> advertised = new TreeMap<>();
        try (ReferenceBroker broker = ReferenceBroker.start(BrokerConfig.forTests());
             RawClient client = new RawClient(broker.kafkaPort())) {
            ApiVersionsResponseData versions = client.send(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData());
            for (ApiVersionsResponseData.ApiVersion range : versions.apiKeys()) {
                advertised.put((int) range.apiKey(), ApiKeys.forId(range.apiKey()).name + " " + range.minVersion() + "-"
                        + range.maxVersion());
            }
        }
        assertThat(documented).as("the API table of docs/architecture.md (name (key) | min–max)")
                .isEqualTo(advertised);
    }
}
