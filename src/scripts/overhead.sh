#!/usr/bin/env bash
# Demo load mode without and with the agent, alternating, in one run: prints each wall time and
# the median ratio. Build first: mvn -B -q package -DskipTests
# Usage: src/scripts/overhead.sh [runs] [ops] [threads] [mode]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
ops=${2:-2000000}
threads=${3:-2}
mode=${4:-test}
agent=agent/target/racewatch-agent.jar
demo=demo-app/target/racewatch-demo.jar
report=$(mktemp -d)
plain=()
watched=()
elapsed() { sed -n 's/.*elapsedMs=\([0-9]*\).*/\1/p' | tail -1; }
for i in $(seq "$runs"); do
  p=$(java -jar "$demo" --load --ops "$ops" --threads "$threads" 2>/dev/null | elapsed)
  w=$(java -javaagent:"$agent"=include=demo.jobs.*,mode="$mode",report="$report" -jar "$demo" --load --ops "$ops" --threads "$threads" 2>/dev/null | elapsed)
  echo "run $i: no agent ${p} ms, agent (mode=$mode) ${w} ms"
  plain+=("$p")
  watched+=("$w")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${plain[@]}")
mw=$(median "${watched[@]}")
awk -v p="$mp" -v w="$mw" 'BEGIN { printf "median: no agent %d ms, agent %d ms, ratio %.2fx\n", p, w, w / p }'
rm -rf "$report"
