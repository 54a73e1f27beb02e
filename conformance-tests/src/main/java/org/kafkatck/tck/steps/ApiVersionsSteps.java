package org.kafkatck.tck.steps;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.tck.world.World;

import static org.assertj.core.api.Assertions.assertThat;

/** ApiVersions, asked raw in chosen versions. */
public class ApiVersionsSteps {
    private final World world;
    private ApiVersionsResponseData response;

    /** @param world the scenario's state */
    public ApiVersionsSteps(World world) {
        this.world = world;
    }

    @When("the broker is asked for its API versions")
    public void askApiVersions() {
        response = world.raw().apiVersions((short) 3);
        world.lastError = Errors.forCode(response.errorCode());
    }

    @When("the broker is asked for its API versions in version {int}")
    public void askInVersion(int version) {
        response = world.raw().apiVersions((short) version);
        world.lastError = Errors.forCode(response.errorCode());
    }

    @When("the broker is asked for its API versions by client software named {string}")
    public void askWithSoftwareName(String name) {
        response = world.raw().apiVersions((short) 3, name);
        world.lastError = Errors.forCode(response.errorCode());
    }

    @When("the broker is asked for its API versions by a client expecting cluster id {string} and the broker's node id")
    public void expectingOtherCluster(String clusterId) throws Exception {
        org.kafkatck.tck.wire.RawConnection connection = world.raw();
        askInVersion5(connection, clusterId, nodeIdOf(connection));
    }

    @When("the broker is asked for its API versions by a client expecting the cluster's id and node id {int}")
    public void expectingOtherNode(int nodeId) throws Exception {
        askInVersion5(world.raw(), clusterId(), nodeId);
    }

    @When("the broker is asked for its API versions by a client expecting the cluster's id and the broker's node id")
    public void expectingThisBroker() throws Exception {
        org.kafkatck.tck.wire.RawConnection connection = world.raw();
        askInVersion5(connection, clusterId(), nodeIdOf(connection));
    }

    @When("the broker is asked for its API versions by a client expecting the cluster's id and no node id")
    public void expectingClusterOnly() throws Exception {
        askInVersion5(world.raw(), clusterId(), -1);
    }

    private String clusterId() throws Exception {
        return world.admin().describeCluster().clusterId().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** @return the node id of the broker a raw connection reaches, found by its address in the cluster's nodes */
    private int nodeIdOf(org.kafkatck.tck.wire.RawConnection connection) throws Exception {
        java.util.Collection<org.apache.kafka.common.Node> nodes = world.admin().describeCluster().nodes()
                .get(15, java.util.concurrent.TimeUnit.SECONDS);
        return nodes.stream().filter(n -> (n.host() + ":" + n.port()).equals(connection.address()))
                .findFirst().orElse(nodes.iterator().next()).id();
    }

    private void askInVersion5(org.kafkatck.tck.wire.RawConnection connection, String clusterId, int nodeId) {
        short version = connection.version(ApiKeys.API_VERSIONS, (short) 5);
        assertThat(version).as("ApiVersions version (KIP-1242 needs v5)").isEqualTo((short) 5);
        response = connection.send(ApiKeys.API_VERSIONS, version, new org.apache.kafka.common.message.ApiVersionsRequestData()
                .setClientSoftwareName("kafka-tck").setClientSoftwareVersion("1.0")
                .setClusterId(clusterId).setNodeId(nodeId));
        world.lastError = Errors.forCode(response.errorCode());
    }

    @Then("every advertised API has a minimum version not above its maximum")
    public void rangesConsistent() {
        assertThat(world.lastError).isEqualTo(Errors.NONE);
        assertThat(response.apiKeys()).isNotEmpty()
                .allSatisfy(range -> assertThat(range.minVersion()).isLessThanOrEqualTo(range.maxVersion()));
    }

    @Then("the broker shares a version with the Java client for Produce, Fetch, ListOffsets, Metadata and ApiVersions")
    public void sharesCoreVersions() {
        for (ApiKeys api : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
                ApiKeys.API_VERSIONS}) {
            ApiVersionsResponseData.ApiVersion range = response.apiKeys().find(api.id);
            assertThat(range).as("%s advertised", api.name).isNotNull();
            assertThat(Math.max(range.minVersion(), api.oldestVersion()))
                    .as("%s: broker v%s-v%s, Java client v%s-v%s", api.name, range.minVersion(), range.maxVersion(),
                            api.oldestVersion(), api.latestVersion())
                    .isLessThanOrEqualTo(Math.min(range.maxVersion(), api.latestVersion()));
        }
    }

    @Then("it answers UNSUPPORTED_VERSION in the version 0 format")
    public void answersUnsupportedVersion() {
        assertThat(world.lastError).isEqualTo(Errors.UNSUPPORTED_VERSION);
    }

    @Then("the answer lists the versions of ApiVersions it supports")
    public void listsApiVersionsRange() {
        ApiVersionsResponseData.ApiVersion range = response.apiKeys().find(ApiKeys.API_VERSIONS.id);
        assertThat(range).as("ApiVersions range in the answer").isNotNull();
        assertThat(range.minVersion()).isZero();
        assertThat(range.maxVersion()).isBetween((short) 3, (short) 126);
    }

}
