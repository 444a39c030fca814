#!/usr/bin/env bash
# MlBuildTasks benchmarks. See bench/README.md; recorded results are in docs/performance.md.
#
#   (a) no-op build overhead: a second, nothing-changed `dotnet build -nr:false` of a copy of
#       samples/ChurnPrediction that references the MlBuildTasks package (packed from this checkout),
#       against the same project without the package and without its MlModel item.     target < 1.15
#   (b) training overhead: `dotnet exec mlbuild.dll train --force` on a copy of the churn spec, against
#       bench/TrainingBaseline (plain ML.NET doing the same work).                        target < 1.10
#
# Both are ratios of medians measured in the same run, the two commands alternating (ABBA order).
#
# Usage: bench/run.sh [options]      (from anywhere; needs dotnet, git, tar, awk)
#   --quick            3 measured runs of each command after 1 warm-up (default: 10 after 2 for the
#                      builds, 15 after 1 for training), no stage timelines; results go to
#                      bench/results/quick.md instead of bench/results/latest.md.
#   --noop-runs N, --noop-warmups N, --train-runs N, --train-warmups N
#                      override the counts.
#   --ref REF          measure the sources of a commit (src/, build/, samples/ChurnPrediction, root
#                      props) instead of the working tree; bench/ always comes from the working tree.
#   --quiet-timeout S  before each measured pair, wait up to S seconds (default 60) until other
#                      processes use < 0.3 cores, so that on a shared machine other work stays out of
#                      most samples. 0 disables the wait.
#   --no-phases        skip the stage timelines of `mlbuild train` and of the baseline (--phases: run them
#                      even with --quick).
#   --work-dir DIR     where the snapshot, feed, NuGet cache, copies and logs go (default
#                      /tmp/mlbuildtasks-bench, or $BENCH_WORK_DIR). Keep it outside any git repository:
#                      Source Link stamps the enclosing repository's commit into the copies' assemblies,
#                      so a commit made during the run would turn the no-op builds into rebuilds.
#                      It is emptied at the start of every run, so nothing stale is ever measured.
#   --results FILE     where to write the Markdown results.
#   --clean            delete the work folder at the end (it is kept by default, for its logs).
#   --check            exit with status 1 when a ratio misses its target.
set -euo pipefail

ORIG_ARGS="$*"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"

NOOP_RUNS=10
NOOP_WARMUPS=2
TRAIN_RUNS=15
TRAIN_WARMUPS=1
PERF_RUNS=3
PHASE_RUNS=5
WORK_DIR="${BENCH_WORK_DIR:-${TMPDIR:-/tmp}/mlbuildtasks-bench}"
RESULTS_FILE=""
SOURCE_REF=""
QUICK=false
CLEAN=false
CHECK=false
PHASES=true
FORCE_PHASES=false
QUIET_TIMEOUT=60
QUIET_MAX_CORES=0.3
NOOP_TARGET=1.15
TRAIN_TARGET=1.10

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true; NOOP_RUNS=3; NOOP_WARMUPS=1; TRAIN_RUNS=3; TRAIN_WARMUPS=1; PERF_RUNS=1; PHASES=false ;;
    --noop-runs) NOOP_RUNS="$2"; shift ;;
    --noop-warmups) NOOP_WARMUPS="$2"; shift ;;
    --train-runs) TRAIN_RUNS="$2"; shift ;;
    --train-warmups) TRAIN_WARMUPS="$2"; shift ;;
    --ref) SOURCE_REF="$2"; shift ;;
    --quiet-timeout) QUIET_TIMEOUT="$2"; shift ;;
    --no-phases) PHASES=false ;;
    --phases) FORCE_PHASES=true ;;
    --work-dir) WORK_DIR="$2"; shift ;;
    --results) RESULTS_FILE="$2"; shift ;;
    --clean) CLEAN=true ;;
    --check) CHECK=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if $FORCE_PHASES; then PHASES=true; fi
if [[ -z "$RESULTS_FILE" ]]; then
  if $QUICK; then RESULTS_FILE="$BENCH_DIR/results/quick.md"; else RESULTS_FILE="$BENCH_DIR/results/latest.md"; fi
fi
for n in "$NOOP_RUNS" "$TRAIN_RUNS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: run counts must be positive integers" >&2; exit 2; }
done
for n in "$NOOP_WARMUPS" "$TRAIN_WARMUPS" "$QUIET_TIMEOUT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: warm-up counts and --quiet-timeout must be integers" >&2; exit 2; }
done

for tool in dotnet git tar awk; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not on PATH" >&2; exit 1; }
done

# Quiet, comparable dotnet invocations: no telemetry/banners, no MSBuild node reuse, classic console logger.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false
export MSBUILDDISABLENODEREUSE=1
unset MSBuildSDKsPath MSBuildExtensionsPath NUGET_PACKAGES 2>/dev/null || true

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# Runs a command with its output in a log file; on failure shows the log's tail and stops.
quietly() {
  local logfile="$1"; shift
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "failed: $* (full log: $logfile)"
  fi
}

