package org.kafkatck.tck;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The whole spec as a JUnit Platform suite. {@code mvn verify} runs it twice: against the bundled
 * reference broker and against the real Apache Kafka ({@code tck.target}, set per failsafe execution).
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = "cucumber.glue", value = "org.kafkatck.tck.steps")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
@ConfigurationParameter(key = "cucumber.execution.parallel.enabled", value = "true")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.strategy", value = "fixed")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.fixed.parallelism", value = "4")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.fixed.max-pool-size", value = "4")
// a scenario that restarts the broker runs alone (see Tck.RESTART_RUNS_ALONE)
@ConfigurationParameter(key = "cucumber.execution.exclusive-resources.broker-restart.read-write",
        value = "org.junit.platform.engine.support.hierarchical.ExclusiveResource.GLOBAL_KEY")
// so does a scenario whose outcome depends on every ACL the target holds (see Tck.ALONE_RUNS_ALONE)
@ConfigurationParameter(key = "cucumber.execution.exclusive-resources.runs-alone.read-write",
        value = "org.junit.platform.engine.support.hierarchical.ExclusiveResource.GLOBAL_KEY")
class ConformanceSuiteIT {
}
