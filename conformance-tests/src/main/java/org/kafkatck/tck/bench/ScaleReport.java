package org.kafkatck.tck.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of {@code bench --suite scale}: per phase, metric and target, the median of the counted runs, its ratio
 * to Apache Kafka ({@code vs kafka}) and to the sink ceiling ({@code vs ceiling}), each the target's value divided by
 * theirs: above 1 is better for a rate (rec/s, MB/s), worse for a time, CPU or memory.
 */
final class ScaleReport {
    /** The target {@code vs kafka} divides by. */
    static final String KAFKA = "apache-kafka";
    /** The target {@code vs ceiling} divides by. */
    static final String CEILING = "sink";

    /** A row of the table: a metric of a phase. */
    private record Row(String phase, String metric) {
    }

    private final Map<Row, Map<String, List<Double>>> values = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** A table whose targets are listed in the order they are first added. */
    ScaleReport() {
        this(List.of());
    }

    /** @param order the targets in the order of the table (others follow in the order they are first added) */
    ScaleReport(List<String> order) {
        targets.addAll(order);
    }

    /** Adds one counted run's metrics of a phase against a target, in the order they are to be shown. */
    void add(String phase, String target, Map<String, Double> metrics) {
        if (!targets.contains(target)) {
            targets.add(target);
        }
        metrics.forEach((metric, value) -> values.computeIfAbsent(new Row(phase, metric), r -> new LinkedHashMap<>())
                .computeIfAbsent(target, t -> new ArrayList<>()).add(value));
    }

    void failed(String phase, String target) {
        failures.merge(target + " " + phase, 1, Integer::sum);
    }

    void note(String note) {
        notes.add(note);
    }

    /** @return the median of a metric's counted runs against a target (the upper of the two middle ones), or null */
    Double median(String phase, String metric, String target) {
        List<Double> runs = new ArrayList<>(values.getOrDefault(new Row(phase, metric), Map.of())
                .getOrDefault(target, List.of()));
        if (runs.isEmpty()) {
            return null;
        }
        runs.sort(Double::compare);
        return runs.get(runs.size() / 2);
    }

    String render(String header) {
        StringBuilder out = new StringBuilder(header).append('\n');
        String format = "%-16s %-26s %-14s %12s %9s %10s %5s%n";
        out.append(String.format(format, "phase", "metric", "target", "median", "vs kafka", "vs ceiling", "runs"));
        for (Map.Entry<Row, Map<String, List<Double>>> row : values.entrySet()) {
            Row key = row.getKey();
            Double kafka = median(key.phase(), key.metric(), KAFKA);
            Double ceiling = median(key.phase(), key.metric(), CEILING);
            for (String target : targets) {
                Double m = median(key.phase(), key.metric(), target);
                if (m == null) {
                    continue;
                }
                out.append(String.format(format, key.phase(), key.metric(), target, number(m), ratio(m, kafka),
                        ratio(m, ceiling), row.getValue().get(target).size()));
            }
        }
        notes.forEach(note -> out.append(note).append('\n'));
        failures.forEach((cell, count) -> out.append("failed runs (not in the medians): ").append(cell).append(" x")
                .append(count).append('\n'));
        return out.toString();
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }

    private static String ratio(double value, Double base) {
        return base == null || base == 0 ? "-" : String.format("%.2fx", value / base);
    }
}