# CPU time (ms) of the whole machine from /proc/stat (user+nice+system+irq+softirq; not idle, iowait, steal).
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
machine_busy_ms() { awk -v hz="$CLK_TCK" '/^cpu / { printf "%.0f\n", ($2 + $3 + $4 + $7 + $8) * 1000 / hz }' /proc/stat; }
now_ms() { echo $(( ${EPOCHREALTIME/[.,]/} / 1000 )); }

# Sets OWN_CPU (ms) from bash's `times` (second line: user and sys time of finished child processes, as
# 1m2.345s). Not a $(...) function: `times` in a subshell would only see that subshell's children.
read_own_cpu() {
  times >"$WORK_DIR/times.txt"
  OWN_CPU=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%.0f\n", s * 1000 }' "$WORK_DIR/times.txt")
}

# Times one run of a command end to end (process start to exit): LAST_MS. EPOCHREALTIME is bash's own
# clock, so no extra process is started around the measured one. LAST_OTHER: how many cores other
# processes used on average meanwhile (machine CPU time minus this script's children's).
time_once() {
  local logfile="$1"; shift
  local start end busy0 busy1 own0
  read_own_cpu; own0=$OWN_CPU; busy0=$(machine_busy_ms)
  start="${EPOCHREALTIME/[.,]/}"
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "failed while measuring: $* (log: $logfile)"
  fi
  end="${EPOCHREALTIME/[.,]/}"
  busy1=$(machine_busy_ms); read_own_cpu
  LAST_MS=$(( (end - start) / 1000 ))
  LAST_OTHER=$(awk -v b=$((busy1 - busy0)) -v o=$((OWN_CPU - own0)) -v w="$LAST_MS" \
    'BEGIN { x = (b - o) / w; if (x < 0) x = 0; printf "%.2f", x }')
}

# Times one run and appends it to <samples> (and its LAST_OTHER to <samples>.other).
time_into() {
  local samples="$1"; shift
  time_once "$@"
  echo "$LAST_MS" >>"$samples"
  echo "$LAST_OTHER" >>"$samples.other"
}

# Measures one pair back to back: <command> <variant> for each variant, in the order given, after waiting
# for a quiet machine. When other processes took QUIET_MAX_CORES or more during either run, the pair is
# measured again (up to PAIR_RETRIES times; the last attempt is kept either way).
# Samples go to $SAMPLES/<name>-<variant>.txt, logs to $LOGS/<name>-<variant>.log.
PAIR_RETRIES=2
RERUNS=0
DISTURBED_KEPT=0
measure_pair() {
  local name="$1" command="$2"; shift 2
  local attempt v disturbed
  local -A ms=() other=()
  for ((attempt = 0; attempt <= PAIR_RETRIES; attempt++)); do
    if ((attempt > 0)); then RERUNS=$((RERUNS + 1)); fi
    wait_for_quiet
    disturbed=false
    for v in "$@"; do
      time_once "$LOGS/$name-$v.log" "$command" "$v"
      ms[$v]=$LAST_MS
      other[$v]=$LAST_OTHER
      if awk -v x="$LAST_OTHER" -v m="$QUIET_MAX_CORES" 'BEGIN { exit !(x >= m) }'; then disturbed=true; fi
    done
    if ! $disturbed; then break; fi
  done
  if $disturbed; then DISTURBED_KEPT=$((DISTURBED_KEPT + 1)); fi
  for v in "$@"; do
    echo "${ms[$v]}" >>"$SAMPLES/$name-$v.txt"
    echo "${other[$v]}" >>"$SAMPLES/$name-$v.txt.other"
  done
}

# Waits (up to QUIET_TIMEOUT s) until other processes use less than QUIET_MAX_CORES over half a second.
# Nothing of this script runs meanwhile, so all CPU time seen is other work. Counts the waits that
# timed out, so the results can say how many pairs started on a busy machine.
WAITS=0
NOISY_STARTS=0
wait_for_quiet() {
  WAITS=$((WAITS + 1))
  ((QUIET_TIMEOUT > 0)) || return 0
  local deadline=$(( $(now_ms) + QUIET_TIMEOUT * 1000 )) b1 b2
  while :; do
    b1=$(machine_busy_ms); sleep 0.5; b2=$(machine_busy_ms)
    if awk -v d=$((b2 - b1)) -v m="$QUIET_MAX_CORES" 'BEGIN { exit !(d / 500 < m) }'; then return 0; fi
    if (( $(now_ms) > deadline )); then NOISY_STARTS=$((NOISY_STARTS + 1)); return 0; fi
    sleep 1
  done
}

