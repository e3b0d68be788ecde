#!/usr/bin/env bash
# Builds and runs every multisession benchmark, then regenerates the chart and the tables.
#
#   benchmarks/run.sh               the measuring run (about 22 minutes on 2 cores):
#                                   results in benchmarks/results/, chart in docs/performance.svg,
#                                   generated sections of docs/PERFORMANCE.md rewritten
#   benchmarks/run.sh --smoke       a quick check of the whole pipeline (about 2-3 minutes): 1 fork,
#                                   1 short iteration, short wrk runs; results, chart and tables go
#                                   to benchmarks/results/smoke/ and docs/ is left alone
#   benchmarks/run.sh --only STEP   re-measure one step (jmh, memory or wrk), keep the other
#                                   steps' results, regenerate the chart and tables (with --smoke too)
#
# Steps: 1. build (the `benchmarks` profile; never part of `mvn verify`)  2. JMH, all benchmarks
# in one run, JSON out  3. verified-token cache memory  4. wrk against the /api/me servlet on
# embedded Jetty and on embedded Tomcat, a browser of 1 and of 5 sessions, with and without the
# filter (127.0.0.1 only, bounded durations, interleaved rounds; each server's CPU time per round
# recorded too)  5. Report: SVG chart + Markdown tables. The load average is recorded around each step.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

usage() { echo "usage: benchmarks/run.sh [--smoke] [--only jmh|memory|wrk]" >&2; exit 2; }
SMOKE=0
ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) SMOKE=1; shift ;;
    --only) [[ $# -ge 2 ]] || usage; ONLY="$2"; shift 2 ;;
    *) usage ;;
  esac
done
case "$ONLY" in ""|jmh|memory|wrk) ;; *) usage ;; esac
runs() { [[ -z "$ONLY" || "$ONLY" == "$1" ]]; }

# Same JVM flags for the JMH forks and for both Jetty servers.
JVM_ARGS="-Xms1g -Xmx1g -XX:+UseG1GC"
WRK_THREADS=2
WRK_CONNECTIONS=32
if [[ $SMOKE == 1 ]]; then
  OUT="benchmarks/results/smoke"
  JMH_OPTS=(-f 1 -wi 1 -i 1 -w 1s -r 1s -prof gc)
  WRK_WARMUP=2; WRK_DURATION=2; WRK_PAIRS=1; WRK_ROUNDS=2
else
  OUT="benchmarks/results"
  # 5 warm-up iterations: Clerk's SDK needs about 10 s to reach its steady state.
  # -prof gc adds the bytes allocated per operation to the results.
  JMH_OPTS=(-f 1 -wi 5 -i 5 -w 2s -r 2s -prof gc)
  # 20 s warm-up: with wrk using the same 2 cores, the JIT compiler threads starve and the filtered
  # server (more code to compile) took 10-20 s to reach its steady state (its first rounds ran at ~50 %).
  # 2 pairs of server processes per configuration, one after the other, 4 rounds of 5 s per server
  # each: 8 paired rounds give a confidence interval, and two pairs of JVMs let it see how much two
  # processes of the same code differ (their JIT-compiled code does: one pair of processes measured
  # the same filtered Jetty at +4.9 us per request and another at -0.6 us)
  WRK_WARMUP=20; WRK_DURATION=5; WRK_PAIRS=2; WRK_ROUNDS=4
fi
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The load average after a step mostly measures the step itself (wrk, Jetty and JMH threads), so
# each step also runs a sampler: every ~5 s, top's instantaneous view of processes outside this
# script's process tree that use more than 25 % of a core. Report turns it into the note on
# "other work running" in PERFORMANCE.md.
SAMPLER=""
start_sampler() { # file
  local file="$1"
  : > "$file"
  (
    while true; do
      echo "sample $(date -u +%H:%M:%S)"
      # this script's own process tree (JMH and its forks, the Jetty servers, wrk, this sampler)
      mine="$(ps -eo pid=,ppid= | awk -v root=$$ '{ parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q > 1) { if (q == root) { printf "%s ", p; break } q = parent[q] } } }')"
      top -b -c -n 2 -d 1 -w 300 \
        | awk -v mine=" $mine " '/^top -/ { frame++ }
            frame == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 > 25 && index(mine, " " $1 " ") == 0 && $12 != "top" {
              printf "busy %s%% ", $9; for (i = 12; i <= NF && i < 16; i++) printf "%s ", $i; print "" }' \
        | cut -c1-160 || true
      sleep 4
    done
  ) >> "$file" 2>/dev/null &
  SAMPLER=$!
}
stop_sampler() {
  if [[ -n "$SAMPLER" ]]; then kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""; fi
}

