package org.kafkatck.tck.report;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.plugin.event.EmbedEvent;
import io.cucumber.plugin.event.TestCase;

/**
 * Carries a failed scenario's last request from the scenario (whose state lives in its own object
 * container) to the report: the scenario attaches it to its Cucumber test case as JSON, this collects
 * the attachment until the test case finishes. Scenarios may run in parallel, so it is kept per test case.
 */
public final class RequestAttachment {
    /** Media type of the attachment. */
    public static final String MEDIA_TYPE = "application/json";
    /** Name of the attachment, as Cucumber's report shows it. */
    public static final String NAME = "last request sent (Kafka TCK)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<UUID, SentRequest> byTestCase = new ConcurrentHashMap<>();

    /** Keeps the request an attachment carries; other attachments are ignored. */
    public void attached(EmbedEvent event) {
        if (!NAME.equals(event.getName()) || !MEDIA_TYPE.equals(event.getMediaType())) {
            return;
        }
        SentRequest request = parse(event.getData());
        if (request != null) {
            byTestCase.put(event.getTestCase().getId(), request);
        }
    }

    /** @return the request attached to {@code testCase}, forgetting it; {@code null} when none was */
    public SentRequest take(TestCase testCase) {
        return byTestCase.remove(testCase.getId());
    }

    /** @return the request {@link SentRequest#toJson()} wrote, or {@code null} when the bytes are not one */
    static SentRequest parse(byte[] data) {
        try {
            JsonNode node = JSON.readTree(data);
            if (node == null || !node.path("api").isTextual() || !node.path("key").canConvertToInt()) {
                return null;
            }
            JsonNode version = node.path("version");
            return new SentRequest(node.get("api").asText(), node.get("key").asInt(),
                    version.canConvertToInt() ? version.asInt() : -1);
        } catch (IOException e) {
            return null;
        }
    }
}
