package org.kafkatck.tck.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's table: per target, partition count and phase, the median of the counted runs, and
 * the ratio to the first target (throughput for produce and consume, p99 latency for end-to-end).
 */
final class BenchReport {
    /** One cell of the table: target × partitions × phase. */
    private record Key(String target, int partitions, String phase) {
    }

    private final Map<Key, List<PhaseResult>> results = new LinkedHashMap<>();
    private final Map<String, String> targetNotes = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();

    void add(String target, int partitions, String phase, PhaseResult result) {
        if (!targets.contains(target)) {
            targets.add(target);
        }
        results.computeIfAbsent(new Key(target, partitions, phase), k -> new ArrayList<>()).add(result);
    }

    private final Map<String, Integer> failures = new LinkedHashMap<>();

    void failed(String target, int partitions, String phase) {
        failures.merge(target + " p=" + partitions + " " + phase, 1, Integer::sum);
    }

    void note(String target, String note) {
        targetNotes.put(target, note);
    }

    /** @return the median result of a cell (by its headline figure) */
    PhaseResult median(String target, int partitions, String phase) {
        List<PhaseResult> runs = new ArrayList<>(results.getOrDefault(new Key(target, partitions, phase), List.of()));
        if (runs.isEmpty()) {
            return null;
        }
        boolean latency = phase.startsWith("end-to-end");
        runs.sort((a, b) -> latency ? Double.compare(a.p99Ms(), b.p99Ms())
                : Double.compare(a.recordsPerSecond(), b.recordsPerSecond()));
        return runs.get(runs.size() / 2);
    }

    String render(String header) {
        StringBuilder out = new StringBuilder(header).append('\n');
        out.append(String.format("%-14s %-5s %-22s %12s %8s %9s %9s %9s %10s%n", "target", "parts", "phase",
                "records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "vs first"));
        List<Key> keys = new ArrayList<>(results.keySet());
        List<String> order = new ArrayList<>();
        for (Key key : keys) {
            String row = key.partitions() + "|" + key.phase();
            if (!order.contains(row)) {
                order.add(row);
            }
        }
        for (String row : order) {
            int partitions = Integer.parseInt(row.substring(0, row.indexOf('|')));
            String phase = row.substring(row.indexOf('|') + 1);
            PhaseResult first = median(targets.get(0), partitions, phase);
            for (String target : targets) {
                PhaseResult m = median(target, partitions, phase);
                if (m == null) {
                    continue;
                }
                boolean latency = phase.startsWith("end-to-end");
                String ratio = first == null ? "" : latency
                        ? String.format("%.2fx p99", m.p99Ms() / first.p99Ms())
                        : String.format("%.2fx", m.recordsPerSecond() / first.recordsPerSecond());
                out.append(String.format("%-14s %-5d %-22s %12.0f %8.1f %9s %9s %9s %10s%n", target, partitions, phase,
                        m.recordsPerSecond(), m.megabytesPerSecond(), ms(m.p50Ms()), ms(m.p99Ms()), ms(m.p999Ms()),
                        ratio));
            }
        }
        targetNotes.forEach((target, note) -> out.append(target).append(": ").append(note).append('\n'));
        failures.forEach((cell, count) -> out.append("failed runs (not in the medians): ").append(cell).append(" x")
                .append(count).append('\n'));
        return out.toString();
    }

    private static String ms(double value) {
        return value < 0 ? "-" : String.format("%.1f", value);
    }
}