echo "== 1/5 build"
mvn -B -q -P benchmarks -pl benchmarks -am package -DskipTests
CP="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"

if runs jmh; then
  echo "== 2/5 JMH ${JMH_OPTS[*]}"
  rm -f "$OUT/jmh.json" "$OUT/jmh.txt"
  BEFORE="$(load)"
  start_sampler "$OUT/others-jmh.txt"
  # StoreBenchmark (needs redis-server) runs on its own: see "Shared store" in docs/PERFORMANCE.md
  java -cp "$CP" org.openjdk.jmh.Main "${JMH_OPTS[@]}" -e StoreBenchmark -foe true -jvmArgs "$JVM_ARGS" \
    -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.txt"
  stop_sampler
  printf 'load_jmh=%s -> %s\njmh_args=%s\njvm_args=%s\n' "$BEFORE" "$(load)" "${JMH_OPTS[*]}" "$JVM_ARGS" \
    > "$OUT/load-jmh.properties"
fi

if runs memory; then
  echo "== 3/5 verified-token cache memory"
  rm -f "$OUT/memory.json"
  # Serial GC: after a full GC the used heap is exactly the live objects. The JOL flags let it
  # size hidden (lambda) classes and read @Contended on JDK 17.
  java -Xms2g -Xmx2g -XX:+UseSerialGC -Djol.magicFieldOffset=true \
    --add-exports java.base/jdk.internal.vm.annotation=ALL-UNNAMED \
    -cp "$CP" dev.multisession.benchmarks.CacheMemory "$OUT/memory.json" 2>&1 | grep -v 'Unable to get Instrumentation'
fi