# Statistics over a file of numbers, one a line. (awk, not head: with pipefail, head closing the pipe
# early could fail the pipeline.)
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n "$1" | awk 'NR == 1'; }
maximum() { sort -n "$1" | awk 'END { print }'; }
mean_of() { awk '{ s += $1 } END { if (NR) printf "%.2f", s / NR; else printf "n/a" }' "$@"; }
samples_of() { paste -sd' ' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
meets() { awk -v r="$1" -v t="$2" 'BEGIN { exit !(r < t) }'; }
# Median of the per-pair ratios a_i / b_i (each pair ran back to back, so under the same conditions).
pair_ratio() {
  paste "$1" "$2" | awk '{ print $1 / $2 }' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------------------------------------------------
# Work folder: emptied every run (and a unique package version and a private NuGet cache on top of that).
# ---------------------------------------------------------------------------------------------------------
case "$WORK_DIR" in /|"$REPO_ROOT"|"$REPO_ROOT/"|"$BENCH_DIR"|"$BENCH_DIR/"|"$HOME"|"$HOME/") die "refusing to use '$WORK_DIR' as the work folder" ;; esac
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"/{logs,samples,feed}
WORK_DIR="$(cd "$WORK_DIR" && pwd)"
LOGS="$WORK_DIR/logs"
SAMPLES="$WORK_DIR/samples"
FEED="$WORK_DIR/feed"
PRIVATE_NUGET="$WORK_DIR/nuget-packages"
VERSION="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
log "work folder $WORK_DIR; package version $VERSION"

# ---------------------------------------------------------------------------------------------------------
# 1. A snapshot of the sources (no bin/obj) that everything is built from, so that concurrent edits or
#    builds in the checkout cannot race with ours: the working tree as it is now (tracked and new, not
#    ignored, files) or, with --ref, the files of that commit. bench/ always comes from the working tree.
#    Then pack MlBuildTasks from it.
# ---------------------------------------------------------------------------------------------------------
SNAPSHOT="$WORK_DIR/source"
mkdir -p "$SNAPSHOT"
SAMPLE="samples/ChurnPrediction"
snapshot_paths=(src build Directory.Build.props Directory.Packages.props global.json README.md "$SAMPLE")
existing=()
if [[ -n "$SOURCE_REF" ]]; then
  SOURCE_COMMIT=$(git -C "$REPO_ROOT" rev-parse --verify --quiet "$SOURCE_REF^{commit}") || die "--ref '$SOURCE_REF' is not a commit"
  for p in "${snapshot_paths[@]}"; do
    if git -C "$REPO_ROOT" cat-file -e "$SOURCE_COMMIT:$p" 2>/dev/null; then existing+=("$p"); fi
  done
  git -C "$REPO_ROOT" archive --format=tar "$SOURCE_COMMIT" -- "${existing[@]}" | tar -xf - -C "$SNAPSHOT"
  SOURCE_DESC="commit $(git -C "$REPO_ROOT" rev-parse --short "$SOURCE_COMMIT") (--ref $SOURCE_REF)"
else
  for p in "${snapshot_paths[@]}"; do
    if [[ -e "$REPO_ROOT/$p" ]]; then existing+=("$p"); fi
  done
  (cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard -- "${existing[@]}" \
    | while IFS= read -r -d '' f; do if [[ -f "$f" ]]; then printf '%s\0' "$f"; fi; done \
    | tar --null -T - -cf -) | tar -xf - -C "$SNAPSHOT"
  SOURCE_DESC="working tree at commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  if git -C "$REPO_ROOT" status --porcelain -- "${existing[@]}" | grep -q .; then
    SOURCE_DESC="$SOURCE_DESC, with uncommitted changes in src/build/samples"
  fi
fi
[[ -f "$SNAPSHOT/src/MlBuildTasks/MlBuildTasks.csproj" ]] || die "the snapshot has no src/MlBuildTasks/MlBuildTasks.csproj"
[[ -f "$SNAPSHOT/$SAMPLE/ChurnPrediction.csproj" ]] || die "the snapshot has no $SAMPLE/ChurnPrediction.csproj"
mkdir -p "$SNAPSHOT/bench"
for f in TrainingBaseline Directory.Build.props Directory.Packages.props; do
  cp -r "$BENCH_DIR/$f" "$SNAPSHOT/bench/"
done
rm -rf "$SNAPSHOT"/bench/*/bin "$SNAPSHOT"/bench/*/obj
log "sources: $SOURCE_DESC"

log "packing MlBuildTasks $VERSION (Release)"
quietly "$LOGS/pack.log" dotnet pack "$SNAPSHOT/src/MlBuildTasks" -c Release -o "$FEED" -p:Version="$VERSION" -nr:false -tl:off
[[ -f "$FEED/MlBuildTasks.$VERSION.nupkg" ]] || die "pack produced no $FEED/MlBuildTasks.$VERSION.nupkg"

# ---------------------------------------------------------------------------------------------------------
# 2. Two copies of samples/ChurnPrediction, out of reach of samples/Directory.Build.* (source mode) and of
#    any Directory.* file above them:
#      with/     the sample as a user has it: PackageReference MlBuildTasks (this version) + MlModel item
#      without/  the same project with both removed
# ---------------------------------------------------------------------------------------------------------
make_copy() {
  local dest="$1"
  mkdir -p "$dest"
  cp -r "$SNAPSHOT/$SAMPLE/." "$dest/"
  for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
    printf '<Project>\n  <!-- Empty on purpose: no Directory.* file from the repository applies to this benchmark copy. -->\n</Project>\n' >"$dest/$f"
  done
  cat >"$dest/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="bench-feed" value="$FEED" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
EOF
}

NOOP="$WORK_DIR/noop"
WITH="$NOOP/with"
WITHOUT="$NOOP/without"
PROJ=ChurnPrediction.csproj
make_copy "$WITH"
make_copy "$WITHOUT"
grep -q '<PackageReference Include="MlBuildTasks"' "$WITH/$PROJ" \
  || die "$SAMPLE/$PROJ has no <PackageReference Include=\"MlBuildTasks\" ...> line to point at the packed version"
grep -q '<MlModel ' "$WITH/$PROJ" || die "$SAMPLE/$PROJ has no MlModel item"

sed -i -E "s|(<PackageReference Include=\"MlBuildTasks\" Version=\")[^\"]*\"|\1$VERSION\"|" "$WITH/$PROJ"
grep -q "<PackageReference Include=\"MlBuildTasks\" Version=\"$VERSION\"" "$WITH/$PROJ" \
  || die "could not set the MlBuildTasks version in $WITH/$PROJ"

sed -i -E '/<PackageReference Include="MlBuildTasks"/d; /<MlModel /d' "$WITHOUT/$PROJ"
! grep -qE 'Include="MlBuildTasks"|<MlModel' "$WITHOUT/$PROJ" \
  || die "could not remove the package reference and the MlModel item from $WITHOUT/$PROJ"

# The copies restore into a private package folder: only the package packed above can be used.
noop_dotnet() { NUGET_PACKAGES="$PRIVATE_NUGET" dotnet "$@"; }

log "restoring and building both copies once (the first build of with/ trains the model)"
for variant in with without; do
  quietly "$LOGS/restore-$variant.log" noop_dotnet restore "$NOOP/$variant/$PROJ" -nr:false -tl:off
  quietly "$LOGS/first-build-$variant.log" noop_dotnet build "$NOOP/$variant/$PROJ" -nr:false -tl:off --no-restore
done
[[ -f "$WITH/bin/Debug/net10.0/ChurnModel.zip" ]] \
  || die "the first build of with/ put no ChurnModel.zip in bin/Debug/net10.0 (see $LOGS/first-build-with.log)"
MLBUILD="$PRIVATE_NUGET/mlbuildtasks/$VERSION/tools/net10.0/mlbuild.dll"
[[ -f "$MLBUILD" ]] || die "the packed MlBuildTasks $VERSION was not restored into $PRIVATE_NUGET"

# A detailed second build of each: it must compile nothing and, for with/, not train.
for variant in with without; do
  quietly "$LOGS/verify-noop-$variant.log" noop_dotnet build "$NOOP/$variant/$PROJ" -nr:false -tl:off -v:d
  grep -q 'Skipping target "CoreCompile" because all output files are up-to-date' "$LOGS/verify-noop-$variant.log" \
    || die "the second build of $variant/ was not a no-op: CoreCompile ran (see $LOGS/verify-noop-$variant.log)"
done
grep -q 'Skipping target "_MlTrainModels" because all output files are up-to-date' "$LOGS/verify-noop-with.log" \
  || die "the second build of with/ did not skip _MlTrainModels (see $LOGS/verify-noop-with.log)"

# The no-op build of one variant; NOOP_EXTRA holds the mode's extra options.
NOOP_EXTRA=()
noop_build() { noop_dotnet build "$NOOP/$1/$PROJ" -nr:false -tl:off "${NOOP_EXTRA[@]}"; }

# Measures the two variants alternately (ABBA order, so neither always goes first), after warm-ups.
measure_noop() {
  local mode="$1"; shift
  local i variant
  NOOP_EXTRA=("$@")
  for ((i = 1; i <= NOOP_WARMUPS; i++)); do
    for variant in with without; do
      quietly "$LOGS/noop-$mode-warmup-$variant.log" noop_build "$variant"
    done
  done
  for ((i = 1; i <= NOOP_RUNS; i++)); do
    if ((i % 2)); then measure_pair "noop-$mode" noop_build with without; else measure_pair "noop-$mode" noop_build without with; fi
  done
}

log "no-op builds, dotnet build -nr:false: $NOOP_WARMUPS warm-up(s) then $NOOP_RUNS measured runs of each, alternating"
measure_noop restore
log "no-op builds, dotnet build -nr:false --no-restore: $NOOP_WARMUPS warm-up(s) then $NOOP_RUNS measured runs of each, alternating"
measure_noop norestore --no-restore

# Where the time goes: extra no-op builds of each with -clp:PerformanceSummary (not part of the timings).
# Per build: project evaluation (all evaluations), the Restore target, MlBuildTasks' own targets, and
# MSBuild's "Time Elapsed".
log "no-op builds with -clp:PerformanceSummary: $PERF_RUNS of each"
for ((i = 1; i <= PERF_RUNS; i++)); do
  wait_for_quiet
  for variant in with without; do
    f="$LOGS/perfsummary-$variant.log"
    quietly "$f" noop_dotnet build "$NOOP/$variant/$PROJ" -nr:false -tl:off -clp:PerformanceSummary
    awk '/^Project Evaluation Performance Summary:/ { on = 1; next } on && NF == 0 { exit } on { s += $1 } END { print s + 0 }' "$f" >>"$SAMPLES/perf-$variant-eval.txt"
    awk '/^Target Performance Summary:/ { on = 1; next } on && NF == 0 { exit } on && $3 == "Restore" { s += $1 } END { print s + 0 }' "$f" >>"$SAMPLES/perf-$variant-restore.txt"
    awk '/^Target Performance Summary:/ { on = 1; next } on && NF == 0 { exit } on && $3 ~ /^_?Ml[A-Z]/ { s += $1 } END { print s + 0 }' "$f" >>"$SAMPLES/perf-$variant-mltargets.txt"
    awk '/^Time Elapsed/ { split($3, t, /[:.]/); print (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 + t[4] * 10 }' "$f" >>"$SAMPLES/perf-$variant-elapsed.txt"
  done
done

# ---------------------------------------------------------------------------------------------------------
# 3. Training: the engine from the package (exactly what builds run) against the plain ML.NET baseline.
# ---------------------------------------------------------------------------------------------------------
TRAIN="$WORK_DIR/train"
mkdir -p "$TRAIN/spec/data" "$TRAIN/out-mlbuild" "$TRAIN/out-baseline"
cp "$SNAPSHOT/$SAMPLE/ChurnModel.mlmodel.json" "$TRAIN/spec/"
cp "$SNAPSHOT/$SAMPLE/data/churn.csv" "$TRAIN/spec/data/"
SPEC="$TRAIN/spec/ChurnModel.mlmodel.json"
DATA="$TRAIN/spec/data/churn.csv"

log "publishing bench/TrainingBaseline (Release)"
BASELINE_OUT="$WORK_DIR/baseline"
quietly "$LOGS/publish-baseline.log" dotnet publish "$SNAPSHOT/bench/TrainingBaseline/TrainingBaseline.csproj" -c Release -o "$BASELINE_OUT" -nr:false -tl:off
BASELINE="$BASELINE_OUT/TrainingBaseline.dll"
[[ -f "$BASELINE" ]] || die "publish produced no $BASELINE"

train_with() {
  case "$1" in
    mlbuild) dotnet exec "$MLBUILD" train --spec "$SPEC" --output-dir "$TRAIN/out-mlbuild" --force ;;
    baseline) dotnet exec "$BASELINE" "$DATA" "$TRAIN/out-baseline" ;;
  esac
}
startup_mlbuild() { dotnet exec "$MLBUILD" --version; }

