#!/usr/bin/env bash
# Data validation throughput and memory (issue 3): `mlbuild validate` (every column check, data-set checks
# and the profile, one streaming pass) against the same CSV reader only parsing the file, on a generated
# CSV of mixed columns. Usage: bench/validation.sh [megabytes, default 1024] [runs, default 5]
# Writes bench/results/validation.md. Needs about 2x the file size free on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
runs=${2:-5}
work=bench/.work/validation
mkdir -p "$work" bench/results
source bench/common.sh

quietly dotnet build bench/ValidationBaseline -c Release -nr:false -v q
publish_engine
data="$work/data.csv"
if [ ! -f "$data" ] || [ "$(( $(stat -c %s "$data") / 1048576 ))" -lt "$size_mb" ]; then
  dotnet bench/ValidationBaseline/bin/Release/net10.0/ValidationBaseline.dll generate "$data" "$size_mb"
fi
bytes=$(stat -c %s "$data")


: > "$work/times"
dotnet bench/ValidationBaseline/bin/Release/net10.0/ValidationBaseline.dll parse "$data" >/dev/null   # warm the page cache
for i in $(seq "$runs"); do
  measure parse dotnet bench/ValidationBaseline/bin/Release/net10.0/ValidationBaseline.dll parse "$data"
  measure validate dotnet "$work/mlbuild/mlbuild.dll" validate --spec bench/validation.mlmodel.json --output-dir "$work/out"
done

parse_s=$(median parse 2); validate_s=$(median validate 2)
parse_kb=$(median parse 3); validate_kb=$(median validate 3)
ratio=$(ratio "$validate_s" "$parse_s")
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN {printf "%.0f", b/1048576/s}'; }
cpu=$(cpu_model)

cat > bench/results/validation.md <<REPORT
# Data validation benchmark

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)
- Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version)
- Command: \`bench/validation.sh $size_mb $runs\`; data: $(( bytes / 1048576 )) MB generated CSV (11 columns: id, 4 numbers, 3 categories, free text, boolean, label; ~2% missing)
- Medians of $runs runs each, alternating, file in the page cache; time and peak memory (max RSS) by /usr/bin/time

| command | seconds | MB/s | peak memory (MB) |
|---|---:|---:|---:|
| \`mlbuild validate\` (bench/validation.mlmodel.json: every column rule, duplicates, class share, profile) | $validate_s | $(mbps "$validate_s") | $(( validate_kb / 1024 )) |
| Sylvan.Data.Csv reading every field, nothing else | $parse_s | $(mbps "$parse_s") | $(( parse_kb / 1024 )) |

Ratio validate / parse: **$ratio** (target < 1.5); peak memory target < 300 MB.

All timings (seconds, peak KB):

\`\`\`
$(cat "$work/times")
\`\`\`
REPORT
cat bench/results/validation.md
