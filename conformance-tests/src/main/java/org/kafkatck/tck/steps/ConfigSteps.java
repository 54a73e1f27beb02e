package org.kafkatck.tck.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.kafkatck.tck.wire.RawConnection;
import org.kafkatck.tck.wire.RawReads;
import org.kafkatck.tck.wire.Requests;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Altering and describing topic configs with raw IncrementalAlterConfigs, AlterConfigs and DescribeConfigs
 * requests, so that each resource's error code, each config's source and synonyms are read as the broker
 * sent them (the Admin client folds errors into exceptions and fills in nothing of its own here, but it
 * hides which resource of a request failed).
 */
public class ConfigSteps {
    /** Kafka's own documentation of the topic configs the spec checks, as kafka-clients carries it. */
    private static final Map<String, String> DOCUMENTATION = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_MS_DOC,
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DOC,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, TopicConfig.MAX_MESSAGE_BYTES_DOC);

    /** Bound on a committed config change reaching the broker's request path (milliseconds on Apache Kafka). */
    static final Duration APPLIED_WITHIN = Duration.ofSeconds(5);

    private final World world;

    /** @param world the scenario's state */
    public ConfigSteps(World world) {
        this.world = world;
    }

    // ------------------------------------------------------------------ IncrementalAlterConfigs

    @When("config {string} of topic {string} is set to {string}")
    public void set(String name, String topic, String value) {
        incremental(topic, name, AlterConfigOp.OpType.SET, value, false);
    }

    @When("config {string} of topic {string} is validated for a change to {string}")
    public void validateSet(String name, String topic, String value) {
        incremental(topic, name, AlterConfigOp.OpType.SET, value, true);
    }

    @When("config {string} of topic {string} is set without a value")
    public void setNull(String name, String topic) {
        incremental(topic, name, AlterConfigOp.OpType.SET, null, false);
    }

    @When("config {string} of topic {string} is deleted")
    public void delete(String name, String topic) {
        incremental(topic, name, AlterConfigOp.OpType.DELETE, null, false);
    }

    @When("{string} is appended to config {string} of topic {string}")
    public void append(String value, String name, String topic) {
        incremental(topic, name, AlterConfigOp.OpType.APPEND, value, false);
    }

    @When("{string} is subtracted from config {string} of topic {string}")
    public void subtract(String value, String name, String topic) {
        incremental(topic, name, AlterConfigOp.OpType.SUBTRACT, value, false);
    }

    private void incremental(String topic, String name, AlterConfigOp.OpType op, String value, boolean validateOnly) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData().setValidateOnly(validateOnly);
        request.resources().add(incrementalResource(world.topic(topic), name, op, value));
        world.lastError = errorsOf(sendIncremental(request)).get(world.topic(topic));
    }

    @When("one IncrementalAlterConfigs request sets {string} to {string} on topic {string} and to {string} on topic {string}")
    public void setOnTwo(String name, String first, String firstTopic, String second, String secondTopic) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(incrementalResource(world.topic(firstTopic), name, AlterConfigOp.OpType.SET, first));
        request.resources().add(incrementalResource(world.topic(secondTopic), name, AlterConfigOp.OpType.SET, second));
        world.remembered.put("alter-errors", errorsOf(sendIncremental(request)));
    }

    @When("config {string} of the broker is set to {string}")
    public void setOnBroker(String name, String value) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName(brokerId());
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName(name)
                .setConfigOperation(AlterConfigOp.OpType.SET.id()).setValue(value));
        request.resources().add(resource);
        IncrementalAlterConfigsResponseData response = sendIncremental(request);
        world.lastError = Errors.forCode(response.responses().get(0).errorCode());
    }

    @Then("topic {string} answers {error} and topic {string} answers {error}")
    @SuppressWarnings("unchecked")
    public void perResource(String first, Errors firstError, String second, Errors secondError) {
        Map<String, Errors> errors = (Map<String, Errors>) world.remembered.get("alter-errors");
        assertThat(errors).as("error per topic resource").containsExactlyInAnyOrderEntriesOf(
                Map.of(world.topic(first), firstError, world.topic(second), secondError));
    }

    private static IncrementalAlterConfigsRequestData.AlterConfigsResource incrementalResource(
            String physical, String name, AlterConfigOp.OpType op, String value) {
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(physical);
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName(name)
                .setConfigOperation(op.id()).setValue(value));
        return resource;
    }

    private IncrementalAlterConfigsResponseData sendIncremental(IncrementalAlterConfigsRequestData request) {
        RawConnection connection = world.raw();
        return connection.send(ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                connection.version(ApiKeys.INCREMENTAL_ALTER_CONFIGS, (short) 1), request);
    }

    private static Map<String, Errors> errorsOf(IncrementalAlterConfigsResponseData response) {
        Map<String, Errors> errors = new LinkedHashMap<>();
        response.responses().forEach(r -> errors.put(r.resourceName(), Errors.forCode(r.errorCode())));
        return errors;
    }

    /**
     * Produces the same batch until the broker answers as expected, within {@link #APPLIED_WITHIN} of the
     * change (Apache Kafka applies a committed change a few milliseconds after answering it); a refused
     * attempt must leave the log as it was.
     */
    @Then("within 5 seconds a batch of {int} bytes produced to {string} is answered {error}, and stored only if accepted")
    public void produceAfterChange(int size, String topic, Errors expected) {
        String physical = world.topic(topic);
        RawConnection connection = world.rawToLeader(physical, 0);
        short version = connection.version(ApiKeys.PRODUCE, (short) 12);
        await().atMost(APPLIED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            long before = RawReads.listOffsets(connection, physical, 0, ListOffsetsRequest.LATEST_TIMESTAMP).offset();
            ProduceResponseData response = connection.send(ApiKeys.PRODUCE, version,
                    Requests.produce(physical, 0, (short) -1, Requests.records("x".repeat(size))));
            Errors error = Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
            long after = RawReads.listOffsets(connection, physical, 0, ListOffsetsRequest.LATEST_TIMESTAMP).offset();
            assertThat(after).as("log end offset after a produce answered %s", error)
                    .isEqualTo(error == Errors.NONE ? before + 1 : before);
            assertThat(error).as("error of the produce").isEqualTo(expected);
        });
    }

    // ------------------------------------------------------------------ AlterConfigs

    @When("the configs of topic {string} are replaced by {string} = {string}")
    public void replace(String topic, String name, String value) {
        alter(topic, name, value, false);
    }

    @When("the configs of topic {string} are validated for a replacement by {string} = {string}")
    public void validateReplace(String topic, String name, String value) {
        alter(topic, name, value, true);
    }

    private void alter(String topic, String name, String value, boolean validateOnly) {
        AlterConfigsRequestData request = new AlterConfigsRequestData().setValidateOnly(validateOnly);
        AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(world.topic(topic));
        resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName(name).setValue(value));
        request.resources().add(resource);
        RawConnection connection = world.raw();
        AlterConfigsResponseData response = connection.send(ApiKeys.ALTER_CONFIGS,
                connection.version(ApiKeys.ALTER_CONFIGS, (short) 2), request);
        assertThat(response.responses()).as("AlterConfigs resources answered").hasSize(1);
        world.lastError = Errors.forCode(response.responses().get(0).errorCode());
    }

    // ------------------------------------------------------------------ DescribeConfigs

    /**
     * Awaited, within {@link #APPLIED_WITHIN}: Apache Kafka (KRaft) answers a config change once the
     * controller committed it, and its broker applies it a few milliseconds later.
     */
    @Then("topic {string} describes {string} as {string} from {word}")
    public void describes(String topic, String name, String value, String source) {
        await().atMost(APPLIED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    DescribeConfigsResourceResult config = describe(topic, false, false).get(name);
                    assertThat(config).as("config %s of %s", name, topic).isNotNull();
                    assertThat(config.value()).as("value of %s", name).isEqualTo(value);
                    assertThat(ConfigSource.forId(config.configSource()).source().name()).as("source of %s", name)
                            .isEqualTo(source);
                });
    }

    @Then("topic {string}, described with synonyms, lists for {string}:")
    public void synonyms(String topic, String name, DataTable expected) {
        DescribeConfigsResourceResult config = describe(topic, true, false).get(name);
        assertThat(config).as("config %s of %s", name, topic).isNotNull();
        List<List<String>> actual = new ArrayList<>();
        config.synonyms().forEach(s -> actual.add(List.of(s.name(), s.value() == null ? "null" : s.value(),
                ConfigSource.forId(s.source()).source().name())));
        assertThat(actual).as("synonyms of %s, in order", name).containsExactlyElementsOf(expected.cells());
    }

    @Then("topic {string}, described without synonyms, lists none for {string}")
    public void noSynonyms(String topic, String name) {
        DescribeConfigsResourceResult config = describe(topic, false, false).get(name);
        assertThat(config).as("config %s of %s", name, topic).isNotNull();
        assertThat(config.synonyms()).as("synonyms of %s when not asked for", name).isEmpty();
    }

    @Then("topic {string}, described with documentation, documents {string} with Kafka's text as type {word}")
    public void documented(String topic, String name, String type) {
        DescribeConfigsResourceResult config = describe(topic, false, true).get(name);
        assertThat(config).as("config %s of %s", name, topic).isNotNull();
        assertThat(config.documentation()).as("documentation of %s", name).isEqualTo(DOCUMENTATION.get(name));
        assertThat(ConfigType.forId(config.configType()).name()).as("config_type of %s", name).isEqualTo(type);
    }

    @Then("topic {string}, described without documentation, sends none for {string}")
    public void undocumented(String topic, String name) {
        DescribeConfigsResourceResult config = describe(topic, false, false).get(name);
        assertThat(config).as("config %s of %s", name, topic).isNotNull();
        assertThat(config.documentation()).as("documentation of %s when not asked for", name).isNull();
    }

    @Then("topic {string} is described with exactly these configs:")
    public void exactlyThese(String topic, List<String> names) {
        assertThat(describe(topic, false, false).keySet()).as("configs described for %s", topic)
                .containsExactlyInAnyOrderElementsOf(names);
    }

    /** Raw DescribeConfigs v3+ of every config of a topic, by name; fails on an error. */
    private Map<String, DescribeConfigsResourceResult> describe(String topic, boolean synonyms, boolean documentation) {
        RawConnection connection = world.raw();
        short version = connection.version(ApiKeys.DESCRIBE_CONFIGS, (short) 4);
        assertThat(version).as("DescribeConfigs version with documentation").isGreaterThanOrEqualTo((short) 3);
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(synonyms)
                .setIncludeDocumentation(documentation);
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(world.topic(topic))
                .setConfigurationKeys(null));
        DescribeConfigsResponseData response = connection.send(ApiKeys.DESCRIBE_CONFIGS, version, request);
        DescribeConfigsResponseData.DescribeConfigsResult result = response.results().get(0);
        assertThat(Errors.forCode(result.errorCode())).as("error describing %s", topic).isEqualTo(Errors.NONE);
        Map<String, DescribeConfigsResourceResult> configs = new LinkedHashMap<>();
        result.configs().forEach(c -> configs.put(c.name(), c));
        return configs;
    }

    private String brokerId() {
        try {
            return Integer.toString(world.admin().describeCluster().nodes().get().iterator().next().id());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the broker's id: " + e.getMessage(), e);
        }
    }
}