log "training: $TRAIN_WARMUPS warm-up(s) then $TRAIN_RUNS measured runs of each, alternating"
: >"$SAMPLES/engine-seconds.txt"
for ((i = 1; i <= TRAIN_WARMUPS; i++)); do
  quietly "$LOGS/train-warmup-mlbuild.log" train_with mlbuild
  quietly "$LOGS/train-warmup-baseline.log" train_with baseline
done
for ((i = 1; i <= TRAIN_RUNS; i++)); do
  if ((i % 2)); then measure_pair train train_with mlbuild baseline; else measure_pair train train_with baseline mlbuild; fi
  # The engine's own stopwatch (data read to metrics, before the model is saved), from its metrics file.
  grep -oE '"trainingSeconds"[[:space:]]*:[[:space:]]*[0-9.]+' "$TRAIN/out-mlbuild/ChurnModel.metrics.json" \
    | grep -oE '[0-9.]+$' | awk '{ printf "%d\n", $1 * 1000 }' >>"$SAMPLES/engine-seconds.txt" || true
  # Process start-up floor: mlbuild doing nothing but print its version.
  time_into "$SAMPLES/startup-mlbuild.txt" "$LOGS/startup-mlbuild.log" startup_mlbuild
done
[[ -f "$TRAIN/out-mlbuild/ChurnModel.zip" ]] || die "mlbuild train wrote no model (see $LOGS/train-mlbuild.log)"
[[ -f "$TRAIN/out-baseline/ChurnModel.zip" ]] || die "the baseline wrote no model (see $LOGS/train-baseline.log)"