if runs wrk; then
  echo "== 4/5 wrk end to end"
  rm -f "$OUT/wrk.jsonl" "$OUT/wrk-cpu.jsonl" "$OUT/wrk.txt"
  if ! command -v wrk >/dev/null 2>&1; then
    echo "wrk not found: installing Debian's package"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
  fi
  WORK="$(mktemp -d)"
  PIDS=()
  stop_servers() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
  }
  cleanup() {
    stop_sampler
    stop_servers
    rm -rf "$WORK"   # the cookie file holds tokens (of a throw-away key, but still): never kept
  }
  trap cleanup EXIT
  PORT_WITH=18091
  PORT_WITHOUT=18092
  MAX_SECONDS=$(( 120 + 2 * WRK_WARMUP + 2 * WRK_ROUNDS * WRK_DURATION ))   # per pair of processes
  # CPU time (user + system, all threads: request handling, GC, JIT) a process has used so far, in ms
  cpu_ms() { # pid
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d\n", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
  }
  run_wrk() { # label port seconds [jsonl]
    WRK_LABEL="$1" WRK_OUT="${4:-}" wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d"$3"s --latency \
      -s benchmarks/wrk/report.lua "${HEADERS[@]}" "http://127.0.0.1:$2/api/me"
  }
  BEFORE="$(load)"
  start_sampler "$OUT/others-wrk.txt"
  # each container and browser size on its own pairs of servers (same JVM flags), one pair at a time
  for container in jetty tomcat; do
    for sessions in 1 5; do
     config="$container-$sessions"
     for pair in $(seq 1 "$WRK_PAIRS"); do
      echo "-- $config: $container, a browser signed in to $sessions account(s); pair of processes $pair of $WRK_PAIRS"
      # shellcheck disable=SC2086
      java $JVM_ARGS -cp "$CP" dev.multisession.benchmarks.E2eServer --container=$container --port=$PORT_WITH \
        --filter=true --sessions=$sessions --cookie-file="$WORK/cookie.txt" --max-seconds=$MAX_SECONDS > "$WORK/with.log" 2>&1 &
      PIDS+=($!)
      # shellcheck disable=SC2086
      java $JVM_ARGS -cp "$CP" dev.multisession.benchmarks.E2eServer --container=$container --port=$PORT_WITHOUT \
        --filter=false --max-seconds=$MAX_SECONDS > "$WORK/without.log" 2>&1 &
      PIDS+=($!)
      for port in $PORT_WITH $PORT_WITHOUT; do
        for _ in $(seq 1 120); do
          curl -s -o /dev/null "http://127.0.0.1:$port/api/me" && break
          sleep 0.5
        done
      done
      COOKIE="$(cat "$WORK/cookie.txt")"
      HEADERS=(-H "Cookie: $COOKIE" -H "X-Session-Id: 0" -H "Accept: application/json")
      # Sanity: the filter signs the request in as user_0 without writing a cookie; without it, nobody.
      BODY_WITH="$(curl -s -D "$WORK/headers.txt" "${HEADERS[@]}" "http://127.0.0.1:$PORT_WITH/api/me")"
      BODY_WITHOUT="$(curl -s "${HEADERS[@]}" "http://127.0.0.1:$PORT_WITHOUT/api/me")"
      if [[ "$BODY_WITH" != '{"user":"user_0"}' || "$BODY_WITHOUT" != '{}' ]] || grep -qi '^set-cookie' "$WORK/headers.txt"; then
        echo "end-to-end precondition failed ($config): with filter '$BODY_WITH', without '$BODY_WITHOUT'" >&2
        cat "$WORK/headers.txt" "$WORK/with.log" >&2
        exit 1
      fi
      echo "   warm-up ${WRK_WARMUP}s each (discarded)"
      run_wrk "$config-without" $PORT_WITHOUT "$WRK_WARMUP" > /dev/null
      run_wrk "$config-with" $PORT_WITH "$WRK_WARMUP" > /dev/null
      for round in $(seq 1 "$WRK_ROUNDS"); do
        # alternate the order, so drift in the machine's load does not favour one side
        if (( round % 2 == 1 )); then order=(without with); else order=(with without); fi
        for side in "${order[@]}"; do
          if [[ $side == with ]]; then port=$PORT_WITH; pid=${PIDS[0]}; else port=$PORT_WITHOUT; pid=${PIDS[1]}; fi
          echo "   round $round: $side, ${WRK_DURATION}s"
          cpu_before="$(cpu_ms "$pid")"
          run_wrk "$config-$side" "$port" "$WRK_DURATION" "$OUT/wrk.jsonl" >> "$OUT/wrk.txt"
          # the server's CPU during the round: Report divides it by the requests wrk counted
          printf '{"label":"%s","server_cpu_ms":%d}\n' "$config-$side" $(( $(cpu_ms "$pid") - cpu_before )) >> "$OUT/wrk-cpu.jsonl"
        done
      done
      stop_servers
     done
    done
  done
  stop_sampler
  printf 'load_wrk=%s -> %s\nwrk_args=-t%s -c%s; %s pairs of server processes per configuration, each %s rounds of %ss per server after a %ss warm-up each; Jetty and Tomcat, 1 and 5 sessions\n' \
    "$BEFORE" "$(load)" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_PAIRS" "$WRK_ROUNDS" "$WRK_DURATION" "$WRK_WARMUP" \
    > "$OUT/load-wrk.properties"
  cleanup
  trap - EXIT
fi

echo "== 5/5 chart and tables"
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "nproc=$(nproc)"
  echo "mem_total=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "jdk=$(java -version 2>&1 | head -2 | tail -1)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME") $(uname -r)"
  cat "$OUT"/load-*.properties 2>/dev/null || true
} > "$OUT/machine.properties"
if [[ $SMOKE == 1 ]]; then
  java -cp "$CP" dev.multisession.benchmarks.Report --dir="$OUT" --svg="$OUT/performance.svg"
else
  java -cp "$CP" dev.multisession.benchmarks.Report --dir="$OUT" --svg=docs/performance.svg --doc=docs/PERFORMANCE.md
fi
cat "$OUT/summary.md"
