package org.kafkatck.tck.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kafkatck.tck.targets.TargetSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's command line: the documented option names, defaults, and one-line errors for bad values. */
class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions options = BenchOptions.parse();
        assertThat(options.targets()).containsExactly("apache-kafka", "reference");
        assertThat(options.records()).isEqualTo(1_000_000L);
        assertThat(options.recordSize()).isEqualTo(100);
        assertThat(options.partitions()).containsExactly(1, 6);
        assertThat(options.phases()).containsExactly("acks1", "acks-all", "transactional", "consume", "end-to-end");
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.warmup()).isEqualTo(1);
        assertThat(options.e2eRate()).isEqualTo(20_000);
        assertThat(options.e2eRecords()).isEqualTo(100_000L);
        assertThat(options.transactionDurationMs()).isEqualTo(100L);
        assertThat(options.heap()).isEqualTo("1g");
        assertThat(options.security()).isEqualTo(TargetSecurity.PLAINTEXT);
        assertThat(options.output()).isNull();
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyOptionAsThePackagedJarTestPassesIt() {
        BenchOptions options = BenchOptions.parse("--targets", "reference, external", "--bootstrap-servers", "h:9092",
                "--image", "img", "--records", "1000", "--record-size", "8", "--partitions", "1,3", "--phases", "transactional, acks1,consume", "--runs", "2",
                "--warmup", "0", "--e2e-rate", "1000", "--e2e-records", "100", "--transaction-duration-ms", "250", "--heap", "512m", "--output", "t.txt");
        assertThat(options.targets()).isEqualTo(List.of("reference", "external"));
        assertThat(options.bootstrapServers()).isEqualTo("h:9092");
        assertThat(options.image()).isEqualTo("img");
        assertThat(options.records()).isEqualTo(1000L);
        assertThat(options.recordSize()).isEqualTo(8);
        assertThat(options.partitions()).containsExactly(1, 3);
        assertThat(options.phases()).containsExactly("transactional", "acks1", "consume");
        assertThat(options.runs("acks1")).isTrue();
        assertThat(options.runs("end-to-end")).isFalse();
        assertThat(options.runs()).isEqualTo(2);
        assertThat(options.warmup()).isZero();
        assertThat(options.e2eRate()).isEqualTo(1000);
        assertThat(options.e2eRecords()).isEqualTo(100L);
        assertThat(options.transactionDurationMs()).isEqualTo(250L);
        assertThat(options.heap()).isEqualTo("512m");
        assertThat(options.output()).isEqualTo(Path.of("t.txt"));
    }

    @Test
    void securityTakesTheTcksValuesInAnyCase() {
        assertThat(BenchOptions.parse("--security", "sasl_ssl").security()).isEqualTo(TargetSecurity.SASL_SSL);
        assertThat(BenchOptions.parse("--security", "SASL_SSL", "--targets", "reference").security())
                .isEqualTo(TargetSecurity.SASL_SSL);
        assertThat(BenchOptions.parse("--security", "plaintext", "--targets", "external").security())
                .isEqualTo(TargetSecurity.PLAINTEXT);
    }

    @Test
    void securityRefusesOtherValuesAndTargetsTheBenchDoesNotStart() {
        assertThatThrownBy(() -> BenchOptions.parse("--security", "ssl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--security must be one of [plaintext, sasl_ssl], got 'ssl'");
        assertThatThrownBy(() -> BenchOptions.parse("--security", "sasl_ssl", "--targets", "reference,external"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--security sasl_ssl secures the brokers the bench starts (apache-kafka, reference), not the"
                        + " external target");
        assertThatThrownBy(() -> BenchOptions.parse("--security", "sasl_ssl", "--targets", "container"))
                .hasMessage("--security sasl_ssl secures the brokers the bench starts (apache-kafka, reference), not the"
                        + " container target");
    }

    @Test
    void theReportSaysWhichSecurityTheRunUsed() {
        assertThat(Bench.securityNote(TargetSecurity.PLAINTEXT))
                .isEqualTo("security plaintext (PLAINTEXT listener, no authentication, no authorizer)");
        assertThat(Bench.securityNote(TargetSecurity.SASL_SSL)).isEqualTo("security sasl_ssl (SASL_SSL listener: TLS"
                + " with a self-signed certificate, SCRAM-SHA-512 as the super user admin, authorizer on)");
    }

    @Test
    void badValuesAreOneLineMessages() {
        assertThatThrownBy(() -> BenchOptions.parse("--records", "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for option '--records': 'abc' is not a long (see bench --help)");
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "kafka"))
                .hasMessage("Unknown bench target 'kafka'");
        assertThatThrownBy(() -> BenchOptions.parse("--partitions", "1,0"))
                .hasMessage("--partitions must be positive, got 0");
        assertThatThrownBy(() -> BenchOptions.parse("--phases", "acks2"))
                .hasMessage("Unknown bench phase 'acks2' (one of acks1, acks-all, transactional, consume, end-to-end)");
        assertThatThrownBy(() -> BenchOptions.parse("--phases", "consume"))
                .hasMessage("--phases: consume reads the records of acks1, which is not listed");
        assertThatThrownBy(() -> BenchOptions.parse("--transaction-duration-ms", "0"))
                .hasMessage("--transaction-duration-ms must be positive, got 0");
        assertThatThrownBy(() -> BenchOptions.parse("--record-size", "4"))
                .hasMessage("--record-size must be at least 8 bytes (records carry their send time)");
        assertThatThrownBy(() -> BenchOptions.parse("--nope")).hasMessage("Unknown option: '--nope' (see bench --help)");
        assertThatThrownBy(() -> BenchOptions.parse("--runs"))
                .hasMessage("Missing required parameter for option '--runs' (N) (see bench --help)");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(BenchOptions.parse("--help").help()).isTrue();
        String usage = BenchOptions.usage();
        assertThat(usage).startsWith("Usage: java -jar kafka-tck.jar bench [options]\n");
        for (String option : List.of("--targets=LIST", "--bootstrap-servers=HP", "--image=IMAGE", "--records=N",
                "--record-size=BYTES", "--partitions=LIST", "--phases=LIST", "--runs=N", "--warmup=N", "--e2e-rate=N", "--e2e-records=N",
                "--transaction-duration-ms=MS", "--security=MODE", "--heap=SIZE", "--output=FILE")) {
            assertThat(usage).contains("      " + option);
        }
    }

    @Test
    void benchExitsWithTwoOnABadOption() {
        assertThat(Bench.run(new String[] {"--runs", "x"})).isEqualTo(2);
        assertThat(Bench.run(new String[] {"--help"})).isZero();
    }
    @Test
    void theScaleSuiteDefaultsToTheIssuesSizes() {
        BenchOptions options = BenchOptions.parse("--suite", "scale");
        assertThat(options.scale()).isTrue();
        assertThat(options.targets()).isEqualTo(SinkTarget.available() ? List.of("apache-kafka", "reference", "sink")
                : List.of("apache-kafka", "reference"));
        assertThat(options.phases()).containsExactly("fan-in", "group", "catch-up", "big-records", "many-clients",
                "startup");
        assertThat(options.profile()).isEqualTo(BrokerProfiler.Mode.NONE);
        assertThat(options.outputDir()).isEqualTo(Path.of("bench-output"));
        ScaleSizes sizes = options.scaleSizes();
        assertThat(sizes).isEqualTo(new ScaleSizes(1_000, 16, 2_000_000, 100_000, 4, ScaleSizes.machineBacklogBytes(),
                1_048_576, 512, 500, 10, 30, 10_000));
        assertThat(sizes.backlogBytes()).isBetween(256L << 20, 8L << 30);
        assertThat(sizes.backlogBytes() % (256L << 20)).isZero();
    }

    @Test
    void quickIsAboutTenTimesSmallerAndOptionsOverrideIt() {
        BenchOptions quickOptions = BenchOptions.parse("--suite", "scale", "--quick");
        assertThat(quickOptions.runs()).isEqualTo(1);
        assertThat(quickOptions.warmup()).isEqualTo(1);
        assertThat(BenchOptions.parse("--suite", "scale", "--quick", "--runs", "3").runs()).isEqualTo(3);
        ScaleSizes quick = quickOptions.scaleSizes();
        assertThat(quick).isEqualTo(new ScaleSizes(100, 16, 200_000, 10_000, 4,
                Math.min(512L << 20, ScaleSizes.machineBacklogBytes() / 10), 1_048_576, 64, 50, 10, 10, 1_000));
        ScaleSizes given = BenchOptions.parse("--suite", "scale", "--quick", "--scale-partitions", "7", "--producers",
                "3", "--scale-records", "1000", "--group-consumers", "2", "--backlog-gib", "0.5", "--big-record-bytes",
                "2048", "--big-records", "9", "--clients", "11", "--client-rate", "5", "--client-seconds", "4",
                "--startup-partitions", "2500").scaleSizes();
        assertThat(given).isEqualTo(new ScaleSizes(7, 3, 1_000, 50, 2, 512L << 20, 2048, 9, 11, 5, 4, 2_500));
    }

    @Test
    void scaleProfilerAndPerfToolsOptions() {
        BenchOptions options = BenchOptions.parse("--suite", "scale", "--profile", "jfr", "--perf-tools", "--phases",
                "startup,fan-in", "--output-dir", "out");
        assertThat(options.profile()).isEqualTo(BrokerProfiler.Mode.JFR);
        assertThat(options.phases()).containsExactly("fan-in", "perf-tools", "startup");
        assertThat(options.outputDir()).isEqualTo(Path.of("out"));
    }

    @Test
    void theGroupPhaseRunsWithoutTheFanIn() {
        assertThat(BenchOptions.parse("--suite", "scale", "--phases", "group").phases()).containsExactly("group");
    }

    @Test
    void scaleOptionsAreCheckedInOneLine() {
        assertThatThrownBy(() -> BenchOptions.parse("--suite", "huge"))
                .hasMessage("--suite must be one of standard, scale, got 'huge'");
        assertThatThrownBy(() -> BenchOptions.parse("--quick"))
                .hasMessage("--quick, --profile and --perf-tools apply to --suite scale");
        assertThatThrownBy(() -> BenchOptions.parse("--suite", "scale", "--phases", "acks1"))
                .hasMessageStartingWith("Unknown bench phase 'acks1' (one of fan-in, group,");
        assertThatThrownBy(() -> BenchOptions.parse("--suite", "scale", "--profile", "perf"))
                .hasMessage("--profile must be one of none, async, jfr; got 'perf'");
        assertThatThrownBy(() -> BenchOptions.parse("--suite", "scale", "--backlog-gib", "0"))
                .hasMessage("--backlog-gib must be positive, got 0.0");
    }

    @Test
    void theSinkTargetIsAcceptedOnlyWhenItIsInTheBuild() {
        if (SinkTarget.available()) {
            assertThat(BenchOptions.parse("--suite", "scale", "--targets", "sink").targets()).containsExactly("sink");
        } else {
            assertThatThrownBy(() -> BenchOptions.parse("--suite", "scale", "--targets", "reference,sink"))
                    .hasMessage("--targets: the sink target is not in this build (org.kafkatck.broker.sink.SinkBroker"
                            + " is not on the classpath); run with --targets apache-kafka,reference");
        }
    }
}