# Where the time of each training process goes: a timeline, in ms since the process was started, of the
# lines it prints as it goes (mlbuild's JSON progress messages, as builds see them; the baseline's
# --phases markers), and of its exit. Only what each program prints anyway is used, so this needs no
# knowledge of the engine's internals. Not part of the ratio.
timeline() { # command...: prints "<ms>\t<label>" per output line, then "<ms>\tprocess exit"
  # The reader only uses bash builtins while the process runs (no forks to compete with it for the CPU);
  # labels are cut from the lines afterwards.
  local start="${EPOCHREALTIME/[.,]/}" raw="$WORK_DIR/timeline.raw"
  "$@" | while IFS= read -r line; do
    now="${EPOCHREALTIME/[.,]/}"
    printf '%s\t%s\n' $(( (now - start) / 1000 )) "$line"
  done >"$raw" || return 1
  printf '%s\t%s\n' $(( (${EPOCHREALTIME/[.,]/} - start) / 1000 )) "process exit" >>"$raw"
  awk -F'\t' '{
    label = $2
    if (match(label, /"text":"[^"\\]*/)) label = substr(label, RSTART + 8, RLENGTH - 8)
    label = substr(label, 1, 72); gsub(/[0-9][0-9,.]*/, "#", label); sub(/[ \t]+$/, "", label)
    print $1 "\t" label
  }' "$raw"
}
if $PHASES; then
  log "stage timelines: $PHASE_RUNS runs each of mlbuild train and the baseline"
  : >"$SAMPLES/timeline-mlbuild.tsv"
  : >"$SAMPLES/timeline-baseline.tsv"
  for ((i = 1; i <= PHASE_RUNS; i++)); do
    wait_for_quiet
    quietly "$LOGS/timeline-mlbuild-$i.log" timeline dotnet exec "$MLBUILD" train --spec "$SPEC" --output-dir "$TRAIN/out-mlbuild" --force --message-format json
    cat "$LOGS/timeline-mlbuild-$i.log" >>"$SAMPLES/timeline-mlbuild.tsv"
    wait_for_quiet
    quietly "$LOGS/timeline-baseline-$i.log" timeline dotnet exec "$BASELINE" "$DATA" "$TRAIN/out-baseline" --phases
    cat "$LOGS/timeline-baseline-$i.log" >>"$SAMPLES/timeline-baseline.tsv"
  done
