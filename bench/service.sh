#!/usr/bin/env bash
# Model service throughput (issue 6): samples/ChurnPrediction.Service published Release and loaded with wrk on
# loopback. POST /predict (one customer: JSON in, the model, JSON out) against POST /echo in the same process (the same
# HTTP and JSON work, a constant output instead of the model; mapped only with Bench__Echo=true), alternating, so a
# busier machine slows both alike. Also POST /predict/batch with 100 customers per request.
# Usage: bench/service.sh [seconds per run, default 15] [rounds, default 3] [connections, default 32]
# Writes bench/results/service.md. Needs wrk (installed from Debian when missing and run as root) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
rounds=${2:-3}
connections=${3:-32}
threads=2
port=${BENCH_PORT:-18089}
work=bench/.work/service
rm -rf "$work"; mkdir -p "$work" bench/results

if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "wrk not found: install it (apt-get install wrk)."; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# The model as a user packs it, with a version of its own (the NuGet cache never holds an older build of it); the
# service published Release against that version.
version="1.0.0-bench.$(date -u +%Y%m%d%H%M%S)"
dotnet pack samples/ChurnPrediction -c Release -p:Version="$version" -nr:false -v q >/dev/null
dotnet publish samples/ChurnPrediction.Service -c Release -p:ChurnModelVersion="$version" -o "$work/publish" -nr:false -v q >/dev/null
rm -f "artifacts/models/ChurnPrediction.$version.nupkg"

ASPNETCORE_URLS="http://127.0.0.1:$port" Bench__Echo=true Logging__LogLevel__Default=Warning \
  dotnet "$work/publish/ChurnPrediction.Service.dll" >"$work/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null
served=$(curl -fs "http://127.0.0.1:$port/model" | grep -o '"version":"[^"]*"' | head -1 | cut -d'"' -f4)
[ "$served" = "$version" ] || { echo "The service serves '$served', not $version."; exit 1; }

command_of() { echo "wrk -t$threads -c$connections -d${2}s --latency -s bench/service/post.lua http://127.0.0.1:$port$1"; }
run() { # label path seconds [BODY] -> appends "label rps p50 p90 p99" (latencies in ms) to $work/runs
  local out
  out=$(BODY=${4:-} $(command_of "$2" "$3"))
  echo "$out" >> "$work/wrk.log"
  if echo "$out" | grep -q "Non-2xx"; then echo "$1: non-2xx responses:"; echo "$out"; exit 1; fi
  echo "$out" | awk -v label="$1" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) } $1 == "90%" { p90 = ms($2) } $1 == "99%" { p99 = ms($2) }
    END { printf "%s %s %.3f %.3f %.3f\n", label, rps, p50, p90, p99 }' >> "$work/runs"
}

load_before=$(cat /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
: > "$work/runs"
run warmup /echo 5; run warmup /predict 5; run warmup /predict/batch 5 batch
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then run echo /echo "$duration"; run predict /predict "$duration"
  else run predict /predict "$duration"; run echo /echo "$duration"; fi
  run batch /predict/batch "$duration" batch
done
ended=$(date -u '+%H:%M:%S UTC')
load_after=$(cat /proc/loadavg)

median() { grep "^$1 " "$work/runs" | awk '{print $'"$2"'}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pairs=$(paste <(grep '^predict ' "$work/runs" | awk '{print $2}') <(grep '^echo ' "$work/runs" | awk '{print $2}') \
  | awk '{printf "%s%.3f", (NR > 1 ? ", " : ""), $1 / $2}')
ratio=$(awk -v p="$(median predict 2)" -v e="$(median echo 2)" 'BEGIN {printf "%.3f", p / e}')
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
row() { echo "| $2 | $(median "$1" 2) | $(median "$1" 3) | $(median "$1" 4) | $(median "$1" 5) |"; }

cat > bench/results/service.md <<REPORT
# Model service benchmark

- Date: $started to $ended; commit $(git rev-parse --short HEAD); model package ChurnPrediction $version
- Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)
- Load average (1, 5, 15 min) before: ${load_before% * *}; after: ${load_after% * *} (other work shares the cores; wrk runs on them too)
- Command: \`bench/service.sh $duration $rounds $connections\`; each run \`$(command_of /predict "$duration")\`
  (and /echo, /predict/batch with BODY=batch), $rounds rounds alternating predict and echo after a 5 s warm-up of each; medians

| endpoint | requests/s | p50 ms | p90 ms | p99 ms |
|---|---:|---:|---:|---:|
$(row predict "\`POST /predict\` (one customer, the model)")
$(row echo "\`POST /echo\` (the same HTTP and JSON work, no model)")
$(row batch "\`POST /predict/batch\` (100 customers per request)")

Ratio predict / echo requests/s: **$ratio** (per round: $pairs). Batch: $(awk -v r="$(median batch 2)" 'BEGIN {printf "%.0f", r * 100}') predictions/s.
REPORT
cat bench/results/service.md
