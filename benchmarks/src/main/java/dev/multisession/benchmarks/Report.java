package dev.multisession.benchmarks;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Turns one run's raw results into the chart and the tables: reads JMH's JSON, the wrk runs (one
 * JSON object per line, written by {@code benchmarks/wrk/report.lua}), the cache memory JSON and
 * the machine description; writes an SVG bar chart (log scale) and a Markdown summary, and when
 * asked rewrites the generated sections of {@code docs/PERFORMANCE.md} (between
 * {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->}).
 *
 * <pre>
 * java -cp ... dev.multisession.benchmarks.Report --dir=benchmarks/results --svg=docs/performance.svg --doc=docs/PERFORMANCE.md
 * </pre>
 */
public final class Report {
    static final double HOT_PATH_TARGET_US = 2.0;
    static final double CLERK_RATIO_TARGET = 50.0;
    static final double THROUGHPUT_TARGET = 0.95;

    /** Benchmarks in chart order: name, label, group (0 multisession per request, 1 occasional, 2 peer, 3 hot-path part). */
    private static final String[][] ROWS = {
            {"HotPathBenchmark.filter", "multisession filter: hot path, 5 sessions, fresh Cookie header", "0"},
            {"HotPathBenchmark.filterCachedCookies", "multisession filter: hot path, 5 sessions, same header string", "0"},
            {"HotPathBenchmark.filterOneSession", "multisession filter: hot path, 1 session, fresh Cookie header", "0"},
            {"HotPathBenchmark.engine", "multisession engine.authenticate: hot path, 5 sessions", "0"},
            {"HotPathBenchmark.engineOneSession", "multisession engine.authenticate: hot path, 1 session", "0"},
            {"HotPathBenchmark.partFamilyScan", "part, a header not seen before: find the family in it + memo key hash", "3"},
            {"HotPathBenchmark.partTomcatHeaderString", "container's, Tomcat: the 5.4 KB Cookie header as a String (getHeaders)", "3"},
            {"HotPathBenchmark.partCookieParseAndKey", "avoided: container's Cookie header parse + cache keys of 5 tokens", "3"},
            {"HotPathBenchmark.partIdChecks", "part: 7 id-form checks", "3"},
            {"HotPathBenchmark.partCookieParseAndFullHash", "avoided: parse + hash 5 whole fresh tokens", "3"},
            {"HotPathBenchmark.partTokenFormCheck", "avoided: canonical-form scan of 5 tokens", "3"},
            {"ColdPathBenchmark.strictVerify", "multisession cold path: first sight of a token", "1"},
            {"LifecycleBenchmark.switchSession", "multisession switch account (no mint)", "1"},
            {"LifecycleBenchmark.signIn", "multisession sign-in (mint)", "1"},
            {"LifecycleBenchmark.switchOrganization", "multisession switch organization (mint)", "1"},
            {"LifecycleBenchmark.refresh", "multisession refresh in-line (store + mint)", "1"},
            {"PeerBenchmark.nimbusRaw", "Nimbus DefaultJWTProcessor, every request", "2"},
            {"PeerBenchmark.pac4j", "pac4j JwtAuthenticator, every request", "2"},
            {"PeerBenchmark.clerk", "Clerk SDK authenticateRequest (jwtKey), every request", "2"},
    };
    private static final String[] COLORS = {"#1d4ed8", "#93c5fd", "#ea580c", "#9ca3af"};
    private static final String[] GROUPS = {"multisession, every request", "multisession, occasional", "peer, every request",
            "parts of the hot path, and work it no longer does"};

    private Report() {
    }

    record Score(String name, String label, int group, double score, double error, String unit, int samples,
                 double bytesPerOp) {
    }

    /** One wrk run; {@code serverCpuMs} is the CPU time the server process used during it (NaN when not recorded). */
    record WrkRun(String label, double rps, double p50, double p90, double p99, double p999, long requests, long errors,
                  double serverCpuMs) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        Path dir = Path.of(opts.getOrDefault("dir", "benchmarks/results"));
        List<Score> scores = readJmh(dir.resolve("jmh.json"));
        List<WrkRun> wrk = readWrk(dir.resolve("wrk.jsonl"), dir.resolve("wrk-cpu.jsonl"));
        Map<String, Object> memory = Files.exists(dir.resolve("memory.json"))
                ? JSONObjectUtils.parse(Files.readString(dir.resolve("memory.json"))) : Map.of();
        Properties machine = new Properties();
        if (Files.exists(dir.resolve("machine.properties"))) {
            try (Reader r = Files.newBufferedReader(dir.resolve("machine.properties"), StandardCharsets.UTF_8)) {
                machine.load(r);
            }
        }