fi

# ---------------------------------------------------------------------------------------------------------
# 4. Results.
# ---------------------------------------------------------------------------------------------------------
NR_WITH=$(median "$SAMPLES/noop-restore-with.txt");      NR_WITHOUT=$(median "$SAMPLES/noop-restore-without.txt")
NN_WITH=$(median "$SAMPLES/noop-norestore-with.txt");    NN_WITHOUT=$(median "$SAMPLES/noop-norestore-without.txt")
TR_ML=$(median "$SAMPLES/train-mlbuild.txt");            TR_BASE=$(median "$SAMPLES/train-baseline.txt")
ST_ML=$(median "$SAMPLES/startup-mlbuild.txt")
NOOP_RATIO=$(ratio "$NR_WITH" "$NR_WITHOUT")
NOOP_NR_RATIO=$(ratio "$NN_WITH" "$NN_WITHOUT")
TRAIN_RATIO=$(ratio "$TR_ML" "$TR_BASE")
ENGINE_MS=""
if [[ -s "$SAMPLES/engine-seconds.txt" ]]; then ENGINE_MS=$(median "$SAMPLES/engine-seconds.txt"); fi

verdict() { if meets "$1" "$2"; then echo "met (< $2)"; else echo "MISSED (target < $2)"; fi; }
NOOP_VERDICT=$(verdict "$NOOP_RATIO" "$NOOP_TARGET")
NOOP_NR_VERDICT=$(verdict "$NOOP_NR_RATIO" "$NOOP_TARGET")
TRAIN_VERDICT=$(verdict "$TRAIN_RATIO" "$TRAIN_TARGET")

row() { # name, samples file
  local other="n/a"
  if [[ -f "$2.other" ]]; then other=$(mean_of "$2.other"); fi
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(median "$2")" "$(minimum "$2")" "$(maximum "$2")" "$other"
}

