#!/usr/bin/env bash
# Start-up of the two start-up programs (trivial, classes) without the agent and with each agent
# jar given, runs interleaved, mode=test include=*: wall ms, CPU ms (user+sys, /usr/bin/time)
# and the classes program's own workMs, one line per JVM.
# Build first: mvn -B -q package -DskipTests (copy the jar to compare against aside first).
# Usage: src/scripts/startup-compare.sh REPS before.jar after.jar ...
# Jars keep their built name in folders of their own (a renamed jar turns class data sharing off):
# each line names a jar by its folder. PROGRAMS="trivial" runs only the trivial program.
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=$1; shift
bench=benchmarks/target/racewatch-benchmarks.jar
out=$(mktemp -d)
run() { # program agent-jar-or-none main-class
  local agent=()
  [ "$2" != none ] && agent=("-javaagent:$2=include=*,mode=test,report=$out/report")
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$out/time" java "${agent[@]}" -cp "$bench" "$3" >"$out/stdout" 2>>"$out/stderr" || true
  end=$(date +%s%N)
  local label=none
  [ "$2" != none ] && label="$(basename "$(dirname "$2")")/$(basename "$2")"
  echo "$1 $label wall=$(( (end - start) / 1000000 )) cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$out/time")" \
    "$(grep -o 'workMs=[0-9]*' "$out/stdout" || true)"
}
for _ in $(seq "$reps"); do
  for jar in none "$@"; do
    case " ${PROGRAMS:-trivial classes} " in *" trivial "*) run trivial "$jar" io.racewatch.bench.workloads.startup.TrivialMain ;; esac
    case " ${PROGRAMS:-trivial classes} " in *" classes "*) run classes "$jar" io.racewatch.bench.workloads.startup.ManyClasses ;; esac
  done
done