        Map<String, String> sections = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>();
        for (String step : List.of("jmh", "wrk")) {
            Path f = dir.resolve("others-" + step + ".txt");
            if (Files.exists(f)) {
                others.put(step, othersSummary(Files.readAllLines(f)));
            }
        }
        sections.put("machine", machineSection(machine, others));
        sections.put("targets", targetsSection(scores, wrk, memory));
        sections.put("jmh", jmhSection(scores));
        sections.put("wrk", wrkSection(wrk));
        sections.put("memory", memorySection(memory));

        StringBuilder summary = new StringBuilder("# Benchmark results\n\n");
        sections.forEach((name, body) -> summary.append("## ").append(name).append("\n\n").append(body).append("\n"));
        Files.writeString(dir.resolve("summary.md"), summary.toString(), StandardCharsets.UTF_8);

        Path svg = Path.of(opts.getOrDefault("svg", dir.resolve("performance.svg").toString()));
        Files.writeString(svg, svg(scores, machine), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("summary.md") + " and " + svg);

        if (opts.containsKey("doc")) {
            Path doc = Path.of(opts.get("doc"));
            String text = Files.readString(doc);
            for (var e : sections.entrySet()) {
                text = replaceSection(text, e.getKey(), e.getValue());
            }
            Files.writeString(doc, text, StandardCharsets.UTF_8);
            System.out.println("updated the generated sections of " + doc);
        }
    }

    // ------------------------------------------------------------------ reading

    static List<Score> readJmh(Path file) throws Exception {
        List<Score> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object o : JSONArrayUtils.parse(Files.readString(file))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            String full = (String) m.get("benchmark");
            String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
            byName.put(name, m);
        }
        for (String[] row : ROWS) {
            Map<String, Object> m = byName.get(row[0]);
            if (m == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> pm = (Map<String, Object>) m.get("primaryMetric");
            @SuppressWarnings("unchecked")
            List<Object> raw = (List<Object>) pm.get("rawData");
            int samples = 0;
            for (Object fork : raw) {
                samples += ((List<?>) fork).size();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> secondary = (Map<String, Object>) m.getOrDefault("secondaryMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> alloc = (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            out.add(new Score(row[0], row[1], Integer.parseInt(row[2]), number(pm.get("score")), number(pm.get("scoreError")),
                    (String) pm.get("scoreUnit"), samples, alloc == null ? Double.NaN : number(alloc.get("score"))));
        }
        return out;
    }

    static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The wrk runs, each with the server CPU time {@code run.sh} recorded around it ({@code cpuFile}: one
     * line per run, same order and labels); without a matching CPU line a run's CPU is NaN.
     */
    static List<WrkRun> readWrk(Path file, Path cpuFile) throws Exception {
        List<WrkRun> out = new ArrayList<>();
        List<Map<String, Object>> cpu = jsonLines(cpuFile);
        for (Map<String, Object> m : jsonLines(file)) {
            String label = (String) m.get("label");
            Map<String, Object> c = out.size() < cpu.size() ? cpu.get(out.size()) : Map.of();
            double cpuMs = label.equals(c.get("label")) ? number(c.get("server_cpu_ms")) : Double.NaN;
            out.add(new WrkRun(label, number(m.get("rps")), number(m.get("p50_us")), number(m.get("p90_us")),
                    number(m.get("p99_us")), number(m.get("p999_us")), (long) number(m.get("requests")),
                    (long) number(m.get("errors")), cpuMs));
        }
        return out;
    }

    /** One JSON object per non-blank line; none when the file does not exist. */
    static List<Map<String, Object>> jsonLines(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSONObjectUtils.parse(line));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ sections

    static Score find(List<Score> scores, String name) {
        return scores.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    static String us(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String machineSection(Properties p, Map<String, String> others) {
        StringBuilder sb = new StringBuilder("| | |\n|---|---|\n");
        String[][] keys = {{"date", "report generated (UTC)"}, {"cpu_model", "CPU (/proc/cpuinfo)"}, {"nproc", "cores (nproc)"},
                {"mem_total", "memory"}, {"jdk", "JDK"}, {"os", "OS"},
                {"load_jmh", "load average (1, 5, 15 min) before -> after JMH"},
                {"load_wrk", "load average (1, 5, 15 min) before -> after wrk"},
                {"jmh_args", "JMH options"}, {"jvm_args", "JVM flags (JMH forks and every end-to-end server)"},
                {"wrk_args", "wrk"}};
        for (String[] k : keys) {
            if (p.getProperty(k[0]) != null) {
                sb.append("| ").append(k[1]).append(" | `").append(p.getProperty(k[0]).replace("|", "\\|")).append("` |\n");
            }
        }
        sb.append("\nThe load average after a step includes the step's own threads (JMH, wrk, Jetty); the lines below come "
                + "from a sampler that looked every ~5 s for other processes using more than 25 % of a core.\n\n");
        for (String step : List.of("jmh", "wrk")) {
            sb.append("- ").append(step.equals("jmh") ? "JMH" : "wrk").append(": ").append(others.getOrDefault(step,
                    "not sampled")).append("\n");
        }
        return sb.toString();
    }

    /** "other work in 3 of 40 samples (java: 3)" from the sampler's lines. */
    static String othersSummary(List<String> lines) {
        int samples = 0;
        int busySamples = 0;
        boolean busyNow = false;
        Map<String, Integer> who = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("sample ")) {
                samples++;
                busyNow = false;
            } else if (line.startsWith("busy ")) {
                if (!busyNow) {
                    busySamples++;
                    busyNow = true;
                }
                String[] parts = line.split("\\s+");
                String cmd = parts.length > 2 ? parts[2] : "?";
                String name = cmd.substring(cmd.lastIndexOf('/') + 1);
                if (line.contains("surefire")) {
                    name = name + " (Maven Surefire tests)";
                } else if (line.contains("plexus-classworlds")) {
                    name = name + " (Maven)";
                }
                who.merge(name, 1, Integer::sum);
            }
        }
        if (busySamples == 0) {
            return "no other busy process in " + samples + " samples";
        }
        StringBuilder sb = new StringBuilder("**other work running** in " + busySamples + " of " + samples + " samples (");
        who.forEach((k, v) -> sb.append(k).append(": ").append(v).append(", "));
        sb.setLength(sb.length() - 2);
        return sb.append(")").toString();
    }

    static String jmhSection(List<Score> scores) {
        if (scores.isEmpty()) {
            return "_No JMH results._\n";
        }
        Score filter = find(scores, "HotPathBenchmark.filter");
        StringBuilder sb = new StringBuilder("| benchmark | µs/op | ± (99.9 %) | samples | × the filter's hot path | allocated B/op |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (Score s : scores) {
            String ratio = filter == null ? "" : String.format(Locale.ROOT, "%,.1f×", s.score() / filter.score());
            sb.append("| ").append(s.label()).append(" | ").append(us(s.score())).append(" | ")
                    .append(Double.isNaN(s.error()) ? "n/a" : us(s.error())).append(" | ").append(s.samples())
                    .append(" | ").append(ratio).append(" | ")
                    .append(Double.isNaN(s.bytesPerOp()) ? "n/a" : String.format(Locale.ROOT, "%,.0f", s.bytesPerOp())).append(" |\n");
        }
        return sb.toString();
    }

    /** The end-to-end configurations, in table order: label prefix, container, sessions. */
    static final String[][] CONFIGS = {{"jetty-1", "Jetty 12", "1"}, {"jetty-5", "Jetty 12", "5"},
            {"tomcat-1", "Tomcat 10.1", "1"}, {"tomcat-5", "Tomcat 10.1", "5"}};

    /** The filter's share of the server's CPU per request, at most (end to end). */
    static final double CPU_OVERHEAD_TARGET = 0.05;

    /**
     * A mean over rounds with its 95 % confidence interval (Student's t, n - 1 degrees of freedom);
     * {@code half} is NaN with fewer than two rounds.
     */
    record Interval(double mean, double half, int n) {
        double low() {
            return mean - half;
        }

        double high() {
            return mean + half;
        }

        static Interval of(List<Double> values) {
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            if (n < 2) {
                return new Interval(mean, Double.NaN, n);
            }
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(ss / (n - 1));
            return new Interval(mean, T975[Math.min(n - 1, T975.length - 1)] * sd / Math.sqrt(n), n);
        }
    }

    /** Student's t 97.5 % quantiles by degrees of freedom (index), 1 to 30; beyond 30 the last is used. */
    private static final double[] T975 = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
            2.052, 2.048, 2.045, 2.042};

    /**
     * One configuration's interleaved rounds, paired by round: round i with the filter against round
     * i without it, run back to back, so the machine's drift between rounds cancels in each pair.
     *
     * @param cpuWithout server CPU µs per request without the filter, over the rounds
     * @param cpuWith    the same with the filter
     * @param addedUs    per pair, with minus without (µs per request)
     * @param addedShare per pair, with over without, minus 1
     * @param throughput per pair, requests/s with over without
     */
    record E2e(String container, String sessions, Interval cpuWithout, Interval cpuWith, Interval addedUs,
               Interval addedShare, Interval throughput, double rpsWith, double rpsWithout, double p50With,
               double p50Without, double p99With, double p99Without, long requests, long errors) {
    }

    static E2e e2e(List<WrkRun> runs, String[] config) {
        List<WrkRun> with = runs.stream().filter(r -> r.label().equals(config[0] + "-with")).toList();
        List<WrkRun> without = runs.stream().filter(r -> r.label().equals(config[0] + "-without")).toList();
        int n = Math.min(with.size(), without.size());
        if (n == 0) {
            return null;
        }
        List<Double> cw = new ArrayList<>();
        List<Double> cwo = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        List<Double> tput = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = with.get(i).serverCpuMs() * 1000 / with.get(i).requests();
            double b = without.get(i).serverCpuMs() * 1000 / without.get(i).requests();
            cw.add(a);
            cwo.add(b);
            added.add(a - b);
            share.add(a / b - 1);
            tput.add(with.get(i).rps() / without.get(i).rps());
        }
        double mean = 1.0 / n;
        return new E2e(config[1], config[2], Interval.of(cwo), Interval.of(cw), Interval.of(added), Interval.of(share),
                Interval.of(tput),
                with.stream().limit(n).mapToDouble(WrkRun::rps).sum() * mean,
                without.stream().limit(n).mapToDouble(WrkRun::rps).sum() * mean,
                with.stream().limit(n).mapToDouble(WrkRun::p50).sum() * mean,
                without.stream().limit(n).mapToDouble(WrkRun::p50).sum() * mean,
                with.stream().limit(n).mapToDouble(WrkRun::p99).sum() * mean,
                without.stream().limit(n).mapToDouble(WrkRun::p99).sum() * mean,
                with.stream().limit(n).mapToLong(WrkRun::requests).sum() + without.stream().limit(n).mapToLong(WrkRun::requests).sum(),
                with.stream().limit(n).mapToLong(WrkRun::errors).sum() + without.stream().limit(n).mapToLong(WrkRun::errors).sum());
    }

    static List<E2e> e2eAll(List<WrkRun> runs) {
        List<E2e> out = new ArrayList<>();
        for (String[] c : CONFIGS) {
            E2e e = e2e(runs, c);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    static String pm(Interval i, double scale, String format) {
        String mean = String.format(Locale.ROOT, format, i.mean() * scale);
        return Double.isNaN(i.half()) ? mean : mean + " ± " + String.format(Locale.ROOT, format, i.half() * scale);
    }

    /** "yes" when the whole interval meets the target, "no" when none of it does, else inconclusive. */
    static String verdict(Interval i, double target, boolean atMost) {
        if (Double.isNaN(i.half())) {
            return "inconclusive: one round";
        }
        boolean allMeet = atMost ? i.high() <= target : i.low() >= target;
        boolean noneMeets = atMost ? i.low() > target : i.high() < target;
        return allMeet ? "yes" : noneMeets ? "**no**" : "inconclusive: the interval holds the target";
    }

    static String wrkSection(List<WrkRun> runs) {
        List<E2e> all = e2eAll(runs);
        if (all.isEmpty()) {
            return "_No wrk results._\n";
        }
        StringBuilder sb = new StringBuilder("| `GET /api/me` | sessions | server CPU µs/request without | with | "
                + "the filter adds, µs | the filter adds, % | throughput with ÷ without | requests/s without / with "
                + "| p50 ms without / with | p99 ms without / with | rounds | requests | errors / non-2xx |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (E2e e : all) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s %% | %s %% | %,.0f / %,.0f | %.2f / %.2f | %.2f / %.2f | %d | %,d | %d |\n",
                    e.container(), e.sessions(), pm(e.cpuWithout(), 1, "%.1f"), pm(e.cpuWith(), 1, "%.1f"),
                    pm(e.addedUs(), 1, "%.2f"), pm(e.addedShare(), 100, "%.1f"), pm(e.throughput(), 100, "%.1f"),
                    e.rpsWithout(), e.rpsWith(), e.p50Without() / 1000, e.p50With() / 1000, e.p99Without() / 1000,
                    e.p99With() / 1000, e.addedUs().n(), e.requests(), e.errors()));
        }
        sb.append("\n\"±\" is the 95 % confidence interval over the interleaved rounds (Student's t): each round with the "
                + "filter is paired with the round without it that ran next to it, and the figures are the mean of the pairs' "
                + "differences and ratios, so drift of the machine's speed between rounds cancels within each pair. Server "
                + "CPU per request is the server process's user + system time during a round (request handling, GC and JIT "
                + "alike) over the requests wrk counted; it does not depend on how the cores were shared with wrk.\n");
        return sb.toString();
    }

    static String memorySection(Map<String, Object> m) {
        if (m.isEmpty()) {
            return "_No memory results._\n";
        }
        double heap10k = number(m.get("heapBytesPer10k"));
        double jol10k = number(m.get("jolBytesPer10k"));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, """
                | verified-token cache | retained heap | per session |
                |---|---:|---:|
                | 10,000 sessions (JOL object graph) | %.2f MiB | %,.0f B |
                | 10,000 sessions (heap after full GC, MemoryMXBean) | %.2f MiB | %,.0f B |
                | at the bound: %,.0f entries cached after %,.0f puts (JOL) | %.1f MiB | %,.0f B |
                | at the bound (heap after full GC) | %.1f MiB | |
                """,
                jol10k / 1048576, jol10k / 10_000, heap10k / 1048576, heap10k / 10_000,
                number(m.get("cachedAtBound")), number(m.get("putsTotal")),
                number(m.get("jolBytesAtBound")) / 1048576, number(m.get("jolBytesAtBound")) / number(m.get("cachedAtBound")),
                number(m.get("heapBytesAtBound")) / 1048576));
        Map<String, Object> es = es256(m);
        if (es != null) {
            double esJol = number(es.get("jolBytesPer10k"));
            double esHeap = number(es.get("heapBytesPer10k"));
            double sessions = number(es.get("sessions"));
            sb.append(String.format(Locale.ROOT, """
                    | %,.0f sessions, ES256 tokens (JOL object graph) | %.2f MiB | %,.0f B |
                    | %,.0f sessions, ES256 tokens (heap after full GC) | %.2f MiB | %,.0f B |
                    """, sessions, esJol / 1048576, esJol / sessions, sessions, esHeap / 1048576, esHeap / sessions));
        }
        sb.append(String.format(Locale.ROOT, "\nTokens average %.0f characters (RS256, 2048-bit key, profile and organization claims)%s. %s\n",
                number(m.get("averageTokenChars")),
                es == null ? "" : String.format(Locale.ROOT, "; with ES256 (`multisession.token.algorithm=ES256`, P-256) the same claims make %.0f",
                        number(es.get("averageTokenChars"))),
                "Measured on " + m.get("jvm") + " with " + m.get("gc") + "."));
        return sb.toString();
    }

    /** The ES256 row of the memory results, or null when the run had none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> es256(Map<String, Object> memory) {
        return memory.get("es256") instanceof Map<?, ?> es && !es.isEmpty() ? (Map<String, Object>) es : null;
    }

    static final double HOT_PATH_CACHED_TARGET_US = 1.0;
    static final double HOT_PATH_ALLOCATION_TARGET = 1024;
    static final double COLD_PATH_RATIO_TARGET = 1.2;
    static final double CACHE_BYTES_PER_SESSION_TARGET = 1024;

    static String targetsSection(List<Score> scores, List<WrkRun> wrk, Map<String, Object> memory) {
        StringBuilder sb = new StringBuilder("| target | measured | met? |\n|---|---|:---:|\n");
        Score filter = find(scores, "HotPathBenchmark.filter");
        Score cached = find(scores, "HotPathBenchmark.filterCachedCookies");
        Score clerk = find(scores, "PeerBenchmark.clerk");
        Score cold = find(scores, "ColdPathBenchmark.strictVerify");
        Score nimbus = find(scores, "PeerBenchmark.nimbusRaw");
        if (filter != null) {
            sb.append(String.format(Locale.ROOT, "| filter hot path, 5 sessions, fresh Cookie header ≤ %.0f µs | %s µs ± %s | %s |\n",
                    HOT_PATH_TARGET_US, us(filter.score()), us(filter.error()), filter.score() <= HOT_PATH_TARGET_US ? "yes" : "**no**"));
            sb.append(String.format(Locale.ROOT, "| … and ≤ 1 KB allocated per request | %,.0f B | %s |\n", filter.bytesPerOp(),
                    filter.bytesPerOp() <= HOT_PATH_ALLOCATION_TARGET ? "yes" : "**no**"));
        }
        if (cached != null) {
            sb.append(String.format(Locale.ROOT, "| filter hot path, same header string (a kept-alive connection) ≤ %.0f µs | %s µs ± %s | %s |\n",
                    HOT_PATH_CACHED_TARGET_US, us(cached.score()), us(cached.error()),
                    cached.score() <= HOT_PATH_CACHED_TARGET_US ? "yes" : "**no**"));
        }
        if (filter != null && clerk != null) {
            double ratio = clerk.score() / filter.score();
            sb.append(String.format(Locale.ROOT, "| ≥ %.0f× cheaper per request than Clerk's SDK on the same token | %.0f× (Clerk %s µs / filter %s µs) | %s |\n",
                    CLERK_RATIO_TARGET, ratio, us(clerk.score()), us(filter.score()), ratio >= CLERK_RATIO_TARGET ? "yes" : "**no**"));
        }
        if (cold != null && nimbus != null) {
            double ratio = cold.score() / nimbus.score();
            sb.append(String.format(Locale.ROOT, "| cold path (first sight of a token) ≤ %.1f× raw Nimbus | %.2f× (%s / %s µs) | %s |\n",
                    COLD_PATH_RATIO_TARGET, ratio, us(cold.score()), us(nimbus.score()),
                    ratio <= COLD_PATH_RATIO_TARGET ? "yes" : "**no**"));
        }
        for (E2e e : e2eAll(wrk)) {
            sb.append(String.format(Locale.ROOT, "| end to end, %s, %s session(s): the filter adds ≤ %.0f %% server CPU per request | +%s %% (%s µs) | %s |\n",
                    e.container(), e.sessions(), CPU_OVERHEAD_TARGET * 100, pm(e.addedShare(), 100, "%.1f"),
                    pm(e.addedUs(), 1, "%.2f"), verdict(e.addedShare(), CPU_OVERHEAD_TARGET, true)));
            sb.append(String.format(Locale.ROOT, "| … throughput with ≥ %.0f %% of without | %s %% | %s |\n",
                    THROUGHPUT_TARGET * 100, pm(e.throughput(), 100, "%.1f"), verdict(e.throughput(), THROUGHPUT_TARGET, false)));
        }
        if (!memory.isEmpty()) {
            double perSession = number(memory.get("jolBytesPer10k")) / 10_000;
            Map<String, Object> es = es256(memory);
            sb.append(String.format(Locale.ROOT, "| verified-token cache ≤ 1 KB per session, bounded | %,.0f B per session (JOL; %,.0f B by heap after GC)%s; bounded at %,.0f entries ≈ %.0f MiB | %s |\n",
                    perSession, number(memory.get("heapBytesPer10k")) / 10_000,
                    es == null ? "" : String.format(Locale.ROOT, "; %,.0f B with ES256 tokens",
                            number(es.get("jolBytesPer10k")) / number(es.get("sessions"))),
                    number(memory.get("bound")), number(memory.get("jolBytesAtBound")) / 1048576,
                    perSession <= CACHE_BYTES_PER_SESSION_TARGET ? "yes" : "**no**"));
        }
        return sb.toString();
    }

    static String replaceSection(String text, String name, String body) {
        String begin = "<!-- BEGIN GENERATED: " + name + " -->";
        String end = "<!-- END GENERATED: " + name + " -->";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            System.err.println("Report: no section '" + name + "' in the document; left as it is");
            return text;
        }
        return text.substring(0, b + begin.length()) + "\n" + body + text.substring(e);
    }

    // ------------------------------------------------------------------ chart

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Horizontal bars on a log scale (µs/op), one colour per group, with the 99.9 % error as a whisker. */
    static String svg(List<Score> scores, Properties machine) {
        int labelW = 380;
        int plotW = 520;
        int rowH = 26;
        int top = 78;
        int width = labelW + plotW + 90;
        int height = top + rowH * Math.max(1, scores.size()) + 70;
        double minV = 0.1;
        double maxV = 10_000;
        for (Score s : scores) {
            while (s.score() + (Double.isNaN(s.error()) ? 0 : s.error()) > maxV) {
                maxV *= 10;
            }
            while (s.score() < minV) {
                minV /= 10;
            }
        }
        double lmin = Math.log10(minV);
        double lmax = Math.log10(maxV);
        double floor = minV;
        java.util.function.DoubleUnaryOperator x = v -> labelW + plotW * (Math.log10(Math.max(v, floor)) - lmin) / (lmax - lmin);

        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        sb.append("<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">multisession: cost per operation, µs (log scale, lower is better)</text>\n");
        String sub = "JMH average time; " + machine.getProperty("nproc", "?") + " cores, " + machine.getProperty("cpu_model", "?")
                + ", " + machine.getProperty("jdk", "?") + "; " + machine.getProperty("date", "");
        sb.append("<text x=\"16\" y=\"46\" fill=\"#444\">").append(esc(sub)).append("</text>\n");
        // legend
        int lx = 16;
        for (int g = 0; g < GROUPS.length; g++) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"56\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"66\">%s</text>%n",
                    lx, COLORS[g], lx + 16, esc(GROUPS[g])));
            lx += 16 + GROUPS[g].length() * 7 + 20;
        }
        int bottom = top + rowH * scores.size();
        // grid: decades
        for (double v = minV; v <= maxV * 1.0001; v *= 10) {
            double gx = x.applyAsDouble(v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", gx, top - 4, gx, bottom));
            String t = v >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%s", v < 0.1 ? "0.01" : "0.1");
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s µs</text>%n", gx, bottom + 16, t));
        }
        // target line: 2 µs
        double tx = x.applyAsDouble(HOT_PATH_TARGET_US);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#16a34a\" stroke-dasharray=\"4 3\"/>%n", tx, top - 4, tx, bottom));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#16a34a\" text-anchor=\"middle\">hot-path target 2 µs</text>%n", tx, bottom + 32));
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            int y = top + i * rowH;
            double x1 = x.applyAsDouble(s.score());
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", labelW - 8, y + 16, esc(s.label())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    labelW, y + 4, Math.max(1, x1 - labelW), rowH - 8, COLORS[s.group()]));
            if (!Double.isNaN(s.error()) && s.error() > 0) {
                double lo = x.applyAsDouble(Math.max(s.score() - s.error(), minV));
                double hi = x.applyAsDouble(s.score() + s.error());
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#111\"/>%n", lo, y + rowH / 2, hi, y + rowH / 2));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", Math.max(x1, x.applyAsDouble(s.score()
                    + (Double.isNaN(s.error()) ? 0 : s.error()))) + 6, y + 16, us(s.score())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }
}