# The biggest entries of one section of -clp:PerformanceSummary output ("Target Performance Summary:" ...).
perf_section() { # logfile, section title, count
  awk -v title="$2" '
    $0 ~ "^" title ":" { on = 1; next }
    on && /^[[:space:]]*$/ { if (seen) exit; next }
    on && /Performance Summary:/ { exit }
    on { seen = 1; print }
  ' "$1" | sed -E 's/^[[:space:]]+//' | sort -t' ' -k1,1nr | awk -v n="$3" 'NR <= n' \
    | awk '{ ms = $1; calls = $(NF - 1); $1 = ""; $2 = ""; $(NF) = ""; $(NF - 1) = ""; gsub(/^ +| +$/, ""); printf "| %s | %s | %s |\n", $0, ms, calls }'
}
# Timeline medians: lines "<ms>\t<label>", several runs appended; label keys in first-seen order (a label
# repeated within one run gets a " (2)" suffix). Prints table rows: label, median ms, gap from the row before.
stage_medians() {
  awk -F'\t' '
    $2 == "process exit" { run++ ; delete count }
    {
      key = $2; count[key]++; if (count[key] > 1) key = key " (" count[key] ")"
      if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      v[key] = v[key] " " $1
    }
    function med(list,   a, k, i, j, t) {
      k = split(list, a, " "); if (k == 0) return 0
      for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
      prev = 0
      for (i = 1; i <= n; i++) { m = med(v[order[i]]); printf "| %s | %s | %+d |\n", order[i], m, m - prev; prev = m }
    }
  ' "$1"
}
ml_targets() { # logfile: the package's own targets and what they took
  awk '/^Target Performance Summary:/ { on = 1; next } on && NF == 0 { exit } on' "$1" \
    | awk '$3 ~ /^_?Ml[A-Z]/ { printf "%s %s ms; ", $3, $1 }' | sed 's/; $//' || true
}

