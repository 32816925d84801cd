package dev.lanewise.bench;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * "Did my change help?": two JMH JSON results side by side ({@code -Djmh.compare=OLD.json}) — per benchmark and
 * parameters the old and new median with their 99.9% intervals, the speed-up, and a verdict that claims a change
 * only when the intervals do not overlap. The two runs' environments ({@link RunEnvironment}) are compared first:
 * a different CPU, JDK, commit or mode explains many "changes".
 */
record RunComparison(Path oldFile, Path newFile, RunEnvironment oldEnv, RunEnvironment newEnv, List<Row> rows,
                     List<String> onlyOld, List<String> onlyNew) {
    /** One benchmark and parameter set in both runs, times in seconds per operation. */
    record Row(String benchmark, String params, double oldMedian, double oldError, double newMedian, double newError) {
        /** old / new: above 1 the new run is faster. */
        double speedUp() {
            return oldMedian / newMedian;
        }

        String verdict() {
            if (Double.isNaN(oldError) || Double.isNaN(newError)) {
                return "no interval (one iteration): no claim";
            }
            boolean overlap = oldMedian - oldError <= newMedian + newError && newMedian - newError <= oldMedian + oldError;
            if (overlap) {
                return "intervals overlap: no clear change";
            }
            return newMedian < oldMedian ? "faster" : "slower";
        }
    }

    static RunComparison of(Path oldJson, Path newJson) throws IOException {
        Map<String, double[]> before = read(oldJson), after = read(newJson);
        List<Row> rows = new ArrayList<>();
        List<String> onlyOld = new ArrayList<>(), onlyNew = new ArrayList<>();
        for (Map.Entry<String, double[]> e : after.entrySet()) {
            double[] o = before.get(e.getKey());
            if (o == null) {
                onlyNew.add(e.getKey());
                continue;
            }
            String[] parts = e.getKey().split(" ", 2);
            rows.add(new Row(parts[0], parts.length > 1 ? parts[1] : "", o[0], o[1], e.getValue()[0], e.getValue()[1]));
        }
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(onlyOld::add);
        return new RunComparison(oldJson, newJson, RunEnvironment.readBeside(oldJson), RunEnvironment.readBeside(newJson),
                rows, onlyOld, onlyNew);
    }

    /** "Class.method params" → {median, half-width} in seconds per op, from a JMH JSON result file. */
    static Map<String, double[]> read(Path file) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Measurement m : Measurement.readJson(file)) {
            Map<String, String> params = new TreeMap<>(m.params());
            String key = m.benchmark() + (m.threads() > 1 ? " jmh-threads=" + m.threads() : "")
                    + (params.isEmpty() ? "" : " " + params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                    .reduce((x, y) -> x + ", " + y).orElse(""));
            out.put(key, new double[]{m.medianSeconds(), m.errorSeconds()});
        }
        return out;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# lanewise run comparison\n\n");
        sb.append("old: `").append(oldFile).append("`  \nnew: `").append(newFile).append("`\n\n");
        sb.append("## Environment differences\n\n");
        List<String> keys = new ArrayList<>(oldEnv.entries().keySet());
        newEnv.entries().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        StringBuilder diff = new StringBuilder();
        for (String k : keys) {
            String o = oldEnv.entries().getOrDefault(k, "—"), n = newEnv.entries().getOrDefault(k, "—");
            if (!Objects.equals(o, n) && !k.equals("date")) {
                diff.append("| ").append(k).append(" | ").append(o).append(" | ").append(n).append(" |\n");
            }
        }
        if (oldEnv.entries().isEmpty()) {
            sb.append("The old run saved no ").append(RunEnvironment.FILE).append(" beside its result: unknown.\n\n");
        } else if (diff.isEmpty()) {
            sb.append("None (besides the date).\n\n");
        } else {
            sb.append("| | old | new |\n|---|---|---|\n").append(diff).append('\n');
        }
        sb.append("## Results\n\n");
        sb.append("| benchmark | parameters | old (median ± 99.9% CI) | new | speed-up (old/new) | verdict |\n");
        sb.append("|---|---|---:|---:|---:|---|\n");
        int faster = 0, slower = 0;
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s ± %s | %s ± %s | %.2f× | %s |%n", r.benchmark(),
                    r.params().isEmpty() ? "—" : r.params(), Summary.time(r.oldMedian()), Summary.time(r.oldError()),
                    Summary.time(r.newMedian()), Summary.time(r.newError()), r.speedUp(), r.verdict()));
            faster += r.verdict().equals("faster") ? 1 : 0;
            slower += r.verdict().equals("slower") ? 1 : 0;
        }
        sb.append(String.format(Locale.ROOT, "%n%d compared: %d faster, %d slower, %d without a clear change.%n",
                rows.size(), faster, slower, rows.size() - faster - slower));
        if (!onlyOld.isEmpty()) {
            sb.append("\nOnly in the old run: ").append(String.join("; ", onlyOld)).append('\n');
        }
        if (!onlyNew.isEmpty()) {
            sb.append("\nOnly in the new run: ").append(String.join("; ", onlyNew)).append('\n');
        }
        return sb.toString();
    }
}
