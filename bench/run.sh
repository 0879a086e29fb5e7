#!/usr/bin/env bash
# CareRelay benchmark: start-up time, resident memory, Synthea ingest throughput, handoff validation and care-gap
# detection, on H2 and on PostgreSQL.
#
#   bench/run.sh DATA_DIR [h2|postgres|both] [all|care-gaps|density-gaps|synthea-gaps|synthea-conflicts|auth|export|notify|stock|parallel-ingest]
#
# care-gaps runs only the care-gap part; density-gaps the same on BENCH_DENSITY_PATIENTS (default 1000) generated
# patients with Synthea-sized charts (ScenarioLoader --synthea-density); synthea-gaps only care gaps on the Synthea charts; synthea-conflicts only
# $plan-conflicts on them; auth only the cost of
# authorization (on H2); export only Bulk Data export (Synthea, then BENCH_EXPORT_PATIENTS generated patients, default
# 10000); notify only handoff writes with 0, 10 and 100 subscriptions and the commit-to-delivery time; stock runs the
# same workload on the stock HAPI starter war in BENCH_STOCK_WAR and on CareRelay (H2), and prints the ratios;
# parallel-ingest the Synthea ingest from BENCH_INGEST_CLIENTS clients (default 4).
# BENCH_GAP_PATIENTS sets the size of the generated care-gap population (default 10000).
# DATA_DIR holds synthea/ (the Synthea transaction bundles). PostgreSQL: set BENCH_PG_URL (with BENCH_PG_USER,
# BENCH_PG_PASSWORD) to use an existing empty database; otherwise a throwaway cluster is started with the local
# initdb/pg_ctl (Debian package postgresql). Needs curl. Prints one line per database.
set -euo pipefail

data=${1:?usage: bench/run.sh DATA_DIR [h2|postgres|both]}
which=${2:-both}
part=${3:-all}
root=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "$data" && pwd)
port=${BENCH_PORT:-18080}
work=$(mktemp -d)
trap 'stop_server; stop_postgres; rm -rf "$work"' EXIT

jar="$root/target/carerelay.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/target/test-classes" ]; then
  (cd "$root" && mvn -B -q package -DskipTests -Dspotless.check.skip=true)
fi
# The scenario generator lives with the tests; it runs on the test classpath.
(cd "$root" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
generator_cp="$root/target/test-classes:$root/target/classes:$(cat "$work/classpath.txt")"
gap_patients=${BENCH_GAP_PATIENTS:-10000}

server_pid=""
pg_dir=""

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

stop_postgres() {
  if [ -n "$pg_dir" ]; then
    runas pg_ctl -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
    pg_dir=""
  fi
}

runas() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  pg_dir="$work/pg"
  chmod 755 "$work"
  mkdir -p "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  runas initdb -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
  runas pg_ctl -D "$pg_dir/data" -o "-p 55432 -k $pg_dir" -l "$pg_dir/log" -w start >/dev/null
  psql -h 127.0.0.1 -p 55432 -U postgres -q -c "CREATE DATABASE carerelay_bench"
  psql -h 127.0.0.1 -p 55432 -U postgres -q -c "CREATE DATABASE carerelay_gaps"
  pg_url="jdbc:postgresql://127.0.0.1:55432/carerelay_bench"
  pg_gaps_url="jdbc:postgresql://127.0.0.1:55432/carerelay_gaps"
}

now_ms() { date +%s%3N; }

# Starts the server with the given extra arguments; sets startup_ms and rss_mb.
start_server() {
  if curl -s -o /dev/null "http://localhost:$port/fhir/metadata"; then
    echo "port $port is already in use; set BENCH_PORT" >&2
    exit 1
  fi
  local start
  start=$(now_ms)
  cd "$work"
  java ${BENCH_JAVA_OPTS--Xmx1g} -jar "$jar" --server.port="$port" "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  cd - >/dev/null
  until curl -sf -o /dev/null "http://localhost:$port/fhir/metadata"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server failed to start; see log:" >&2
      tail -40 "$work/server.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  startup_ms=$(( $(now_ms) - start ))
  rss_mb=$(rss_of_server)
}