CPU_MODEL=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM_TOTAL=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
NPROC=$(nproc)
DOTNET_VERSION=$(dotnet --version)
OS_NAME=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
OTHER_ALL=$(mean_of "$SAMPLES"/*.txt.other)

mkdir -p "$(dirname "$RESULTS_FILE")"
{
  echo "# MlBuildTasks benchmark results"
  echo
  echo "- Date: $DATE; sources: $SOURCE_DESC; packed as MlBuildTasks $VERSION"
  echo "- Machine: $NPROC cores ($CPU_MODEL), $MEM_TOTAL, $OS_NAME; dotnet SDK $DOTNET_VERSION"
  echo "- Command: \`bench/run.sh${ORIG_ARGS:+ $ORIG_ARGS}\`"
  echo "- Runs: no-op builds $NOOP_RUNS measured of each after $NOOP_WARMUPS warm-up(s), in each of two modes; training $TRAIN_RUNS measured of each after $TRAIN_WARMUPS warm-up(s); always alternating (ABBA)"
  echo "- Other work on the machine during the measured runs: $OTHER_ALL of $NPROC cores on average (per command below; /proc/stat minus this script's own processes)"
  echo "- Shared-machine guards: before each measured pair (and each PerformanceSummary pair and timeline run) a wait of up to ${QUIET_TIMEOUT} s for other processes to use < $QUIET_MAX_CORES cores ($WAITS waits, $NOISY_STARTS timed out); a pair during which other processes used >= $QUIET_MAX_CORES cores is measured again, up to $PAIR_RETRIES times ($RERUNS re-runs; $DISTURBED_KEPT pair(s) kept although still disturbed)"
  echo
  echo "## Summary"
  echo
  echo "| Measurement | MlBuildTasks (median ms) | Baseline (median ms) | Ratio | Target |"
  echo "|---|---:|---:|---:|---|"
  echo "| (a) no-op \`dotnet build -nr:false\` | $NR_WITH | $NR_WITHOUT | **$NOOP_RATIO** | $NOOP_VERDICT |"
  echo "| (a') no-op \`dotnet build -nr:false --no-restore\` | $NN_WITH | $NN_WITHOUT | $NOOP_NR_RATIO | $NOOP_NR_VERDICT |"
  echo "| (b) \`mlbuild train --force\` vs plain ML.NET | $TR_ML | $TR_BASE | **$TRAIN_RATIO** | $TRAIN_VERDICT |"
  echo
  echo "Ratio = median(MlBuildTasks) / median(baseline). Cross-check, the median of the per-pair ratios (each pair ran back to back):"
  echo "(a) $(pair_ratio "$SAMPLES/noop-restore-with.txt" "$SAMPLES/noop-restore-without.txt"), (a') $(pair_ratio "$SAMPLES/noop-norestore-with.txt" "$SAMPLES/noop-norestore-without.txt"), (b) $(pair_ratio "$SAMPLES/train-mlbuild.txt" "$SAMPLES/train-baseline.txt")."
  echo
  echo "## All timings (ms, process start to exit)"
  echo
  echo "| Command | median | min | max | other work (cores, mean) |"
  echo "|---|---:|---:|---:|---:|"
  row "no-op build, with MlBuildTasks" "$SAMPLES/noop-restore-with.txt"
  row "no-op build, without" "$SAMPLES/noop-restore-without.txt"
  row "no-op build --no-restore, with MlBuildTasks" "$SAMPLES/noop-norestore-with.txt"
  row "no-op build --no-restore, without" "$SAMPLES/noop-norestore-without.txt"
  row "mlbuild train --force" "$SAMPLES/train-mlbuild.txt"
  row "TrainingBaseline" "$SAMPLES/train-baseline.txt"
  row "mlbuild --version (start-up floor)" "$SAMPLES/startup-mlbuild.txt"
  if [[ -n "$ENGINE_MS" ]]; then row "mlbuild's own stopwatch: data read .. metrics (trainingSeconds)" "$SAMPLES/engine-seconds.txt"; fi
  echo
  echo "Samples in run order:"
  echo
  echo '```'
  for f in noop-restore-with noop-restore-without noop-norestore-with noop-norestore-without train-mlbuild train-baseline startup-mlbuild engine-seconds; do
    if [[ -s "$SAMPLES/$f.txt" ]]; then printf '%-24s %s\n' "$f" "$(samples_of "$SAMPLES/$f.txt")"; fi
  done
  echo '```'
  echo
  if $PHASES; then
    echo "## Where the time of a training process goes"
    echo
    echo "Timelines: when each line a process printed arrived, in ms since the process was started (digits in the"
    echo "labels shown as #), and when it exited; medians of $PHASE_RUNS runs each. mlbuild ran with \`--message-format json\`"
    echo "(as under MSBuild); the baseline with \`--phases\`, which prints a line as each stage ends. The time before a"
    echo "line is the work up to it, so the gap between two lines is what the stage between them cost."
    echo
    echo "| mlbuild train: line printed | ms since start | gap |"
    echo "|---|---:|---:|"
    stage_medians "$SAMPLES/timeline-mlbuild.tsv"
    echo
    echo "| TrainingBaseline: line printed | ms since start | gap |"
    echo "|---|---:|---:|"
    stage_medians "$SAMPLES/timeline-baseline.tsv"
    echo
  fi
  echo "## Where a no-op build's time goes (\`-clp:PerformanceSummary\`)"
  echo
  echo "$PERF_RUNS extra no-op build(s) of each (plain \`dotnet build -nr:false\`, so restore included), medians in ms."
  echo "MSBuild's \"Time Elapsed\" leaves out the start-up of the dotnet CLI and of MSBuild, which the timings above include."
  echo
  echo "| Part | with MlBuildTasks | without | difference |"
  echo "|---|---:|---:|---:|"
  for part in "eval:project evaluation (restore + build evaluations)" "restore:Restore target (no-op restore check)" "mltargets:MlBuildTasks' targets (_Ml*, Ml*)" "elapsed:MSBuild Time Elapsed"; do
    key="${part%%:*}"; label="${part#*:}"
    a=$(median "$SAMPLES/perf-with-$key.txt"); b=$(median "$SAMPLES/perf-without-$key.txt")
    printf '| %s | %s | %s | %s |\n' "$label" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.0f", a - b }')"
  done
  echo
  echo "Top targets and tasks of the last of these builds:"
  echo
  for variant in with without; do
    f="$LOGS/perfsummary-$variant.log"
    echo "### $variant/"
    echo
    if [[ "$variant" == with ]]; then echo "MlBuildTasks' own targets: $(ml_targets "$f")"; echo; fi
    echo "| Target (top 8) | ms | calls |"
    echo "|---|---:|---:|"
    perf_section "$f" "Target Performance Summary" 8
    echo
    echo "| Task (top 6) | ms | calls |"
    echo "|---|---:|---:|"
    perf_section "$f" "Task Performance Summary" 6
    echo
  done
} >"$RESULTS_FILE"

ENGINE_NOTE=""
if [[ -n "$ENGINE_MS" ]]; then ENGINE_NOTE="; the engine's own stopwatch (data read to metrics): $ENGINE_MS ms median"; fi
printf '\n%-52s %12s %12s %8s  %s\n' "Measurement" "MlBuildTasks" "Baseline" "Ratio" "Target"
printf '%-52s %12s %12s %8s  %s\n' "(a)  no-op dotnet build -nr:false (median ms)" "$NR_WITH" "$NR_WITHOUT" "$NOOP_RATIO" "$NOOP_VERDICT"
printf '%-52s %12s %12s %8s  %s\n' "(a') same with --no-restore (median ms)" "$NN_WITH" "$NN_WITHOUT" "$NOOP_NR_RATIO" "$NOOP_NR_VERDICT"
printf '%-52s %12s %12s %8s  %s\n' "(b)  mlbuild train --force vs ML.NET (median ms)" "$TR_ML" "$TR_BASE" "$TRAIN_RATIO" "$TRAIN_VERDICT"
printf '\nmlbuild --version start-up: %s ms median%s\n' "$ST_ML" "$ENGINE_NOTE"
printf 'Other work on the machine during the measured runs: %s cores on average; %s pair(s) re-run, %s kept although disturbed.\n' "$OTHER_ALL" "$RERUNS" "$DISTURBED_KEPT"
printf 'Sources: %s. Results written to %s\n' "$SOURCE_DESC" "$RESULTS_FILE"

if $CLEAN; then rm -rf "$WORK_DIR"; else log "work folder kept: $WORK_DIR (logs in $LOGS)"; fi

if $CHECK && ! { meets "$NOOP_RATIO" "$NOOP_TARGET" && meets "$TRAIN_RATIO" "$TRAIN_TARGET"; }; then
  exit 1
fi
