#!/usr/bin/env bash
# How much of test mode's overhead on a short workload run is the JIT's C2 compiling: runs the workload
# without the agent and with it (mode=test include=*), each with the default tiers and with C1 only
# (-XX:TieredStopAtLevel=1), interleaved, and prints each run's process CPU (the workload's RESULT
# cpuMs, taken before exit) and, per repetition, the agent's extra CPU and the part of it that goes
# with C2: (agent - agent C1 only) - (none - none C1 only). C1-only code runs slower in the steady
# state; for the suite's ten short rounds the difference is mostly the compiling itself.
# Build first: mvn -B -q -DskipTests -Dinvoker.skip package
# Usage: src/scripts/jit-share.sh [h2|cache|http|forkjoin|reactive] [agent jar] [reps] [benchmarks jar]
set -euo pipefail
cd "$(dirname "$0")/../.."
workload=${1:-h2}
agent=${2:-agent/target/racewatch-agent.jar}
reps=${3:-3}
bench=${4:-benchmarks/target/racewatch-benchmarks.jar}
case $workload in
  h2) main=io.racewatch.bench.workloads.h2.H2Workload ;;
  cache) main=io.racewatch.bench.workloads.cache.CacheWorkload ;;
  http) main=io.racewatch.bench.workloads.http.HttpWorkload ;;
  forkjoin) main=io.racewatch.bench.workloads.forkjoin.ForkJoinWorkload ;;
  reactive) main=io.racewatch.bench.workloads.reactive.ReactiveWorkload ;;
  *) echo "unknown workload $workload" >&2; exit 2 ;;
esac
cpu() { # $1: extra JVM options (may be empty), $2: with the agent (yes/no)
  local report opts=()
  report=$(mktemp -d)
  [ -n "$1" ] && opts+=("$1")
  [ "$2" = yes ] && opts+=("-javaagent:$agent=include=*,mode=test,report=$report")
  java "${opts[@]}" -Dbench.scale=1 -Dbench.rounds=10 -Dbench.steady=4 -cp "$bench" "$main" 2>/dev/null \
    | sed -n 's/^RESULT .*cpuMs=\([0-9]*\) .*/\1/p' | head -1
  rm -rf "$report"
}
echo "$workload, $reps repetition(s), $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%4s %8s %8s %8s %8s %9s %9s\n' rep none none-c1 agent agent-c1 extra "c2 part"
for r in $(seq 1 "$reps"); do
  n=$(cpu "" no); n1=$(cpu -XX:TieredStopAtLevel=1 no)
  a=$(cpu "" yes); a1=$(cpu -XX:TieredStopAtLevel=1 yes)
  printf '%4s %8s %8s %8s %8s %9s %9s\n' "$r" "$n" "$n1" "$a" "$a1" $((a - n)) $(((a - a1) - (n - n1)))
done
