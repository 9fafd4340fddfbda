#!/usr/bin/env bash
# Measures the Java customers service's start: milliseconds from exec to the first 200 of /health, and its RSS
# (VmRSS) at that moment and after 500 requests, and the CPU time (user + system) it used to get ready, per mode,
# RUNS times each; SIGTERM's exit status is checked. The CPU time is the figure to compare on a busy machine: the
# wall time to ready grows with the load average, the CPU time much less.
# Usage, from the repository root after `npm run build` and the launch build:
#   bash services/java/measure-start.sh [RUNS]
set -euo pipefail
RUNS=${1:-5}
JAR=.cache/java/scl-service.jar
PORT=7391
work=$(mktemp -d)
trap 'kill "$cp_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

node dist/controlplane/src/main.js --port 0 > "$work/cp.out" &
cp_pid=$!
until grep -q listening "$work/cp.out" 2>/dev/null; do sleep 0.05; done
cp_url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/cp.out")

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# utime + stime of /proc/<pid>/stat (fields 14 and 15, after the command name) in milliseconds
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz)}' "/proc/$1/stat"; }

printf '%-8s %4s %10s %12s %12s %14s %5s\n' mode run ready_ms cpu_ready_ms rss_ready_MiB rss_500req_MiB exit
for mode in none library sidecar; do
  for run in $(seq 1 "$RUNS"); do
    dir="$work/$mode-$run"
    mkdir -p "$dir"
    env_vars=(SCL_SERVICE=customers SCL_MODE="$mode" SCL_INSTANCE_ID="customers-$run" SCL_PUBLIC_PORT=$PORT SCL_DATA_DIR="$dir/data")
    case $mode in
      library) env_vars+=(SCL_CONTROLPLANE_URL="$cp_url") ;;
      sidecar) env_vars+=(SCL_LOG_FILE="$dir/app.log" SCL_CONFIG_FILE="$dir/config.json" SCL_EGRESS_URL=http://127.0.0.1:9) ;;
    esac
    start=$(date +%s%N)
    env "${env_vars[@]}" java -jar "$JAR" > "$dir/out" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")" = 200 ]; do sleep 0.01; done
    ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    cpu_ready=$(cpu_ms "$pid")
    rss_ready=$(rss_kib "$pid")
    curl -s -o /dev/null "http://127.0.0.1:$PORT/customers" -H 'content-type: application/json' -d '{"name":"Ada","email":"ada@example.com"}'
    for _ in $(seq 1 500); do echo "url = \"http://127.0.0.1:$PORT/customers/1\""; done > "$dir/curl.cfg"
    curl -s -K "$dir/curl.cfg" > /dev/null
    rss_loaded=$(rss_kib "$pid")
    kill -TERM "$pid"
    status=0; wait "$pid" || status=$?
    printf '%-8s %4s %10s %12s %12.1f %14.1f %5s\n' "$mode" "$run" "$ready_ms" "$cpu_ready" "$(echo "$rss_ready/1024" | bc -l)" "$(echo "$rss_loaded/1024" | bc -l)" "$status"
  done
done
