# Helpers shared by bench/validation.sh and bench/monitor.sh (sourced; they set $work first).

# Runs a build step with its output kept aside, shown only when it fails.
quietly() { "$@" > "$work/step.log" 2>&1 || { cat "$work/step.log"; echo "failed: $*"; exit 1; }; }

# The engine as the package ships it, into $work/mlbuild: a portable publish with our own assemblies
# ReadyToRun-compiled for linux-x64 (src/MlBuildTasks/MlBuildTasks.csproj does the same).
publish_engine() {
  quietly dotnet publish src/MlBuildTasks.Cli -c Release -o "$work/mlbuild" -nr:false -v q
  quietly dotnet publish src/MlBuildTasks.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -nr:false -v q
  for assembly in mlbuild.dll MlBuildTasks.Engine.dll MlBuildTasks.Runtime.dll Sylvan.Data.Csv.dll System.CommandLine.dll System.IO.Hashing.dll; do
    cp "$work/r2r/$assembly" "$work/mlbuild/$assembly"
  done
}

# measure label command... : runs the command once, appending "label seconds peak_kb" to $work/times.
measure() {
  /usr/bin/time -f "%e %M" "${@:2}" >/dev/null 2>"$work/stderr" || true
  echo "$1 $(tail -1 "$work/stderr")" >> "$work/times"
}

# median label field : the median of a field (2 seconds, 3 peak KB) over the label's runs in $work/times.
median() { grep "^$1 " "$work/times" | awk '{print $'"$2"'}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ratio a b : a / b with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

cpu_model() { grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs; }
