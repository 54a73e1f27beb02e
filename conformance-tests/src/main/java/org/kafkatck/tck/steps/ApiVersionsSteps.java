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
                    .isLessThanOrEqualTo((int) Math.min(range.maxVersion(), api.latestVersion()));
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
