#!/usr/bin/env bash
# Search benchmark (issue 4): (a) the engine's overhead per trial: `mlbuild train` running a random search of
# fast-tree configurations with 5-fold cross-validation, one trial at a time, against the same configurations
# cross-validated directly with ML.NET (bench/TrainingBaseline search); (b) the speed-up from running trials in
# parallel (`"parallel": 2` against 1) on this machine's cores. Data: samples/ChurnPrediction (5,000 rows).
# Usage: bench/search.sh [trials, default 12] [runs, default 3]. Writes bench/results/search.md.
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-12}
runs=${2:-3}
work=bench/.work/search
rm -rf "$work" && mkdir -p "$work" bench/results
cp samples/ChurnPrediction/data/churn.csv "$work/"

dotnet build bench/TrainingBaseline -c Release -nr:false -v q >/dev/null
dotnet publish src/MlBuildTasks.Cli -c Release -o "$work/mlbuild" -nr:false -v q >/dev/null

spec() { # parallel -> spec file
  cat > "$work/Search$1.mlmodel.json" <<SPEC
{ "task": "binary-classification", "data": "churn.csv", "label": "Churned", "seed": 42,
  "columns": { "CustomerId": { "type": "text", "ignore": true }, "SeniorCitizen": { "type": "boolean" } },
  "training": { "trainers": ["fast-tree"], "search": "random", "trials": $trials, "folds": 5, "parallel": $1 } }
SPEC
}
spec 1; spec 2

search_seconds() { # trials.json -> the search's own seconds
  grep -m1 '"seconds"' "$1" | tr -dc '0-9.'
}

: > "$work/times"
for i in $(seq "$runs"); do
  for p in 1 2; do
    dotnet "$work/mlbuild/mlbuild.dll" train --spec "$work/Search$p.mlmodel.json" --output-dir "$work/out$p" --no-cache --force >/dev/null
    echo "search$p $(search_seconds "$work/out$p/Search$p.trials.json")" >> "$work/times"
  done
  base=$(dotnet bench/TrainingBaseline/bin/Release/net10.0/TrainingBaseline.dll search "$work/churn.csv" "$work/out1/Search1.trials.json" | sed -E 's/.*: ([0-9.]+) s/\1/')
  echo "baseline $base" >> "$work/times"
done

median() { grep "^$1 " "$work/times" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s1=$(median search1); s2=$(median search2); b=$(median baseline)
overhead=$(awk -v a="$s1" -v b="$b" 'BEGIN {printf "%.2f", a/b}')
speedup=$(awk -v a="$s1" -v b="$s2" 'BEGIN {printf "%.2f", a/b}')
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)

cat > bench/results/search.md <<REPORT
# Search benchmark

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)
- Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version)
- Command: \`bench/search.sh $trials $runs\`; data: samples/ChurnPrediction/data/churn.csv (5,000 rows, 4,000 in the training part)
- Search: random, $trials fast-tree configurations, 5-fold cross-validation; medians of $runs runs

| | seconds |
|---|---:|
| \`mlbuild train\` search, one trial at a time (\`"parallel": 1\`; trials.json's seconds) | $s1 |
| \`mlbuild train\` search, two at a time (\`"parallel": 2\`) | $s2 |
| baseline: the same configurations cross-validated directly with ML.NET, one thread | $b |

(a) Search overhead, engine / baseline: **$overhead**. (b) Parallel speed-up, 1 / 2 at a time: **$speedup**.

All timings (seconds):

\`\`\`
$(cat "$work/times")
\`\`\`
REPORT
cat bench/results/search.md
