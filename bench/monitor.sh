#!/usr/bin/env bash
# Drift-check throughput and memory (issue 7): `mlbuild monitor` (every column's drift statistics, PSI, rates, prediction
# drift, dataset drift, drift.json and both reports; one streaming pass over the logs) against reading the same logs only
# (every line and every JSON value, with the same block reading and Utf8JsonReader, nothing else), on generated logs of
# the churn model. Usage: bench/monitor.sh [rows, default 10000000] [runs, default 3]
# Writes bench/results/monitor.md. 10 million rows are about 3 GB of logs.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
runs=${2:-3}
work=bench/.work/monitor
mkdir -p "$work" bench/results
source bench/common.sh

quietly dotnet build bench/MonitorBaseline -c Release -nr:false -v q
publish_engine
# The reference: the churn sample's training profile (5,000 rows: distances, not tests), from its build (the training cache makes it quick).
quietly dotnet build samples/ChurnPrediction -c Release -nr:false -v q
reference=samples/ChurnPrediction/obj/Release/net10.0/ml/ChurnModel
logs="$work/logs-$rows"
if [ ! -d "$logs" ]; then
  dotnet bench/MonitorBaseline/bin/Release/net10.0/MonitorBaseline.dll generate "$logs.tmp" "$rows" samples/ChurnPrediction/data/churn.csv
  mv "$logs.tmp" "$logs"
fi
bytes=$(du -sb "$logs" | cut -f1)


: > "$work/times"
dotnet bench/MonitorBaseline/bin/Release/net10.0/MonitorBaseline.dll read "$logs" >/dev/null   # warm the page cache
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  measure read dotnet bench/MonitorBaseline/bin/Release/net10.0/MonitorBaseline.dll read "$logs"
  measure monitor dotnet "$work/mlbuild/mlbuild.dll" monitor --reference "$reference" --logs "$logs" --output-dir "$work/out"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

read_s=$(median read 2); monitor_s=$(median monitor 2)
read_kb=$(median read 3); monitor_kb=$(median monitor 3)
ratio=$(ratio "$monitor_s" "$read_s")
rate() { awk -v r="$rows" -v s="$1" 'BEGIN {printf "%.0f", r/s}'; }
cpu=$(cpu_model)

cat > bench/results/monitor.md <<REPORT
# Drift check benchmark

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load average before $load_before, after $load_after
- Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version)
- Command: \`bench/monitor.sh $rows $runs\`; logs: $rows logged predictions of the churn model, $(( bytes / 1048576 )) MB in $(ls "$logs" | wc -l) files (bench/MonitorBaseline generate)
- Medians of $runs runs each, alternating, logs in the page cache; time and peak memory (max RSS) by /usr/bin/time

| command | seconds | rows/s | peak memory (MB) |
|---|---:|---:|---:|
| \`mlbuild monitor\` (8 columns and the prediction against the 5,000-row training profile, drift.json and reports) | $monitor_s | $(rate "$monitor_s") | $(( monitor_kb / 1024 )) |
| reading the logs only: every line's every JSON value (bench/MonitorBaseline read) | $read_s | $(rate "$read_s") | $(( read_kb / 1024 )) |

Ratio monitor / read: **$ratio**.

All timings (seconds, peak KB):

\`\`\`
$(cat "$work/times")
\`\`\`
REPORT
cat bench/results/monitor.md