rss_of_server() {
  awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server_pid/status"
}

# The Synthea bundles: the hospitals' and practitioners' (which the patients' bundles refer to), then the patients'.
shared_bundles() { ls "$data"/synthea/hospitalInformation*.json "$data"/synthea/practitionerInformation*.json; }
patient_bundles() { ls "$data"/synthea/*.json | grep -v -e hospitalInformation -e practitionerInformation; }

# Posts one bundle as a transaction; the run stops unless it is answered 200.
post_transaction() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://localhost:$port/fhir" \
    -H 'Content-Type: application/fhir+json' --data-binary "@$1")
  if [ "$status" != 200 ]; then
    echo "ingest of $1 answered $status" >&2
    exit 1
  fi
}

# Loads every Synthea bundle as a transaction, hospitals and practitioners first; sets resources and seconds.
ingest() {
  local files start end
  files=$( (shared_bundles; patient_bundles) )
  resources=0
  start=$(now_ms)
  for f in $files; do
    post_transaction "$f"
    resources=$((resources + $(grep -o '"request"' "$f" | wc -l)))
  done
  end=$(now_ms)
  seconds=$(awk -v ms="$((end - start))" 'BEGIN { printf "%.1f", ms / 1000 }')
}

# The same load from several clients at once (BENCH_INGEST_CLIENTS, default 4): hospitals and practitioners first, one
# after another (the patients' bundles refer to them), then the patients' bundles shared among the clients; sets
# resources and seconds for the whole load.
parallel_ingest() {
  local clients=${BENCH_INGEST_CLIENTS:-4} shared patients start end answers
  shared=$(shared_bundles)
  patients=$(patient_bundles)
  resources=0
  for f in $shared $patients; do
    resources=$((resources + $(grep -o '"request"' "$f" | wc -l)))
  done
  start=$(now_ms)
  for f in $shared; do
    post_transaction "$f"
  done
  # one file name per line (-d: quotes in a name are not xargs's), every answer counted: a stopped xargs shows too
  answers=$(printf '%s\n' $patients | xargs -d '\n' -P "$clients" -I{} curl -s --max-time 600 -o /dev/null \
    -w '%{http_code} {}\n' -X POST "http://localhost:$port/fhir" -H 'Content-Type: application/fhir+json' \
    --data-binary @{} || true)
  end=$(now_ms)
  if [ "$(grep -c '^200 ' <<<"$answers")" != "$(wc -w <<<"$patients")" ]; then
    echo "ingest answered: $(grep -v '^200 ' <<<"$answers")" >&2
    exit 1
  fi
  seconds=$(awk -v ms="$((end - start))" 'BEGIN { printf "%.1f", ms / 1000 }')
}

run() {
  local name=$1
  shift
  start_server "$@"
  ingest
  local rss_after
  rss_after=$(rss_of_server)
  stop_server
  local rate
  rate=$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  # Handoffs: $validate-handoff latency, then Task writes per second with the guard enforcing and switched off.
  start_server "$@"
  local latency enforce off
  latency=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" latency)
  enforce=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" writes)
  stop_server
  start_server "$@" --carerelay.handoff.guard=off
  off=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" writes)
  stop_server
  printf '%-9s startup_to_metadata=%.1fs rss_after_start=%sMB ingest=%s resources in %ss (%s resources/s) rss_after_ingest=%sMB\n' \
    "$name" "$(awk -v m="$startup_ms" 'BEGIN { print m / 1000 }')" "$rss_mb" "$resources" "$seconds" "$rate" "$rss_after"
  printf '%-9s %s\n' "$name" "$latency"
  printf '%-9s guard=enforce %s | guard=off %s\n' "$name" "$enforce" "$off"
}

# Care gaps on a database of generated patients: load, one-patient latency, then a population run over all of them
# (pages of 500) while jstat samples the heap every 250 ms.
care_gaps() {
  local name=$1
  shift
  start_server "$@" --carerelay.handoff.guard=off
  local as_of start load_s planted latency population peak
  as_of=$(date -u +%F)
  start=$(now_ms)
  planted=$(java -cp "$generator_cp" org.carerelay.caregap.scenario.ScenarioLoader \
    "http://localhost:$port/fhir" 1 "$gap_patients" "$as_of" 2>/dev/null | grep '^patients=')
  load_s=$(awk -v ms="$(( $(now_ms) - start ))" 'BEGIN { printf "%.1f", ms / 1000 }')
  latency=$(java "$root/bench/CareGapsBench.java" "http://localhost:$port/fhir" 1 "$gap_patients" "$as_of" latency)
  jstat -gc "$server_pid" 250 >"$work/jstat.txt" &
  local jstat_pid=$!
  population=$(java "$root/bench/CareGapsBench.java" "http://localhost:$port/fhir" 1 "$gap_patients" "$as_of" population)
  kill "$jstat_pid" 2>/dev/null || true
  # used heap = survivor spaces + eden + old generation (KB columns S0U S1U EU OU)
  peak=$(awk 'NR > 1 { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' "$work/jstat.txt")
  jstat -gc "$server_pid" 250 >"$work/jstat-metrics.txt" &
  jstat_pid=$!
  metrics=$(java "$root/bench/MetricsBench.java" "http://localhost:$port/fhir" "$as_of")
  kill "$jstat_pid" 2>/dev/null || true
  metrics_peak=$(awk 'NR > 1 { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' \
    "$work/jstat-metrics.txt")
  stop_server
  printf '%-9s generated %s in %ss\n' "$name" "$planted" "$load_s"
  printf '%-9s %s\n' "$name" "$latency"
  printf '%-9s %s; peak heap used %sMB of -Xmx\n' "$name" "$population" "$peak"
  printf '%s\n' "$metrics" | while read -r line; do printf '%-9s %s\n' "$name" "$line"; done
  printf '%-9s metrics and registry: peak heap used %sMB of -Xmx\n' "$name" "$metrics_peak"
}

# Care gaps on generated patients with Synthea-sized charts: load, restart, then Patient/[id]/$care-gaps median and p95,
# then one population run with all rules (pages of 500) while jstat samples the heap.
density_gaps() {
  local name=$1
  shift
  start_server "$@" --carerelay.handoff.guard=off
  local as_of start load_s planted latency population peak count=${BENCH_DENSITY_PATIENTS:-1000}
  as_of=$(date -u +%F)
  start=$(now_ms)
  planted=$(java -cp "$generator_cp" org.carerelay.caregap.scenario.ScenarioLoader \
    "http://localhost:$port/fhir" 1 "$count" "$as_of" --synthea-density 2>/dev/null | grep '^patients=')
  load_s=$(awk -v ms="$(( $(now_ms) - start ))" 'BEGIN { printf "%.1f", ms / 1000 }')
  printf '%-9s generated with Synthea density %s in %ss (load %s)\n' "$name" "$planted" "$load_s" "$(uptime | sed 's/.*average: //')"
  # restarted, as after a Synthea ingest: H2 refreshes its statistics at start-up (ANALYZE), not after a bulk load
  stop_server
  start_server "$@" --carerelay.handoff.guard=off
  latency=$(java "$root/bench/CareGapsBench.java" "http://localhost:$port/fhir" 1 "$count" "$as_of" latency)
  printf '%-9s %s (load %s)\n' "$name" "$latency" "$(uptime | sed 's/.*average: //')"
  jstat -gc "$server_pid" 250 >"$work/jstat-density.txt" &
  local jstat_pid=$!
  population=$(java "$root/bench/CareGapsBench.java" "http://localhost:$port/fhir" 1 "$count" "$as_of" population)
  kill "$jstat_pid" 2>/dev/null || true
  peak=$(awk 'NR > 1 { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' "$work/jstat-density.txt")
  printf '%-9s %s; peak heap used %sMB of -Xmx (load %s)\n' "$name" "$population" "$peak" "$(uptime | sed 's/.*average: //')"
  stop_server
}

# Care gaps on real charts: the Synthea patients loaded into a fresh database, the server restarted, then warm pages,
# walks and one-patient calls (bench/SyntheaGapsBench.java).
synthea_gaps() {
  local name=$1
  shift
  start_server "$@"
  ingest
  stop_server
  start_server "$@"
  # as of today: the charts are stored today, and a past day is judged by the record as it stood then (none of it)
  java "$root/bench/SyntheaGapsBench.java" "http://localhost:$port/fhir" "$(date -u +%F)" | sed "s/^/$(printf '%-9s' "$name") /"
  stop_server
}

synthea_conflicts() {
  local name=$1
  shift
  start_server "$@"
  ingest
  stop_server
  start_server "$@"
  java "$root/bench/PlanConflictsBench.java" "http://localhost:$port/fhir" "$(date -u +%F)" | sed "s/^/$(printf '%-9s' "$name") /"
  stop_server
}

# Authorization: the same database measured with security off, then on (a user token and a patient token, keys and
# tokens from the test sources' DevTokens), alternating twice; reports medians and the on/off ratio.
auth() {
  local name=$1
  shift
  local keys="$work/keys" issuer=https://issuer.example.org
  java -cp "$generator_cp" org.carerelay.testing.DevTokens keys "$keys"
  local base="http://localhost:$port/fhir"
  local user_token patient_token off on patient
  user_token=$(java -cp "$generator_cp" org.carerelay.testing.DevTokens token "$keys" "$base" 'user/*.cruds')
  patient_token=$(java -cp "$generator_cp" org.carerelay.testing.DevTokens token "$keys" "$base" 'patient/*.rs' bench-auth)
  local secured=(--carerelay.security.enabled=true --carerelay.security.issuer="$issuer"
    --carerelay.security.jwks-file="$keys/jwks.json" --carerelay.security.audience="$base")
  start_server "$@"
  java "$root/bench/AuthBench.java" "$base" seed
  for round in 1 2; do
    off=$(java "$root/bench/AuthBench.java" "$base" measure)
    stop_server
    start_server "$@" "${secured[@]}"
    # the first measurement after a start warms the JIT for the next: the order alternates between rounds
    if [ "$round" = 1 ]; then
      on=$(java "$root/bench/AuthBench.java" "$base" measure "$user_token")
      patient=$(java "$root/bench/AuthBench.java" "$base" measure "$patient_token")
    else
      patient=$(java "$root/bench/AuthBench.java" "$base" measure "$patient_token")
      on=$(java "$root/bench/AuthBench.java" "$base" measure "$user_token")
    fi
    stop_server
    printf '%-9s auth round %s: off %s | user token %s | patient token %s\n' "$name" "$round" "$off" "$on" "$patient"
    [ "$round" = 2 ] || start_server "$@"
  done
}

# Bulk Data export: a system-level export of the Synthea patients, then of a fresh database of generated patients,
# while jstat samples the server's heap every 250 ms (bench/ExportBench.java).
export_bench() {
  local name=$1 db=$2
  shift 2
  local jstat_pid result peak planted
  start_server "$@" --spring.datasource.url="jdbc:h2:file:$work/${db}synthea/carerelay"
  ingest
  jstat -gc "$server_pid" 250 >"$work/jstat-export.txt" &
  jstat_pid=$!
  result=$(java "$root/bench/ExportBench.java" "http://localhost:$port/fhir")
  kill "$jstat_pid" 2>/dev/null || true
  peak=$(awk 'NR > 1 { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' "$work/jstat-export.txt")
  stop_server
  printf '%-9s synthea %s; peak heap used %sMB of -Xmx\n' "$name" "$result" "$peak"
  start_server "$@" --spring.datasource.url="jdbc:h2:file:$work/${db}generated/carerelay" --carerelay.handoff.guard=off
  planted=$(java -cp "$generator_cp" org.carerelay.caregap.scenario.ScenarioLoader \
    "http://localhost:$port/fhir" 1 "${BENCH_EXPORT_PATIENTS:-10000}" "$(date -u +%F)" 2>/dev/null | grep '^patients=')
  jstat -gc "$server_pid" 250 >"$work/jstat-export.txt" &
  jstat_pid=$!
  result=$(java "$root/bench/ExportBench.java" "http://localhost:$port/fhir")
  kill "$jstat_pid" 2>/dev/null || true
  peak=$(awk 'NR > 1 { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' "$work/jstat-export.txt")
  stop_server
  printf '%-9s generated %s: %s; peak heap used %sMB of -Xmx\n' "$name" "$planted" "$result" "$peak"
}

# Side by side with stock HAPI (issue #13): the HAPI FHIR JPA starter war in BENCH_STOCK_WAR on its own default (an
# in-memory H2) and CareRelay on its on-disk H2 default, both with the JVM's defaults (java -jar), one after the
# other on the same machine: start-up to the first metadata, resident memory, the Synthea ingest, 400 handoff Task
# creates from four clients, Task searches with _include and Patient/$everything (HandoffBench stock); CareRelay's
# creates with the guard enforcing (and Provenance written), then on a third server, which ingests into a database of
# its own first, with the guard off. Stock runs the same workload a second time on an H2 file database (in the run's
# folder), CareRelay's kind of storage, to tell what the storage costs apart from what CareRelay adds. Prints a table
# of both and the ratios CareRelay / stock, to stock's default and to stock on the file (times and memory: lower is
# better; rates: higher is better).
side_by_side() {
  local war=${BENCH_STOCK_WAR:?set BENCH_STOCK_WAR to the stock HAPI starter war (see bench/README.md)}
  local BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS-}
  local s_start s_rss s_rate s_rss_after s_rss_idle s_work c_start c_rss c_rate c_rss_after c_rss_idle c_work c_off
  local f_start f_rss f_rate f_rss_after f_work
  # idle: long enough for the collection CareRelay asks G1 for a minute after the last one (G1 looks once a minute)
  local idle=${BENCH_IDLE_SECONDS:-130}
  # stock: its war, its defaults
  local jar=$war
  start_server
  s_start=$startup_ms s_rss=$rss_mb
  ingest
  s_rate=$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  s_work=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" stock)
  s_rss_after=$(rss_of_server)
  sleep "$idle"
  s_rss_idle=$(rss_of_server)
  stop_server
  # stock on an H2 file, as CareRelay stores (no idle wait: the row compares storage, not memory)
  start_server --spring.datasource.url="jdbc:h2:file:$work/h2stock-file/h2"
  f_start=$startup_ms f_rss=$rss_mb
  ingest
  f_rate=$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  f_work=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" stock)
  f_rss_after=$(rss_of_server)
  stop_server
  jar="$root/target/carerelay.jar"
  local carerelay=(--spring.datasource.url="jdbc:h2:file:$work/h2stock/carerelay" --management.server.port=$((port + 1)))
  start_server "${carerelay[@]}"
  c_start=$startup_ms c_rss=$rss_mb
  ingest
  c_rate=$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  c_work=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" stock)
  c_rss_after=$(rss_of_server)
  sleep "$idle"
  c_rss_idle=$(rss_of_server)
  stop_server
  # guard off: a server of its own that ingests first too (a restart onto the database above would be measured with
  # a cold JIT; 500 warm-up creates do not bring it to the speed the ingest gives the other two)
  local c_off_rate
  start_server --spring.datasource.url="jdbc:h2:file:$work/h2stock-off/carerelay" \
    --management.server.port=$((port + 1)) --carerelay.handoff.guard=off
  ingest
  c_off_rate=$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  c_off=$(java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" stock-writes)
  stop_server
  figure() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -1; }
  ratio() { awk -v s="$1" -v c="$2" 'BEGIN { if (s == "-") print "-"; else printf "%.2f", c / s }'; }
  row() { # label, stock, carerelay, unit, stock on an H2 file ("-" where not measured)
    printf '| %s | %s %s | %s %s | %s | %s | %s |\n' "$1" "$2" "$4" "$3" "$4" "$(ratio "$2" "$3")" \
      "$5$([ "$5" = - ] || echo " $4")" "$(ratio "$5" "$3")"
  }
  echo "| figure | stock HAPI | CareRelay | ratio | stock HAPI on an H2 file | ratio to it |"
  echo "|---|---|---|---|---|---|"
  seconds_of() { awk -v m="$1" 'BEGIN { printf "%.1f", m / 1000 }'; }
  row "launch to first metadata" "$(seconds_of "$s_start")" "$(seconds_of "$c_start")" s "$(seconds_of "$f_start")"
  row "resident memory after start" "$s_rss" "$c_rss" MB "$f_rss"
  row "resident memory after the workload" "$s_rss_after" "$c_rss_after" MB "$f_rss_after"
  row "resident memory ${idle} s after the workload (idle)" "$s_rss_idle" "$c_rss_idle" MB -
  row "Synthea ingest ($resources resources)" "$s_rate" "$c_rate" resources/s "$f_rate"
  row "Synthea ingest (guard off)" "$s_rate" "$c_off_rate" resources/s "$f_rate"
  row "Task creates, 4 clients (guard enforce)" "$(figure task_creates_per_s "$s_work")" \
    "$(figure task_creates_per_s "$c_work")" /s "$(figure task_creates_per_s "$f_work")"
  row "Task creates, median (guard enforce)" "$(figure task_create_median_ms "$s_work")" \
    "$(figure task_create_median_ms "$c_work")" ms "$(figure task_create_median_ms "$f_work")"
  row "Task creates, 4 clients (guard off)" "$(figure task_creates_per_s "$s_work")" \
    "$(figure task_creates_per_s "$c_off")" /s "$(figure task_creates_per_s "$f_work")"
  row "Task creates, median (guard off)" "$(figure task_create_median_ms "$s_work")" \
    "$(figure task_create_median_ms "$c_off")" ms "$(figure task_create_median_ms "$f_work")"
  row "Task search with _include, median" "$(figure task_search_median_ms "$s_work")" \
    "$(figure task_search_median_ms "$c_work")" ms "$(figure task_search_median_ms "$f_work")"
  row "Patient/\$everything, median" "$(figure everything_median_ms "$s_work")" \
    "$(figure everything_median_ms "$c_work")" ms "$(figure everything_median_ms "$f_work")"
  echo "load average at the end: $(uptime | sed 's/.*average: //')"
  sed 's/^/stock: /' <<<"$s_work"
  sed 's/^/stock on an H2 file: /' <<<"$f_work"
  sed 's/^/carerelay: /' <<<"$c_work"
  sed 's/^/carerelay, guard off: /' <<<"$c_off"
}

# Runs a part (a function taking the database's name and the server's arguments) on H2, in the run's folder DIR, and
# on PostgreSQL, as the second argument of the script asks: on_each_database FUNCTION DIR.
on_each_database() {
  local part_of=$1 dir=$2
  if [ "$which" = h2 ] || [ "$which" = both ]; then
    "$part_of" h2 --spring.datasource.url="jdbc:h2:file:$work/$dir/carerelay"
  fi
  if [ "$which" = postgres ] || [ "$which" = both ]; then
    if [ -n "${BENCH_PG_URL:-}" ]; then pg_url=$BENCH_PG_URL; else start_postgres; fi
    "$part_of" postgres --spring.datasource.url="$pg_url" \
      --spring.datasource.username="${BENCH_PG_USER:-postgres}" \
      --spring.datasource.password="${BENCH_PG_PASSWORD:-}"
  fi
}

if [ "$part" = stock ]; then
  side_by_side
  exit 0
fi

if [ "$part" = export ]; then
  export_bench h2 h2export
  exit 0
fi

# The Synthea ingest from BENCH_INGEST_CLIENTS clients (default 4) on a fresh database, with the JVM's defaults (issue
# #13's target on PostgreSQL: 2,000 resources/s on two cores).
parallel() {
  local name=$1
  shift
  local BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS-}
  start_server "$@"
  parallel_ingest
  stop_server
  printf '%-9s ingest from %s clients: %s resources in %ss (%s resources/s)\n' "$name" "${BENCH_INGEST_CLIENTS:-4}" \
    "$resources" "$seconds" "$(awk -v r="$resources" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')"
}

if [ "$part" = parallel-ingest ]; then
  on_each_database parallel h2parallel
  exit 0
fi

# Notifications: handoff Task creates with 0, 10 and 100 rest-hook subscriptions and the commit-to-delivery time
# (HandoffBench notify), the guard enforcing, on a fresh database.
notify() {
  local name=$1
  shift
  start_server "$@"
  java "$root/bench/HandoffBench.java" "http://localhost:$port/fhir" notify | sed "s/^/$(printf '%-9s' "$name") /"
  stop_server
}

if [ "$part" = notify ]; then
  on_each_database notify h2notify
  exit 0
fi

if [ "$part" = auth ]; then
  auth h2 --spring.datasource.url="jdbc:h2:file:$work/h2auth/carerelay"
  exit 0
fi

if [ "$part" = synthea-conflicts ]; then
  on_each_database synthea_conflicts h2conflicts
  exit 0
fi

if [ "$part" = density-gaps ]; then
  if [ "$which" = postgres ] || [ "$which" = both ]; then
    if [ -n "${BENCH_PG_URL:-}" ]; then pg_url=$BENCH_PG_URL; else start_postgres; fi
    density_gaps postgres --spring.datasource.url="$pg_url" \
      --spring.datasource.username="${BENCH_PG_USER:-postgres}" \
      --spring.datasource.password="${BENCH_PG_PASSWORD:-}"
  fi
  if [ "$which" = h2 ] || [ "$which" = both ]; then
    density_gaps h2 --spring.datasource.url="jdbc:h2:file:$work/h2density/carerelay"
  fi
  exit 0
fi

if [ "$part" = synthea-gaps ]; then
  on_each_database synthea_gaps h2synthea
  exit 0
fi

if [ "$which" = h2 ] || [ "$which" = both ]; then
  [ "$part" = care-gaps ] || run h2 --spring.datasource.url="jdbc:h2:file:$work/h2/carerelay"
  care_gaps h2 --spring.datasource.url="jdbc:h2:file:$work/h2gaps/carerelay"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  if [ -n "${BENCH_PG_URL:-}" ]; then
    pg_url=$BENCH_PG_URL
  else
    start_postgres
  fi
  url=$pg_url
  [ "$part" = care-gaps ] || run postgres --spring.datasource.url="$url" \
    --spring.datasource.username="${BENCH_PG_USER:-postgres}" \
    --spring.datasource.password="${BENCH_PG_PASSWORD:-}"
  # With BENCH_PG_URL the generated population joins the Synthea patients in that database.
  care_gaps postgres --spring.datasource.url="${pg_gaps_url:-$url}" \
    --spring.datasource.username="${BENCH_PG_USER:-postgres}" \
    --spring.datasource.password="${BENCH_PG_PASSWORD:-}"
fi
