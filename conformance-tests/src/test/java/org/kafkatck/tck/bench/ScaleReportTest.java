package org.kafkatck.tck.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale table: medians per metric and target, ratios to apache-kafka and to the sink ceiling. */
class ScaleReportTest {

    private static Map<String, Double> metrics(double rate, double cpu) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rec/s", rate);
        metrics.put("broker CPU s", cpu);
        return metrics;
    }

    @Test
    void mediansAndRatiosToKafkaAndTheCeiling() {
        ScaleReport report = new ScaleReport();
        for (double rate : new double[] {100, 300, 200}) {
            report.add("fan-in", "apache-kafka", metrics(rate, 2));
            report.add("fan-in", "reference", metrics(rate * 2, 1));
            report.add("fan-in", "sink", metrics(rate * 4, 0.5));
        }
        report.failed("fan-in", "reference");
        assertThat(report.median("fan-in", "rec/s", "reference")).isEqualTo(400.0);
        assertThat(report.render("header")).isEqualTo("""
                header
                phase            metric                     target               median  vs kafka vs ceiling  runs
                fan-in           rec/s                      apache-kafka            200     1.00x      0.25x     3
                fan-in           rec/s                      reference               400     2.00x      0.50x     3
                fan-in           rec/s                      sink                    800     4.00x      1.00x     3
                fan-in           broker CPU s               apache-kafka           2.00     1.00x      4.00x     3
                fan-in           broker CPU s               reference              1.00     0.50x      2.00x     3
                fan-in           broker CPU s               sink                   0.50     0.25x      1.00x     3
                failed runs (not in the medians): reference fan-in x1
                """);
    }

    @Test
    void targetsAreListedInTheOrderOfTheRunEvenWhenTheFirstFailedItsFirstPhase() {
        ScaleReport report = new ScaleReport(java.util.List.of("apache-kafka", "reference"));
        report.add("fan-in", "reference", Map.of("rec/s", 50.0));
        report.add("fan-in", "apache-kafka", Map.of("rec/s", 100.0));
        assertThat(report.render("h")).isEqualTo("""
                h
                phase            metric                     target               median  vs kafka vs ceiling  runs
                fan-in           rec/s                      apache-kafka            100     1.00x          -     1
                fan-in           rec/s                      reference             50.00     0.50x          -     1
                """);
    }

    @Test
    void withoutKafkaOrTheCeilingTheirRatiosAreDashes() {
        ScaleReport report = new ScaleReport();
        report.add("start-up", "reference", Map.of("clean: ready ms", 850.0));
        report.note("vs ceiling: no sink target in this run");
        assertThat(report.render("h")).isEqualTo("""
                h
                phase            metric                     target               median  vs kafka vs ceiling  runs
                start-up         clean: ready ms            reference               850         -          -     1
                vs ceiling: no sink target in this run
                """);
    }
}
